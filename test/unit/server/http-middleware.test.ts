import type { IncomingMessage, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import helmet, { type HelmetOptions } from 'helmet';
import pino from 'pino';
import request from 'supertest';
import { sendJson } from '../../../server/src/http/http-io';
import { requestLog } from '../../../server/src/http/request-log';
import { securityHeaders } from '../../../server/src/http/security-headers';

const OPTIONS: HelmetOptions = {
  contentSecurityPolicy: { directives: { 'frame-ancestors': ["'self'", 'https://*.lightning.force.com'], 'style-src': ["'self'", "'unsafe-inline'"] } },
  frameguard: false,
};

/** A listener that runs `front` and then answers { ok: true }, the way createApp answers a route. */
function appWith(front: (req: IncomingMessage, res: ServerResponse, done: (error?: unknown) => void) => void) {
  return (req: IncomingMessage, res: ServerResponse) => {
    front(req, res, (error) => {
      if (error) throw error;
      sendJson(res, 200, { ok: true });
    });
  };
}

const viaHelmet = (req: IncomingMessage, res: ServerResponse, done: (error?: unknown) => void) => helmet(OPTIONS)(req, res, done);
const precomputed = (headers: ReturnType<typeof securityHeaders>) => (_req: IncomingMessage, res: ServerResponse, done: () => void) => {
  headers(res);
  done();
};
const logging = (log: ReturnType<typeof requestLog>) => (req: IncomingMessage, res: ServerResponse, done: () => void) => {
  log(req, res);
  done();
};

describe('securityHeaders', () => {
  it('sets exactly the headers helmet sets with the same options', async () => {
    const withoutVolatile = (headers: Record<string, unknown>) => {
      const { date: _date, etag: _etag, connection: _connection, 'keep-alive': _keepAlive, ...rest } = headers;
      return rest;
    };
    const helmets = await request(appWith(viaHelmet)).get('/x');
    const ours = await request(appWith(precomputed(securityHeaders(OPTIONS)))).get('/x');
    expect(withoutVolatile(ours.headers)).toEqual(withoutVolatile(helmets.headers));
    expect(ours.headers['content-security-policy']).toContain('frame-ancestors');
    expect(ours.headers['x-content-type-options']).toBe('nosniff');
    expect(ours.headers['x-frame-options']).toBeUndefined();
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
    await request(appWith(logging(requestLog(logger)))).get('/x?email=ann%40example.com').set('authorization', 'Bearer secret-token').set('x-demo-user', 'user-1');
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
    await request(appWith(logging(requestLog(quiet.logger)))).get('/x');
    const ignoring = capture();
    await request(appWith(logging(requestLog(ignoring.logger, { ignore: (p) => p === '/x' })))).get('/x');
    await new Promise((r) => setImmediate(r));
    expect(quiet.lines).toHaveLength(0);
    expect(ignoring.lines).toHaveLength(0);
  });
});
