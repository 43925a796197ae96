import { defaultDefinition, generateDemoData, type RecordSet } from '@balanced-scorecard/shared';
import { createStore, type Store } from '../../../server/src/store/store';
import { ENGINES, type TestDatabase } from '../../support/databases';
import { activity, checkIn, deal, seller, team } from '../../support/builders';

/** One contract, every store implementation: the embedded PGlite and a PostgreSQL server. */
describe.each(ENGINES)('store contract on %s', (_name, createDatabase) => {
  let db: TestDatabase;
  let store: Store;

  beforeEach(async () => {
    db = await createDatabase();
    store = createStore(db.client);
    await store.migrate();
    await store.ensureTenant('acme', 'Acme');
    await store.ensureTenant('globex', 'Globex');
  });
  afterEach(async () => {
    await db.drop();
  });

  it('applies migrations once and reports ready', async () => {
    expect(await store.migrate()).toEqual([]);
    expect(await store.ready()).toEqual({ reachable: true, pendingMigrations: [] });
  });

  it('round-trips every kind of record exactly', async () => {
    const demo = generateDemoData({ tenantId: 'acme', seed: 7, now: '2026-06-01T00:00:00.000Z', months: 1, teams: 1, sellersPerTeam: 2 });
    const kinds = ['teams', 'sellers', 'customers', 'deals', 'activities', 'checkIns'] as const;
    for (const kind of kinds) await store.savePage('acme', 'demo', { kind, records: demo[kind], cursor: `${kind}:done` });
    const loaded = await store.loadRecords('acme');
    const sortById = <T extends { id: string }>(xs: readonly T[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
    expect(sortById(loaded.activities)).toEqual(sortById(demo.activities));
    expect(sortById(loaded.deals)).toEqual(sortById(demo.deals));
    expect(sortById(loaded.customers)).toEqual(sortById(demo.customers));
    expect(sortById(loaded.sellers)).toEqual(sortById(demo.sellers));
    expect(sortById(loaded.teams)).toEqual(sortById(demo.teams));
    expect(loaded.checkIns.length).toBe(demo.checkIns.length);
    expect(await store.getCursors('acme', 'demo')).toEqual(Object.fromEntries(kinds.map((k) => [k, `${k}:done`])));
  });

  it('upserts idempotently by (tenant, source, id): saving a page twice or with changes keeps one row', async () => {
    const a = activity({ id: 'a1', at: '2026-03-01T10:00:00.000Z', tenantId: 'acme' });
    await store.savePage('acme', 'file', { kind: 'activities', records: [a], cursor: '1' });
    await store.savePage('acme', 'file', { kind: 'activities', records: [a], cursor: '1' });
    await store.savePage('acme', 'file', { kind: 'activities', records: [{ ...a, type: 'meeting' }, { ...a, type: 'email' }], cursor: '2' });
    const loaded = await store.loadRecords('acme');
    expect(loaded.activities).toHaveLength(1);
    expect(loaded.activities[0]!.type).toBe('email');
    // Another source may hold the same id without touching this one.
    await store.savePage('acme', 'hubspot', { kind: 'activities', records: [a], cursor: 'x' });
    expect((await store.countRecords('acme')).activities).toBe(2);
  });

  it('keeps two tenants with data under the same ids apart in every read', async () => {
    // The same generator, other seeds: the same seller, team and record ids in both tenants.
    const data = {
      acme: generateDemoData({ tenantId: 'acme', seed: 1, now: '2026-06-01T00:00:00.000Z', months: 1, teams: 1, sellersPerTeam: 2 }),
      globex: generateDemoData({ tenantId: 'globex', seed: 2, now: '2026-06-01T00:00:00.000Z', months: 2, teams: 1, sellersPerTeam: 3 }),
    };
    const kinds = ['teams', 'sellers', 'customers', 'deals', 'activities', 'checkIns'] as const;
    for (const tenantId of ['acme', 'globex'] as const) {
      for (const kind of kinds) await store.savePage(tenantId, 'demo', { kind, records: data[tenantId][kind], cursor: `${kind}:done` });
    }
    expect(data.acme.sellers[0]!.id).toBe(data.globex.sellers[0]!.id);
    for (const tenantId of ['acme', 'globex'] as const) {
      const own = data[tenantId];
      const counts = await store.countRecords(tenantId);
      for (const kind of kinds) expect(counts[kind]).toBe(own[kind].length);
      const loaded = await store.loadRecords(tenantId);
      expect(loaded.activities.every((a) => a.tenantId === tenantId)).toBe(true);
      expect(loaded.activities).toHaveLength(own.activities.length);
      expect(loaded.customers).toHaveLength(own.customers.length);
      const people = await store.loadPeople(tenantId);
      expect(people.sellers).toHaveLength(own.sellers.length);
      const sellerIds = own.sellers.map((s) => s.id);
      const snapshots = await store.listSnapshotSellers(tenantId);
      expect(snapshots.map((s) => s.sellerId).sort()).toEqual([...new Set([...own.activities, ...own.deals, ...own.checkIns].map((r) => r.sellerId))].sort());
      const columns = await store.loadSellerColumns(tenantId, sellerIds);
      expect(columns.reduce((n, c) => n + c.activities.at.length, 0)).toBe(own.activities.length);
      expect(columns.reduce((n, c) => n + c.deals.length, 0)).toBe(own.deals.length);
      expect(columns.reduce((n, c) => n + c.customers.length, 0)).toBe(own.customers.filter((c) => c.sellerId !== null).length);
      expect(columns.reduce((n, c) => n + c.checkIns.length, 0)).toBe(own.checkIns.length);
      const first = sellerIds[0]!;
      expect((await store.listCheckIns(tenantId, first)).length).toBe(own.checkIns.filter((c) => c.sellerId === first).length);
      const changes = await store.changesSince(tenantId, 0, 1000);
      expect(changes.changes).toHaveLength(kinds.length);
    }
  });

  it('never shows one tenant the records, check-ins, definitions or audit of another', async () => {
    await store.savePage('acme', 'file', { kind: 'sellers', records: [seller({ tenantId: 'acme' })], cursor: '1' });
    await store.savePage('acme', 'file', { kind: 'teams', records: [team({ tenantId: 'acme' })], cursor: '1' });
    await store.savePage('acme', 'file', { kind: 'deals', records: [deal({ tenantId: 'acme', createdAt: '2026-01-01T00:00:00.000Z' })], cursor: '1' });
    await store.addCheckIn('acme', checkIn({ tenantId: 'acme', at: '2026-03-01T00:00:00.000Z', answers: { motivation: 3 } }), 'u1');
    await store.saveDefinition('acme', defaultDefinition(), 'admin');
    await store.writeAudit('acme', { actorUserId: 'm1', action: 'read_check_ins', sellerId: 's1', detail: {} });
    await store.setTeamManagers('acme', 't1', ['lead'], 'admin');
    expect(await store.listTeamManagers('acme')).toEqual([{ teamId: 't1', userId: 'lead' }]);
    expect((await store.loadPeople('acme')).teamManagers).toEqual([{ teamId: 't1', userId: 'lead' }]);
    expect(await store.listTeamManagers('globex')).toEqual([]);
    expect((await store.loadPeople('globex')).teamManagers).toEqual([]);
    const other: RecordSet = await store.loadRecords('globex');
    expect(other).toEqual({ teams: [], sellers: [], activities: [], deals: [], customers: [], checkIns: [] });
    expect(await store.listCheckIns('globex', 's1')).toEqual([]);
    expect(await store.getDefinition('globex')).toBeNull();
    expect(await store.listAudit('globex', 10)).toEqual([]);
    expect(await store.getCursors('globex', 'file')).toEqual({});
  });

  it('bumps the data version on every write that changes scorecards', async () => {
    const v0 = (await store.getTenant('acme'))!.dataVersion;
    await store.savePage('acme', 'file', { kind: 'sellers', records: [seller({ tenantId: 'acme' })], cursor: '1' });
    const v1 = (await store.getTenant('acme'))!.dataVersion;
    await store.addCheckIn('acme', checkIn({ tenantId: 'acme', at: '2026-03-01T00:00:00.000Z', answers: { motivation: 3 } }), 'u1');
    const v2 = (await store.getTenant('acme'))!.dataVersion;
    await store.saveDefinition('acme', defaultDefinition(), 'admin');
    const v3 = (await store.getTenant('acme'))!.dataVersion;
    await store.setTeamManagers('acme', 't1', ['lead'], 'admin');
    const v4 = (await store.getTenant('acme'))!.dataVersion;
    expect([v1 > v0, v2 > v1, v3 > v2, v4 > v3]).toEqual([true, true, true, true]);
    expect((await store.changesSince('acme', v3, 10)).changes.map((c) => c.scope)).toEqual(['people']);
    expect((await store.getTenant('globex'))!.dataVersion).toBe(0);
  });

  it('logs a check-in as a check-in change that leaves the seller snapshot fresh', async () => {
    await store.savePage('acme', 'file', { kind: 'activities', records: [activity({ tenantId: 'acme', sellerId: 's1', at: '2026-03-01T09:00:00.000Z' })], cursor: '1' });
    await store.loadSellerColumns('acme', ['s1']); // builds the snapshot
    const before = (await store.getTenant('acme'))!.dataVersion;
    await store.addCheckIn('acme', checkIn({ tenantId: 'acme', sellerId: 's1', at: '2026-03-02T00:00:00.000Z', answers: { motivation: 4 } }), 'u1');
    await store.addCheckIn('acme', checkIn({ tenantId: 'acme', sellerId: 's2', at: '2026-03-01T00:00:00.000Z', answers: { motivation: 2 } }), 'u2');
    expect((await store.changesSince('acme', before, 10)).changes.map((c) => [c.scope, c.sellerIds])).toEqual([
      ['checkIns', ['s1']],
      ['checkIns', ['s2']],
    ]);
    // s1's snapshot stays fresh; s2, who had no records, gets one so that a load finds the seller.
    expect(await store.listSnapshotSellers('acme')).toEqual([
      { sellerId: 's1', fresh: true, activities: 1 },
      { sellerId: 's2', fresh: false, activities: 0 },
    ]);
    const columns = (await store.loadSellerColumns('acme', ['s1', 's2'])).sort((a, b) => b.sellerId.localeCompare(a.sellerId));
    expect(columns.map((c) => [c.sellerId, c.activities.at.length, c.checkIns.map((k) => k.answers.motivation)])).toEqual([
      ['s2', 0, [2]],
      ['s1', 1, [4]],
    ]);
    expect([...(await store.loadCheckIns('acme', ['s1', 's2', 's3']))].map(([id, list]) => [id, list.length])).toEqual([
      ['s1', 1],
      ['s2', 1],
    ]);
  });

  it('keeps every check-in as history, newest first', async () => {
    await store.addCheckIn('acme', checkIn({ tenantId: 'acme', at: '2026-03-01T00:00:00.000Z', answers: { motivation: 2 } }), 'u1');
    await store.addCheckIn('acme', checkIn({ tenantId: 'acme', at: '2026-03-02T00:00:00.000Z', answers: { motivation: 4 }, note: 'better' }), 'u1');
    const history = await store.listCheckIns('acme', 's1');
    expect(history.map((c) => [c.answers.motivation, c.note, c.submittedBy])).toEqual([
      [4, 'better', 'u1'],
      [2, null, 'u1'],
    ]);
  });

  it('versions definitions', async () => {
    const first = await store.saveDefinition('acme', defaultDefinition(), 'admin');
    const second = await store.saveDefinition('acme', { ...defaultDefinition(), name: 'Edited' }, 'admin');
    expect([first.version, second.version]).toEqual([1, 2]);
    expect((await store.getDefinition('acme'))?.name).toBe('Edited');
  });

  it('grants a sync lease to one holder at a time until it is released or expires', async () => {
    expect(await store.acquireSyncLease('acme', 'p1', 60_000)).toBe(true);
    expect(await store.acquireSyncLease('acme', 'p2', 60_000)).toBe(false);
    expect(await store.acquireSyncLease('globex', 'p2', 60_000)).toBe(true);
    expect(await store.renewSyncLease('acme', 'p2', 60_000)).toBe(false);
    await store.releaseSyncLease('acme', 'p1');
    expect(await store.acquireSyncLease('acme', 'p2', 1)).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(await store.acquireSyncLease('acme', 'p3', 60_000)).toBe(true);
  });

  it('records sync runs', async () => {
    const run = await store.startSyncRun('acme', 'demo', 'p9');
    await store.finishSyncRun('acme', run, { status: 'failed', pages: 2, records: 10, error: 'boom' });
    expect(await store.listSyncRuns('acme', 5)).toEqual([expect.objectContaining({ runId: run, status: 'failed', pages: 2, records: 10, error: 'boom' })]);
    expect(await store.listSyncRuns('globex', 5)).toEqual([]);
  });

  it('shows a run whose holder lost its lease as interrupted, and the next run marks it so', async () => {
    expect(await store.acquireSyncLease('globex', 'killed', 500)).toBe(true);
    const killed = await store.startSyncRun('globex', 'demo', 'killed');
    expect((await store.listSyncRuns('globex', 5))[0]).toMatchObject({ runId: killed, status: 'running' });
    expect(await store.listInterruptedSyncs()).not.toContain('globex');
    await new Promise((r) => setTimeout(r, 600)); // the lease expires, as when its process is killed
    expect((await store.listSyncRuns('globex', 5))[0]).toMatchObject({ runId: killed, status: 'interrupted', finishedAt: null });
    expect(await store.listInterruptedSyncs()).toContain('globex');
    expect(await store.acquireSyncLease('globex', 'next', 60_000)).toBe(true);
    const next = await store.startSyncRun('globex', 'demo', 'next');
    const runs = await store.listSyncRuns('globex', 5);
    expect(runs.find((r) => r.runId === killed)).toMatchObject({ status: 'interrupted', finishedAt: expect.any(String) });
    expect(runs.find((r) => r.runId === next)).toMatchObject({ status: 'running' });
    expect(await store.listInterruptedSyncs()).not.toContain('globex');
    await store.finishSyncRun('globex', next, { status: 'succeeded', pages: 0, records: 0 });
    await store.releaseSyncLease('globex', 'next');
  });

  it('manages users and will visibility', async () => {
    await store.upsertUsers('acme', [{ userId: 'u1', name: 'Una', email: null, isAdmin: true }]);
    await store.upsertUsers('acme', [{ userId: 'u1', name: 'Una B', email: 'una@example.com', isAdmin: false }]);
    expect(await store.listUsers('acme')).toEqual([{ userId: 'u1', name: 'Una B', email: 'una@example.com', isAdmin: false }]);
    expect(await store.listUsers('globex')).toEqual([]);
    await store.setWillVisibility('acme', 'aggregate');
    expect((await store.getTenant('acme'))!.willVisibility).toBe('aggregate');
  });
});
