import { AppError } from '../errors/app-error';
import { ACTIVITY_COLUMN_NAMES, emptyActivityColumns, type Activity, type ActivityColumns, type CheckIn, type Customer, type Deal, type RecordKind, type RecordSet, type Seller, type SellerColumns, type Team } from '@balanced-scorecard/shared';
import type { SqlExecutor } from './sql-client';

/**
 * Normalized CRM records. Writes are idempotent upserts keyed by (tenant, source, id): the same
 * page saved twice leaves the same rows. Each page is one statement (jsonb_to_recordset), so a
 * page of thousands of records is one round trip on either engine.
 */

type RecordOf<K extends RecordKind> = RecordSet[K][number];

const UPSERT: Record<Exclude<RecordKind, 'checkIns'>, string> = {
  teams: `INSERT INTO teams (tenant_id, source, id, name, parent_id)
    SELECT $1, $2, r.id, r.name, r."parentId"
    FROM jsonb_to_recordset($3::jsonb) AS r(id text, name text, "parentId" text)
    ON CONFLICT (tenant_id, source, id) DO UPDATE SET name = excluded.name, parent_id = excluded.parent_id`,
  sellers: `INSERT INTO sellers (tenant_id, source, id, external_id, user_id, name, email, team_ids, manager_ids, active, started_at)
    SELECT $1, $2, r.id, r."externalId", r."userId", r.name, r.email, r."teamIds", r."managerIds", r.active, r."startedAt"::timestamptz
    FROM jsonb_to_recordset($3::jsonb) AS r(id text, "externalId" text, "userId" text, name text, email text, "teamIds" jsonb, "managerIds" jsonb, active boolean, "startedAt" text)
    ON CONFLICT (tenant_id, source, id) DO UPDATE SET external_id = excluded.external_id, user_id = excluded.user_id, name = excluded.name,
      email = excluded.email, team_ids = excluded.team_ids, manager_ids = excluded.manager_ids, active = excluded.active, started_at = excluded.started_at`,
  activities: `INSERT INTO activities (tenant_id, source, id, seller_id, type, at, duration_min, outcome, direction, contact_id, company_id, deal_id, logged)
    SELECT $1, $2, r.id, r."sellerId", r.type, r.at::timestamptz, r."durationMin", r.outcome, r.direction, r."contactId", r."companyId", r."dealId", r.logged
    FROM jsonb_to_recordset($3::jsonb) AS r(id text, "sellerId" text, type text, at text, "durationMin" double precision, outcome text, direction text,
      "contactId" text, "companyId" text, "dealId" text, logged boolean)
    ON CONFLICT (tenant_id, source, id) DO UPDATE SET seller_id = excluded.seller_id, type = excluded.type, at = excluded.at,
      duration_min = excluded.duration_min, outcome = excluded.outcome, direction = excluded.direction, contact_id = excluded.contact_id,
      company_id = excluded.company_id, deal_id = excluded.deal_id, logged = excluded.logged`,
  deals: `INSERT INTO deals (tenant_id, source, id, seller_id, amount, currency, created_at, closed_at, stage, is_closed, is_won, company_id, contact_ids)
    SELECT $1, $2, r.id, r."sellerId", r.amount, r.currency, r."createdAt"::timestamptz, r."closedAt"::timestamptz, r.stage, r."isClosed", r."isWon", r."companyId", r."contactIds"
    FROM jsonb_to_recordset($3::jsonb) AS r(id text, "sellerId" text, amount double precision, currency text, "createdAt" text, "closedAt" text, stage text,
      "isClosed" boolean, "isWon" boolean, "companyId" text, "contactIds" jsonb)
    ON CONFLICT (tenant_id, source, id) DO UPDATE SET seller_id = excluded.seller_id, amount = excluded.amount, currency = excluded.currency,
      created_at = excluded.created_at, closed_at = excluded.closed_at, stage = excluded.stage, is_closed = excluded.is_closed,
      is_won = excluded.is_won, company_id = excluded.company_id, contact_ids = excluded.contact_ids`,
  customers: `INSERT INTO customers (tenant_id, source, id, kind, seller_id, created_at, became_customer_at, potential, satisfaction)
    SELECT $1, $2, r.id, r.kind, r."sellerId", r."createdAt"::timestamptz, r."becameCustomerAt"::timestamptz, r.potential, r.satisfaction
    FROM jsonb_to_recordset($3::jsonb) AS r(id text, kind text, "sellerId" text, "createdAt" text, "becameCustomerAt" text, potential double precision, satisfaction double precision)
    ON CONFLICT (tenant_id, source, id) DO UPDATE SET kind = excluded.kind, seller_id = excluded.seller_id, created_at = excluded.created_at,
      became_customer_at = excluded.became_customer_at, potential = excluded.potential, satisfaction = excluded.satisfaction`,
};

