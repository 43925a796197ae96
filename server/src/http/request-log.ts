import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

declare module 'express-serve-static-core' {
  interface Request {
    /** The service logger, for handlers that log about this request. */
    log: Logger;
  }
}

/**
 * One log line per finished request: method, path, status and time taken, nothing else (headers
 * carry signatures, tickets and identities; query strings may name people). When the level is
 * above info this costs one check per request.
 */
export function requestLog(logger: Logger, options: { ignore?: (path: string) => boolean } = {}): RequestHandler {
  let lastId = 0;
  return (req, res, next) => {
    req.log = logger;
    if (!logger.isLevelEnabled('info') || options.ignore?.(req.path)) {
      next();
      return;
    }
    const id = ++lastId;
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const responseTime = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info({ req: { id, method: req.method, path: req.path }, res: { statusCode: res.statusCode }, responseTime: Math.round(responseTime * 10) / 10 }, 'request completed');
    });
    next();
  };
}
