import { randomUUID } from 'node:crypto';
import {
  ScorecardDefinitionSchema,
  type CheckIn,
  type RecordKind,
  type RecordSet,
  type ScorecardDefinition,
  type SellerColumns,
} from '@balanced-scorecard/shared';
import {
  CHECK_IN_COLUMNS,
  countRecords,
  deleteRecords,
  isSellerRecordKind,
  buildSnapshots,
  listSnapshotSellers,
  loadPeople,
  loadRecords,
  loadSellerColumns,
  toCheckIn,
  touchSnapshots,
  ensureSnapshots,
  loadCheckIns,
  loadRecordContext,
  upsertRecords,
  type CheckInRow,
  type RecordContextRow,
  type SnapshotInfo,
} from './record-store';
import { AppError } from '../errors/app-error';
import { migrate, pendingMigrations } from './migrate';
import type { SqlClient, SqlExecutor } from './sql-client';

/**
 * The service's storage, one small async interface per concern. One implementation over SQL
 * serves PGlite and PostgreSQL alike; both pass test/integration/store/store-contract.ts.
 * Every method takes the tenant id first and every query filters by it.
 */

export interface Tenant {
  tenantId: string;
  name: string;
  willVisibility: 'manager' | 'aggregate';
  dataVersion: number;
}

export interface User {
  userId: string;
  name: string;
  email: string | null;
  isAdmin: boolean;
}

export interface SyncPageWrite<K extends RecordKind = RecordKind> {
  kind: K;
  records: readonly RecordSet[K][number][];
  /** Ids of records of this kind deleted in the CRM since the last page (not for check-ins, which are history). */
  deletedIds?: readonly string[];
  /** Where the connector resumes after this page. */
  cursor: string;
}

/**
 * One write to a tenant, at the data version it produced (DESIGN §10): replicas apply these in
 * order instead of reloading the tenant. `records`: the records of `sellerIds` changed; `checkIns`:
 * only their check-ins; `people`: sellers (`sellerIds`), teams or users changed; `definition`;
 * `settings` (privacy).
 */
export interface TenantChange {
  version: number;
  scope: 'records' | 'checkIns' | 'people' | 'definition' | 'settings';
  sellerIds: string[];
}

/** A user named in the settings as a manager of a team (beside the managers the CRM names per seller). */
export interface TeamManager {
  teamId: string;
  userId: string;
}

/** The people of a tenant: few rows, read whole whenever one of them changes. */
export interface TenantPeople extends Pick<RecordSet, 'teams' | 'sellers'> {
  users: User[];
  teamManagers: TeamManager[];
}

export interface SyncRun {
  runId: string;
  connector: string;
  status: 'running' | 'succeeded' | 'failed' | 'interrupted';
  startedAt: string;
  finishedAt: string | null;
  pages: number;
  records: number;
  error: string | null;
}

export interface AuditEntry {
  actorUserId: string;
  action: string;
  sellerId: string | null;
  detail: Record<string, unknown>;
  at?: string;
}

export interface AnswerRead {
  actorUserId: string;
  sellerId: string;
  periodKey: string;
  at: string;
}

/** One CRM record as a record card shows it: its owner, potential, and the latest activities on it. */
export interface RecordContext extends RecordContextRow {
  kind: 'contact' | 'company' | 'deal';
  id: string;
}

export interface StoredCheckIn extends CheckIn {
  submittedBy: string | null;
}

export interface Store {
  readonly engine: SqlClient['engine'];
  migrate(): Promise<string[]>;
  ready(): Promise<{ reachable: boolean; pendingMigrations: string[] }>;
  close(): Promise<void>;

