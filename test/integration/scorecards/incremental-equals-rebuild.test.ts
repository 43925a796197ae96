import fc from 'fast-check';
import {
  ACTIVITY_TYPES,
  buildCalendar,
  computeScorecards,
  defaultDefinition,
  defaultPeriod,
  type Activity,
  type CheckIn,
  type Customer,
  type Deal,
  type PeriodKind,
  type ScorecardDefinition,
  type Seller,
  type Team,
} from '@balanced-scorecard/shared';
import { createScorecardService, type ScorecardService } from '../../../server/src/scorecards/scorecard-service';
import { createStore, type Store } from '../../../server/src/store/store';
import { ENGINES, type TestDatabase } from '../../support/databases';

/**
 * The service keeps each tenant's index and cards and applies writes to them (DESIGN §10). After
 * any sequence of upserts, deletes, moves between sellers, check-ins, seller changes, definition
 * and privacy changes, what it serves must equal a service that loads the tenant from scratch,
 * and both must equal the engine run on the store's records read row by row.
 */

// 1 December, 08:00 in Oslo: the running month has only just begun.
const NOW = Date.parse('2026-12-01T07:00:00.000Z');
const DAY = 86_400_000;
const SELLER_IDS = ['s1', 's2', 's3', 's4'];
const TEAMS: Team[] = ['t1', 't2'].map((id) => ({ tenantId: '', id, name: `Team ${id}`, parentId: null }));

const instant = fc.integer({ min: 0, max: 120 * 24 }).map((hours) => new Date(NOW - hours * 3_600_000).toISOString());
const sellerId = fc.constantFrom(...SELLER_IDS);
const activityArb = fc.record({
  id: fc.constantFrom(...Array.from({ length: 12 }, (_, i) => `a${i}`)),
  sellerId,
  type: fc.constantFrom(...ACTIVITY_TYPES),
  at: instant,
  durationMin: fc.option(fc.integer({ min: 0, max: 90 }), { nil: null }),
  outcome: fc.constantFrom('completed', 'connected', 'no_answer', null),
  direction: fc.constantFrom('inbound', 'outbound', null),
  contactId: fc.option(fc.constantFrom('c1', 'c2', 'c3'), { nil: null }),
  companyId: fc.option(fc.constantFrom('co1', 'co2'), { nil: null }),
  dealId: fc.option(fc.constantFrom('d0', 'd1'), { nil: null }),
  logged: fc.boolean(),
});
const dealArb = fc.record({
  id: fc.constantFrom('d0', 'd1', 'd2', 'd3'),
  sellerId,
  amount: fc.option(fc.integer({ min: 100, max: 90_000 }), { nil: null }),
  currency: fc.constantFrom('EUR', 'NOK'),
  createdAt: instant,
  closedAgo: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
  isWon: fc.boolean(),
  companyId: fc.option(fc.constantFrom('co1', 'co2'), { nil: null }),
  contactIds: fc.uniqueArray(fc.constantFrom('c1', 'c2', 'c3'), { maxLength: 3 }),
});
const customerArb = fc.record({
  id: fc.constantFrom('c1', 'c2', 'c3', 'co1', 'co2'),
  sellerId: fc.option(sellerId, { nil: null }),
  createdAt: instant,
  became: fc.boolean(),
  potential: fc.option(fc.integer({ min: 0, max: 500_000 }), { nil: null }),
  satisfaction: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
});

type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;

type Op =
  | { op: 'activities'; records: ValueOf<typeof activityArb>[]; deleted: string[] }
  | { op: 'deals'; records: ValueOf<typeof dealArb>[]; deleted: string[] }
  | { op: 'customers'; records: ValueOf<typeof customerArb>[] }
  | { op: 'checkIn'; sellerId: string; motivation: number; energy: number; daysAgo: number }
  | { op: 'seller'; sellerId: string; teamId: string; active: boolean }
  | { op: 'target'; indicator: number; value: number }
  | { op: 'privacy'; visibility: 'manager' | 'aggregate' };

