import type { CheckInItem } from '@balanced-scorecard/shared';
import type { Logger } from 'pino';
import type { InstallationStore } from '../store/installations';
import { drainMirrorQueue, onePassPerTenant, type MirrorQueue } from '../store/mirror-queue';
import type { HubSpotHttp } from './hubspot-http';
import { createUserProperties, userRecordId, writeAnswers } from './user-properties';

/**
 * Mirrors each seller's latest self check-in to their HubSpot user's properties (DESIGN §7),
 * from the mirror queue (store/mirror-queue.ts): a mirror that fails (HubSpot down, the process
 * stopped) is tried again on the next pass, and nothing is lost.
 */
export interface AnswerMirror {
  /** Creates the properties if not tried yet, then writes what is pending; answers how many were written. */
  run(tenantId: string): Promise<number>;
}

export function createAnswerMirror(deps: { queue: MirrorQueue; installations: InstallationStore; httpFor: (tenantId: string) => Pick<HubSpotHttp, 'request'>; items: (tenantId: string) => Promise<readonly CheckInItem[]>; logger: Logger }): AnswerMirror {
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
    // A seller who is no HubSpot user has nowhere to be mirrored: their answers stay in the service.
    return drainMirrorQueue(deps.queue, tenantId, async (p) => {
      const recordId = p.userId === null ? null : await userRecordId(http, p.userId);
      if (recordId === null) return false;
      await writeAnswers(http, recordId, p.periodKey, p.answers);
      return true;
    });
  };

  return { run: onePassPerTenant(pass) };
}
