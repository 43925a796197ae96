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

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; issues?: ErrorIssue[] } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.issues = options.issues;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