const ids = (prefix: string, n: number) => fc.uniqueArray(fc.constantFrom(...Array.from({ length: n }, (_, i) => `${prefix}${i}`)), { maxLength: 3 });
const opArb: fc.Arbitrary<{ op: Op; read: boolean }> = fc.record({
  op: fc.oneof(
    fc.record({ op: fc.constant('activities' as const), records: fc.array(activityArb, { maxLength: 6 }), deleted: ids('a', 12) }),
    fc.record({ op: fc.constant('deals' as const), records: fc.array(dealArb, { maxLength: 3 }), deleted: ids('d', 4) }),
    fc.record({ op: fc.constant('customers' as const), records: fc.array(customerArb, { maxLength: 3 }) }),
    fc.record({ op: fc.constant('checkIn' as const), sellerId, motivation: fc.integer({ min: 1, max: 5 }), energy: fc.integer({ min: 1, max: 5 }), daysAgo: fc.integer({ min: 0, max: 70 }) }),
    fc.record({ op: fc.constant('seller' as const), sellerId, teamId: fc.constantFrom('t1', 't2'), active: fc.boolean() }),
    fc.record({ op: fc.constant('target' as const), indicator: fc.nat(), value: fc.integer({ min: 1, max: 200 }) }),
    fc.record({ op: fc.constant('privacy' as const), visibility: fc.constantFrom('manager' as const, 'aggregate' as const) }),
  ),
  // Reading after some writes only: the service then applies several changes at once.
  read: fc.boolean(),
});

function sellerRow(tenantId: string, id: string, teamId: string, active = true): Seller {
  return { tenantId, id, externalId: id, userId: `u-${id}`, name: `Seller ${id}`, email: null, teamIds: [teamId], managerIds: ['m1'], active, startedAt: '2024-01-01T00:00:00.000Z' };
}

async function apply(store: Store, tenantId: string, { op }: { op: Op }): Promise<void> {
  switch (op.op) {
    case 'activities':
      await store.savePage(tenantId, 'crm', { kind: 'activities', records: op.records.map((a): Activity => ({ tenantId, ...a })), deletedIds: op.deleted, cursor: 'x' });
      return;
    case 'deals':
      await store.savePage(tenantId, 'crm', {
        kind: 'deals',
        records: op.records.map(({ closedAgo, ...d }): Deal => {
          const closedAt = closedAgo === null ? null : new Date(Math.max(Date.parse(d.createdAt), NOW - closedAgo * DAY)).toISOString();
          return { tenantId, ...d, closedAt, stage: closedAt ? 'closed' : 'open', isClosed: closedAt !== null, isWon: closedAt !== null && d.isWon };
        }),
        deletedIds: op.deleted,
        cursor: 'x',
      });
      return;
    case 'customers':
      await store.savePage(tenantId, 'crm', {
        kind: 'customers',
        records: op.records.map(({ became, ...c }): Customer => ({ tenantId, ...c, kind: c.id.startsWith('co') ? 'company' : 'contact', becameCustomerAt: became ? c.createdAt : null })),
        cursor: 'x',
      });
      return;
    case 'checkIn': {
      const at = new Date(NOW - op.daysAgo * DAY).toISOString();
      const checkIn: CheckIn = { tenantId, sellerId: op.sellerId, periodKey: at.slice(0, 7), by: 'self', answers: { motivation: op.motivation, energy: op.energy }, note: null, at };
      await store.addCheckIn(tenantId, checkIn, `u-${op.sellerId}`);
      return;
    }
    case 'seller':
      await store.savePage(tenantId, 'crm', { kind: 'sellers', records: [sellerRow(tenantId, op.sellerId, op.teamId, op.active)], cursor: 'x' });
      return;
    case 'target': {
      const current = (await store.getDefinition(tenantId)) ?? defaultDefinition();
      const i = op.indicator % current.indicators.length;
      const indicators = current.indicators.map((ind, k) => (k === i ? { ...ind, target: { ...ind.target, value: op.value } } : ind));
      await store.saveDefinition(tenantId, { ...current, indicators }, 'admin', current.version);
      return;
    }
    case 'privacy':
      await store.setWillVisibility(tenantId, op.visibility);
  }
}

const PERIODS: [PeriodKind, string | undefined][] = [
  ['month', undefined],
  ['month', '2026-10'],
  ['quarter', undefined],
  ['week', '2026-W47'],
];

/** What a service answers, for every period looked at. */
async function served(service: ScorecardService, tenantId: string): Promise<string> {
  const out: unknown[] = [];
  for (const [kind, key] of PERIODS) {
    const { run, data } = await service.run(tenantId, kind, key);
    out.push({ run, visibility: data.tenant.willVisibility, sellers: data.records.sellers, definition: data.definition.version });
  }
  return JSON.stringify(out);
}