const INSERT_CHECK_INS = `INSERT INTO check_ins (tenant_id, seller_id, period_key, by_role, answers, note, at, source, submitted_by)
  SELECT $1, r."sellerId", r."periodKey", r.by, r.answers, r.note, r.at::timestamptz, $2, r."submittedBy"
  FROM jsonb_to_recordset($3::jsonb) AS r("sellerId" text, "periodKey" text, by text, answers jsonb, note text, at text, "submittedBy" text)
  ON CONFLICT (tenant_id, source, seller_id, by_role, at) WHERE source <> 'service'
  DO UPDATE SET period_key = excluded.period_key, answers = excluded.answers, note = excluded.note`;

/** Last write wins inside a page, as it would across pages (ON CONFLICT cannot touch a row twice in one statement). */
function dedupe<T>(records: readonly T[], key: (r: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const r of records) byKey.set(key(r), r);
  return [...byKey.values()];
}

/** The sellers whose records a page touched: the ones named now and the ones the rows had before (a record may move). */
export interface WriteResult {
  count: number;
  sellerIds: string[];
}

const TABLE: Record<RecordKind, string> = {
  teams: 'teams',
  sellers: 'sellers',
  activities: 'activities',
  deals: 'deals',
  customers: 'customers',
  checkIns: 'check_ins',
};

/** Record kinds that belong to one seller and live in that seller's snapshot; the others are people. */
const SELLER_RECORD_KINDS = ['activities', 'deals', 'customers', 'checkIns'] as const satisfies readonly RecordKind[];
export const isSellerRecordKind = (kind: RecordKind): kind is (typeof SELLER_RECORD_KINDS)[number] => (SELLER_RECORD_KINDS as readonly string[]).includes(kind);

export async function upsertRecords<K extends RecordKind>(tx: SqlExecutor, tenantId: string, source: string, kind: K, records: readonly RecordOf<K>[]): Promise<WriteResult> {
  if (records.length === 0) return { count: 0, sellerIds: [] };
  if (kind === 'checkIns') {
    if (source === 'service') throw new AppError('validation_failed', '"service" is reserved for check-ins submitted through the API');
    const rows = dedupe(records as readonly CheckIn[], (c) => `${c.sellerId}\u0000${c.by}\u0000${Date.parse(c.at)}`).map((c) => ({ ...c, submittedBy: null }));
    await tx.query(INSERT_CHECK_INS, [tenantId, source, JSON.stringify(rows)]);
    return { count: rows.length, sellerIds: distinct(rows.map((c) => c.sellerId)) };
  }
  const rows = dedupe(records as readonly { id: string; sellerId?: string | null }[], (r) => r.id);
  const before = kind === 'teams' ? [] : await sellersOf(tx, tenantId, source, kind, rows.map((r) => r.id));
  await tx.query(UPSERT[kind as Exclude<RecordKind, 'checkIns'>], [tenantId, source, JSON.stringify(rows)]);
  const now = kind === 'teams' ? [] : rows.map((r) => (kind === 'sellers' ? r.id : (r.sellerId ?? null))).filter((id): id is string => id !== null);
  return { count: rows.length, sellerIds: distinct([...before, ...now]) };
}

/** Deletes records by id; answers the sellers they belonged to. Check-ins are history and are never deleted here. */
export async function deleteRecords(tx: SqlExecutor, tenantId: string, source: string, kind: Exclude<RecordKind, 'checkIns'>, ids: readonly string[]): Promise<WriteResult> {
  if (ids.length === 0) return { count: 0, sellerIds: [] };
  const sellerColumn = kind === 'teams' ? 'NULL::text' : kind === 'sellers' ? 'id' : 'seller_id';
  const rows = await tx.query<{ seller_id: string | null }>(
    `DELETE FROM ${TABLE[kind]} WHERE tenant_id = $1 AND source = $2 AND id = ANY ($3::text[]) RETURNING ${sellerColumn} AS seller_id`,
    [tenantId, source, distinct(ids)],
  );
  return { count: rows.length, sellerIds: distinct(rows.map((r) => r.seller_id).filter((id): id is string => id !== null)) };
}

