import type { Config } from '../config/load-config';
import type { CrmConnector } from './crm-connector';
import { createDemoConnector } from './demo/demo-connector';
import { HUBSPOT_TENANT_PREFIX } from '../hubspot/oauth-routes';
import { SALESFORCE_TENANT_PREFIX } from '../salesforce/embed';

/**
 * Picks the connector of a tenant. Adding a CRM adds its folder and one entry here.
 * (The file connector is built per import from a parsed file, see cli/import-command.ts.)
 */
export interface ConnectorRegistry {
  forTenant(tenantId: string): CrmConnector | null;
}

/** Where the demo data set ends: the start of the day of the first demo sync, kept in its cursors. */
export function demoAnchor(now: Date): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())).toISOString();
}

/** Builds the connector of a CRM account's tenant (a HubSpot portal, a Salesforce org), when the service is that CRM's app. */
export type ConnectorFactory = (tenantId: string) => CrmConnector;

export function createConnectorRegistry(config: Pick<Config, 'mode' | 'demo'>, anchorFor: (tenantId: string) => string, hubspot: ConnectorFactory | null = null, salesforce: ConnectorFactory | null = null): ConnectorRegistry {
  return {
    forTenant(tenantId) {
      if (config.mode === 'demo' && tenantId === config.demo.tenantId) {
        return createDemoConnector({ ...config.demo, anchor: anchorFor(tenantId) });
      }
      // A portal's tenant (see tenantIdOfPortal); whether it is still installed is checked by its token.
      if (hubspot && tenantId.startsWith(HUBSPOT_TENANT_PREFIX)) return hubspot(tenantId);
      // An org's tenant (see tenantIdOfOrg).
      if (salesforce && tenantId.startsWith(SALESFORCE_TENANT_PREFIX)) return salesforce(tenantId);
      return null;
    },
  };
}