/** The engine on the store's records read row by row, the oracle. */
async function oracle(store: Store, tenantId: string): Promise<string> {
  const records = await store.loadRecords(tenantId);
  const definition: ScorecardDefinition = (await store.getDefinition(tenantId)) ?? defaultDefinition();
  const tenant = (await store.getTenant(tenantId))!;
  const out: unknown[] = [];
  for (const [kind, key] of PERIODS) {
    const run = computeScorecards({
      definition,
      records: { ...records, sellers: records.sellers.filter((s) => s.active) },
      now: NOW,
      timeZone: definition.timeZone,
      period: kind,
      // No key: the period the service opens on (the last complete one early in a period).
      periodKey: key ?? defaultPeriod(kind, NOW, buildCalendar(definition, definition.timeZone)).key,
    });
    out.push({ run, visibility: tenant.willVisibility, sellers: records.sellers, definition: definition.version });
  }
  return JSON.stringify(out);
}

describe.each(ENGINES)('incremental scorecards on %s', (_name, createDatabase) => {
  let db: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    db = await createDatabase();
    store = createStore(db.client);
    await store.migrate();
  });
  afterAll(async () => {
    await db.drop();
  });

  let run = 0;
  it('after any sequence of writes, the updated service equals a fresh load, and both equal the engine on the stored records', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 8 }), async (ops) => {
        const tenantId = `t${++run}`;
        await store.ensureTenant(tenantId, tenantId);
        await store.savePage(tenantId, 'crm', { kind: 'teams', records: TEAMS.map((t) => ({ ...t, tenantId })), cursor: 'x' });
        await store.savePage(tenantId, 'crm', { kind: 'sellers', records: SELLER_IDS.map((id, i) => sellerRow(tenantId, id, i % 2 ? 't2' : 't1')), cursor: 'x' });
        const now = () => new Date(NOW);
        const incremental = createScorecardService({ store, now, versionCheck: { mode: 'local', ttlMs: 0 } });
        await served(incremental, tenantId); // loaded before the writes, then kept up to date
        for (const op of ops) {
          await apply(store, tenantId, op);
          if (op.read) await served(incremental, tenantId);
        }
        const fresh = createScorecardService({ store, now, versionCheck: { mode: 'local', ttlMs: 0 } });
        const expected = await oracle(store, tenantId);
        expect(await served(fresh, tenantId)).toBe(expected);
        expect(await served(incremental, tenantId)).toBe(expected);
      }),
      { numRuns: 40, seed: 20261201 },
    );
  }, 240_000);

  it('a seller whose records move to another seller leaves the first one’s cards and reaches the other’s', async () => {
    const tenantId = 'moves';
    await store.ensureTenant(tenantId, tenantId);
    await store.savePage(tenantId, 'crm', { kind: 'teams', records: TEAMS.map((t) => ({ ...t, tenantId })), cursor: 'x' });
    await store.savePage(tenantId, 'crm', { kind: 'sellers', records: [sellerRow(tenantId, 's1', 't1'), sellerRow(tenantId, 's2', 't1')], cursor: 'x' });
    const call = (sellerId: string): Activity => ({ tenantId, id: 'a1', sellerId, type: 'call', at: new Date(NOW - 3 * DAY).toISOString(), durationMin: 5, outcome: 'connected', direction: 'outbound', contactId: null, companyId: null, dealId: null, logged: true });
    await store.savePage(tenantId, 'crm', { kind: 'activities', records: [call('s1')], cursor: 'x' });
    const service = createScorecardService({ store, now: () => new Date(NOW), versionCheck: { mode: 'local', ttlMs: 0 } });
    const calls = async (sellerId: string) => (await service.run(tenantId, 'month', '2026-11')).run.sellers.find((s) => s.sellerId === sellerId)!.indicators.find((i) => i.indicatorId === 'connected_calls')!.actual;
    expect(await calls('s1')).toBe(1);
    expect(await calls('s2')).toBeNull();
    await store.savePage(tenantId, 'crm', { kind: 'activities', records: [call('s2')], cursor: 'y' });
    // An empty period of activities is grey, not 0 (the engine's null rule for activities).
    expect(await calls('s1')).toBeNull();
    expect(await calls('s2')).toBe(1);
    await store.savePage(tenantId, 'crm', { kind: 'activities', records: [], deletedIds: ['a1'], cursor: 'z' });
    expect(await calls('s2')).toBeNull();
    await store.savePage(tenantId, 'crm', { kind: 'activities', records: [call('s1')], cursor: 'w' });
    expect(await calls('s1')).toBe(1);
  });

  it('a seller moved to another team gets that team’s target and standing; the other sellers keep their cards', async () => {
    const tenantId = 'team-move';
    await store.ensureTenant(tenantId, tenantId);
    await store.savePage(tenantId, 'crm', { kind: 'teams', records: TEAMS.map((t) => ({ ...t, tenantId })), cursor: 'x' });
    await store.savePage(tenantId, 'crm', { kind: 'sellers', records: [sellerRow(tenantId, 's1', 't1'), sellerRow(tenantId, 's2', 't1')], cursor: 'x' });
    const base = defaultDefinition();
    const withTeamTarget = { ...base, indicators: base.indicators.map((i) => (i.id === 'connected_calls' ? { ...i, target: { ...i.target, teams: { t2: 99 } } } : i)) };
    await store.saveDefinition(tenantId, withTeamTarget, 'admin', base.version);
    const service = createScorecardService({ store, now: () => new Date(NOW), versionCheck: { mode: 'local', ttlMs: 0 } });
    const before = (await service.run(tenantId, 'month', '2026-11')).run;
    const target = (run: typeof before, id: string) => run.sellers.find((s) => s.sellerId === id)!.indicators.find((i) => i.indicatorId === 'connected_calls')!.target;
    expect(target(before, 's1')).not.toBe(99);
    await store.savePage(tenantId, 'crm', { kind: 'sellers', records: [sellerRow(tenantId, 's1', 't2')], cursor: 'y' });
    const after = (await service.run(tenantId, 'month', '2026-11')).run;
    const fresh = (await createScorecardService({ store, now: () => new Date(NOW) }).run(tenantId, 'month', '2026-11')).run;
    expect(target(after, 's1')).not.toBe(target(before, 's1'));
    expect(target(after, 's1')).toBe(target(fresh, 's1'));
    expect(after.sellers.find((s) => s.sellerId === 's1')!.teamIds).toEqual(['t2']);
    expect(after.teams.find((t) => t.teamId === 't2')!.sellerIds).toEqual(['s1']);
    // s2 changed in nothing: its card is the very one computed before (apart from its standings).
    const { standings: _a, ...s2Before } = before.sellers.find((s) => s.sellerId === 's2')!;
    const { standings: _b, ...s2After } = after.sellers.find((s) => s.sellerId === 's2')!;
    expect(s2After.indicators).toBe(s2Before.indicators);
  });

  it('with the clock moving on, a check-in made after the running period was computed shows on the next read', async () => {
    const tenantId = 'moving-clock';
    await store.ensureTenant(tenantId, tenantId);
    await store.savePage(tenantId, 'crm', { kind: 'sellers', records: [sellerRow(tenantId, 's1', 't1'), sellerRow(tenantId, 's2', 't1')], cursor: 'x' });
    let clock = NOW;
    const service = createScorecardService({ store, now: () => new Date(clock), versionCheck: { mode: 'local', ttlMs: 0 } });
    const motivation = async (id: string) => (await service.run(tenantId, 'month', '2026-12')).run.sellers.find((s) => s.sellerId === id)!.indicators.find((i) => i.indicatorId === 'motivation')!.actual;
    expect(await motivation('s1')).toBeNull();
    for (const v of [2, 5]) {
      clock += 60_000; // a minute later, well inside the re-pacing interval
      const at = new Date(clock).toISOString();
      await store.addCheckIn(tenantId, { tenantId, sellerId: 's1', periodKey: '2026-12', by: 'self', answers: { motivation: v }, note: null, at }, 'u-s1');
      clock += 1000;
      expect(await motivation('s1')).toBe(v);
    }
  });
  it('a closed month still settles as time passes: a meeting counts for meeting → deal once its 30 days have passed', async () => {
    const tenantId = 'settling';
    await store.ensureTenant(tenantId, tenantId);
    await store.savePage(tenantId, 'crm', { kind: 'sellers', records: [sellerRow(tenantId, 's1', 't1')], cursor: 'x' });
    const meeting: Activity = { tenantId, id: 'm1', sellerId: 's1', type: 'meeting', at: '2026-11-20T09:00:00.000Z', durationMin: 60, outcome: 'completed', direction: 'outbound', contactId: 'c1', companyId: null, dealId: null, logged: true };
    await store.savePage(tenantId, 'crm', { kind: 'activities', records: [meeting], cursor: 'x' });
    const won: Deal = { tenantId, id: 'd1', sellerId: 's1', amount: 1000, currency: 'EUR', createdAt: '2026-11-25T10:00:00.000Z', closedAt: null, stage: 'open', isClosed: false, isWon: false, companyId: null, contactIds: ['c1'] };
    await store.savePage(tenantId, 'crm', { kind: 'deals', records: [won], cursor: 'x' });
    let clock = NOW; // 1 December, 08:00 in Oslo
    const service = createScorecardService({ store, now: () => new Date(clock), versionCheck: { mode: 'local', ttlMs: 0 }, runningTtlMs: 60_000 });
    const conversion = async () => (await service.run(tenantId, 'month', '2026-11')).run.sellers[0]!.indicators.find((i) => i.indicatorId === 'meeting_to_deal')!.actual;
    expect(await conversion()).toBeNull();
    // 20 December 09:00 UTC: the meeting's 30 days are over. Nothing was written; the clock moved.
    clock = Date.parse('2026-12-20T09:00:00.000Z');
    await conversion(); // serves the held cards while they are evaluated again
    await new Promise((r) => setTimeout(r, 50));
    expect(await conversion()).toBe(100);
  });

  it('a check-in re-reads only that seller’s check-ins: no snapshot is read, the other columns are the ones held', async () => {
    const tenantId = 'check-in-only';
    await store.ensureTenant(tenantId, tenantId);
    await store.savePage(tenantId, 'crm', { kind: 'sellers', records: [sellerRow(tenantId, 's1', 't1'), sellerRow(tenantId, 's2', 't1')], cursor: 'x' });
    const call: Activity = { tenantId, id: 'a1', sellerId: 's1', type: 'call', at: new Date(NOW - 3 * DAY).toISOString(), durationMin: 5, outcome: 'connected', direction: 'outbound', contactId: null, companyId: null, dealId: null, logged: true };
    await store.savePage(tenantId, 'crm', { kind: 'activities', records: [call], cursor: 'x' });
    const reads = { columns: [] as string[][], checkIns: [] as string[][] };
    const watched: Store = {
      ...store,
      loadSellerColumns: (id, sellerIds) => (reads.columns.push([...sellerIds]), store.loadSellerColumns(id, sellerIds)),
      loadCheckIns: (id, sellerIds) => (reads.checkIns.push([...sellerIds]), store.loadCheckIns(id, sellerIds)),
    };
    const service = createScorecardService({ store: watched, now: () => new Date(NOW), versionCheck: { mode: 'local', ttlMs: 0 } });
    const held = (await service.data(tenantId)).index.get('s1')!;
    reads.columns = [];
    for (const [sellerId, v] of [['s1', 4], ['s2', 2]] as const) {
      await store.addCheckIn(tenantId, { tenantId, sellerId, periodKey: '2026-12', by: 'self', answers: { motivation: v }, note: null, at: new Date(NOW - 60_000).toISOString() }, `u-${sellerId}`);
      const card = (await service.run(tenantId, 'month', '2026-12')).run.sellers.find((s) => s.sellerId === sellerId)!;
      expect(card.indicators.find((i) => i.indicatorId === 'motivation')!.actual).toBe(v);
    }
    expect(reads.columns).toEqual([]);
    expect(reads.checkIns).toEqual([['s1'], ['s2']]);
    const now = (await service.data(tenantId)).index.get('s1')!;
    expect(now).not.toBe(held);
    expect(now.activityMs).toBe(held.activityMs);
    expect(now.lookups).toBe(held.lookups);
    // A new service loading from scratch serves the same check-ins.
    const fresh = (await createScorecardService({ store, now: () => new Date(NOW) }).run(tenantId, 'month', '2026-12')).run;
    expect(fresh.sellers.map((s) => s.indicators.find((i) => i.indicatorId === 'motivation')!.actual)).toEqual([4, 2]);
  });
});

