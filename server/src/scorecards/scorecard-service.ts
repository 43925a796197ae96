import {
  computeScorecards,
  defaultDefinition,
  periodContaining,
  buildCalendar,
  type PeriodKind,
  type RecordSet,
  type ScorecardDefinition,
  type ScorecardRun,
  type Seller,
  type Team,
} from '@balanced-scorecard/shared';
import { AppError } from '../errors/app-error';
import type { Store, Tenant } from '../store/store';

export interface TenantData {
  tenant: Tenant;
  definition: ScorecardDefinition;
  records: RecordSet;
  sellersById: Map<string, Seller>;
  teamsById: Map<string, Team>;
}

export interface ScorecardService {
  /** The tenant's records and definition as of its current data version. */
  data(tenantId: string): Promise<TenantData>;
  /** All scorecards of a period (the running one when no key is given). */
  run(tenantId: string, period?: PeriodKind, key?: string): Promise<{ run: ScorecardRun; data: TenantData }>;
}

export interface ScorecardServiceOptions {
  store: Store;
  now: () => Date;
  /** Tenants whose data stays in memory; the least recently used one is dropped first. */
  maxTenants?: number;
  /** How long a running period's scorecards are reused before pacing is recomputed. */
  runningTtlMs?: number;
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
  const runningTtl = options.runningTtlMs ?? 60_000;
  const tenants = new Map<string, TenantEntry>();

  async function entryFor(tenantId: string): Promise<{ tenant: Tenant; entry: TenantEntry }> {
    const tenant = await store.getTenant(tenantId);
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
    const [records, stored] = await Promise.all([store.loadRecords(tenant.tenantId), store.getDefinition(tenant.tenantId)]);
    return {
      tenant,
      definition: stored ?? defaultDefinition(),
      records,
      sellersById: new Map(records.sellers.map((s) => [s.id, s])),
      teamsById: new Map(records.teams.map((t) => [t.id, t])),
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
      const cal = buildCalendar(data.definition, data.definition.timeZone);
      const current = periodContaining(kind, nowMs, cal).key;
      const periodKey = key ?? current;
      const cacheKey = `${kind}:${periodKey}`;
      const cached = entry.runs.get(cacheKey);
      // A past period never changes until the data does; the running one re-paces every minute.
      const fresh = cached && (periodKey !== current || nowMs - cached.at < runningTtl);
      if (fresh) return { run: await cached.run, data };
      const run = Promise.resolve().then(() =>
        computeScorecards({
          definition: data.definition,
          records: { ...data.records, sellers: data.records.sellers.filter((s) => s.active) },
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
  };
}
