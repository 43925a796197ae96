import { Writable } from 'node:stream';
import express from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import pino from 'pino';
import request from 'supertest';
import { requestLog } from '../../../server/src/http/request-log';
import { securityHeaders } from '../../../server/src/http/security-headers';

const OPTIONS: HelmetOptions = {
  contentSecurityPolicy: { directives: { 'frame-ancestors': ["'self'", 'https://*.lightning.force.com'], 'style-src': ["'self'", "'unsafe-inline'"] } },
  frameguard: false,
};

function appWith(middleware: express.RequestHandler) {
  const app = express();
  app.disable('x-powered-by');
  app.use(middleware);
  app.get('/x', (_req, res) => {
    res.json({ ok: true });
  });
  return app;
}

describe('securityHeaders', () => {
  it('sets exactly the headers helmet sets with the same options', async () => {
    const withoutVolatile = (headers: Record<string, unknown>) => {
      const { date: _date, etag: _etag, connection: _connection, 'keep-alive': _keepAlive, ...rest } = headers;
      return rest;
    };
    const viaHelmet = await request(appWith(helmet(OPTIONS))).get('/x');
    const precomputed = await request(appWith(securityHeaders(OPTIONS))).get('/x');
    expect(withoutVolatile(precomputed.headers)).toEqual(withoutVolatile(viaHelmet.headers));
    expect(precomputed.headers['content-security-policy']).toContain('frame-ancestors');
    expect(precomputed.headers['x-content-type-options']).toBe('nosniff');
    expect(precomputed.headers['x-frame-options']).toBeUndefined();
  });
});

describe('requestLog', () => {
  function capture() {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    return { lines, logger: pino({ level: 'info' }, stream) };
  }

  it('logs method, path, status and time, never headers or the query string', async () => {
    const { lines, logger } = capture();
    await request(appWith(requestLog(logger))).get('/x?email=ann%40example.com').set('authorization', 'Bearer secret-token').set('x-demo-user', 'user-1');
    await new Promise((r) => setImmediate(r));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'request completed', req: { method: 'GET', path: '/x' }, res: { statusCode: 200 } });
    expect(typeof lines[0]!.responseTime).toBe('number');
    const text = JSON.stringify(lines[0]);
    for (const secret of ['secret-token', 'user-1', 'ann', 'authorization']) expect(text).not.toContain(secret);
  });

  it('skips ignored paths and writes nothing when the level is above info', async () => {
    const quiet = capture();
    quiet.logger.level = 'warn';
    await request(appWith(requestLog(quiet.logger))).get('/x');
    const ignoring = capture();
    await request(appWith(requestLog(ignoring.logger, { ignore: (p) => p === '/x' }))).get('/x');
    await new Promise((r) => setImmediate(r));
    expect(quiet.lines).toHaveLength(0);
    expect(ignoring.lines).toHaveLength(0);
  });
});