  ensureTenant(tenantId: string, name: string): Promise<Tenant>;
  getTenant(tenantId: string): Promise<Tenant | null>;
  setWillVisibility(tenantId: string, visibility: Tenant['willVisibility']): Promise<void>;
  setTenantName(tenantId: string, name: string): Promise<void>;
  upsertUsers(tenantId: string, users: readonly User[]): Promise<void>;
  listUsers(tenantId: string): Promise<User[]>;
  /** Replaces the users named as managers of one team; audited as `actor`. */
  setTeamManagers(tenantId: string, teamId: string, userIds: readonly string[], actor: string): Promise<void>;
  listTeamManagers(tenantId: string): Promise<TeamManager[]>;

  /** Saves a page of records and advances the connector's cursor for that kind in one transaction. */
  savePage(tenantId: string, connector: string, page: SyncPageWrite): Promise<void>;
  getCursors(tenantId: string, connector: string): Promise<Partial<Record<RecordKind, string>>>;
  /** The connectors that ever synced or imported into the tenant ("demo", "file", a CRM's). */
  listSources(tenantId: string): Promise<string[]>;
  loadRecords(tenantId: string): Promise<RecordSet>;
  loadPeople(tenantId: string): Promise<TenantPeople>;
  /** The packed records of these sellers (stale snapshots are rebuilt on the way). */
  loadSellerColumns(tenantId: string, sellerIds: readonly string[]): Promise<SellerColumns[]>;
  /** The check-ins of these sellers, oldest first (a seller without any is absent). */
  loadCheckIns(tenantId: string, sellerIds: readonly string[]): Promise<Map<string, CheckIn[]>>;
  /** Builds the stale snapshots among these sellers from their rows; answers how many were written. */
  buildSnapshots(tenantId: string, sellerIds: readonly string[]): Promise<number>;
  /** Every seller who has (or had) records, or only those named, with whether their snapshot is fresh; fresh ones first. */
  listSnapshotSellers(tenantId: string, sellerIds?: readonly string[]): Promise<SnapshotInfo[]>;
  /**
   * The changes after `version`, oldest first, at most `limit`. `complete` is false when the log
   * no longer reaches back to `version` (it is pruned) or holds more than `limit`: reload instead.
   */
  changesSince(tenantId: string, version: number, limit: number): Promise<{ changes: TenantChange[]; complete: boolean }>;
  countRecords(tenantId: string): Promise<Record<RecordKind, number>>;
  /** A contact, company or deal and the latest `limit` activities on it. */
  recordContext(tenantId: string, kind: RecordContext['kind'], id: string, limit: number): Promise<RecordContext>;

