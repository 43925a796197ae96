import type { IncomingMessage } from 'node:http';
import { AppError } from '../errors/app-error';
import type { Authenticator, Principal } from '../http/authenticate';
import { headerOf, queryOf } from '../http/http-io';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature, type SignatureVerdict } from './signature';

/**
 * Requests from HubSpot (`hubspot.fetch` from a card, the app home, the settings page) carry
 * HubSpot's v3 signature. Identity is read only from the signed URL: `portalId` and `userId`,
 * each exactly once (reference/hubspot.md, Corrections 10: the card sends them itself, HubSpot
 * may append them too; either way they are covered by the signature).
 */
export const IDENTITY_PARAMS = ['portalId', 'userId', 'userEmail', 'appId'] as const;

/** A request body as received, kept by the JSON body reader for signature checks. */
export type WithRawBody = IncomingMessage & { rawBody?: Buffer };

export interface PortalTenant {
  tenantId: string;
  /** The tenant's user id for a HubSpot user id (the demo bridge maps them; a real portal keeps them). */
  userIdFor(hubspotUserId: string): string;
}

export interface HubSpotAuthenticatorOptions {
  clientSecret: string;
  /** The origin HubSpot calls (PUBLIC_URL): the signed URL is this plus the request's path and query. */
  publicUrl: string;
  /**
   * Also accept a signature over the URL as this service received it (its Host header): HubSpot's
   * local dev proxy signs the mapped local URL. Demo mode only.
   */
  acceptReceivedHost: boolean;
  now: () => Date;
  /** The installed tenant of a portal; null when the portal has not installed the app (or uninstalled it). */
  portal(portalId: string): Promise<PortalTenant | null>;
  /** Told once per portal and process which query parameter names its requests carry (names only). */
  onFirstRequest?(portalId: string, parameterNames: string[]): void;
}

const WHY: Record<Exclude<SignatureVerdict, { ok: true }>['reason'], string> = {
  missing: 'the HubSpot signature or its timestamp is missing',
  bad_timestamp: 'the HubSpot request timestamp is not milliseconds',
  stale: 'the HubSpot request is older than 5 minutes',
  future: 'the HubSpot request timestamp is in the future',
  mismatch: 'the HubSpot signature does not match the request',
};

const ID = /^\d{1,20}$/;

/** The single value of an identity parameter; absent, repeated or malformed is refused. */
function identity(query: Record<string, string | string[]>, name: 'portalId' | 'userId'): string {
  const value = query[name];
  if (Array.isArray(value)) throw new AppError('unauthenticated', `The request names ${name} more than once`);
  if (value === undefined || !ID.test(value)) throw new AppError('unauthenticated', `The signed request carries no valid ${name}`);
  return value;
}

export function createHubSpotAuthenticator(options: HubSpotAuthenticatorOptions): Authenticator {
  const seen = new Set<string>();
  return {
    name: 'hubspot',
    async authenticate(req: WithRawBody): Promise<Principal | null> {
      const signature = headerOf(req, SIGNATURE_HEADER);
      const timestamp = headerOf(req, TIMESTAMP_HEADER);
      // Not from HubSpot: another authenticator may know the caller.
      if (signature === undefined && timestamp === undefined) return null;
      const path = req.url ?? '/';
      const urls = [`${options.publicUrl}${path}`];
      const host = headerOf(req, 'host');
      if (options.acceptReceivedHost && host !== undefined) urls.push(`http://${host}${path}`, `https://${host}${path}`);
      const rawBody = req.rawBody?.toString('utf8') ?? '';
      const nowMs = options.now().getTime();
      let verdict: SignatureVerdict = { ok: false, reason: 'mismatch' };
      for (const url of urls) {
        verdict = verifySignature({ method: req.method ?? 'GET', url, rawBody, signature, timestamp }, options.clientSecret, nowMs);
        if (verdict.ok || verdict.reason !== 'mismatch') break;
      }
      if (!verdict.ok) throw new AppError('unauthenticated', `Not a valid request from HubSpot: ${WHY[verdict.reason]}`);
      const query = queryOf(req);
      const portalId = identity(query, 'portalId');
      const hubspotUserId = identity(query, 'userId');
      const tenant = await options.portal(portalId);
      if (!tenant) throw new AppError('unauthenticated', 'This HubSpot portal has not installed the app');
      if (!seen.has(portalId)) {
        seen.add(portalId);
        options.onFirstRequest?.(portalId, Object.keys(query).sort());
      }
      return { tenantId: tenant.tenantId, userId: tenant.userIdFor(hubspotUserId), consumedQuery: IDENTITY_PARAMS };
    },
  };
}
