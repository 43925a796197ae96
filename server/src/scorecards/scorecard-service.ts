import {
  assembleRun,
  buildCalendar,
  computeSellerCard,
  defaultDefinition,
  defaultPeriod,
  indexFromColumns,
  periodContaining,
  periodFromKey,
  prepareRun,
  settlingMs,
  type Calendar,
  type PeriodKind,
  type PeriodSpan,
  type PreparedRun,
  type RecordSet,
  type ScorecardDefinition,
  type ScorecardRun,
  type Seller,
  type SellerRecords,
  type SellerScorecard,
  type Team,
  withCheckIns,
} from '@balanced-scorecard/shared';
import { AGGREGATE_MINIMUM, type Access } from '../auth/access';
import { AppError } from '../errors/app-error';
import type { Store, TeamManager, Tenant, TenantChange, TenantPeople, User } from '../store/store';
import { estimateIndexBytes } from './estimate-bytes';
import { createSlicer, yieldToEventLoop, type Slicer } from './slices';
import { createVersionReader, type VersionCheck } from './version-reader';
import { BUILD_SLICE_ACTIVITIES, sliceByActivities } from '../store/record-store';
import { StoreUnavailableError } from '../store/sql-client';

/**
 * One tenant's data as of one data version. A value never changes once built: a write makes a new
 * one that shares every part the write did not touch, so a request that holds the old one reads a
 * consistent state while the next one is being built.
 */
export interface TenantData {
  tenant: Tenant;
  /** The data version this value reflects (tenant.dataVersion when it was read). */
  version: number;
  definition: ScorecardDefinition;
  /** Teams and sellers as records; activities, deals, customers and check-ins are in `index` only. */
  records: Pick<RecordSet, 'teams' | 'sellers'>;
  /** The engine's per-seller columns. A write replaces the entries of the sellers it touched. */
  index: ReadonlyMap<string, SellerRecords>;
  sellersById: ReadonlyMap<string, Seller>;
  teamsById: ReadonlyMap<string, Team>;
  usersById: ReadonlyMap<string, User>;
  /** Per user, the teams the settings name them manager of (DESIGN §8). */
  managedTeamsByUser: ReadonlyMap<string, ReadonlySet<string>>;
  calendar: Calendar;
  /** Access of each known user who called, resolved once per people version. */
  accessByUser: Map<string, Access>;
  /** Indicators that show individual check-in answers (DESIGN §7). */
  answerIndicatorIds: ReadonlySet<string>;
}

export interface TenantLoadStatus {
  tenantId: string;
  state: 'loading' | 'ready';
  sellersLoaded: number;
  sellersTotal: number;
}

export interface ScorecardService {
  /** The tenant's data as of its current data version (changes by any replica applied). */
  data(tenantId: string): Promise<TenantData>;
  /** All scorecards of a period; without a key, the default one (the running period, or the last complete one while the running one has less than a fifth of its working days behind it). */
  run(tenantId: string, period?: PeriodKind, key?: string): Promise<{ run: ScorecardRun; data: TenantData }>;
  /**
   * This process wrote to the tenant: read its data version again on the next call. A write on
   * behalf of a user (`urgent`, the default) is seen by every read after it; a sync page may be
   * served from held data for a moment while it is applied.
   */
  invalidate(tenantId: string, urgent?: boolean): void;
  /**
   * A response body built once per value it is derived from and key, as UTF-8 JSON: `owner` is a
   * run or a card of one, which a write replaces only when it changes (a card a write did not
   * change stays the very object in the next run, so its body is kept).
   */
  cachedJson(owner: ScorecardRun | SellerScorecard, key: string, build: () => unknown): Buffer;
  /** Brings the tenant fully up to date with the store (however large the catch-up) and answers its data. */
  refresh(tenantId: string): Promise<TenantData>;
  /** One seller's scorecard in a run, or null. */
  sellerCard(run: ScorecardRun, sellerId: string): SellerScorecard | null;
  /**
   * The run as a viewer who may not read check-in answers sees it (DESIGN §7): the answer
   * indicators without values, level scores and balance index computed without them (a level made
   * only of answers left out, and named), team medians of such a level only from AGGREGATE_MINIMUM
   * sellers with a score. Computed once per run; the run itself when the definition has no answers.
   */
  withoutAnswers(run: ScorecardRun): Promise<ScorecardRun>;
  /** Tenants being loaded or held, for /readyz and the web view. */
  status(): TenantLoadStatus[];
  /** Estimated bytes held per tenant (memory budget). */
  memory(): { tenantId: string; bytes: number }[];
  /** Since when this tenant's answers come from held data because the store cannot be reached, or null. */
  staleSince(tenantId: string): string | null;
}

