import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../errors/app-error';
import type { Authenticator } from '../http/authenticate';
import { headerOf } from '../http/http-io';
import type { WithRawBody } from '../hubspot/hubspot-authenticator';
import type { InstallationStore } from '../store/installations';
import type { EmbedTicketClaims, SalesforceOrgStore } from './org-store';

/**
 * The scorecard inside a Salesforce record page (reference/salesforce.md §3.3). The package's
 * Apex asks for an embed session, signing its request with the org's embed secret (HMAC-SHA256
 * over "<timestamp>.<body>"); the service answers with the web view's URL carrying a random
 * ticket, valid 60 s and traded once. The web view trades it for a short-lived bearer token it
 * keeps in memory (no cookies: the frame is third-party inside Lightning).
 */
export const TICKET_TTL_MS = 60_000;
export const BEARER_TTL_MS = 15 * 60_000;
/** How far a signed request's timestamp may be from our clock. */
export const SIGNATURE_WINDOW_MS = 5 * 60_000;
export const TIMESTAMP_HEADER = 'x-scorecard-timestamp';
export const SIGNATURE_HEADER = 'x-scorecard-signature';
export const EMBED_PATH = '/embed/salesforce';

const SfId = z.string().regex(/^[A-Za-z0-9]{18}$/, 'an 18-character Salesforce id');
export const EmbedSessionRequestSchema = z.strictObject({
  orgId: SfId,
  userId: SfId,
  recordId: SfId.nullable(),
  objectApiName: z.enum(['Contact', 'User']).nullable(),
});
export type EmbedSessionRequest = z.infer<typeof EmbedSessionRequestSchema>;

/** The tenant of an org: one per org, its 18-character id lowercased (unique: the last three characters encode the case). */
export const SALESFORCE_TENANT_PREFIX = 'salesforce-';
export const tenantIdOfOrg = (orgId: string) => `${SALESFORCE_TENANT_PREFIX}${orgId.toLowerCase()}`;

const equal = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);

/** The signature an org's package sends, computed as the Apex controller does. */
export function signEmbedRequest(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${timestamp}.${body}`).digest('base64');
}

/**
 * Checks a signed embed-session request: the org is connected, the timestamp fresh, the
 * signature its secret's (compared in constant time). Answers the org's tenant.
 */
export async function verifyEmbedRequest(req: WithRawBody, body: EmbedSessionRequest, deps: { installations: InstallationStore; orgs: SalesforceOrgStore; now: () => Date }): Promise<string> {
  const refuse = (why: string) => new AppError('unauthenticated', `The embed request is not signed by a connected org: ${why}`);
  const timestamp = headerOf(req, TIMESTAMP_HEADER);
  const signature = headerOf(req, SIGNATURE_HEADER);
  if (timestamp === undefined || signature === undefined) throw refuse('its signature headers are missing');
  if (!/^\d{10,16}$/.test(timestamp)) throw refuse('its timestamp is malformed');
  if (Math.abs(deps.now().getTime() - Number(timestamp)) > SIGNATURE_WINDOW_MS) throw refuse('its timestamp is too old or in the future');
  const installation = await deps.installations.findByAccount('salesforce', body.orgId);
  if (installation?.status !== 'installed') throw refuse('the org is not connected');
  const secret = await deps.orgs.embedSecret(installation.tenantId);
  if (secret === null || req.rawBody === undefined) throw refuse('the org is not connected');
  const expected = Buffer.from(signEmbedRequest(secret, timestamp, req.rawBody.toString('utf8')), 'base64');
  if (!/^[A-Za-z0-9+/]{43}=$/.test(signature) || !equal(Buffer.from(signature, 'base64'), expected)) throw refuse('its signature does not match');
  return installation.tenantId;
}

export interface EmbedTickets {
  /** A new ticket for these claims (kept as a hash), and when it expires. */
  issue(claims: EmbedTicketClaims, now: Date): Promise<{ ticket: string; expiresAt: Date }>;
  /** The claims of a ticket, spent now; `unauthenticated` when it is unknown, expired or used. */
  spend(ticket: string, now: Date): Promise<EmbedTicketClaims>;
}

export function createEmbedTickets(orgs: SalesforceOrgStore): EmbedTickets {
  return {
    async issue(claims, now) {
      const ticket = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now.getTime() + TICKET_TTL_MS);
      await orgs.saveTicket(ticket, claims, expiresAt, now);
      return { ticket, expiresAt };
    },
    async spend(ticket, now) {
      const claims = /^[A-Za-z0-9_-]{43}$/.test(ticket) ? await orgs.spendTicket(ticket, now) : null;
      if (!claims) throw new AppError('unauthenticated', 'This scorecard link has expired or was used already: reload the page in Salesforce');
      return claims;
    },
  };
}

/**
 * Short-lived bearer tokens for the embedded web view: "bse1.<payload>.<mac>", the payload the
 * tenant, user and expiry, the MAC keyed by a key derived from the service's secret, so every
 * replica checks a token without the store.
 */
export interface BearerTokens {
  issue(claims: { tenantId: string; userId: string }, now: Date): { token: string; expiresAt: Date };
  check(token: string, now: Date): { tenantId: string; userId: string } | null;
}

const BearerPayloadSchema = z.strictObject({ t: z.string().min(1).max(64), u: z.string().min(1).max(255), e: z.number().int() });

export function createBearerTokens(secret: string): BearerTokens {
  const key = Buffer.from(hkdfSync('sha256', secret, 'balanced-scorecard', 'salesforce embed bearer', 32));
  const mac = (payload: string) => createHmac('sha256', key).update(payload).digest();
  return {
    issue({ tenantId, userId }, now) {
      const expiresAt = new Date(now.getTime() + BEARER_TTL_MS);
      const payload = Buffer.from(JSON.stringify({ t: tenantId, u: userId, e: expiresAt.getTime() })).toString('base64url');
      return { token: `bse1.${payload}.${mac(payload).toString('base64url')}`, expiresAt };
    },
    check(token, now) {
      const [version, payload, signature, extra] = token.split('.');
      if (version !== 'bse1' || payload === undefined || signature === undefined || extra !== undefined || !/^[A-Za-z0-9_-]{1,600}$/.test(payload)) return null;
      if (!equal(Buffer.from(signature, 'base64url'), mac(payload))) return null;
      let parsed: z.infer<typeof BearerPayloadSchema>;
      try {
        const result = BearerPayloadSchema.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
        if (!result.success) return null;
        parsed = result.data;
      } catch {
        return null;
      }
      if (now.getTime() >= parsed.e) return null;
      return { tenantId: parsed.t, userId: parsed.u };
    },
  };
}

/** The embedded web view's calls: `Authorization: Bearer bse1.…`, for a tenant whose org is still connected. */
export function createEmbedAuthenticator(deps: { bearer: BearerTokens; now: () => Date; connected: (tenantId: string) => Promise<boolean> }): Authenticator {
  return {
    name: 'salesforce-embed',
    async authenticate(req) {
      const header = headerOf(req, 'authorization');
      if (header === undefined || !header.startsWith('Bearer bse1.')) return null;
      const claims = deps.bearer.check(header.slice('Bearer '.length), deps.now());
      if (!claims || !(await deps.connected(claims.tenantId))) throw new AppError('unauthenticated', 'This scorecard session has ended: reload the page in Salesforce');
      return claims;
    },
  };
}
