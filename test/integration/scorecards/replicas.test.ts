import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../../support/free-port';
import { createPostgresDatabase, type TestDatabase } from '../../support/databases';
import { runningMonthKey, startTestService, listen } from '../../support/service';

/**
 * A write is visible on the very next read (DESIGN §10): in one process on the embedded store,
 * and across two service processes on one PostgreSQL — the write in one, the read in the other.
 */
const CLI = path.resolve(__dirname, '../../../server/bin/balanced-scorecard.js');
const SELLER = { 'x-demo-user': 'user-seller-001' };
const MANAGER = { 'x-demo-user': 'user-manager-1' };
const ADMIN = { 'x-demo-user': 'user-admin' };

interface Card {
  scorecard: { indicators: { indicatorId: string; actual: number | null; target: number | null }[] };
}

const motivationOf = (card: Card) => card.scorecard.indicators.find((i) => i.indicatorId === 'motivation')!.actual;
const targetOf = (card: Card, id: string) => card.scorecard.indicators.find((i) => i.indicatorId === id)!.target;

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const answers = (v: number) => ({ motivation: v, energy: v, product_pride: v, goal_belief: v, selling_time: v, product_knowledge: v, sales_skills: v, tools_support: v });

describe('a write followed at once by a read', () => {
  it('on the embedded store: the check-in and a new target show on the next card read', async () => {
    const service = await startTestService();
    const { server, url } = await listen(service);
    try {
      const card = () => fetch(`${url}/api/v1/sellers/seller-001/scorecard`, { headers: SELLER }).then((r) => json<Card>(r));
      await card();
      for (const v of [1, 4, 2]) {
        const res = await fetch(`${url}/api/v1/sellers/seller-001/check-ins`, { method: 'POST', headers: { ...SELLER, 'content-type': 'application/json' }, body: JSON.stringify({ answers: answers(v) }) });
        expect(res.status).toBe(201);
        expect(motivationOf(await card())).toBe(v);
      }
    } finally {
      await new Promise((r) => server.close(r));
      await service.close();
    }
  }, 60_000);

  describe('with two service processes on one PostgreSQL', () => {
    let db: TestDatabase;
    const children: ChildProcess[] = [];
    afterEach(async () => {
      await Promise.all(
        children.splice(0).map(
          (c) =>
            new Promise((r) => {
              c.once('exit', r);
              c.kill('SIGTERM');
            }),
        ),
      );
      await db.drop();
    });

    async function startReplica(env: Record<string, string>): Promise<string> {
      const port = await freePort();
      const child = spawn(process.execPath, [CLI, 'start'], {
        env: { ...process.env, NODE_OPTIONS: '', MODE: 'demo', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), DEMO_MONTHS: '2', DEMO_ACTIVITY_SCALE: '0.3', ...env },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      children.push(child);
      const url = `http://127.0.0.1:${port}`;
      for (let i = 0; i < 300; i++) {
        const ok = await fetch(`${url}/readyz`).then((r) => r.ok).catch(() => false);
        if (ok) return url;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('replica did not start');
    }

    it('the check-in written through one is read back through the other, and so is a target change', async () => {
      db = await createPostgresDatabase();
      const a = await startReplica({ DATABASE_URL: db.url! });
      // The first replica syncs the demo; wait for it before the second one starts.
      for (let i = 0; i < 600; i++) {
        // The demo's tenant and users are created just after the service starts listening: until then 401 or 404.
        const res = await fetch(`${a}/api/v1/sync/status`, { headers: ADMIN });
        if (res.ok && ((await res.json()) as { runs: { status: string }[] }).runs[0]?.status === 'succeeded') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const b = await startReplica({ DATABASE_URL: db.url! });
      // The child processes run on the real clock: ask for the running month (early in a month the default is the last one).
      const cardOn = (url: string, headers: Record<string, string>) => fetch(`${url}/api/v1/sellers/seller-001/scorecard?period=month&key=${runningMonthKey()}`, { headers }).then((r) => json<Card>(r));
      // Both replicas hold the tenant before the writes, so the read must catch up, not load.
      await cardOn(a, SELLER);
      await cardOn(b, SELLER);
      for (const v of [1, 5, 3]) {
        const res = await fetch(`${a}/api/v1/sellers/seller-001/check-ins`, { method: 'POST', headers: { ...SELLER, 'content-type': 'application/json' }, body: JSON.stringify({ answers: answers(v) }) });
        expect(res.status).toBe(201);
        expect(motivationOf(await cardOn(b, SELLER))).toBe(v);
      }

      // A definition change made through B is what A answers next.
      const before = targetOf(await cardOn(a, MANAGER), 'meetings_held');
      const put = await fetch(`${b}/api/v1/sellers/seller-001/targets`, {
        method: 'PATCH',
        headers: { ...ADMIN, 'content-type': 'application/json' },
        body: JSON.stringify({ targets: { meetings_held: 77 } }),
      });
      expect(put.status).toBe(200);
      const after = targetOf(await cardOn(a, MANAGER), 'meetings_held');
      expect(after).not.toBe(before);
      expect(after).toBeGreaterThan(0);
    }, 120_000);
  });
});