export interface ScorecardServiceOptions {
  store: Store;
  now: () => Date;
  /** Memory the tenants' indexes may take together; the least recently used tenant goes first. */
  memoryBudgetBytes?: number;
  /** How long a running period's scorecards are reused before pacing is recomputed (in the background). */
  runningTtlMs?: number;
  /** How the data version is read before each answer (see version-reader.ts); `local` with 1 s by default. */
  versionCheck?: VersionCheck;
  /** Past periods whose scorecards a tenant keeps; the running periods are kept besides these. */
  maxPastRuns?: number;
  /** Activities per slice while loading: read from fresh snapshots, or built into stale ones. */
  loadSlice?: { fresh: number; stale: number };
  onError?: (error: unknown, context: string) => void;
}

/** Years before now and after it that a period key may name. */
const PERIOD_YEARS_BACK = 20;
const PERIOD_YEARS_AHEAD = 2;
const YEAR_MS = 365.2425 * 86_400_000;
/**
 * A catch-up that re-reads at most this many sellers (a check-in, a target or definition save,
 * people changes) is always awaited, so such a write is visible on the next read. A larger one
 * (a sync page across many sellers) runs on while the data held serves, for at most MAX_STALE_MS.
 */
const AWAITED_CATCH_UP_SELLERS = 32;
/** How long held data may be served while it is behind the store; after that, requests wait for the catch-up. */
const MAX_STALE_MS = 2000;
const CHANGES_PER_READ = 2000;

interface RunEntry {
  kind: PeriodKind;
  key: string;
  /** The running period, or a closed one still settling (see settlingMs): its cards are re-evaluated as time passes. */
  running: boolean;
  /** The oldest instant its cards are computed as of (the running period is re-paced from it). */
  at: number;
  prepared: PreparedRun;
  /** Cards without standings, by seller: reused for every seller a write did not touch. */
  cards: Map<string, SellerScorecard>;
  run: ScorecardRun;
  /** The data the run was computed from. */
  data: TenantData;
  /** The cards computed without answers (withoutAnswers), once asked for, and the run assembled from them. */
  privateCards: Map<string, SellerScorecard> | null;
  privateRun: ScorecardRun | null;
  /** The previous run's private cards and run, to reuse like `cards` (dropped once used: no chains of runs are kept). */
  privateBasis: { cards: Map<string, SellerScorecard>; data: TenantData; run: ScorecardRun } | null;
}

interface TenantState {
  tenantId: string;
  data: TenantData | null;
  /** The first load, when data is null. */
  loading: Promise<TenantData> | null;
  progress: { loaded: number; total: number };
  /** The catch-up under way, if any: it runs until the data reaches `target`. */
  catchingUp: Promise<void> | null;
  /** The newest tenant row any request has seen. */
  target: Tenant | null;
  /** Since when the held data is known to be behind the store (performance.now()), or null. */
  behindSince: number | null;
  /** The batch of changes being applied: up to which version, and how many sellers it re-reads. */
  batch: { upTo: number; sellers: number } | null;
  /** Requests waiting for the data to reach a version. */
  waiters: { version: number; resolve: (data: TenantData) => void; reject: (error: unknown) => void }[];
  /** Requests waiting to learn how many sellers the changes up to their version re-read. */
  sizeWaiters: { version: number; max: number; resolve: (sellers: number) => void }[];
  /** The newest version that a user's write through this process produced: every read after it sees it. */
  mustSee: number;
  /** Computed runs by "kind:key"; each is brought up to date when asked for. */
  runs: Map<string, RunEntry>;
  /** Runs being computed, by "kind:key". */
  computing: Map<string, Promise<RunEntry>>;
  bytes: number;
}

