import fs from 'node:fs';
import { hostname } from 'node:os';
import { AppError } from '../errors/app-error';

/**
 * An exclusive lock on the embedded store's folder. PGlite has no server to arbitrate: two
 * processes writing one folder destroy it. The lock is a file beside the folder naming the
 * holder; a holder that no longer runs (killed) leaves a stale lock, which the next process takes.
 */
export interface FolderLock {
  release(): void;
}

interface Holder {
  pid: number;
  host: string;
  since: string;
}

export function lockFolder(folder: string): FolderLock {
  const lockPath = `${folder}.lock`;
  const me: Holder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockPath, JSON.stringify(me), { flag: 'wx' });
      return {
        release() {
          const current = readHolder(lockPath);
          if (current?.pid === me.pid && current.host === me.host) fs.rmSync(lockPath, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(lockPath);
    if (holder && isRunning(holder)) {
      throw new AppError(
        'store_locked',
        `The embedded store in ${folder} is in use by process ${holder.pid} on ${holder.host} (since ${holder.since}). ` +
          'Stop that process first (for an import: stop the service, import, start it again), or use DATABASE_URL (PostgreSQL) to share a store between processes.',
      );
    }
    // Stale (its process is gone) or unreadable: remove it and try again.
    fs.rmSync(lockPath, { force: true });
  }
  throw new AppError('store_locked', `Could not lock the embedded store in ${folder}: another process keeps taking it`);
}

function readHolder(lockPath: string): Holder | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(lockPath, 'utf8')) as Partial<Holder>;
    return typeof parsed.pid === 'number' && typeof parsed.host === 'string' ? { pid: parsed.pid, host: parsed.host, since: String(parsed.since ?? '') } : null;
  } catch {
    return null;
  }
}

/** Whether the holder still runs. A holder on another host (a shared folder) cannot be checked: it counts as running. */
function isRunning(holder: Holder): boolean {
  if (holder.host !== hostname()) return true;
  if (holder.pid === process.pid) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
