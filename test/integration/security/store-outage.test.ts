import net from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { createService, type Service } from '../../../server/src/compose';
import { loadConfig } from '../../../server/src/config/load-config';
import { createPostgresClient } from '../../../server/src/store/sql-client';
import { createPostgresDatabase, type TestDatabase } from '../../support/databases';
import { freePort } from '../../support/free-port';
import { TEST_NOW } from '../../support/service';

/** A TCP proxy in front of PostgreSQL that can be cut (every connection dropped, none taken) and restored. */
async function cuttableProxy(target: URL): Promise<{ port: number; cut(): Promise<void>; restore(): Promise<void>; close(): Promise<void> }> {
  const port = await freePort();
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      if (server) return resolve(); // listening already
      server = net.createServer((client) => {
        const upstream = net.connect(Number(target.port || 5432), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  const cut = async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = null;
    for (const s of sockets) s.destroy();
  };
  await listen();
  return { port, cut, restore: listen, close: cut };
}

describe('a PostgreSQL outage', () => {
  let database: TestDatabase;
  let proxy: Awaited<ReturnType<typeof cuttableProxy>>;
  let svc: Service;
  const lines: string[] = [];
  beforeAll(async () => {
    database = await createPostgresDatabase();
    const target = new URL(database.url!);
    proxy = await cuttableProxy(target);
    const viaProxy = new URL(database.url!);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const config = loadConfig({ MODE: 'demo', LOG_LEVEL: 'info', DEMO_MONTHS: '2', DEMO_ACTIVITY_SCALE: '0.2' });
    svc = await createService(config, { db: createPostgresClient(viaProxy.toString(), { max: 4, connectTimeoutMs: 500 }), now: () => TEST_NOW, logger: pino({ level: 'info' }, sink) });
    await (await svc.prepareDemo()).sync;
  });
  afterAll(async () => {
    await proxy.restore();
    await svc.close();
    await proxy.close();
    await database.drop();
  });
  const card = () => request(svc.app).get('/api/v1/sellers/seller-001/scorecard').set('x-demo-user', 'user-seller-001');

  it('serves held scorecards marked stale, refuses writes with 503, logs the outage once, and recovers', async () => {
    const before = await card();
    expect(before.status).toBe(200);
    expect(before.headers['x-data-stale-since']).toBeUndefined();

    await proxy.cut();
    const during: request.Response[] = [];
    for (let i = 0; i < 40; i++) during.push(await card());
    expect(during.map((r) => r.status)).toEqual(during.map(() => 200));
    expect(during.every((r) => typeof r.headers['x-data-stale-since'] === 'string')).toBe(true);
    expect(during[0]!.body.scorecard).toEqual(before.body.scorecard);
    const write = await request(svc.app)
      .post('/api/v1/sellers/seller-001/check-ins')
      .set('x-demo-user', 'user-seller-001')
      .send({ answers: { motivation: 3, energy: 3, product_pride: 3, goal_belief: 3, selling_time: 3, product_knowledge: 3, sales_skills: 3, tools_support: 3 } });
    expect(write.status).toBe(503);
    expect(write.body.error.code).toBe('store_unavailable');
    expect(write.headers['retry-after']).toBe('5');
    const log = lines.join('');
    expect(log.split('the store cannot be reached:').length - 1).toBe(1);
    expect(log).not.toContain('request failed');

    await proxy.restore();
    // The version is read again after the back-off (at most 2 s by now): then the data is fresh.
    let after = await card();
    for (let i = 0; i < 60 && after.headers['x-data-stale-since'] !== undefined; i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = await card();
    }
    expect(after.status).toBe(200);
    expect(after.headers['x-data-stale-since']).toBeUndefined();
    expect(lines.join('')).toContain('the store is reachable again');
  });
});
