import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { pathOf } from './http-io';

/**
 * One log line per finished request: method, path, status and time taken, nothing else (headers
 * carry signatures, tickets and identities; query strings may name people). When the level is
 * above info this costs one check per request.
 */
export function requestLog(logger: Logger, options: { ignore?: (path: string) => boolean } = {}): (req: IncomingMessage, res: ServerResponse) => void {
  let lastId = 0;
  return (req, res) => {
    if (!logger.isLevelEnabled('info')) return;
    const path = pathOf(req);
    if (options.ignore?.(path)) return;
    const id = ++lastId;
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const responseTime = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info({ req: { id, method: req.method, path }, res: { statusCode: res.statusCode }, responseTime: Math.round(responseTime * 10) / 10 }, 'request completed');
    });
  };
}
