import {
  computeScorecards,
  indexBySeller,
  defaultDefinition,
  periodContaining,
  buildCalendar,
  type PeriodKind,
  type RecordSet,
  type ScorecardDefinition,
  type ScorecardRun,
  type Seller,
  type SellerScorecard,
  type SellerRecords,
  type Team,
  type Calendar,
  type PeriodSpan,
} from '@balanced-scorecard/shared';
import { AppError } from '../errors/app-error';
import type { Access } from '../auth/access';
import type { Store, Tenant, User } from '../store/store';

export interface TenantData {
  tenant: Tenant;
  definition: ScorecardDefinition;
  /** Teams, sellers and check-ins as records; activities, deals and customers are in `index` only. */
  records: Pick<RecordSet, 'teams' | 'sellers' | 'checkIns'>;
  /** The engine's per-seller columns, built once per data version and reused by every computation. */
  index: ReadonlyMap<string, SellerRecords>;
  sellersById: Map<string, Seller>;
  teamsById: Map<string, Team>;
  usersById: Map<string, User>;
  calendar: Calendar;
  /** Access of each user who called, resolved once per data version. */
  accessByUser: Map<string, Access>;
  /** Indicators that show individual check-in answers (DESIGN §7). */
  answerIndicatorIds: ReadonlySet<string>;
  /** The running period of each kind, kept until it ends. */
  runningPeriods: Map<PeriodKind, PeriodSpan>;
}

function currentPeriod(data: TenantData, kind: PeriodKind, nowMs: number): PeriodSpan {
  const known = data.runningPeriods.get(kind);
  if (known && nowMs >= known.startMs && nowMs < known.endMs) return known;
  const span = periodContaining(kind, nowMs, data.calendar);
  data.runningPeriods.set(kind, span);
  return span;
}

export interface ScorecardService {
  /** The tenant's records and definition as of its current data version. */
  data(tenantId: string): Promise<TenantData>;
  /** All scorecards of a period (the running one when no key is given). */
  run(tenantId: string, period?: PeriodKind, key?: string): Promise<{ run: ScorecardRun; data: TenantData }>;
  /** This process wrote to the tenant: read its data version again on the next call. */
  invalidate(tenantId: string): void;
  /** A response body built once per computed run and key (a run is replaced when data changes), as UTF-8 JSON. */
  cachedJson(run: ScorecardRun, key: string, build: () => unknown): Buffer;
  /** One seller's scorecard in a run, or null. */
  sellerCard(run: ScorecardRun, sellerId: string): SellerScorecard | null;
}

export interface ScorecardServiceOptions {
  store: Store;
  now: () => Date;
  /** Tenants whose data stays in memory; the least recently used one is dropped first. */
  maxTenants?: number;
  /** How long a running period's scorecards are reused before pacing is recomputed. */
  runningTtlMs?: number;
  /**
   * How long a data version read is trusted. Writes through this process invalidate it at once;
   * a write by another replica is seen within this time.
   */
  versionTtlMs?: number;
}

interface TenantEntry {
  version: number;
  data: Promise<TenantData>;
  runs: Map<string, { at: number; run: Promise<ScorecardRun> }>;
}

/**
 * Computes scorecards from the store and keeps them per tenant until its data version moves
 * (every write bumps it, in any replica), so a card request is a version read plus a lookup.
 * The cache belongs to this service instance, keyed by tenant: nothing is shared across tenants.
 */