  acquireSyncLease(tenantId: string, holder: string, ttlMs: number): Promise<boolean>;
  renewSyncLease(tenantId: string, holder: string, ttlMs: number): Promise<boolean>;
  releaseSyncLease(tenantId: string, holder: string): Promise<void>;
  getSyncLeaseHolder(tenantId: string): Promise<string | null>;
  /** Takes the lease from a holder known to be dead, only if it still holds it. */
  takeOverSyncLease(tenantId: string, deadHolder: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Starts a run held by `holder`; runs of the tenant still marked running (their holder gone) become interrupted. */
  startSyncRun(tenantId: string, connector: string, holder: string): Promise<string>;
  /** Tenants with a run marked running whose holder no longer holds a live lease: killed mid-sync, to resume. */
  listInterruptedSyncs(): Promise<string[]>;
  finishSyncRun(tenantId: string, runId: string, outcome: { status: 'succeeded' | 'failed'; pages: number; records: number; error?: string }): Promise<void>;
  listSyncRuns(tenantId: string, limit: number): Promise<SyncRun[]>;

  addCheckIn(tenantId: string, checkIn: CheckIn, submittedBy: string): Promise<void>;
  listCheckIns(tenantId: string, sellerId: string): Promise<StoredCheckIn[]>;

  getDefinition(tenantId: string): Promise<ScorecardDefinition | null>;
  /** Saves the next version after `baseVersion`; a concurrent save from the same base is a conflict. */
  saveDefinition(tenantId: string, definition: ScorecardDefinition, createdBy: string, baseVersion?: number): Promise<ScorecardDefinition>;

  writeAudit(tenantId: string, entry: AuditEntry, tx?: SqlExecutor): Promise<void>;
  /** Counts `reads` more reads of a seller's answers for a period by a viewer, on the day of `at` (UTC). */
  recordAnswerReads(tenantId: string, read: AnswerRead, reads: number): Promise<void>;
  /** The answer-read counts, newest day first. */
  listAnswerReads(tenantId: string, limit: number): Promise<(AnswerRead & { day: string; reads: number; firstAt: string; lastAt: string })[]>;
  listAudit(tenantId: string, limit: number): Promise<Required<AuditEntry>[]>;
}

/** How many changes each tenant keeps: a replica further behind than this reloads the tenant. */
const CHANGE_LOG_LENGTH = 10_000;

/**
 * Bumps the tenant's data version and logs what changed, in the writer's transaction. The row
 * lock on the tenant orders concurrent writers, so versions become visible in order.
 */
async function recordChange(tx: SqlExecutor, tenantId: string, scope: TenantChange['scope'], sellerIds: readonly string[] = []): Promise<void> {
  const rows = await tx.query<{ v: number }>('UPDATE tenants SET data_version = data_version + 1 WHERE tenant_id = $1 RETURNING data_version AS v', [tenantId]);
  const version = rows[0]?.v;
  if (version === undefined) return;
  if (scope === 'records') await touchSnapshots(tx, tenantId, sellerIds);
  // Check-ins are read beside the snapshot: the seller needs one (to be loaded), not a stale one.
  if (scope === 'checkIns') await ensureSnapshots(tx, tenantId, sellerIds);
  await tx.query('INSERT INTO tenant_changes (tenant_id, version, scope, seller_ids) VALUES ($1, $2, $3, $4::jsonb)', [tenantId, version, scope, JSON.stringify(sellerIds)]);
  if (version % 1000 === 0) await tx.query('DELETE FROM tenant_changes WHERE tenant_id = $1 AND version <= $2', [tenantId, version - CHANGE_LOG_LENGTH]);
}

export function createStore(db: SqlClient): Store {
  const tenantRow = (r: { tenant_id: string; name: string; will_visibility: Tenant['willVisibility']; data_version: number }): Tenant => ({
    tenantId: r.tenant_id,
    name: r.name,
    willVisibility: r.will_visibility,
    dataVersion: Number(r.data_version),
  });
  const isoOf = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

  const store: Store = {
    engine: db.engine,
    migrate: () => migrate(db),
    async ready() {
      try {
        await db.query('SELECT 1');
        return { reachable: true, pendingMigrations: await pendingMigrations(db) };
      } catch {
        return { reachable: false, pendingMigrations: [] };
      }
    },
    close: () => db.close(),

    async ensureTenant(tenantId, name) {
      await db.query('INSERT INTO tenants (tenant_id, name) VALUES ($1, $2) ON CONFLICT (tenant_id) DO NOTHING', [tenantId, name]);
      return (await store.getTenant(tenantId))!;
    },
    async getTenant(tenantId) {
      const rows = await db.query<Parameters<typeof tenantRow>[0]>('SELECT tenant_id, name, will_visibility, data_version FROM tenants WHERE tenant_id = $1', [tenantId]);
      return rows[0] ? tenantRow(rows[0]) : null;
    },
    async setWillVisibility(tenantId, visibility) {
      // A change: cached scorecards and access rules must see the new privacy at once.
      await db.transaction(async (tx) => {
        await tx.query('UPDATE tenants SET will_visibility = $2 WHERE tenant_id = $1', [tenantId, visibility]);
        await recordChange(tx, tenantId, 'settings');
      });
    },
    async setTenantName(tenantId, name) {
      await db.transaction(async (tx) => {
        await tx.query('UPDATE tenants SET name = $2 WHERE tenant_id = $1', [tenantId, name]);
        await recordChange(tx, tenantId, 'settings');
      });
    },
    async upsertUsers(tenantId, users) {
      if (users.length === 0) return;
      await db.transaction(async (tx) => {
        await tx.query(
        `INSERT INTO users (tenant_id, user_id, name, email, is_admin)
         SELECT $1, r."userId", r.name, r.email, r."isAdmin" FROM jsonb_to_recordset($2::jsonb) AS r("userId" text, name text, email text, "isAdmin" boolean)
         ON CONFLICT (tenant_id, user_id) DO UPDATE SET name = excluded.name, email = excluded.email, is_admin = excluded.is_admin`,
          [tenantId, JSON.stringify(users)],
        );
        await recordChange(tx, tenantId, 'people');
      });
    },
    async listUsers(tenantId) {
      const rows = await db.query<{ user_id: string; name: string; email: string | null; is_admin: boolean }>(
        'SELECT user_id, name, email, is_admin FROM users WHERE tenant_id = $1 ORDER BY name, user_id',
        [tenantId],
      );
      return rows.map((r) => ({ userId: r.user_id, name: r.name, email: r.email, isAdmin: r.is_admin }));
    },

    async savePage(tenantId, connector, page) {
      await db.transaction(async (tx) => {
        const upserted = await upsertRecords(tx, tenantId, connector, page.kind, page.records);
        const deleted = page.kind === 'checkIns' ? { count: 0, sellerIds: [] } : await deleteRecords(tx, tenantId, connector, page.kind, page.deletedIds ?? []);
        const n = upserted.count + deleted.count;
        await tx.query(
          `INSERT INTO sync_cursors (tenant_id, connector, kind, cursor, records, updated_at) VALUES ($1, $2, $3, $4, $5, now())
           ON CONFLICT (tenant_id, connector, kind) DO UPDATE SET cursor = excluded.cursor, records = sync_cursors.records + excluded.records, updated_at = now()`,
          [tenantId, connector, page.kind, page.cursor, upserted.count],
        );
        const sellerIds = [...new Set([...upserted.sellerIds, ...deleted.sellerIds])];
        if (n > 0) await recordChange(tx, tenantId, page.kind === 'checkIns' ? 'checkIns' : isSellerRecordKind(page.kind) ? 'records' : 'people', sellerIds);
      });
    },
    async getCursors(tenantId, connector) {
      const rows = await db.query<{ kind: RecordKind; cursor: string }>('SELECT kind, cursor FROM sync_cursors WHERE tenant_id = $1 AND connector = $2', [tenantId, connector]);
      return Object.fromEntries(rows.map((r) => [r.kind, r.cursor]));
    },
    async listSources(tenantId) {
      const rows = await db.query<{ connector: string }>(
        'SELECT connector FROM sync_cursors WHERE tenant_id = $1 UNION SELECT connector FROM sync_runs WHERE tenant_id = $1 ORDER BY connector',
        [tenantId],
      );
      return rows.map((r) => r.connector);
    },
    loadRecords: (tenantId) => loadRecords(db, tenantId),
    async setTeamManagers(tenantId, teamId, userIds, actor) {
      await db.transaction(async (tx) => {
        await tx.query('DELETE FROM team_managers WHERE tenant_id = $1 AND team_id = $2', [tenantId, teamId]);
        if (userIds.length > 0) {
          await tx.query('INSERT INTO team_managers (tenant_id, team_id, user_id) SELECT $1, $2, u FROM jsonb_array_elements_text($3::jsonb) AS u ON CONFLICT DO NOTHING', [
            tenantId,
            teamId,
            JSON.stringify(userIds),
          ]);
        }
        await recordChange(tx, tenantId, 'people');
        await store.writeAudit(tenantId, { actorUserId: actor, action: 'team_managers.set', sellerId: null, detail: { teamId, userIds: [...userIds] } }, tx);
      });
    },
    async listTeamManagers(tenantId) {
      const rows = await db.query<{ team_id: string; user_id: string }>('SELECT team_id, user_id FROM team_managers WHERE tenant_id = $1 ORDER BY team_id, user_id', [tenantId]);
      return rows.map((r) => ({ teamId: r.team_id, userId: r.user_id }));
    },
    async loadPeople(tenantId) {
      const [people, users, teamManagers] = await Promise.all([loadPeople(db, tenantId), store.listUsers(tenantId), store.listTeamManagers(tenantId)]);
      return { ...people, users, teamManagers };
    },
    loadSellerColumns: (tenantId, sellerIds) => loadSellerColumns(db, tenantId, sellerIds),
    loadCheckIns: (tenantId, sellerIds) => loadCheckIns(db, tenantId, sellerIds),
    listSnapshotSellers: (tenantId, sellerIds) => listSnapshotSellers(db, tenantId, sellerIds),
    buildSnapshots: (tenantId, sellerIds) => buildSnapshots(db, tenantId, sellerIds),
    async changesSince(tenantId, version, limit) {
      const rows = await db.query<{ version: number; scope: TenantChange['scope']; seller_ids: string[] }>(
        'SELECT version, scope, seller_ids FROM tenant_changes WHERE tenant_id = $1 AND version > $2 ORDER BY version LIMIT $3',
        [tenantId, version, limit + 1],
      );
      const changes = rows.slice(0, limit).map((r) => ({ version: Number(r.version), scope: r.scope, sellerIds: r.seller_ids }));
      const complete = rows.length <= limit && (changes.length === 0 || changes[0]!.version === version + 1);
      return { changes, complete };
    },
    countRecords: (tenantId) => countRecords(db, tenantId),
    recordContext: async (tenantId, kind, id, limit) => ({ kind, id, ...(await loadRecordContext(db, tenantId, kind, id, limit)) }),

    async acquireSyncLease(tenantId, holder, ttlMs) {
      // Takes a free or expired lease atomically; the row lock makes two replicas race safely.
      const rows = await db.query<{ holder: string }>(
        `INSERT INTO sync_leases (tenant_id, holder, expires_at) VALUES ($1, $2, now() + ($3::float8 * interval '1 millisecond'))
         ON CONFLICT (tenant_id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
           WHERE sync_leases.expires_at < now() OR sync_leases.holder = excluded.holder
         RETURNING holder`,
        [tenantId, holder, ttlMs],
      );
      return rows.length === 1;
    },
    async renewSyncLease(tenantId, holder, ttlMs) {
      const rows = await db.query(
        `UPDATE sync_leases SET expires_at = now() + ($3::float8 * interval '1 millisecond') WHERE tenant_id = $1 AND holder = $2 RETURNING holder`,
        [tenantId, holder, ttlMs],
      );
      return rows.length === 1;
    },
    async releaseSyncLease(tenantId, holder) {
      await db.query('DELETE FROM sync_leases WHERE tenant_id = $1 AND holder = $2', [tenantId, holder]);
    },
    async getSyncLeaseHolder(tenantId) {
      const rows = await db.query<{ holder: string }>('SELECT holder FROM sync_leases WHERE tenant_id = $1 AND expires_at >= now()', [tenantId]);
      return rows[0]?.holder ?? null;
    },
    async takeOverSyncLease(tenantId, deadHolder, holder, ttlMs) {
      const rows = await db.query(
        `UPDATE sync_leases SET holder = $3, expires_at = now() + ($4::float8 * interval '1 millisecond') WHERE tenant_id = $1 AND holder = $2 RETURNING holder`,
        [tenantId, deadHolder, holder, ttlMs],
      );
      return rows.length === 1;
    },
    async startSyncRun(tenantId, connector, holder) {
      const runId = randomUUID();
      await db.transaction(async (tx) => {
        // Whoever starts a run holds the lease: any other run still marked running has lost it.
        await tx.query(`UPDATE sync_runs SET status = 'interrupted', finished_at = now() WHERE tenant_id = $1 AND status = 'running'`, [tenantId]);
        await tx.query(`INSERT INTO sync_runs (tenant_id, run_id, connector, status, started_at, holder) VALUES ($1, $2, $3, 'running', now(), $4)`, [tenantId, runId, connector, holder]);
      });
      return runId;
    },
    async listInterruptedSyncs() {
      const rows = await db.query<{ tenant_id: string }>(
        `SELECT DISTINCT r.tenant_id FROM sync_runs r
         WHERE r.status = 'running' AND NOT EXISTS (SELECT 1 FROM sync_leases l WHERE l.tenant_id = r.tenant_id AND l.holder = r.holder AND l.expires_at >= now())
         ORDER BY r.tenant_id`,
      );
      return rows.map((r) => r.tenant_id);
    },
    async finishSyncRun(tenantId, runId, outcome) {
      await db.query(
        'UPDATE sync_runs SET status = $3, finished_at = now(), pages = $4, records = $5, error = $6 WHERE tenant_id = $1 AND run_id = $2',
        [tenantId, runId, outcome.status, outcome.pages, outcome.records, outcome.error ?? null],
      );
    },
    async listSyncRuns(tenantId, limit) {
      const rows = await db.query<{ run_id: string; connector: string; status: SyncRun['status']; started_ms: number; finished_ms: number | null; pages: number; records: number; error: string | null }>(
        // A run marked running whose holder's lease is gone or expired was interrupted.
        `SELECT run_id, connector,
           CASE WHEN r.status = 'running' AND NOT EXISTS (SELECT 1 FROM sync_leases l WHERE l.tenant_id = r.tenant_id AND l.holder = r.holder AND l.expires_at >= now())
             THEN 'interrupted' ELSE r.status END AS status,
           (extract(epoch FROM started_at) * 1000)::float8 AS started_ms, (extract(epoch FROM finished_at) * 1000)::float8 AS finished_ms,
           pages, records, error FROM sync_runs r WHERE tenant_id = $1 ORDER BY started_at DESC, run_id LIMIT $2`,
        [tenantId, limit],
      );
      return rows.map((r) => ({
        runId: r.run_id,
        connector: r.connector,
        status: r.status,
        startedAt: new Date(r.started_ms).toISOString(),
        finishedAt: isoOf(r.finished_ms),
        pages: r.pages,
        records: Number(r.records),
        error: r.error,
      }));
    },

    async addCheckIn(tenantId, checkIn, submittedBy) {
      await db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO check_ins (tenant_id, seller_id, period_key, by_role, answers, note, at, source, submitted_by)
           VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7::timestamptz, 'service', $8)`,
          [tenantId, checkIn.sellerId, checkIn.periodKey, checkIn.by, JSON.stringify(checkIn.answers), checkIn.note, checkIn.at, submittedBy],
        );
        await recordChange(tx, tenantId, 'checkIns', [checkIn.sellerId]);
      });
    },
    async listCheckIns(tenantId, sellerId) {
      const rows = await db.query<CheckInRow>(`${CHECK_IN_COLUMNS} WHERE tenant_id = $1 AND seller_id = $2 ORDER BY at DESC, id DESC`, [tenantId, sellerId]);
      return rows.map((r) => ({ ...toCheckIn(tenantId, r), submittedBy: r.submitted_by }));
    },

    async getDefinition(tenantId) {
      const rows = await db.query<{ definition: unknown }>('SELECT definition FROM definitions WHERE tenant_id = $1 ORDER BY version DESC LIMIT 1', [tenantId]);
      return rows[0] ? ScorecardDefinitionSchema.parse(rows[0].definition) : null;
    },
    async saveDefinition(tenantId, definition, createdBy, baseVersion) {
      return db.transaction(async (tx) => {
        const rows = await tx.query<{ v: number }>('SELECT coalesce(max(version), 0)::int AS v FROM definitions WHERE tenant_id = $1', [tenantId]);
        const latest = rows[0]?.v ?? 0;
        // Without stored versions the tenant runs on the template's own version number.
        const current = latest === 0 ? Math.max(0, baseVersion ?? 0) : latest;
        if (baseVersion !== undefined && baseVersion !== current) {
          throw new AppError('conflict', `The definition changed (now version ${current}); reload and apply your edit again`);
        }
        const saved = { ...definition, version: current + 1 };
        const inserted = await tx.query(
          'INSERT INTO definitions (tenant_id, version, definition, created_by) VALUES ($1, $2, $3::jsonb, $4) ON CONFLICT (tenant_id, version) DO NOTHING RETURNING version',
          [tenantId, saved.version, JSON.stringify(saved), createdBy],
        );
        if (inserted.length === 0) throw new AppError('conflict', 'Someone saved the definition at the same time; reload and apply your edit again');
        await recordChange(tx, tenantId, 'definition');
        return saved;
      });
    },

    async writeAudit(tenantId, entry, tx) {
      await (tx ?? db).query('INSERT INTO audit_log (tenant_id, actor_user_id, action, seller_id, detail) VALUES ($1, $2, $3, $4, $5::jsonb)', [
        tenantId,
        entry.actorUserId,
        entry.action,
        entry.sellerId,
        JSON.stringify(entry.detail),
      ]);
    },
    async recordAnswerReads(tenantId, read, reads) {
      await db.query(
        `INSERT INTO answer_reads (tenant_id, day, actor_user_id, seller_id, period_key, reads, first_at, last_at)
         VALUES ($1, ($2::timestamptz AT TIME ZONE 'UTC')::date, $3, $4, $5, $6, $2::timestamptz, $2::timestamptz)
         ON CONFLICT (tenant_id, day, actor_user_id, seller_id, period_key)
         DO UPDATE SET reads = answer_reads.reads + excluded.reads, last_at = greatest(answer_reads.last_at, excluded.last_at)`,
        [tenantId, read.at, read.actorUserId, read.sellerId, read.periodKey, reads],
      );
    },
    async listAnswerReads(tenantId, limit) {
      const rows = await db.query<{ day: string; actor_user_id: string; seller_id: string; period_key: string; reads: number; first_ms: number; last_ms: number }>(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, actor_user_id, seller_id, period_key, reads, (extract(epoch FROM first_at) * 1000)::float8 AS first_ms, (extract(epoch FROM last_at) * 1000)::float8 AS last_ms
         FROM answer_reads WHERE tenant_id = $1 ORDER BY day DESC, last_at DESC LIMIT $2`,
        [tenantId, limit],
      );
      return rows.map((r) => ({
        day: r.day,
        actorUserId: r.actor_user_id,
        sellerId: r.seller_id,
        periodKey: r.period_key,
        reads: r.reads,
        at: new Date(r.last_ms).toISOString(),
        firstAt: new Date(r.first_ms).toISOString(),
        lastAt: new Date(r.last_ms).toISOString(),
      }));
    },
    async listAudit(tenantId, limit) {
      const rows = await db.query<{ actor_user_id: string; action: string; seller_id: string | null; detail: Record<string, unknown>; at_ms: number }>(
        `SELECT actor_user_id, action, seller_id, detail, (extract(epoch FROM at) * 1000)::float8 AS at_ms FROM audit_log WHERE tenant_id = $1 ORDER BY id DESC LIMIT $2`,
        [tenantId, limit],
      );
      return rows.map((r) => ({ actorUserId: r.actor_user_id, action: r.action, sellerId: r.seller_id, detail: r.detail, at: new Date(r.at_ms).toISOString() }));
    },
  };
  return store;
}
