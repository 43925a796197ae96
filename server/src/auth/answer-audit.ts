import type { AnswerRead, Store } from '../store/store';

/**
 * Audits reads of individual check-in answers (DESIGN §7): once per viewer, seller, period and
 * UTC day, with a count. The day's first read of a key is written before the answers are served;
 * the reads after it are counted in memory and added every `flushMs` (and on close), so a manager
 * paging through cards does not write a row per view.
 */
export interface AnswerAudit {
  record(tenantId: string, read: Omit<AnswerRead, 'at'>): Promise<void>;
  /** Writes the counted reads now. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export function createAnswerAudit(options: { store: Pick<Store, 'recordAnswerReads'>; now: () => Date; flushMs?: number; onError?: (error: unknown) => void }): AnswerAudit {
  const { store, now } = options;
  /** Keys written today, and reads counted since the last flush. */
  const written = new Set<string>();
  const pending = new Map<string, { tenantId: string; read: AnswerRead; reads: number }>();
  let writtenDay = '';
  let flushing: Promise<void> = Promise.resolve();

  const flush = (): Promise<void> => {
    const batch = [...pending.values()];
    pending.clear();
    flushing = flushing.then(async () => {
      for (const item of batch) {
        await store.recordAnswerReads(item.tenantId, item.read, item.reads).catch((error: unknown) => {
          options.onError?.(error);
          // Kept for the next flush: a count is never lost to a failed write.
          const key = keyOf(item.tenantId, item.read.at.slice(0, 10), item.read);
          const counted = pending.get(key);
          if (counted) counted.reads += item.reads;
          else pending.set(key, item);
        });
      }
    });
    return flushing;
  };
  const timer = setInterval(() => void flush(), options.flushMs ?? 5_000);
  timer.unref();

  return {
    async record(tenantId, read) {
      const at = now().toISOString();
      const day = at.slice(0, 10);
      if (day !== writtenDay) {
        written.clear();
        writtenDay = day;
      }
      const key = keyOf(tenantId, day, read);
      if (!written.has(key)) {
        // The first read of the day is on record before anything is shown.
        await store.recordAnswerReads(tenantId, { ...read, at }, 1);
        written.add(key);
        return;
      }
      const counted = pending.get(key);
      if (counted) {
        counted.reads++;
        counted.read.at = at;
      } else pending.set(key, { tenantId, read: { ...read, at }, reads: 1 });
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}

function keyOf(tenantId: string, day: string, read: Omit<AnswerRead, 'at'>): string {
  return JSON.stringify([tenantId, day, read.actorUserId, read.sellerId, read.periodKey]);
}