/**
 * Keeps, per tenant, the engine's index of its records and the computed scorecards (DESIGN §10),
 * in a cache with a memory budget. A write never reloads the tenant: this and every other replica
 * read the tenant's change log since the version they hold, re-read only the sellers a change
 * names, and recompute only those sellers' cards (a definition change recomputes every card from
 * the index already held). Loads and recomputations run in slices that yield to the event loop.
 * The cache belongs to this service instance, keyed by tenant: nothing is shared across tenants.
 */
export function createScorecardService(options: ScorecardServiceOptions): ScorecardService {
  const { store, now } = options;
  const budget = options.memoryBudgetBytes ?? 1024 * 1024 * 1024;
  const runningTtl = options.runningTtlMs ?? 5 * 60_000;
  const versions = createVersionReader(store, options.versionCheck ?? { mode: 'local', ttlMs: 1000 });
  const maxPastRuns = options.maxPastRuns ?? 12;
  const slice = options.loadSlice ?? { fresh: 20_000, stale: BUILD_SLICE_ACTIVITIES };
  const onError = options.onError ?? (() => undefined);
  const tenants = new Map<string, TenantState>(); // least recently used first
  // Keyed by the run object itself: what is derived from a run goes away with it.
  const derived = new WeakMap<ScorecardRun, { cards?: Map<string, SellerScorecard>; withoutAnswers?: Promise<ScorecardRun> }>();
  const bodiesOf = new WeakMap<ScorecardRun | SellerScorecard, Map<string, Buffer>>();
  /** The entry each run was computed as, for the views derived from it. */
  const entryOfRun = new WeakMap<ScorecardRun, RunEntry>();
  const derivedOf = (run: ScorecardRun) => {
    let entry = derived.get(run);
    if (!entry) derived.set(run, (entry = {}));
    return entry;
  };

  function stateOf(tenantId: string): TenantState {
    let state = tenants.get(tenantId);
    if (state) tenants.delete(tenantId);
    else state = { tenantId, data: null, loading: null, progress: { loaded: 0, total: 0 }, catchingUp: null, target: null, behindSince: null, batch: null, waiters: [], sizeWaiters: [], mustSee: 0, runs: new Map(), computing: new Map(), bytes: 0 };
    tenants.set(tenantId, state); // most recently used last
    return state;
  }

  /** Drops least recently used tenants until the held ones fit the budget; the one in use stays. */
  function evict(keep: TenantState): void {
    let total = 0;
    for (const s of tenants.values()) total += s.bytes;
    for (const [id, s] of tenants) {
      if (total <= budget) break;
      if (s === keep || s.loading || s.catchingUp) continue;
      tenants.delete(id);
      total -= s.bytes;
    }
  }

  /** Version reads started right after a user's write here (so after its commit), per tenant. */
  const mustSeeReads = new Map<string, Promise<void>>();
  function markWritten(tenantId: string): void {
    const read = versions
      .read(tenantId)
      .then((t) => {
        const state = tenants.get(tenantId);
        if (t && state) state.mustSee = Math.max(state.mustSee, t.dataVersion);
      })
      .catch(() => undefined)
      .finally(() => {
        if (mustSeeReads.get(tenantId) === read) mustSeeReads.delete(tenantId);
      });
    mustSeeReads.set(tenantId, read);
  }

  /**
   * While the store cannot be reached, the data held is served (marked stale, see staleSince)
   * and the version is read again only after a back-off (1 s, doubling to 30 s), not per request.
   */
  const outage = { retryAt: 0, backoffMs: 0 };
  const staleFrom = new Map<string, string>();
  async function readVersion(tenantId: string): Promise<Tenant | 'held' | null> {
    const held = tenants.get(tenantId)?.data ?? null;
    if (held && performance.now() < outage.retryAt) return 'held';
    try {
      const tenant = await versions.read(tenantId);
      outage.backoffMs = 0;
      outage.retryAt = 0;
      staleFrom.delete(tenantId);
      return tenant;
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      outage.backoffMs = Math.min(30_000, Math.max(1_000, outage.backoffMs * 2));
      outage.retryAt = performance.now() + outage.backoffMs;
      if (!held) throw error;
      return 'held';
    }
  }

  async function dataOf(tenantId: string): Promise<{ state: TenantState; data: TenantData }> {
    const written = mustSeeReads.get(tenantId);
    if (written) await written;
    const tenant = await readVersion(tenantId);
    if (tenant === 'held') {
      const state = stateOf(tenantId);
      if (!staleFrom.has(tenantId)) staleFrom.set(tenantId, now().toISOString());
      return { state, data: state.data! };
    }
    if (!tenant) throw new AppError('not_found', `No tenant "${tenantId}"`);
    const state = stateOf(tenantId);
    if (!state.data) {
      state.loading ??= loadTenant(state, tenant)
        .then((data) => {
          state.data = data;
          evict(state);
          return data;
        })
        .finally(() => (state.loading = null));
      return { state, data: await state.loading };
    }
    if (tenant.dataVersion > state.data.version) {
      const wanted = tenant.dataVersion;
      state.behindSince ??= performance.now();
      if (!state.target || wanted > state.target.dataVersion) state.target = tenant;
      if (!state.catchingUp) {
        state.catchingUp = chase(state).finally(() => (state.catchingUp = null));
        state.catchingUp.catch((error: unknown) => onError(error, 'catch-up'));
      }
      const reached = waitFor(state, wanted);
      // A user's write through this process, or data behind for too long: wait for it.
      if (wanted <= state.mustSee || performance.now() - state.behindSince >= MAX_STALE_MS) return { state, data: await reached };
      // Otherwise wait when the changes up to this version are few (a write by another replica);
      // a large sync page runs on while the data held serves.
      if ((await Promise.race([sizeFor(state, wanted), reached.then(() => 0)])) <= AWAITED_CATCH_UP_SELLERS) return { state, data: await reached };
    }
    return { state, data: state.data };
  }

  function waitFor(state: TenantState, version: number): Promise<TenantData> {
    if (state.data && state.data.version >= version) return Promise.resolve(state.data);
    return new Promise((resolve, reject) => state.waiters.push({ version, resolve, reject }));
  }

  function sizeFor(state: TenantState, version: number): Promise<number> {
    if (state.batch && state.batch.upTo >= version) return Promise.resolve(state.batch.sellers);
    return new Promise((resolve) => state.sizeWaiters.push({ version, max: state.batch?.sellers ?? 0, resolve }));
  }

  /** A batch of changes is about to be applied: tell the requests waiting to know its size. */
  function announce(state: TenantState, upTo: number, sellers: number): void {
    state.batch = { upTo, sellers };
    state.sizeWaiters = state.sizeWaiters.filter((w) => {
      w.max = Math.max(w.max, sellers);
      if (upTo < w.version) return true;
      w.resolve(w.max);
      return false;
    });
  }

  function publish(state: TenantState, data: TenantData): void {
    state.data = data;
    state.waiters = state.waiters.filter((w) => {
      if (w.version > data.version) return true;
      w.resolve(data);
      return false;
    });
    state.sizeWaiters = state.sizeWaiters.filter((w) => {
      if (w.version > data.version) return true;
      w.resolve(w.max);
      return false;
    });
    evict(state);
  }

  /**
   * Applies the tenant's changes since the held version until the data reaches the newest version
   * seen (which may move on meanwhile), a batch at a time: re-reads the sellers the changes name,
   * the people or the definition. A log that no longer reaches back reloads the tenant.
   */
  async function chase(state: TenantState): Promise<void> {
    try {
      while (state.target && state.data!.version < state.target.dataVersion) {
        const target = state.target;
        const held = state.data!;
        const { changes, complete } = await store.changesSince(target.tenantId, held.version, CHANGES_PER_READ);
        if (!complete || changes.length === 0) {
          announce(state, target.dataVersion, Number.POSITIVE_INFINITY);
          const fresh = await loadTenant(state, target);
          state.runs.clear();
          publish(state, fresh);
          continue;
        }
        const touched = sellersTouched(changes);
        announce(state, changes[changes.length - 1]!.version, touched.records.size + touched.checkIns.size);
        publish(state, await applyChanges(state, held, target, changes, touched));
      }
      state.behindSince = null;
      state.batch = null;
    } catch (error) {
      for (const w of state.waiters) w.reject(error);
      for (const w of state.sizeWaiters) w.resolve(Number.POSITIVE_INFINITY);
      state.waiters = [];
      state.sizeWaiters = [];
      state.batch = null;
      throw error;
    }
  }

  /** A first load: people and definition, then the sellers' snapshots in slices. */
  async function loadTenant(state: TenantState, tenant: Tenant): Promise<TenantData> {
    const [stored, people, sellers] = await Promise.all([store.getDefinition(tenant.tenantId), store.loadPeople(tenant.tenantId), store.listSnapshotSellers(tenant.tenantId)]);
    state.progress = { loaded: 0, total: sellers.length };
    const index = new Map<string, SellerRecords>();
    const slices = [...sliceByActivities(sellers.filter((s) => s.fresh), slice.fresh), ...sliceByActivities(sellers.filter((s) => !s.fresh), slice.stale)];
    let loaded = 0;
    for (const part of slices) {
      for (const [id, entry] of indexFromColumns(await store.loadSellerColumns(tenant.tenantId, part.map((s) => s.sellerId)))) index.set(id, entry);
      loaded += part.length;
      state.progress = { loaded, total: sellers.length };
      await yieldToEventLoop();
    }
    state.bytes = estimateIndexBytes(index);
    return buildData(tenant, stored ?? defaultDefinition(), people, index);
  }

  /**
   * The next tenant data from a batch of changes; `touched`: the sellers whose records they
   * changed (re-read whole), and those whose check-ins only changed (only those re-read).
   */
  async function applyChanges(state: TenantState, held: TenantData, tenant: Tenant, changes: readonly TenantChange[], touched: Touched): Promise<TenantData> {
    const people = changes.some((c) => c.scope === 'people');
    const definition = changes.some((c) => c.scope === 'definition');
    const version = changes[changes.length - 1]!.version;
    const [loaded, checkIns, stored, readPeople] = await Promise.all([
      loadSellers(tenant.tenantId, [...touched.records]),
      store.loadCheckIns(tenant.tenantId, [...touched.checkIns]),
      definition ? store.getDefinition(tenant.tenantId) : Promise.resolve(null),
      people ? store.loadPeople(tenant.tenantId) : Promise.resolve(null),
    ]);
    let index = held.index;
    if (touched.records.size + touched.checkIns.size > 0) {
      const next = new Map(held.index);
      for (const id of touched.records) {
        const entry = loaded.get(id);
        if (entry) next.set(id, entry);
        else next.delete(id);
      }
      for (const id of touched.checkIns) next.set(id, withCheckIns(next.get(id), id, checkIns.get(id) ?? []));
      index = next;
    }
    const versionTenant = { ...tenant, dataVersion: version };
    const data = buildData(
      versionTenant,
      definition ? (stored ?? defaultDefinition()) : held.definition,
      readPeople ? keepUnchangedSellers(readPeople, held) : { teams: held.records.teams, sellers: held.records.sellers, users: [...held.usersById.values()], teamManagers: teamManagersOf(held) },
      index,
      readPeople || definition ? undefined : held,
    );
    state.bytes = estimateIndexBytes(index);
    return data;
  }

  /** Index entries of these sellers from their snapshots, read in slices. */
  async function loadSellers(tenantId: string, ids: readonly string[]): Promise<Map<string, SellerRecords>> {
    const out = new Map<string, SellerRecords>();
    if (ids.length === 0) return out;
    // The touched sellers' snapshots are stale: slices are sized for building them.
    for (const part of sliceByActivities(await store.listSnapshotSellers(tenantId, ids), slice.stale)) {
      for (const [id, entry] of indexFromColumns(await store.loadSellerColumns(tenantId, part.map((s) => s.sellerId)))) out.set(id, entry);
      await yieldToEventLoop();
    }
    return out;
  }

  /** The period a key names, refused when it is not of this kind or too far from today. */
  function checkPeriodKey(kind: PeriodKind, key: string, data: TenantData, nowMs: number): PeriodSpan {
    const span = periodFromKey(key, data.calendar);
    if (!span || span.kind !== kind) throw new AppError('invalid_period', `"${key}" is not a ${kind} key`);
    if (span.endMs < nowMs - PERIOD_YEARS_BACK * YEAR_MS || span.startMs > nowMs + PERIOD_YEARS_AHEAD * YEAR_MS) {
      throw new AppError('invalid_period', `"${key}" is further from today than scorecards reach (${PERIOD_YEARS_BACK} years back, ${PERIOD_YEARS_AHEAD} ahead)`);
    }
    return span;
  }

  /**
   * Computes a run in slices and assembles it. A card of `previous` is kept when nothing it was
   * computed from changed: the same definition, the same seller record and the same index entry
   * (tenant data shares every untouched part, so identity says it exactly). The cards computed
   * now are as of now, so a record written a moment ago counts; in the running period a kept
   * card stays as of its own instant, at most the re-pacing interval ago (`at` is the oldest).
   */
  async function computeRun(data: TenantData, kind: PeriodKind, key: string, running: boolean, nowMs: number, previous: RunEntry | null): Promise<RunEntry> {
    // A bad key throws PeriodKeyError (code invalid_period), which the HTTP edge maps like every code.
    const prepared: PreparedRun = prepareRun({ definition: data.definition, now: nowMs, timeZone: data.definition.timeZone, period: kind, periodKey: key });
    const reuse = previous && previous.data.definition === data.definition && (!running || nowMs - previous.at < runningTtl) ? previous : null;
    const cards = await computeCards(prepared, data, reuse ? { cards: reuse.cards, data: reuse.data } : null);
    const privateBasis = reuse?.privateCards && reuse.privateRun ? { cards: reuse.privateCards, data: reuse.data, run: reuse.privateRun } : null;
    const run = assembleRun(prepared, data.records.teams, [...cards.values()], reuse?.run);
    const entry: RunEntry = { kind, key, running, at: reuse ? reuse.at : nowMs, prepared, cards, run, data, privateCards: null, privateRun: null, privateBasis };
    entryOfRun.set(entry.run, entry);
    return entry;
  }

  /**
   * Every active seller's card, in slices: a seller whose record and index entry are the very
   * objects a card of `basis` was computed from keeps that card.
   */
  async function computeCards(prepared: PreparedRun, data: TenantData, basis: { cards: Map<string, SellerScorecard>; data: TenantData } | null): Promise<Map<string, SellerScorecard>> {
    const cards = new Map<string, SellerScorecard>();
    const slicer: Slicer = createSlicer();
    for (const seller of data.records.sellers) {
      if (!seller.active) continue;
      const records = data.index.get(seller.id);
      const kept = basis && basis.data.sellersById.get(seller.id) === seller && basis.data.index.get(seller.id) === records ? basis.cards.get(seller.id) : undefined;
      cards.set(seller.id, kept ?? computeSellerCard(prepared, seller, records));
      await slicer.maybeYield();
    }
    return cards;
  }

  async function computeWithoutAnswers(entry: RunEntry): Promise<ScorecardRun> {
    const { data, prepared: full } = entry;
    if (data.answerIndicatorIds.size === 0) return entry.run;
    const prepared = prepareRun({ definition: data.definition, now: full.nowMs, timeZone: data.definition.timeZone, period: entry.kind, periodKey: entry.key, withheld: data.answerIndicatorIds });
    // Reused as the full cards are: from the previous run's private cards.
    const basis = entry.privateBasis;
    const cards = await computeCards(prepared, data, basis);
    entry.privateBasis = null;
    const run = assembleRun(prepared, data.records.teams, [...cards.values()], basis?.run);
    // A withheld level's team median comes from the full cards, and only from enough sellers.
    const fullTeams = new Map(entry.run.teams.map((t) => [t.teamId, t]));
    const fullCards = new Map(entry.run.sellers.map((c) => [c.sellerId, c]));
    const teams = run.teams.map((team) => {
      const levels = { ...team.medians.levels };
      for (const level of prepared.withheldLevels) {
        const scored = team.sellerIds.filter((id) => fullCards.get(id)?.levels.find((l) => l.level === level)?.score != null).length;
        levels[level] = scored >= AGGREGATE_MINIMUM ? (fullTeams.get(team.teamId)?.medians.levels[level] ?? null) : null;
      }
      return { ...team, medians: { ...team.medians, levels } };
    });
    entry.privateCards = cards;
    entry.privateRun = run;
    return { ...run, teams };
  }

  function runOf(state: TenantState, data: TenantData, kind: PeriodKind, key: string, running: boolean, nowMs: number): Promise<RunEntry> | RunEntry {
    const cacheKey = `${kind}:${key}`;
    const cached = state.runs.get(cacheKey);
    const due = running && cached !== undefined && nowMs - cached.at >= runningTtl;
    if (cached && cached.data === data) {
      touchRun(state, cacheKey, cached);
      // A running period due for re-pacing keeps serving its cards while new ones are computed.
      if (due) start(state, cacheKey, data, kind, key, running, nowMs, null).catch((error: unknown) => onError(error, 're-pacing'));
      return cached;
    }
    // The data moved on: recompute the cards it touched (all of them when re-pacing is due).
    return start(state, cacheKey, data, kind, key, running, nowMs, due ? null : (cached ?? null));
  }

  function start(state: TenantState, cacheKey: string, data: TenantData, kind: PeriodKind, key: string, running: boolean, nowMs: number, previous: RunEntry | null): Promise<RunEntry> {
    const jobKey = `${cacheKey}@${data.version}@${previous ? 'update' : 'all'}`;
    let job = state.computing.get(jobKey);
    if (job) return job;
    job = computeRun(data, kind, key, running, nowMs, previous).then((entry) => {
      const held = state.runs.get(cacheKey);
      if (!held || held.data.version < entry.data.version || (held.data.version === entry.data.version && held.at <= entry.at)) {
        state.runs.set(cacheKey, entry);
        pruneRuns(state);
      }
      return entry;
    });
    state.computing.set(jobKey, job);
    job.finally(() => state.computing.delete(jobKey)).catch(() => undefined);
    return job;
  }

  function touchRun(state: TenantState, cacheKey: string, entry: RunEntry): void {
    state.runs.delete(cacheKey);
    state.runs.set(cacheKey, entry);
  }

  /** Keeps every running period and the most recently used past ones, so no caller can push the running cards out. */
  function pruneRuns(state: TenantState): void {
    let past = 0;
    for (const entry of state.runs.values()) if (!entry.running) past++;
    for (const [k, entry] of state.runs) {
      if (past <= maxPastRuns) break;
      if (entry.running) continue;
      state.runs.delete(k);
      past--;
    }
  }

  return {
    async data(tenantId) {
      return (await dataOf(tenantId)).data;
    },
    async refresh(tenantId) {
      versions.invalidate(tenantId);
      if (tenants.has(tenantId)) markWritten(tenantId);
      return (await dataOf(tenantId)).data;
    },
    async run(tenantId, period, key) {
      const { state, data } = await dataOf(tenantId);
      const kind = period ?? data.definition.defaultPeriod;
      const nowMs = now().getTime();
      const current: PeriodSpan = periodContaining(kind, nowMs, data.calendar);
      // No period asked for: the running one, or the last complete one while the running one has barely begun.
      const span = key !== undefined ? checkPeriodKey(kind, key, data, nowMs) : defaultPeriod(kind, nowMs, data.calendar);
      // A closed period still settles (windows closing by now) for the longest window after its end: re-evaluated like the running one.
      const live = span.key === current.key || nowMs < span.endMs + settlingMs(data.definition);
      const entry = await runOf(state, data, kind, span.key, live, nowMs);
      return { run: entry.run, data: entry.data };
    },
    invalidate(tenantId, urgent = true) {
      versions.invalidate(tenantId);
      if (urgent && tenants.has(tenantId)) markWritten(tenantId);
    },
    cachedJson(owner, key, build) {
      let bodies = bodiesOf.get(owner);
      if (!bodies) bodiesOf.set(owner, (bodies = new Map()));
      let body = bodies.get(key);
      if (body === undefined) {
        body = Buffer.from(JSON.stringify(build()), 'utf8');
        bodies.set(key, body);
      }
      return body;
    },
    withoutAnswers(run) {
      const held = derivedOf(run);
      const entry = entryOfRun.get(run);
      if (!entry) return Promise.resolve(run);
      held.withoutAnswers ??= computeWithoutAnswers(entry).catch((error: unknown) => {
        delete held.withoutAnswers; // the next request tries again
        throw error;
      });
      return held.withoutAnswers;
    },
    sellerCard(run, sellerId) {
      const entry = derivedOf(run);
      entry.cards ??= new Map(run.sellers.map((s) => [s.sellerId, s]));
      return entry.cards.get(sellerId) ?? null;
    },
    status() {
      return [...tenants.values()].map((s) => ({
        tenantId: s.tenantId,
        state: s.data ? ('ready' as const) : ('loading' as const),
        sellersLoaded: s.data ? s.data.index.size : s.progress.loaded,
        sellersTotal: s.data ? s.data.index.size : s.progress.total,
      }));
    },
    memory() {
      return [...tenants.values()].map((s) => ({ tenantId: s.tenantId, bytes: s.bytes }));
    },
    staleSince(tenantId) {
      return staleFrom.get(tenantId) ?? null;
    },
  };
}

