import type { z } from 'zod';
import type { ErrorIssue } from './app-error';

/** zod issues as `{ path, message }`, the path written as `activities[3].at`. */
export function toIssues(error: z.ZodError, prefix = ''): ErrorIssue[] {
  // AppError lists at most MAX_ISSUES and says how many more there were.
  return error.issues.map((issue) => ({ path: formatPath(issue.path, prefix), message: issue.message }));
}

export function formatPath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
}
