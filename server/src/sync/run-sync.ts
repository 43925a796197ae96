import { hostname } from 'node:os';
import type { RecordKind } from '@balanced-scorecard/shared';
import type { CrmConnector } from '../connectors/crm-connector';
import { AppError } from '../errors/app-error';
import { BUILD_SLICE_ACTIVITIES, sliceByActivities } from '../store/record-store';
import type { Store } from '../store/store';

export interface SyncProgress {
  kind: RecordKind;
  pages: number;
  records: number;
  /** Records this run expects to read, when the connector can tell. */
  total: number | null;
}

export interface SyncResult {
  runId: string;
  pages: number;
  records: number;
}

export interface RunSyncOptions {
  tenantId: string;
  connector: CrmConnector;
  /** Who holds the tenant's sync lease: unique per process. */
  holder: string;
  leaseTtlMs?: number;
  onProgress?: (p: SyncProgress) => void;
  signal?: AbortSignal;
  /** The caller took the lease for this run already (and hands it over): it is not taken again. */
  leaseHeld?: boolean;
  /** Told of clean-up steps that failed after the run itself failed (they do not hide its error). */
  onCleanupError?: (error: unknown, step: string) => void;
}

/**
 * The sync loop (DESIGN §11): take the tenant's lease, read the cursors, then for each page save
 * the records and advance the cursor in one transaction. A crash loses nothing (the cursor only
 * moves with its page) and repeats nothing that matters (upserts are idempotent).
 */
export async function runSync(store: Store, options: RunSyncOptions): Promise<SyncResult> {
  const { tenantId, connector, holder } = options;
  const ttl = options.leaseTtlMs ?? 60_000;
  if (!options.leaseHeld && !(await acquireLease(store, tenantId, holder, ttl))) {
    throw new AppError('sync_in_progress', `A sync of tenant "${tenantId}" is already running`);
  }
  let runId: string;
  try {
    runId = await store.startSyncRun(tenantId, connector.name, holder);
  } catch (error) {
    await store.releaseSyncLease(tenantId, holder).catch((cleanup: unknown) => options.onCleanupError?.(cleanup, 'release the lease'));
    throw error;
  }
  let pages = 0;
  let records = 0;
  try {
    const ctx = { tenantId, cursors: await store.getCursors(tenantId, connector.name), ...(options.signal ? { signal: options.signal } : {}) };
    const total = connector.estimateTotal ? await connector.estimateTotal(ctx) : null;
    for await (const page of connector.pages(ctx)) {
      // Another process may take an expired lease; stop before writing rather than sync twice.
      if (!(await store.renewSyncLease(tenantId, holder, ttl))) throw new AppError('sync_in_progress', 'The sync lease was lost to another process');
      await store.savePage(tenantId, connector.name, page);
      pages++;
      records += page.records.length;
      options.onProgress?.({ kind: page.kind, pages, records, total });
    }
    const users = connector.users?.() ?? [];
    if (users.length > 0) {
      // The CRM names its users; admin rights given here (the installer) are never taken by a sync.
      const known = new Map((await store.listUsers(tenantId)).map((u) => [u.userId, u]));
      await store.upsertUsers(tenantId, users.map((u) => ({ ...u, isAdmin: u.isAdmin || (known.get(u.userId)?.isAdmin ?? false) })));
    }
    await store.finishSyncRun(tenantId, runId, { status: 'succeeded', pages, records });
    await buildStaleSnapshots(store, tenantId, options.signal);
    return { runId, pages, records };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await store.finishSyncRun(tenantId, runId, { status: 'failed', pages, records, error: message }).catch((cleanup: unknown) => options.onCleanupError?.(cleanup, 'record the failed run'));
    throw error;
  } finally {
    await store.releaseSyncLease(tenantId, holder).catch((cleanup: unknown) => options.onCleanupError?.(cleanup, 'release the lease'));
  }
}

/**
 * Takes the tenant's sync lease. A lease left by a process on this machine that no longer runs
 * (killed mid-sync) is taken over at once instead of waiting for it to expire.
 */
export async function acquireLease(store: Store, tenantId: string, holder: string, ttlMs: number): Promise<boolean> {
  if (await store.acquireSyncLease(tenantId, holder, ttlMs)) return true;
  const current = await store.getSyncLeaseHolder(tenantId);
  if (current === null) return store.acquireSyncLease(tenantId, holder, ttlMs);
  return isDeadLocalHolder(current) && store.takeOverSyncLease(tenantId, current, holder, ttlMs);
}

/** Holders are "host:pid:nonce"; only a holder on this host can be checked. */
function isDeadLocalHolder(holderId: string): boolean {
  const [host, pidText] = holderId.split(':');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Packs the records of every seller the sync touched into their snapshots (DESIGN §10), so the
 * next load of the tenant, in this or any replica, reads one row per seller. A write after this
 * marks a snapshot stale again; a stale one is also rebuilt by whoever loads it first.
 */
async function buildStaleSnapshots(store: Store, tenantId: string, signal?: AbortSignal): Promise<number> {
  const stale = (await store.listSnapshotSellers(tenantId)).filter((s) => !s.fresh);
  let built = 0;
  for (const slice of sliceByActivities(stale, BUILD_SLICE_ACTIVITIES)) {
    signal?.throwIfAborted();
    built += await store.buildSnapshots(tenantId, slice.map((s) => s.sellerId));
  }
  return built;
}
