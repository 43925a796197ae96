import type { Store } from '../store/store';

const WRITES = ['ensureTenant', 'setWillVisibility', 'upsertUsers', 'savePage', 'addCheckIn', 'saveDefinition'] as const satisfies readonly (keyof Store)[];

/** The store, telling `onWrite` after each write that changes a tenant's scorecards. */
export function invalidateOnWrite(store: Store, onWrite: (tenantId: string, write: (typeof WRITES)[number]) => void): Store {
  const wrapped: Store = { ...store };
  for (const name of WRITES) {
    const write = store[name] as (tenantId: string, ...rest: never[]) => Promise<unknown>;
    (wrapped as unknown as Record<string, unknown>)[name] = async (tenantId: string, ...rest: never[]) => {
      try {
        return await write(tenantId, ...rest);
      } finally {
        onWrite(tenantId, name);
      }
    };
  }
  return wrapped;
}
