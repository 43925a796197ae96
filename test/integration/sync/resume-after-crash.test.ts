import type { RecordKind } from '@balanced-scorecard/shared';
import { createDemoConnector } from '../../../server/src/connectors/demo/demo-connector';
import type { CrmConnector } from '../../../server/src/connectors/crm-connector';
import { createStore, type Store } from '../../../server/src/store/store';
import { runSync } from '../../../server/src/sync/run-sync';
import { ENGINES, type TestDatabase } from '../../support/databases';
import { dumpTenant } from '../../support/dump';

const demo = () => createDemoConnector({ seed: 5, anchor: '2026-06-01T00:00:00.000Z', teams: 1, sellersPerTeam: 3, activityScale: 0.2, months: 2, pageSize: 250 });

/** The demo connector, crashing (as a killed process would stop) after a number of pages. */
function crashingAfter(pages: number): CrmConnector {
  const inner = demo();
  return {
    name: inner.name,
    async *pages(ctx) {
      let n = 0;
      for await (const page of inner.pages(ctx)) {
        if (n++ === pages) throw new Error('process killed');
        yield page;
      }
    },
  };
}

describe.each(ENGINES)('sync on %s', (_name, createDatabase) => {
  let reference: TestDatabase;
  let crashed: TestDatabase;
  let refStore: Store;
  let store: Store;

  beforeEach(async () => {
    [reference, crashed] = await Promise.all([createDatabase(), createDatabase()]);
    refStore = createStore(reference.client);
    store = createStore(crashed.client);
    for (const s of [refStore, store]) {
      await s.migrate();
      await s.ensureTenant('acme', 'Acme');
    }
  });
  afterEach(async () => {
    await Promise.all([reference.drop(), crashed.drop()]);
  });

  it('killed half-way and restarted, ends with exactly the rows of an uninterrupted sync', async () => {
    const full = await runSync(refStore, { tenantId: 'acme', connector: demo(), holder: 'ref' });
    expect(full.pages).toBeGreaterThanOrEqual(10);

    await expect(runSync(store, { tenantId: 'acme', connector: crashingAfter(7), holder: 'p1' })).rejects.toThrow('process killed');
    const partial = await store.countRecords('acme');
    const total = (counts: Record<RecordKind, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
    expect(total(partial)).toBeGreaterThan(0);
    expect(total(partial)).toBeLessThan(full.records);
    expect((await store.listSyncRuns('acme', 1))[0]).toMatchObject({ status: 'failed', pages: 7 });

    // Restarted by another process: it resumes from the saved cursors and reads only the rest.
    const resumed = await runSync(store, { tenantId: 'acme', connector: demo(), holder: 'p2' });
    expect(resumed.records).toBe(full.records - total(partial));
    expect(await dumpTenant(crashed.client, 'acme')).toEqual(await dumpTenant(reference.client, 'acme'));
  });

  it('an incremental sync with nothing new reads nothing and changes nothing', async () => {
    await runSync(store, { tenantId: 'acme', connector: demo(), holder: 'p1' });
    const before = await dumpTenant(crashed.client, 'acme');
    const version = (await store.getTenant('acme'))!.dataVersion;
    expect(await runSync(store, { tenantId: 'acme', connector: demo(), holder: 'p1' })).toMatchObject({ pages: 0, records: 0 });
    expect(await dumpTenant(crashed.client, 'acme')).toEqual(before);
    expect((await store.getTenant('acme'))!.dataVersion).toBe(version);
  });

  it('saves a page and its cursor together: a failed page write leaves the cursor where it was', async () => {
    await runSync(store, { tenantId: 'acme', connector: crashingAfter(2), holder: 'p1' }).catch(() => undefined);
    const cursors = await store.getCursors('acme', 'demo');
    const broken: CrmConnector = {
      name: 'demo',
      async *pages() {
        // A record the table refuses (a team without a name) fails the whole transaction.
        yield { kind: 'teams', records: [{ tenantId: 'acme', id: 'x', name: null as unknown as string, parentId: null }], cursor: 'never-saved' };
      },
    };
    await expect(runSync(store, { tenantId: 'acme', connector: broken, holder: 'p1' })).rejects.toThrow();
    expect(await store.getCursors('acme', 'demo')).toEqual(cursors);
    expect((await store.loadRecords('acme')).teams.find((t) => t.id === 'x')).toBeUndefined();
  });
});
