import type { CheckInItem } from '@balanced-scorecard/shared';
import type { Logger } from 'pino';
import type { InstallationStore } from '../store/installations';
import type { SqlClient } from '../store/sql-client';
import type { HubSpotHttp } from './hubspot-http';
import { createUserProperties, userRecordId, writeAnswers } from './user-properties';

/**
 * Mirrors each seller's latest self check-in to their HubSpot user's properties (DESIGN §7).
 * The check-in itself is the queue: one that is not mirrored yet carries no `mirrored_at`, so a
 * mirror that fails (HubSpot down, the process stopped) is tried again on the next pass, and
 * nothing is lost. An older unmirrored check-in of the same seller is superseded by the newer one.
 */
export interface AnswerMirror {
  /** Creates the properties if not tried yet, then writes what is pending; answers how many were written. */
  run(tenantId: string): Promise<number>;
}

interface Pending {
  id: number;
  seller_id: string;
  user_id: string | null;
  period_key: string;
  answers: Record<string, number>;
}

const BATCH = 50;

export function createAnswerMirror(deps: { db: SqlClient; installations: InstallationStore; httpFor: (tenantId: string) => Pick<HubSpotHttp, 'request'>; items: (tenantId: string) => Promise<readonly CheckInItem[]>; logger: Logger }): AnswerMirror {
  const running = new Map<string, Promise<number>>();
  const markMirrored = (tenantId: string, p: Pending) =>
    deps.db.query(`UPDATE check_ins SET mirrored_at = now() WHERE tenant_id = $1 AND seller_id = $2 AND by_role = 'self' AND id <= $3 AND mirrored_at IS NULL`, [tenantId, p.seller_id, p.id]);

  const pass = async (tenantId: string): Promise<number> => {
    const installation = await deps.installations.get(tenantId, 'hubspot');
    if (installation?.status !== 'installed') return 0;
    const http = deps.httpFor(tenantId);
    if (installation.properties === 'pending') {
      const setup = await createUserProperties(http, await deps.items(tenantId));
      await deps.installations.setPropertySetup(tenantId, 'hubspot', setup);
      if (setup.state === 'refused') deps.logger.warn({ tenantId, reason: setup.reason }, 'check-in answers stay in the service: HubSpot refused the user properties');
      if (setup.state !== 'created') return 0;
    } else if (installation.properties !== 'created') {
      return 0;
    }
    let written = 0;
    for (;;) {
      const pending = await deps.db.query<Pending>(
        `SELECT DISTINCT ON (c.seller_id) c.id, c.seller_id, s.user_id, c.period_key, c.answers
         FROM check_ins c LEFT JOIN sellers s ON s.tenant_id = c.tenant_id AND s.id = c.seller_id
         WHERE c.tenant_id = $1 AND c.by_role = 'self' AND c.mirrored_at IS NULL
         ORDER BY c.seller_id, c.at DESC, c.id DESC LIMIT $2`,
        [tenantId, BATCH],
      );
      if (pending.length === 0) return written;
      for (const p of pending) {
        const recordId = p.user_id === null ? null : await userRecordId(http, p.user_id);
        // A seller who is no HubSpot user has nowhere to be mirrored: their answers stay in the service.
        if (recordId !== null) {
          await writeAnswers(http, recordId, p.period_key, p.answers);
          written++;
        }
        await markMirrored(tenantId, p);
      }
    }
  };

  return {
    run(tenantId) {
      const inFlight = running.get(tenantId);
      if (inFlight) return inFlight;
      const job = pass(tenantId).finally(() => running.delete(tenantId));
      running.set(tenantId, job);
      return job;
    },
  };
}
