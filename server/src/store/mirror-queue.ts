import type { SqlClient } from './sql-client';

/**
 * Check-in answers waiting to be mirrored to a CRM (DESIGN §7). The check-in is the queue: one
 * not mirrored yet has no `mirrored_at` (migration 007), so nothing is lost when a mirror fails.
 */
export interface PendingMirror {
  id: number;
  sellerId: string;
  /** The seller's CRM user, or null when they are none. */
  userId: string | null;
  periodKey: string;
  answers: Record<string, number>;
}

export interface MirrorQueue {
  /** Each seller's latest unmirrored self check-in, at most `limit` sellers. */
  pending(tenantId: string, limit: number): Promise<PendingMirror[]>;
  /** The seller's self check-ins up to this one are done (older ones are superseded by it). */
  done(tenantId: string, mirror: PendingMirror): Promise<void>;
}

export function createMirrorQueue(db: SqlClient): MirrorQueue {
  return {
    async pending(tenantId, limit) {
      const rows = await db.query<{ id: number; seller_id: string; user_id: string | null; period_key: string; answers: Record<string, number> }>(
        `SELECT DISTINCT ON (c.seller_id) c.id, c.seller_id, s.user_id, c.period_key, c.answers
         FROM check_ins c LEFT JOIN sellers s ON s.tenant_id = c.tenant_id AND s.id = c.seller_id
         WHERE c.tenant_id = $1 AND c.by_role = 'self' AND c.mirrored_at IS NULL
         ORDER BY c.seller_id, c.at DESC, c.id DESC LIMIT $2`,
        [tenantId, limit],
      );
      return rows.map((r) => ({ id: r.id, sellerId: r.seller_id, userId: r.user_id, periodKey: r.period_key, answers: r.answers }));
    },
    async done(tenantId, mirror) {
      await db.query(`UPDATE check_ins SET mirrored_at = now() WHERE tenant_id = $1 AND seller_id = $2 AND by_role = 'self' AND id <= $3 AND mirrored_at IS NULL`, [tenantId, mirror.sellerId, mirror.id]);
    },
  };
}

const MIRROR_BATCH = 50;

/**
 * Drains a tenant's queue through `write` (true: written to the CRM; false: the seller has
 * nowhere to be mirrored), each entry marked done after it; answers how many were written.
 */
export async function drainMirrorQueue(queue: MirrorQueue, tenantId: string, write: (mirror: PendingMirror) => Promise<boolean>): Promise<number> {
  let written = 0;
  for (;;) {
    const pending = await queue.pending(tenantId, MIRROR_BATCH);
    if (pending.length === 0) return written;
    for (const p of pending) {
      if (await write(p)) written++;
      await queue.done(tenantId, p);
    }
  }
}

/** One pass per tenant at a time: a caller while one runs shares it. */
export function onePassPerTenant(pass: (tenantId: string) => Promise<number>): (tenantId: string) => Promise<number> {
  const running = new Map<string, Promise<number>>();
  return (tenantId) => {
    const inFlight = running.get(tenantId);
    if (inFlight) return inFlight;
    const job = pass(tenantId).finally(() => running.delete(tenantId));
    running.set(tenantId, job);
    return job;
  };
}
