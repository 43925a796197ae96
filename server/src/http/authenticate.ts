import type { IncomingMessage } from 'node:http';
import { headerOf } from './http-io';

/** Who is calling: a tenant and a user of it. Each surface has its own authenticator. */
export interface Principal {
  tenantId: string;
  userId: string;
  /** Query parameters that carried the identity (signed by the CRM): removed before the route reads its query. */
  consumedQuery?: readonly string[];
}

export interface Authenticator {
  readonly name: string;
  /** The principal, or null when this authenticator does not apply to the request. */
  authenticate(req: IncomingMessage): Promise<Principal | null>;
}

const DEMO_USER_HEADER = 'x-demo-user';

/**
 * Demo mode only: the visitor picks whom to view as. createApp installs this authenticator
 * only when the service runs in demo mode, and only for the demo tenant.
 */
export function createDemoAuthenticator(demoTenantId: string): Authenticator {
  return {
    name: 'demo',
    async authenticate(req) {
      const userId = headerOf(req, DEMO_USER_HEADER);
      if (userId === undefined || userId.length === 0 || userId.length > 255) return null;
      return { tenantId: demoTenantId, userId };
    },
  };
}
