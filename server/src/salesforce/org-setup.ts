import { AppError } from '../errors/app-error';
import type { SalesforceClient } from './salesforce-client';

/** The package's protected hierarchy custom setting, read by its Apex only (force-app/.../objects/Scorecard_Service__c). */
export const SERVICE_SETTING = 'Scorecard_Service__c';

/**
 * Writes the org's embed secret and the service's URL into the package's custom setting (the
 * org-wide default record), so that its Apex can sign embed-session requests. Answers why not
 * when the org refuses (the package not deployed yet, or no access to the setting).
 */
export async function deliverEmbedSecret(client: SalesforceClient, orgId: string, secret: string, publicUrl: string): Promise<{ state: 'delivered' } | { state: 'refused'; reason: string }> {
  if (!/^[A-Za-z0-9]{18}$/.test(orgId)) throw new AppError('validation_failed', 'not an org id');
  const fields = { Embed_Secret__c: secret, Service_Url__c: publicUrl };
  try {
    const existing = await client.query(`SELECT Id FROM ${SERVICE_SETTING} WHERE SetupOwnerId = '${orgId}'`);
    const id = (existing.records[0] as { Id?: unknown } | undefined)?.Id;
    if (typeof id === 'string' && /^[A-Za-z0-9]{15,18}$/.test(id)) await client.patch(`/sobjects/${SERVICE_SETTING}/${id}`, fields);
    else await client.post(`/sobjects/${SERVICE_SETTING}`, { SetupOwnerId: orgId, ...fields });
    return { state: 'delivered' };
  } catch (error) {
    if (error instanceof AppError && (error.code === 'crm_unavailable' || error.code === 'forbidden')) {
      return { state: 'refused', reason: `${error.message}: deploy the Salesforce package first (sf project deploy start), then connect again` };
    }
    throw error;
  }
}