async function sellersOf(tx: SqlExecutor, tenantId: string, source: string, kind: Exclude<RecordKind, 'checkIns' | 'teams'>, ids: readonly string[]): Promise<string[]> {
  const column = kind === 'sellers' ? 'id' : 'seller_id';
  // One primary-key lookup per id, whatever the planner's statistics (the embedded store has
  // none until analysed): the LIMIT keeps the subquery from being flattened into a scan.
  const rows = await tx.query<{ seller_id: string | null }>(
    `SELECT DISTINCT r.seller_id FROM unnest($3::text[]) AS i(id)
     CROSS JOIN LATERAL (SELECT ${column} AS seller_id FROM ${TABLE[kind]} WHERE tenant_id = $1 AND source = $2 AND id = i.id LIMIT 1) r`,
    [tenantId, source, ids],
  );
  return rows.map((r) => r.seller_id).filter((id): id is string => id !== null);
}

function distinct(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

/** Gives these sellers a snapshot row if they have none (a new one is stale), leaving existing ones as they are. */
export async function ensureSnapshots(tx: SqlExecutor, tenantId: string, sellerIds: readonly string[]): Promise<void> {
  if (sellerIds.length === 0) return;
  await tx.query('INSERT INTO seller_snapshots (tenant_id, seller_id) SELECT $1, s FROM unnest($2::text[]) AS s ON CONFLICT (tenant_id, seller_id) DO NOTHING', [tenantId, distinct(sellerIds)]);
}

/** Marks the snapshots of these sellers stale (a new revision, no payload), in the writer's transaction. */
export async function touchSnapshots(tx: SqlExecutor, tenantId: string, sellerIds: readonly string[]): Promise<void> {
  if (sellerIds.length === 0) return;
  await tx.query(
    `INSERT INTO seller_snapshots (tenant_id, seller_id) SELECT $1, s FROM unnest($2::text[]) AS s
     ON CONFLICT (tenant_id, seller_id) DO UPDATE SET revision = seller_snapshots.revision + 1, payload = NULL, payload_revision = NULL`,
    [tenantId, [...sellerIds]],
  );
}

const ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Builds the stale snapshots among `sellerIds` from their rows and writes each back for the
 * revision it was built from (one statement: the rows and the revision are read from one
 * snapshot of the database, and a concurrent write's new revision is left alone), then answers
 * every requested seller's payload, fresh or just built.
 */
const LOAD_SNAPSHOTS = `
WITH wanted AS (SELECT unnest($2::text[]) AS seller_id),
target AS (
  SELECT s.seller_id, s.revision FROM seller_snapshots s JOIN wanted w USING (seller_id) WHERE s.tenant_id = $1 AND s.payload IS NULL
),
a AS (
  SELECT seller_id, json_build_object(
    'at', json_agg((extract(epoch FROM at) * 1000)::float8 ORDER BY at, id),
    'type', json_agg(type ORDER BY at, id),
    'durationMin', json_agg(duration_min ORDER BY at, id),
    'outcome', json_agg(outcome ORDER BY at, id),
    'direction', json_agg(direction ORDER BY at, id),
    'contactId', json_agg(contact_id ORDER BY at, id),
    'companyId', json_agg(company_id ORDER BY at, id),
    'dealId', json_agg(deal_id ORDER BY at, id),
    'logged', json_agg(logged ORDER BY at, id)) AS v
  FROM activities WHERE tenant_id = $1 AND seller_id IN (SELECT seller_id FROM target) GROUP BY seller_id
),
d AS (
  SELECT seller_id, json_agg(json_build_object('id', id, 'sellerId', seller_id, 'amount', amount, 'currency', currency,
    'createdAt', ${ISO('created_at')}, 'closedAt', ${ISO('closed_at')}, 'stage', stage, 'isClosed', is_closed, 'isWon', is_won,
    'companyId', company_id, 'contactIds', contact_ids) ORDER BY created_at, id) AS v
  FROM deals WHERE tenant_id = $1 AND seller_id IN (SELECT seller_id FROM target) GROUP BY seller_id
),
c AS (
  SELECT seller_id, json_agg(json_build_object('id', id, 'kind', kind, 'sellerId', seller_id, 'createdAt', ${ISO('created_at')},
    'becameCustomerAt', ${ISO('became_customer_at')}, 'potential', potential, 'satisfaction', satisfaction) ORDER BY created_at, id) AS v
  FROM customers WHERE tenant_id = $1 AND seller_id IN (SELECT seller_id FROM target) GROUP BY seller_id
),
built AS (
  SELECT t.seller_id, t.revision, coalesce(json_array_length(a.v -> 'at'), 0) AS activities, json_build_object('a', a.v, 'd', coalesce(d.v, '[]'::json), 'c', coalesce(c.v, '[]'::json))::text AS payload
  FROM target t LEFT JOIN a USING (seller_id) LEFT JOIN d USING (seller_id) LEFT JOIN c USING (seller_id)
),
saved AS (
  UPDATE seller_snapshots s SET payload = b.payload, payload_revision = b.revision, activities = b.activities
  FROM built b WHERE s.tenant_id = $1 AND s.seller_id = b.seller_id AND s.revision = b.revision
  RETURNING s.seller_id
)
SELECT seller_id, payload FROM built
UNION ALL
SELECT s.seller_id, s.payload FROM seller_snapshots s JOIN wanted w USING (seller_id) WHERE s.tenant_id = $1 AND s.payload IS NOT NULL`;

/** The same build, answering only how many snapshots it wrote (a sync brings them up to date before anyone loads them). */
const BUILD_SNAPSHOTS = LOAD_SNAPSHOTS.slice(0, LOAD_SNAPSHOTS.indexOf('SELECT seller_id, payload FROM built')) + 'SELECT count(*)::int AS n FROM saved';

/**
 * The packed records of these sellers (see shared/src/engine/seller-columns.ts), stale snapshots
 * rebuilt on the way. Check-ins are not in the snapshot: they are read beside it, so a check-in
 * leaves the seller's snapshot fresh (and a replica re-reads only the check-ins, loadCheckIns).
 */
export async function loadSellerColumns(db: SqlExecutor, tenantId: string, sellerIds: readonly string[]): Promise<SellerColumns[]> {
  if (sellerIds.length === 0) return [];
  const ids = distinct(sellerIds);
  const [rows, checkIns] = await Promise.all([db.query<{ seller_id: string; payload: string }>(LOAD_SNAPSHOTS, [tenantId, ids]), loadCheckIns(db, tenantId, ids)]);
  return rows.map((r) => ({ ...parseSellerPayload(tenantId, r.seller_id, r.payload), checkIns: checkIns.get(r.seller_id) ?? [] }));
}

/** The check-ins of these sellers, oldest first, by seller (a seller without any is absent). */
export async function loadCheckIns(db: SqlExecutor, tenantId: string, sellerIds: readonly string[]): Promise<Map<string, CheckIn[]>> {
  const bySeller = new Map<string, CheckIn[]>();
  if (sellerIds.length === 0) return bySeller;
  const rows = await db.query<CheckInRow>(`${CHECK_IN_COLUMNS} WHERE tenant_id = $1 AND seller_id = ANY ($2::text[]) ORDER BY seller_id, at, id`, [tenantId, distinct(sellerIds)]);
  for (const r of rows) {
    const list = bySeller.get(r.seller_id);
    if (list) list.push(toCheckIn(tenantId, r));
    else bySeller.set(r.seller_id, [toCheckIn(tenantId, r)]);
  }
  return bySeller;
}

/** Builds the stale snapshots among these sellers; answers how many were written. */
export async function buildSnapshots(db: SqlExecutor, tenantId: string, sellerIds: readonly string[]): Promise<number> {
  if (sellerIds.length === 0) return 0;
  const rows = await db.query<{ n: number }>(BUILD_SNAPSHOTS, [tenantId, distinct(sellerIds)]);
  return rows[0]?.n ?? 0;
}

export interface SnapshotInfo {
  sellerId: string;
  fresh: boolean;
  /** Activities in the payload (for a stale one, in the last payload built; 0 if never built). */
  activities: number;
}

/**
 * Activities whose snapshots one statement builds. Building takes about 10 µs per activity on the
 * embedded store, so one statement holds the store (not the service's thread) for tens of ms.
 */
export const BUILD_SLICE_ACTIVITIES = 4000;

/**
 * Cuts sellers into slices of about `budget` activities each (at least one seller per slice),
 * so that building or reading one slice holds the process for a bounded time.
 */
export function sliceByActivities<T extends Pick<SnapshotInfo, 'activities'>>(sellers: readonly T[], budget: number): T[][] {
  const slices: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const s of sellers) {
    // A never-built snapshot has no count: it goes alone.
    const weight = s.activities > 0 ? s.activities : budget;
    if (current.length > 0 && size + weight > budget) {
      slices.push(current);
      current = [];
      size = 0;
    }
    current.push(s);
    size += weight;
  }
  if (current.length > 0) slices.push(current);
  return slices;
}

/** Every seller with a snapshot (every seller who has or had records), or only those named; stale ones last so fresh ones load first. */
export async function listSnapshotSellers(db: SqlExecutor, tenantId: string, sellerIds?: readonly string[]): Promise<SnapshotInfo[]> {
  const only = sellerIds === undefined ? '' : ' AND seller_id = ANY ($2::text[])';
  const rows = await db.query<{ seller_id: string; fresh: boolean; activities: number }>(
    `SELECT seller_id, payload IS NOT NULL AS fresh, activities FROM seller_snapshots WHERE tenant_id = $1${only} ORDER BY payload IS NULL, seller_id`,
    sellerIds === undefined ? [tenantId] : [tenantId, distinct(sellerIds)],
  );
  return rows.map((r) => ({ sellerId: r.seller_id, fresh: r.fresh, activities: r.activities }));
}

interface SellerPayload {
  a: ActivityColumns | null;
  d: Omit<Deal, 'tenantId'>[];
  c: Omit<Customer, 'tenantId'>[];
}

/** A payload this store wrote; its shape is checked (equal column lengths) rather than trusted. Check-ins are read beside it. */
function parseSellerPayload(tenantId: string, sellerId: string, text: string): Omit<SellerColumns, 'checkIns'> {
  const p = JSON.parse(text) as SellerPayload;
  const activities = p.a ?? emptyActivityColumns();
  const n = activities.at.length;
  for (const column of ACTIVITY_COLUMN_NAMES) {
    if (!Array.isArray(activities[column]) || activities[column].length !== n) throw new AppError('internal', `The snapshot of seller "${sellerId}" is damaged (${column})`);
  }
  if (!Array.isArray(p.d) || !Array.isArray(p.c)) throw new AppError('internal', `The snapshot of seller "${sellerId}" is damaged`);
  return {
    sellerId,
    activities,
    deals: p.d.map((d) => ({ tenantId, ...d })),
    customers: p.c.map((c) => ({ tenantId, ...c })),
  };
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** Teams and sellers of a tenant: few rows, read whole whenever one of them changes. */
export async function loadPeople(db: SqlExecutor, tenantId: string): Promise<Pick<RecordSet, 'teams' | 'sellers'>> {
  const [teams, sellers] = await Promise.all([
    db.query<{ id: string; name: string; parent_id: string | null }>('SELECT id, name, parent_id FROM teams WHERE tenant_id = $1 ORDER BY name, id', [tenantId]),
    db.query<{ id: string; external_id: string; user_id: string | null; name: string; email: string | null; team_ids: string[]; manager_ids: string[]; active: boolean; started_ms: number | null }>(
      'SELECT id, external_id, user_id, name, email, team_ids, manager_ids, active, (extract(epoch FROM started_at) * 1000)::float8 AS started_ms FROM sellers WHERE tenant_id = $1 ORDER BY name, id',
      [tenantId],
    ),
  ]);
  return {
    teams: teams.map((t): Team => ({ tenantId, id: t.id, name: t.name, parentId: t.parent_id })),
    sellers: sellers.map(
      (s): Seller => ({
        tenantId,
        id: s.id,
        externalId: s.external_id,
        userId: s.user_id,
        name: s.name,
        email: s.email,
        teamIds: s.team_ids,
        managerIds: s.manager_ids,
        active: s.active,
        startedAt: iso(s.started_ms),
      }),
    ),
  };
}

/** Every record of a tenant as objects, row by row (imports, tests and dumps; the service loads snapshots). */
export async function loadRecords(db: SqlExecutor, tenantId: string): Promise<RecordSet> {
  const [people, activities, deals, customers, checkIns] = await Promise.all([
    loadPeople(db, tenantId),
    db.query<{ id: string; seller_id: string; type: Activity['type']; at_ms: number; duration_min: number | null; outcome: Activity['outcome']; direction: Activity['direction']; contact_id: string | null; company_id: string | null; deal_id: string | null; logged: boolean }>(
      `SELECT id, seller_id, type, (extract(epoch FROM at) * 1000)::float8 AS at_ms, duration_min, outcome, direction, contact_id, company_id, deal_id, logged
       FROM activities WHERE tenant_id = $1 ORDER BY seller_id, at, id`,
      [tenantId],
    ),
    db.query<{ id: string; seller_id: string; amount: number | null; currency: string; created_ms: number; closed_ms: number | null; stage: string; is_closed: boolean; is_won: boolean; company_id: string | null; contact_ids: string[] }>(
      `SELECT id, seller_id, amount, currency, (extract(epoch FROM created_at) * 1000)::float8 AS created_ms, (extract(epoch FROM closed_at) * 1000)::float8 AS closed_ms,
         stage, is_closed, is_won, company_id, contact_ids FROM deals WHERE tenant_id = $1 ORDER BY seller_id, created_at, id`,
      [tenantId],
    ),
    db.query<{ id: string; kind: Customer['kind']; seller_id: string | null; created_ms: number; became_ms: number | null; potential: number | null; satisfaction: number | null }>(
      `SELECT id, kind, seller_id, (extract(epoch FROM created_at) * 1000)::float8 AS created_ms, (extract(epoch FROM became_customer_at) * 1000)::float8 AS became_ms,
         potential, satisfaction FROM customers WHERE tenant_id = $1 ORDER BY seller_id, created_at, id`,
      [tenantId],
    ),
    db.query<CheckInRow>(`${CHECK_IN_COLUMNS} WHERE tenant_id = $1 ORDER BY seller_id, at, id`, [tenantId]),
  ]);
  return {
    ...people,
    activities: activities.map(
      (a): Activity => ({
        tenantId,
        id: a.id,
        sellerId: a.seller_id,
        type: a.type,
        at: new Date(a.at_ms).toISOString(),
        durationMin: a.duration_min,
        outcome: a.outcome,
        direction: a.direction,
        contactId: a.contact_id,
        companyId: a.company_id,
        dealId: a.deal_id,
        logged: a.logged,
      }),
    ),
    deals: deals.map(
      (d): Deal => ({
        tenantId,
        id: d.id,
        sellerId: d.seller_id,
        amount: d.amount,
        currency: d.currency,
        createdAt: new Date(d.created_ms).toISOString(),
        closedAt: iso(d.closed_ms),
        stage: d.stage,
        isClosed: d.is_closed,
        isWon: d.is_won,
        companyId: d.company_id,
        contactIds: d.contact_ids,
      }),
    ),
    customers: customers.map(
      (c): Customer => ({
        tenantId,
        id: c.id,
        kind: c.kind,
        sellerId: c.seller_id,
        createdAt: new Date(c.created_ms).toISOString(),
        becameCustomerAt: iso(c.became_ms),
        potential: c.potential,
        satisfaction: c.satisfaction,
      }),
    ),
    checkIns: checkIns.map((r) => toCheckIn(tenantId, r)),
  };
}

export interface CheckInRow {
  seller_id: string;
  period_key: string;
  by_role: 'self' | 'manager';
  answers: Record<string, number>;
  note: string | null;
  at_ms: number;
  submitted_by: string | null;
}

export const CHECK_IN_COLUMNS =
  'SELECT seller_id, period_key, by_role, answers, note, (extract(epoch FROM at) * 1000)::float8 AS at_ms, submitted_by FROM check_ins';

export function toCheckIn(tenantId: string, r: CheckInRow): CheckIn {
  return { tenantId, sellerId: r.seller_id, periodKey: r.period_key, by: r.by_role, answers: r.answers, note: r.note, at: new Date(r.at_ms).toISOString() };
}

export async function countRecords(db: SqlExecutor, tenantId: string): Promise<Record<RecordKind, number>> {
  const rows = await db.query<{ kind: RecordKind; n: number }>(
    `SELECT 'teams' AS kind, count(*)::int AS n FROM teams WHERE tenant_id = $1
     UNION ALL SELECT 'sellers', count(*)::int FROM sellers WHERE tenant_id = $1
     UNION ALL SELECT 'activities', count(*)::int FROM activities WHERE tenant_id = $1
     UNION ALL SELECT 'deals', count(*)::int FROM deals WHERE tenant_id = $1
     UNION ALL SELECT 'customers', count(*)::int FROM customers WHERE tenant_id = $1
     UNION ALL SELECT 'checkIns', count(*)::int FROM check_ins WHERE tenant_id = $1`,
    [tenantId],
  );
  const out = { teams: 0, sellers: 0, activities: 0, deals: 0, customers: 0, checkIns: 0 };
  for (const r of rows) out[r.kind] = r.n;
  return out;
}

/** The activity column that names a record of each kind. */
const ACTIVITY_REF = { contact: 'contact_id', company: 'company_id', deal: 'deal_id' } as const;

export interface RecordContextRow {
  /** Whether the record itself is stored (activities may name a record that is not). */
  found: boolean;
  sellerId: string | null;
  /** The customer's potential (a deal: its company's) and its share of the owner's potential of that kind. */
  potential: number | null;
  potentialShare: number | null;
  satisfaction: number | null;
  deal: { amount: number | null; currency: string; stage: string; isClosed: boolean; isWon: boolean } | null;
  activities: Pick<Activity, 'id' | 'sellerId' | 'type' | 'at' | 'outcome'>[];
}

/**
 * One contact, company or deal for a record card: its owner, its potential and that potential's
 * share of the owner's book of customers of the same kind (a deal: of its company), and the
 * latest activities on it. A handful of indexed reads (migration 006).
 */
export async function loadRecordContext(db: SqlExecutor, tenantId: string, kind: keyof typeof ACTIVITY_REF, id: string, limit: number): Promise<RecordContextRow> {
  const activities = await db.query<{ id: string; seller_id: string; type: Activity['type']; at_ms: number; outcome: Activity['outcome'] }>(
    `SELECT id, seller_id, type, (extract(epoch FROM at) * 1000)::float8 AS at_ms, outcome FROM activities
     WHERE tenant_id = $1 AND ${ACTIVITY_REF[kind]} = $2 ORDER BY at DESC, id DESC LIMIT $3`,
    [tenantId, id, limit],
  );
  let found = false;
  let sellerId: string | null = null;
  let deal: RecordContextRow['deal'] = null;
  let customerId: string | null = kind === 'deal' ? null : id;
  if (kind === 'deal') {
    const rows = await db.query<{ seller_id: string; amount: number | null; currency: string; stage: string; is_closed: boolean; is_won: boolean; company_id: string | null }>(
      'SELECT seller_id, amount, currency, stage, is_closed, is_won, company_id FROM deals WHERE tenant_id = $1 AND id = $2 LIMIT 1',
      [tenantId, id],
    );
    const d = rows[0];
    if (d) {
      found = true;
      sellerId = d.seller_id;
      deal = { amount: d.amount, currency: d.currency, stage: d.stage, isClosed: d.is_closed, isWon: d.is_won };
      customerId = d.company_id;
    }
  }
  let potential: number | null = null;
  let potentialShare: number | null = null;
  let satisfaction: number | null = null;
  if (customerId !== null) {
    const customerKind = kind === 'deal' ? 'company' : kind;
    const rows = await db.query<{ seller_id: string | null; potential: number | null; satisfaction: number | null; book: number | null }>(
      `SELECT c.seller_id, c.potential, c.satisfaction,
         (SELECT sum(b.potential) FROM customers b WHERE b.tenant_id = $1 AND b.seller_id = c.seller_id AND b.kind = c.kind) AS book
       FROM customers c WHERE c.tenant_id = $1 AND c.id = $2 AND c.kind = $3 LIMIT 1`,
      [tenantId, customerId, customerKind],
    );
    const c = rows[0];
    if (c) {
      if (kind !== 'deal') {
        found = true;
        sellerId = c.seller_id;
      }
      potential = c.potential;
      satisfaction = c.satisfaction;
      // A share of nothing is no share: a book without any potential gives none.
      potentialShare = c.potential !== null && c.book !== null && c.book > 0 ? Math.min(1, c.potential / c.book) : null;
    }
  }
  return {
    found,
    sellerId,
    potential,
    potentialShare,
    satisfaction,
    deal,
    activities: activities.map((a) => ({ id: a.id, sellerId: a.seller_id, type: a.type, at: new Date(a.at_ms).toISOString(), outcome: a.outcome })),
  };
}
