import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { ConnectorRegistry } from '../connectors/registry';
import { AppError } from '../errors/app-error';
import type { Store } from '../store/store';
import { acquireLease, runSync, type SyncProgress, type SyncResult } from './run-sync';

export interface SyncService {
  /** Runs a sync of the tenant now and waits for it. */
  syncNow(tenantId: string, onProgress?: (p: SyncProgress) => void): Promise<SyncResult>;
  /** Starts a sync in the background; refuses when one is already running here or elsewhere. */
  trigger(tenantId: string): Promise<{ connector: string }>;
  /** Starts a sync for every tenant whose last run was interrupted (its process killed); answers which. */
  resumeInterrupted(): Promise<string[]>;
  isRunning(tenantId: string): boolean;
  connectorName(tenantId: string): string | null;
  /** Waits for background syncs (graceful shutdown). */
  drain(): Promise<void>;
}

export function createSyncService(deps: { store: Store; registry: ConnectorRegistry; logger: Logger; holder?: string }): SyncService {
  const holder = deps.holder ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const running = new Map<string, Promise<SyncResult>>();

  const connectorFor = (tenantId: string) => {
    const connector = deps.registry.forTenant(tenantId);
    if (!connector) throw new AppError('not_found', `Tenant "${tenantId}" has no CRM connection to sync`);
    return connector;
  };

  const start = (tenantId: string, onProgress?: (p: SyncProgress) => void, leaseHeld = false): Promise<SyncResult> => {
    if (running.has(tenantId)) throw new AppError('sync_in_progress', `A sync of tenant "${tenantId}" is already running`);
    const connector = connectorFor(tenantId);
    const onCleanupError = (err: unknown, step: string) => deps.logger.warn({ tenantId, err, step }, 'a sync clean-up step failed (the lease expires on its own)');
    const job = runSync(deps.store, { tenantId, connector, holder, leaseHeld, onCleanupError, ...(onProgress ? { onProgress } : {}) }).finally(() => running.delete(tenantId));
    running.set(tenantId, job);
    return job;
  };

  return {
    syncNow: async (tenantId, onProgress) => start(tenantId, onProgress),
    async trigger(tenantId) {
      const connector = connectorFor(tenantId);
      if (running.has(tenantId)) throw new AppError('sync_in_progress', `A sync of tenant "${tenantId}" is already running`);
      // The lease taken here, before answering, is the run's: no other replica can slip in between.
      if (!(await acquireLease(deps.store, tenantId, holder, 60_000))) {
        throw new AppError('sync_in_progress', `A sync of tenant "${tenantId}" is already running`);
      }
      const job = start(tenantId, undefined, true);
      job.then(
        (r) => deps.logger.info({ tenantId, ...r }, 'sync finished'),
        (error: unknown) => deps.logger.error({ tenantId, err: error }, 'sync failed'),
      );
      return { connector: connector.name };
    },
    async resumeInterrupted() {
      const resumed: string[] = [];
      for (const tenantId of await deps.store.listInterruptedSyncs()) {
        if (!deps.registry.forTenant(tenantId) || running.has(tenantId)) continue;
        try {
          await this.trigger(tenantId);
          resumed.push(tenantId);
        } catch (error) {
          // Another replica took it first: it resumes instead.
          if (!(error instanceof AppError && error.code === 'sync_in_progress')) throw error;
        }
      }
      if (resumed.length > 0) deps.logger.info({ tenants: resumed }, 'interrupted syncs resumed');
      return resumed;
    },
    isRunning: (tenantId) => running.has(tenantId),
    connectorName: (tenantId) => deps.registry.forTenant(tenantId)?.name ?? null,
    async drain() {
      await Promise.allSettled([...running.values()]);
    },
  };
}
