import type { Store, Tenant } from '../store/store';

/**
 * How the scorecard service learns a tenant's data version before it answers.
 *
 * - `shared`: several replicas may write (PostgreSQL). Every request reads the version with a
 *   query that started after the request arrived, so a write committed anywhere before it is
 *   seen. Requests that arrive while a read is under way share the next one: one primary-key
 *   lookup per round trip, however many requests wait.
 * - `local`: this process is the only writer (the embedded store, which one process holds).
 *   The version read is kept until this process writes (`invalidate`), and re-read after `ttlMs`.
 */
export type VersionCheck = { mode: 'shared' } | { mode: 'local'; ttlMs: number };

export interface VersionReader {
  read(tenantId: string): Promise<Tenant | null>;
  invalidate(tenantId: string): void;
}

export function createVersionReader(store: Pick<Store, 'getTenant'>, check: VersionCheck): VersionReader {
  return check.mode === 'shared' ? coalescedReader(store) : cachedReader(store, check.ttlMs);
}

function coalescedReader(store: Pick<Store, 'getTenant'>): VersionReader {
  const running = new Map<string, Promise<Tenant | null>>();
  const queued = new Map<string, Promise<Tenant | null>>();
  const start = (tenantId: string): Promise<Tenant | null> => {
    const read = store.getTenant(tenantId);
    running.set(tenantId, read);
    const done = () => {
      if (running.get(tenantId) === read) running.delete(tenantId);
    };
    read.then(done, done);
    return read;
  };
  return {
    read(tenantId) {
      const current = running.get(tenantId);
      if (!current) return start(tenantId);
      // The read under way may have started before this request: wait for the next one.
      let next = queued.get(tenantId);
      if (!next) {
        next = current
          .catch(() => null)
          .then(() => {
            queued.delete(tenantId);
            return start(tenantId);
          });
        queued.set(tenantId, next);
      }
      return next;
    },
    invalidate() {
      // Every read is fresh already.
    },
  };
}

function cachedReader(store: Pick<Store, 'getTenant'>, ttlMs: number): VersionReader {
  const seen = new Map<string, { at: number; tenant: Promise<Tenant | null> }>();
  return {
    read(tenantId) {
      const now = performance.now();
      const hit = seen.get(tenantId);
      if (hit && now - hit.at < ttlMs) return hit.tenant;
      const tenant = store.getTenant(tenantId);
      seen.set(tenantId, { at: now, tenant });
      // A failed read is not kept; unknown tenants are not kept either, so ids cannot grow the map.
      tenant.then(
        (t) => {
          if (t === null && seen.get(tenantId)?.tenant === tenant) seen.delete(tenantId);
        },
        () => {
          if (seen.get(tenantId)?.tenant === tenant) seen.delete(tenantId);
        },
      );
      return tenant;
    },
    invalidate(tenantId) {
      seen.delete(tenantId);
    },
  };
}
