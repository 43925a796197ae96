/**
 * Errors carry a code (a string union) and a cause; only the HTTP edge maps codes to statuses
 * (server/src/http/error-handler.ts). Domain code never mentions HTTP.
 */
export type ErrorCode =
  | 'validation_failed'
  | 'bad_request'
  | 'invalid_json'
  | 'invalid_period'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'sync_in_progress'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'import_invalid'
  | 'config_invalid'
  | 'encryption_key_missing'
  | 'not_ready'
  | 'store_locked'
  | 'rate_limited'
  | 'store_unavailable'
  | 'check_in_closed'
  | 'oauth_state_invalid'
  | 'oauth_failed'
  | 'crm_unavailable'
  | 'insufficient_data'
  | 'internal';

export interface ErrorIssue {
  path: string;
  message: string;
  line?: number;
  column?: number;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues: ErrorIssue[] | undefined;
  /** For rate_limited: when to try again (the Retry-After header). */
  readonly retryAfterS: number | undefined;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; issues?: ErrorIssue[]; retryAfterS?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryAfterS = options.retryAfterS;
    this.issues = options.issues === undefined ? undefined : capIssues(options.issues);
  }
}

/** At most this many issues are listed, each message at most MAX_MESSAGE characters: a bad request never gets a bigger answer than it was. */
export const MAX_ISSUES = 50;
const MAX_MESSAGE = 300;

function capIssues(issues: readonly ErrorIssue[]): ErrorIssue[] {
  const shown = issues.slice(0, MAX_ISSUES).map((issue) => ({
    ...issue,
    path: clip(issue.path),
    message: clip(issue.message),
  }));
  if (issues.length > MAX_ISSUES) shown.push({ path: '(more)', message: `${issues.length - MAX_ISSUES} more problems not listed` });
  return shown;
}

function clip(text: string): string {
  return text.length <= MAX_MESSAGE ? text : `${text.slice(0, MAX_MESSAGE - 1)}…`;
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
