import { spawn } from 'node:child_process';
import path from 'node:path';
import type { RecordKind } from '@balanced-scorecard/shared';
import { loadConfig } from '../../../server/src/config/load-config';
import type { CrmConnector } from '../../../server/src/connectors/crm-connector';
import { createDemoConnector } from '../../../server/src/connectors/demo/demo-connector';
import { readDemoAnchor } from '../../../server/src/demo/bootstrap-demo';
import { createStore } from '../../../server/src/store/store';
import { runSync } from '../../../server/src/sync/run-sync';
import { createPostgresDatabase, type TestDatabase } from '../../support/databases';
import { dumpTenant } from '../../support/dump';

const CLI = path.resolve(__dirname, '../../../server/bin/balanced-scorecard.js');
const DEMO_ENV = { MODE: 'demo', LOG_LEVEL: 'warn', DEMO_MONTHS: '6' };

function cli(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, output })),
  );
  return { child, exited };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('sync processes on one PostgreSQL server', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createPostgresDatabase();
  });
  afterEach(async () => {
    await db.drop();
  });

  it('a sync process killed with SIGKILL half-way and started again ends with exactly the rows of an uninterrupted sync', async () => {
    const env = { ...DEMO_ENV, DATABASE_URL: db.url! };
    const first = cli(['sync', '--tenant', 'demo', '--no-progress'], env);
    // Wait until some activity pages are saved, then kill the process outright.
    for (let i = 0; i < 600; i++) {
      await sleep(25);
      const rows = await db.client.query<{ n: number }>("SELECT count(*)::int AS n FROM activities WHERE tenant_id = 'demo'").catch(() => [{ n: 0 }]);
      if ((rows[0]?.n ?? 0) > 0) break;
    }
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const store = createStore(db.client);
    const partial = await store.countRecords('demo');

    const second = await cli(['sync', '--tenant', 'demo', '--no-progress'], env).exited;
    expect(second.output).toContain('Synced tenant "demo"');
    expect(second.code).toBe(0);

    // The same data set synced in one go into another database.
    const reference = await createPostgresDatabase();
    try {
      const refStore = createStore(reference.client);
      await refStore.migrate();
      await refStore.ensureTenant('demo', 'Demo company');
      const anchor = (await readDemoAnchor(store, 'demo'))!;
      const result = await runSync(refStore, { tenantId: 'demo', connector: createDemoConnector({ ...loadConfig(DEMO_ENV).demo, anchor }), holder: 'reference' });
      const partialTotal = Object.values(partial).reduce((a, b) => a + b, 0);
      expect(partialTotal).toBeGreaterThan(0);
      expect(partialTotal).toBeLessThan(result.records);
      expect(await dumpTenant(db.client, 'demo')).toEqual(await dumpTenant(reference.client, 'demo'));
    } finally {
      await reference.drop();
    }
  }, 120_000);

  it('two services never sync the same tenant at the same time (the lease is in the database)', async () => {
    const storeA = createStore(db.client);
    const storeB = createStore(db.connectAgain()); // its own pool, as another replica has
    await storeA.migrate();
    await storeA.ensureTenant('acme', 'Acme');
    let active = 0;
    let maxActive = 0;
    const slow = (): CrmConnector => ({
      name: 'slow',
      async *pages() {
        for (let i = 0; i < 8; i++) {
          active++;
          maxActive = Math.max(maxActive, active);
          await sleep(25);
          active--;
          yield { kind: 'teams' as RecordKind, records: [], cursor: `slow:${i}` } as never;
        }
      },
    });
    const results = await Promise.allSettled([
      runSync(storeA, { tenantId: 'acme', connector: slow(), holder: 'replica-a:1:x' }),
      runSync(storeB, { tenantId: 'acme', connector: slow(), holder: 'replica-b:2:y' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'sync_in_progress' });
    expect(maxActive).toBe(1);

    // While A runs, B is refused every time it tries; once A is done, B may sync.
    const a = runSync(storeA, { tenantId: 'acme', connector: slow(), holder: 'replica-a:1:x' });
    await sleep(30);
    for (let i = 0; i < 3; i++) {
      await expect(runSync(storeB, { tenantId: 'acme', connector: slow(), holder: 'replica-b:2:y' })).rejects.toMatchObject({ code: 'sync_in_progress' });
      await sleep(20);
    }
    await a;
    await expect(runSync(storeB, { tenantId: 'acme', connector: slow(), holder: 'replica-b:2:y' })).resolves.toMatchObject({ pages: 8 });
  }, 60_000);
});
