import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { AppError, type ErrorCode } from '../errors/app-error';
import { StoreUnavailableError } from '../store/sql-client';
import { pathOf, sendJson } from './http-io';

/** The only place that turns error codes into HTTP statuses. */
export const STATUS_OF: Record<ErrorCode, number> = {
  validation_failed: 400,
  bad_request: 400,
  invalid_json: 400,
  invalid_period: 400,
  import_invalid: 400,
  oauth_state_invalid: 400,
  oauth_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  check_in_closed: 409,
  insufficient_data: 409,
  sync_in_progress: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  config_invalid: 500,
  encryption_key_missing: 500,
  internal: 500,
  crm_unavailable: 502,
  not_ready: 503,
  store_locked: 503,
  store_unavailable: 503,
};

/** Router and body-parser errors (bad JSON, too large, bad URL encoding) become our codes. */
function normalise(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof StoreUnavailableError) return new AppError('store_unavailable', 'The store cannot be reached right now: nothing was changed. Try again shortly.', { cause: err, retryAfterS: 5 });
  if (err && typeof err === 'object') {
    const e = err as { type?: string; status?: number; statusCode?: number; message?: string; code?: string };
    if (e.type === 'entity.parse.failed') return new AppError('invalid_json', 'The request body is not valid JSON', { cause: err });
    if (e.type === 'entity.too.large') return new AppError('payload_too_large', 'The request body is too large', { cause: err });
    if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') return new AppError('unsupported_media_type', 'Unsupported body encoding', { cause: err });
    // The engine's PeriodKeyError: the one place a bad period key becomes a 400.
    if (e.code === 'invalid_period') return new AppError('invalid_period', e.message ?? 'Invalid period', { cause: err });
    const status = e.status ?? e.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) return new AppError('bad_request', e.message ?? 'Bad request', { cause: err });
  }
  return new AppError('internal', 'Something went wrong on our side', { cause: err });
}

/** Answers with the error envelope; failures on our side are logged, never explained to the caller. */
export function sendError(req: IncomingMessage, res: ServerResponse, err: unknown, logger: Logger): void {
  const error = normalise(err);
  const status = STATUS_OF[error.code];
  // An outage is logged once by the store client when it starts and ends, not once per request.
  if (status >= 500 && error.code !== 'store_unavailable') logger.error({ err, req: { method: req.method, path: pathOf(req) } }, 'request failed');
  if (res.headersSent) {
    // Part of a response is out: the envelope cannot follow it, so the connection is cut.
    res.destroy();
    return;
  }
  if (error.retryAfterS !== undefined) res.setHeader('retry-after', String(error.retryAfterS));
  sendJson(res, status, { error: { code: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) } });
}
