import type { Store } from '../store/store';

/**
 * Every store method, classified: `scorecards` writes change what a tenant's scorecards are
 * computed from (the service must catch up), everything else does not. The record is exhaustive
 * over the Store interface, so a new method does not compile until it is classified here.
 */
const EFFECT = {
  migrate: 'none',
  ready: 'none',
  close: 'none',
  engine: 'none',
  ensureTenant: 'scorecards',
  getTenant: 'none',
  setWillVisibility: 'scorecards',
  setTenantName: 'scorecards',
  upsertUsers: 'scorecards',
  listUsers: 'none',
  setTeamManagers: 'scorecards',
  listTeamManagers: 'none',
  savePage: 'scorecards',
  getCursors: 'none',
  listSources: 'none',
  loadRecords: 'none',
  loadPeople: 'none',
  loadSellerColumns: 'none',
  loadCheckIns: 'none',
  // Snapshots are a packed copy of rows already counted in the data version.
  buildSnapshots: 'none',
  listSnapshotSellers: 'none',
  changesSince: 'none',
  countRecords: 'none',
  recordContext: 'none',
  acquireSyncLease: 'none',
  renewSyncLease: 'none',
  releaseSyncLease: 'none',
  getSyncLeaseHolder: 'none',
  takeOverSyncLease: 'none',
  startSyncRun: 'none',
  listInterruptedSyncs: 'none',
  finishSyncRun: 'none',
  listSyncRuns: 'none',
  addCheckIn: 'scorecards',
  listCheckIns: 'none',
  getDefinition: 'none',
  saveDefinition: 'scorecards',
  writeAudit: 'none',
  recordAnswerReads: 'none',
  listAnswerReads: 'none',
  listAudit: 'none',
} as const satisfies Record<keyof Store, 'scorecards' | 'none'>;

export type ScorecardWrite = { [K in keyof typeof EFFECT]: (typeof EFFECT)[K] extends 'scorecards' ? K : never }[keyof typeof EFFECT];

type TenantWrite = (tenantId: string, ...rest: never[]) => Promise<unknown>;

/** The store, telling `onWrite` after each write that changes a tenant's scorecards (whether it succeeded or not). */
export function invalidateOnWrite(store: Store, onWrite: (tenantId: string, write: ScorecardWrite) => void): Store {
  const wrapped: Store = { ...store };
  for (const name of Object.keys(EFFECT) as (keyof typeof EFFECT)[]) {
    if (EFFECT[name] !== 'scorecards') continue;
    const write = name as ScorecardWrite;
    // Every scorecard write takes the tenant id first (checked by the type below).
    const original: TenantWrite = store[write] satisfies (tenantId: string, ...rest: never[]) => Promise<unknown>;
    const replacement: TenantWrite = async (tenantId, ...rest) => {
      try {
        return await original(tenantId, ...rest);
      } finally {
        onWrite(tenantId, write);
      }
    };
    Object.assign(wrapped, { [write]: replacement });
  }
  return wrapped;
}
