import { EmbedSessionResponseSchema, EmbedTokenRequestSchema, EmbedTokenResponseSchema, EmptyQuerySchema } from '@balanced-scorecard/shared';
import { recordIdOf, sellerIdOf } from '../../connectors/salesforce/mappers';
import { AppError } from '../../errors/app-error';
import { EMBED_PATH, EmbedSessionRequestSchema, verifyEmbedRequest } from '../../salesforce/embed';
import type { AppDeps, SalesforceDeps } from '../app-deps';
import { defineRoute } from '../route';

function salesforceOf(deps: AppDeps): SalesforceDeps {
  if (!deps.salesforce) throw new AppError('not_found', 'This service is not configured for Salesforce');
  return deps.salesforce;
}

export const salesforceRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/v1/embed-sessions',
    summary: "A record page's embed session (the Salesforce package's Apex, signed with its org's secret): the web view's URL with a ticket valid 60 s, for one use",
    tag: 'salesforce',
    policy: 'public',
    query: EmptyQuerySchema,
    body: EmbedSessionRequestSchema,
    response: EmbedSessionResponseSchema,
    status: 201,
    errors: ['unauthenticated', 'validation_failed'],
    async handler({ deps, req, body }) {
      const sf = salesforceOf(deps);
      const now = deps.now();
      const tenantId = await verifyEmbedRequest(req, body, { installations: deps.installations, orgs: sf.orgs, now: deps.now });
      // Whose scorecard the page shows: the User record's own, the Contact's owner's, or (an app page) the viewer's.
      let sellerId: string | null = null;
      if (body.recordId !== null && body.objectApiName === 'User') sellerId = sellerIdOf(body.recordId);
      if (body.recordId !== null && body.objectApiName === 'Contact') sellerId = (await deps.store.recordContext(tenantId, 'contact', recordIdOf('Contact', body.recordId), 0)).sellerId;
      const { ticket, expiresAt } = await sf.tickets.issue({ tenantId, userId: body.userId, sellerId }, now);
      return { url: `${sf.publicUrl}${EMBED_PATH}#ticket=${ticket}`, expiresAt: expiresAt.toISOString() };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/embed-sessions/token',
    summary: 'Trades an embed ticket (once, within 60 s) for a bearer token of 15 minutes, kept in the web view’s memory',
    tag: 'salesforce',
    policy: 'public',
    query: EmptyQuerySchema,
    body: EmbedTokenRequestSchema,
    response: EmbedTokenResponseSchema,
    errors: ['unauthenticated', 'validation_failed'],
    async handler({ deps, body }) {
      const sf = salesforceOf(deps);
      const now = deps.now();
      const claims = await sf.tickets.spend(body.ticket, now);
      const installation = await deps.installations.get(claims.tenantId, 'salesforce');
      if (installation?.status !== 'installed') throw new AppError('unauthenticated', 'This Salesforce org is no longer connected');
      const { token, expiresAt } = sf.bearer.issue({ tenantId: claims.tenantId, userId: claims.userId }, now);
      // The lifetime in seconds too: the browser's clock need not agree with ours.
      return { token, expiresAt: expiresAt.toISOString(), expiresInSeconds: Math.round((expiresAt.getTime() - now.getTime()) / 1000), sellerId: claims.sellerId };
    },
  }),
];