interface Touched {
  /** Sellers whose records changed: their entries are read again from their snapshots. */
  records: Set<string>;
  /** Sellers whose check-ins only changed: only those are read again. */
  checkIns: Set<string>;
}

/** The sellers whose records a batch of changes touched. */
function sellersTouched(changes: readonly TenantChange[]): Touched {
  const records = new Set<string>();
  const checkIns = new Set<string>();
  for (const c of changes) {
    if (c.scope === 'records') for (const id of c.sellerIds) records.add(id);
    if (c.scope === 'checkIns') for (const id of c.sellerIds) checkIns.add(id);
  }
  // A seller read again whole has its check-ins read with the rest.
  for (const id of records) checkIns.delete(id);
  return { records, checkIns };
}

/** The tenant data of one version; `reuse` keeps the people-derived parts of the held value when people did not change. */
function buildData(tenant: Tenant, definition: ScorecardDefinition, people: TenantPeople, index: ReadonlyMap<string, SellerRecords>, reuse?: TenantData): TenantData {
  if (reuse) return { ...reuse, tenant, version: tenant.dataVersion, index };
  return {
    tenant,
    version: tenant.dataVersion,
    definition,
    records: { teams: people.teams, sellers: people.sellers },
    index,
    sellersById: new Map(people.sellers.map((s) => [s.id, s])),
    teamsById: new Map(people.teams.map((t) => [t.id, t])),
    usersById: new Map(people.users.map((u) => [u.userId, u])),
    managedTeamsByUser: groupTeamManagers(people.teamManagers),
    calendar: buildCalendar(definition, definition.timeZone),
    accessByUser: new Map(),
    answerIndicatorIds: new Set(definition.indicators.filter((i) => i.measure.kind === 'latest').map((i) => i.id)),
  };
}

function groupTeamManagers(rows: readonly TeamManager[]): Map<string, Set<string>> {
  const byUser = new Map<string, Set<string>>();
  for (const { userId, teamId } of rows) {
    const teams = byUser.get(userId) ?? new Set<string>();
    teams.add(teamId);
    byUser.set(userId, teams);
  }
  return byUser;
}

function teamManagersOf(data: TenantData): TeamManager[] {
  return [...data.managedTeamsByUser].flatMap(([userId, teams]) => [...teams].map((teamId) => ({ teamId, userId })));
}

/** The seller records of a people reload, with every unchanged seller kept as the very object held (so its card is reused). */
function keepUnchangedSellers(people: TenantPeople, held: TenantData): TenantPeople {
  const sellers = people.sellers.map((s) => {
    const before = held.sellersById.get(s.id);
    return before && JSON.stringify(before) === JSON.stringify(s) ? before : s;
  });
  return { ...people, sellers };
}
