import type { Logger } from 'pino';
import { z } from 'zod';
import type { AnswerMirror } from '../hubspot/answer-mirror';
import type { InstallationStore } from '../store/installations';
import { drainMirrorQueue, onePassPerTenant, type MirrorQueue } from '../store/mirror-queue';
import type { SalesforceClient } from './salesforce-client';

/** The User field of a check-in item, as the package defines it: motivation → Scorecard_Motivation__c. */
export const userFieldOf = (itemId: string): string => `Scorecard_${itemId.split('_').map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('_')}__c`;
export const PERIOD_FIELD = 'Scorecard_Check_In_Period__c';
const DescribeSchema = z.object({ fields: z.array(z.object({ name: z.string() })) });

/**
 * Mirrors each seller's latest self check-in to their Salesforce User's fields (one per check-in
 * item, from the package), from the mirror queue: what fails is tried again on the next pass. An
 * item without a field in the org (one the admin added) stays in the service only.
 */
export function createSalesforceAnswerMirror(deps: { queue: MirrorQueue; installations: InstallationStore; client: (tenantId: string) => Promise<SalesforceClient>; logger: Logger }): AnswerMirror {
  const pass = async (tenantId: string): Promise<number> => {
    const installation = await deps.installations.get(tenantId, 'salesforce');
    if (installation?.status !== 'installed') return 0;
    const client = await deps.client(tenantId);
    const described = DescribeSchema.safeParse(await client.get('/sobjects/User/describe'));
    const present = new Set(described.success ? described.data.fields.map((f) => f.name) : []);
    if (!present.has(PERIOD_FIELD)) {
      if (installation.properties !== 'refused') {
        await deps.installations.setPropertySetup(tenantId, 'salesforce', { state: 'refused', reason: `The org has no ${PERIOD_FIELD} on User: deploy the Salesforce package (sf project deploy start)` });
        deps.logger.warn({ tenantId }, 'check-in answers stay in the service: the org lacks the package fields on User');
      }
      return 0;
    }
    if (installation.properties !== 'created') await deps.installations.setPropertySetup(tenantId, 'salesforce', { state: 'created' });
    // A seller who is no Salesforce user has nowhere to be mirrored.
    return drainMirrorQueue(deps.queue, tenantId, async (p) => {
      if (p.userId === null || !/^[A-Za-z0-9]{18}$/.test(p.userId)) return false;
      const fields: Record<string, string | number> = { [PERIOD_FIELD]: p.periodKey };
      for (const [item, answer] of Object.entries(p.answers)) if (present.has(userFieldOf(item))) fields[userFieldOf(item)] = answer;
      await client.patch(`/sobjects/User/${p.userId}`, fields);
      return true;
    });
  };
  return { run: onePassPerTenant(pass) };
}
