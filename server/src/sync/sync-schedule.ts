import type { Logger } from 'pino';
import { AppError } from '../errors/app-error';
import type { CrmName, InstallationStore } from '../store/installations';
import type { Store } from '../store/store';
import type { AnswerMirror } from '../hubspot/answer-mirror';
import type { SyncService } from './sync-service';

/**
 * Syncs every installed account incrementally on a schedule (DESIGN §11): each tick, an account
 * whose last run started longer than the interval ago is synced. Every replica ticks; the sync
 * lease (run-sync.ts) lets exactly one of them run a given account at a time, the others skip it.
 */
export interface SyncSchedule {
  /** One pass over the installed accounts: answers the tenants whose sync this replica started. */
  tick(): Promise<string[]>;
  /** Mirrors the tenant's pending check-in answers now, in the background (after a submit). */
  mirrorSoon(tenantId: string): void;
  /** When the account's next scheduled sync is due, or null when it is not scheduled (not installed). */
  nextRunAt(tenantId: string): Promise<Date | null>;
  start(): void;
  stop(): void;
}

/** Kinds in the order their records are removed: what refers to sellers first, sellers and teams last. */
const PURGE_ORDER = ['activities', 'deals', 'customers', 'sellers', 'teams'] as const;
const PURGE_PAGE = 5000;

/**
 * Removes every record a CRM synced into the tenant, through the sync's own page writes (so the
 * change log and snapshots follow), and resets its cursors: a re-install syncs from the start.
 * Check-ins are the tenant's own history and stay.
 */
export async function purgeCrmData(store: Store, tenantId: string, source: string): Promise<number> {
  const records = await store.loadRecords(tenantId);
  let removed = 0;
  for (const kind of PURGE_ORDER) {
    const ids = (records[kind] as readonly { id: string }[]).map((r) => r.id);
    for (let i = 0; i < ids.length || i === 0; i += PURGE_PAGE) {
      const deletedIds = ids.slice(i, i + PURGE_PAGE);
      await store.savePage(tenantId, source, { kind, records: [], deletedIds, cursor: 'purged' });
      removed += deletedIds.length;
    }
  }
  return removed;
}

export function createSyncSchedule(deps: { store: Store; installations: InstallationStore; sync: SyncService; crm: CrmName; intervalMs: number; now: () => Date; logger: Logger; tickMs?: number; mirror?: AnswerMirror }): SyncSchedule {
  const mirror = async (tenantId: string) => {
    try {
      await deps.mirror?.run(tenantId);
    } catch (error) {
      // The answers stay marked unmirrored: the next pass tries again.
      deps.logger.warn({ tenantId, err: error }, 'check-in answers could not be mirrored to the CRM yet');
    }
  };
  let timer: NodeJS.Timeout | null = null;
  let ticking: Promise<string[]> | null = null;
  const lastStart = async (tenantId: string): Promise<number | null> => {
    const [latest] = await deps.store.listSyncRuns(tenantId, 1);
    return latest ? Date.parse(latest.startedAt) : null;
  };
  const schedule: SyncSchedule = {
    async tick() {
      const started: string[] = [];
      for (const installation of await deps.installations.listInstalled(deps.crm)) {
        const { tenantId } = installation;
        await mirror(tenantId);
        if (deps.sync.isRunning(tenantId)) continue;
        const last = await lastStart(tenantId);
        if (last !== null && deps.now().getTime() - last < deps.intervalMs) continue;
        try {
          await deps.sync.trigger(tenantId);
          started.push(tenantId);
        } catch (error) {
          // Another replica holds the lease: it syncs this account now.
          if (!(error instanceof AppError && error.code === 'sync_in_progress')) deps.logger.error({ tenantId, err: error }, 'a scheduled sync did not start');
        }
      }
      for (const due of await deps.installations.listDueForPurge(deps.now())) {
        if (due.crm !== deps.crm) continue;
        try {
          const removed = await purgeCrmData(deps.store, due.tenantId, deps.crm);
          await deps.installations.markPurged(due.tenantId, deps.crm);
          deps.logger.info({ tenantId: due.tenantId, removed }, 'the CRM data of an uninstalled account was purged after its grace period');
        } catch (error) {
          deps.logger.error({ tenantId: due.tenantId, err: error }, 'the CRM data of an uninstalled account could not be purged (tried again next time)');
        }
      }
      return started;
    },
    mirrorSoon(tenantId) {
      void mirror(tenantId);
    },
    async nextRunAt(tenantId) {
      const installation = await deps.installations.get(tenantId, deps.crm);
      if (installation?.status !== 'installed') return null;
      const last = await lastStart(tenantId);
      return new Date(last === null ? deps.now().getTime() : last + deps.intervalMs);
    },
    start() {
      if (timer) return;
      timer = setInterval(() => {
        if (ticking) return;
        ticking = schedule.tick().finally(() => {
          ticking = null;
        });
        ticking.catch((err: unknown) => deps.logger.error({ err }, 'the sync schedule could not read the installed accounts'));
      }, deps.tickMs ?? 30_000);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
  return schedule;
}
