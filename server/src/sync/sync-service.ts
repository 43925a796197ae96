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

  const start = (tenantId: string, onProgress?: (p: SyncProgress) => void): Promise<SyncResult> => {
    if (running.has(tenantId)) throw new AppError('sync_in_progress', `A sync of tenant "${tenantId}" is already running`);
    const connector = connectorFor(tenantId);
    const job = runSync(deps.store, { tenantId, connector, holder, ...(onProgress ? { onProgress } : {}) }).finally(() => running.delete(tenantId));
    running.set(tenantId, job);
    return job;
  };

  return {
    syncNow: async (tenantId, onProgress) => start(tenantId, onProgress),
    async trigger(tenantId) {
      const connector = connectorFor(tenantId);
      // Check the lease up front so the caller hears "already running" from another replica too.
      if (!running.has(tenantId) && !(await acquireLease(deps.store, tenantId, holder, 60_000))) {
        throw new AppError('sync_in_progress', `A sync of tenant "${tenantId}" is already running`);
      }
      await deps.store.releaseSyncLease(tenantId, holder);
      const job = start(tenantId);
      job.then(
        (r) => deps.logger.info({ tenantId, ...r }, 'sync finished'),
        (error: unknown) => deps.logger.error({ tenantId, err: error }, 'sync failed'),
      );
      return { connector: connector.name };
    },
    isRunning: (tenantId) => running.has(tenantId),
    connectorName: (tenantId) => deps.registry.forTenant(tenantId)?.name ?? null,
    async drain() {
      await Promise.allSettled([...running.values()]);
    },
  };
}
