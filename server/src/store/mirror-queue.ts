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