export function createScorecardService(options: ScorecardServiceOptions): ScorecardService {
  const { store, now } = options;
  const maxTenants = options.maxTenants ?? 20;
  const runningTtl = options.runningTtlMs ?? 5 * 60_000;
  const versionTtl = options.versionTtlMs ?? 1000;
  const tenants = new Map<string, TenantEntry>();
  const versions = new Map<string, { at: number; tenant: Promise<Tenant | null> }>();
  // Keyed by the run object itself: what is derived from a run goes away with it.
  const derived = new WeakMap<ScorecardRun, { bodies: Map<string, Buffer>; cards?: Map<string, SellerScorecard> }>();
  const derivedOf = (run: ScorecardRun) => {
    let entry = derived.get(run);
    if (!entry) derived.set(run, (entry = { bodies: new Map() }));
    return entry;
  };

  function currentTenant(tenantId: string): Promise<Tenant | null> {
    const nowMs = Date.now();
    const seen = versions.get(tenantId);
    if (seen && nowMs - seen.at < versionTtl) return seen.tenant;
    const tenant = store.getTenant(tenantId);
    versions.set(tenantId, { at: nowMs, tenant });
    tenant.catch(() => versions.delete(tenantId));
    if (versions.size > maxTenants * 4) versions.delete(versions.keys().next().value!);
    return tenant;
  }

  async function entryFor(tenantId: string): Promise<{ tenant: Tenant; entry: TenantEntry }> {
    const tenant = await currentTenant(tenantId);
    if (!tenant) throw new AppError('not_found', `No tenant "${tenantId}"`);
    let entry = tenants.get(tenantId);
    if (!entry || entry.version !== tenant.dataVersion) {
      entry = { version: tenant.dataVersion, data: loadData(tenant), runs: new Map() };
      entry.data.catch(() => tenants.delete(tenantId));
    }
    tenants.delete(tenantId);
    tenants.set(tenantId, entry); // most recently used last
    while (tenants.size > maxTenants) tenants.delete(tenants.keys().next().value!);
    return { tenant, entry };
  }

  async function loadData(tenant: Tenant): Promise<TenantData> {
    const [records, stored, users] = await Promise.all([store.loadRecords(tenant.tenantId), store.getDefinition(tenant.tenantId), store.listUsers(tenant.tenantId)]);
    const definition = stored ?? defaultDefinition();
    // Once indexed, the activity objects are dropped: the engine reads their columns, which live
    // off the garbage-collected heap (deals and customers, far fewer, stay as objects in the index).
    const index = indexBySeller(records);
    return {
      tenant,
      definition,
      records: { teams: records.teams, sellers: records.sellers, checkIns: records.checkIns },
      index,
      sellersById: new Map(records.sellers.map((s) => [s.id, s])),
      teamsById: new Map(records.teams.map((t) => [t.id, t])),
      usersById: new Map(users.map((u) => [u.userId, u])),
      calendar: buildCalendar(definition, definition.timeZone),
      accessByUser: new Map(),
      answerIndicatorIds: new Set(definition.indicators.filter((i) => i.measure.kind === 'latest').map((i) => i.id)),
      runningPeriods: new Map(),
    };
  }

  return {
    async data(tenantId) {
      return (await entryFor(tenantId)).entry.data;
    },
    async run(tenantId, period, key) {
      const { entry } = await entryFor(tenantId);
      const data = await entry.data;
      const kind = period ?? data.definition.defaultPeriod;
      const nowMs = now().getTime();
      const current = currentPeriod(data, kind, nowMs).key;
      const periodKey = key ?? current;
      const cacheKey = `${kind}:${periodKey}`;
      const cached = entry.runs.get(cacheKey);
      // A past period never changes until the data does; the running one re-paces every few minutes.
      const fresh = cached && (periodKey !== current || nowMs - cached.at < runningTtl);
      if (fresh) return { run: await cached.run, data };
      const run = Promise.resolve().then(() =>
        computeScorecards({
          definition: data.definition,
          records: { teams: data.records.teams, sellers: data.records.sellers.filter((s) => s.active) },
          index: data.index,
          now: nowMs,
          timeZone: data.definition.timeZone,
          period: kind,
          periodKey,
        }),
      );
      entry.runs.set(cacheKey, { at: nowMs, run });
      run.catch(() => entry.runs.delete(cacheKey));
      if (entry.runs.size > 24) entry.runs.delete(entry.runs.keys().next().value!);
      return { run: await run, data };
    },
    invalidate(tenantId) {
      versions.delete(tenantId);
    },
    cachedJson(run, key, build) {
      const { bodies } = derivedOf(run);
      let body = bodies.get(key);
      if (body === undefined) {
        body = Buffer.from(JSON.stringify(build()), 'utf8');
        bodies.set(key, body);
      }
      return body;
    },
    sellerCard(run, sellerId) {
      const entry = derivedOf(run);
      entry.cards ??= new Map(run.sellers.map((s) => [s.sellerId, s]));
      return entry.cards.get(sellerId) ?? null;
    },
  };
}
