import http from 'node:http';
import pino from 'pino';
import { createService, type Service } from '../../../server/src/compose';
import { loadConfig } from '../../../server/src/config/load-config';
import { createPgliteClient } from '../../../server/src/store/sql-client';
import { startPoller } from '../../support/healthz-poller';

/**
 * The service keeps answering /healthz at every moment (DESIGN §10): during the first sync of the
 * full-size demo (generation, pages written, snapshots built), the first load of the tenant and
 * the computation of its scorecards. Polled from another process every 10 ms. What this catches
 * is a stall — heavy work on the request path, as the whole-tenant reloads of 8–11 s were; the
 * 100 ms budget itself (DESIGN §12) is a figure of this machine, measured and printed by
 * `npm run bench:load`, not asserted here.
 */
const STALL_MS = 1000;
describe('a service busy with its first demo sync and load', () => {
  let service: Service;
  let server: http.Server;
  afterEach(async () => {
    await new Promise((r) => server?.close(r));
    await service?.close();
  });

  it('answers /healthz throughout without a stall, and the demo is ready at the end', async () => {
    // The demo as `npm start` serves it: 3 teams × 8 sellers, 12 months.
    const config = loadConfig({ MODE: 'demo', LOG_LEVEL: 'silent', HOST: '127.0.0.1' });
    service = await createService(config, { db: await createPgliteClient(null), logger: pino({ level: 'silent' }), now: () => new Date('2026-12-01T07:00:00.000Z') });
    server = http.createServer(service.app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const poller = startPoller(`${base}/healthz`);
    await new Promise((r) => setTimeout(r, 300));
    const { sync } = await service.prepareDemo();
    // A visitor arrives while the sync runs: the tenant is loaded and kept up to date meanwhile.
    const early = fetch(`${base}/api/v1/me`, { headers: { 'x-demo-user': 'user-admin' } });
    await sync;
    expect((await early).status).toBe(200);
    const res = await fetch(`${base}/api/v1/teams/team-1/scorecards?period=month&key=2026-11`, { headers: { 'x-demo-user': 'user-manager-1' } });
    const body = (await res.json()) as { sellers: { balanceIndex: number | null }[] };
    const polls = await poller.stop();
    expect(res.status).toBe(200);
    expect(body.sellers).toHaveLength(8);
    expect(polls.failed).toBe(0);
    expect(polls.n).toBeGreaterThan(50);
    console.log(`healthz max ${polls.max.toFixed(1)} ms over ${polls.n} polls`);
    expect(polls.max).toBeLessThan(STALL_MS);
  }, 120_000);
});
