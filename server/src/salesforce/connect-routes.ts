import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import { Connection } from 'jsforce';
import type Router from 'router';
import { z } from 'zod';
import { AppError } from '../errors/app-error';
import { toIssues } from '../errors/zod-issues';
import type { AppDeps, SalesforceDeps } from '../http/app-deps';
import { headerOf, queryOf } from '../http/http-io';
import { sendHtml } from '../hubspot/oauth-routes';
import { tenantIdOfOrg } from './embed';
import { oauth2For, SALESFORCE_LOGIN_URLS, SESSION_MS, SF_API_VERSION, type SalesforceApp } from './salesforce-client';

export const SALESFORCE_CONNECT_PATH = '/oauth/salesforce/connect';
export const SALESFORCE_CALLBACK_PATH = '/oauth/salesforce/callback';
export const SALESFORCE_SCOPES = ['api', 'refresh_token'] as const;
const STATE_COOKIE = 'bs_salesforce_oauth';
const STATE_TTL_MS = 10 * 60 * 1000;

export interface SalesforceConnectDeps {
  app: SalesforceApp;
  /** After the org is saved: the embed secret delivered to the package, the first sync started (in the background). */
  afterConnect(tenantId: string): Promise<void>;
}

/**
 * The OAuth `state` of a connect: the PKCE verifier, the login host, a nonce bound to a cookie of
 * the browser that started it, and its expiry, sealed with AES-256-GCM under a key derived from
 * the client secret. Sealed, not only signed: the verifier must not travel in clear beside the
 * code it protects.
 */
interface StatePayload {
  n: string;
  e: number;
  v: string;
  l: keyof typeof SALESFORCE_LOGIN_URLS;
}
const StatePayloadSchema = z.strictObject({ n: z.string().min(16).max(64), e: z.number().int(), v: z.string().min(43).max(256), l: z.enum(['production', 'sandbox']) });

export function createConnectStates(clientSecret: string) {
  const key = Buffer.from(hkdfSync('sha256', clientSecret, 'balanced-scorecard', 'salesforce oauth state', 32));
  const refuse = (why: string) => new AppError('oauth_state_invalid', `The connect link is not valid: ${why}. Start connecting again.`);
  return {
    seal(payload: StatePayload): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    open(state: string | undefined, cookieNonce: string | undefined, now: Date): StatePayload {
      if (state === undefined || state === '') throw refuse('it carries no state');
      if (!/^[A-Za-z0-9_-]{40,1000}$/.test(state)) throw refuse('its state is malformed');
      const raw = Buffer.from(state, 'base64url');
      let parsed: unknown;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        parsed = JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8'));
      } catch {
        throw refuse('its state is not ours');
      }
      const payload = StatePayloadSchema.safeParse(parsed);
      if (!payload.success) throw refuse('its state is malformed');
      if (now.getTime() > payload.data.e) throw refuse('it has expired');
      const a = Buffer.from(payload.data.n);
      const b = Buffer.from(cookieNonce ?? '');
      if (cookieNonce === undefined || a.length !== b.length || !timingSafeEqual(a, b)) throw refuse('it was started in another browser');
      return payload.data;
    },
  };
}

const ConnectQuerySchema = z.strictObject({ environment: z.enum(['production', 'sandbox']).default('production') });
const CallbackQuerySchema = z.union([
  z.strictObject({ code: z.string().min(1).max(2048), state: z.string().max(1024).optional() }),
  // The admin said no on Salesforce's consent screen.
  z.strictObject({ error: z.string().max(200), error_description: z.string().max(2000).optional(), state: z.string().max(1024).optional() }),
]);
const SfIdSchema = z.string().regex(/^[A-Za-z0-9]{18}$/);

/**
 * Connecting an org (reference/salesforce.md §1.2): /connect sends the admin to Salesforce's
 * consent screen (production or sandbox) with a PKCE challenge and a sealed state; the callback
 * opens the state (once, from the same browser), exchanges the code with the verifier through
 * jsforce, and saves the org: its tokens sealed, its instance URL, a new embed secret. The
 * connecting admin is the tenant's first admin.
 */
export function mountSalesforceConnect(router: Router.Router, deps: AppDeps, sf: SalesforceDeps): void {
  const states = createConnectStates(sf.connect.app.clientSecret);
  const secure = sf.publicUrl.startsWith('https://');
  const cookie = (value: string, maxAge: number) => serializeCookie(STATE_COOKIE, value, { httpOnly: true, secure, sameSite: 'lax', path: '/oauth/salesforce', maxAge });

  router.get(SALESFORCE_CONNECT_PATH, (req, res: ServerResponse, next: (error?: unknown) => void) => {
    try {
      const parsed = ConnectQuerySchema.safeParse(queryOf(req));
      if (!parsed.success) throw new AppError('validation_failed', 'Invalid query', { issues: toIssues(parsed.error, 'query') });
      const oauth2 = oauth2For(sf.connect.app, SALESFORCE_LOGIN_URLS[parsed.data.environment]);
      const nonce = randomBytes(18).toString('base64url');
      const state = states.seal({ n: nonce, e: deps.now().getTime() + STATE_TTL_MS, v: oauth2.codeVerifier!, l: parsed.data.environment });
      res.setHeader('set-cookie', cookie(nonce, STATE_TTL_MS / 1000));
      res.setHeader('cache-control', 'no-store');
      res.statusCode = 302;
      res.setHeader('location', oauth2.getAuthorizationUrl({ scope: SALESFORCE_SCOPES.join(' '), state }));
      res.end();
    } catch (error) {
      next(error);
    }
  });

  router.get(SALESFORCE_CALLBACK_PATH, (req, res: ServerResponse, next: (error?: unknown) => void) => {
    const run = async () => {
      const parsed = CallbackQuerySchema.safeParse(queryOf(req));
      if (!parsed.success) throw new AppError('validation_failed', 'Invalid query', { issues: toIssues(parsed.error, 'query') });
      const now = deps.now();
      const state = states.open(parsed.data.state, parseCookies(headerOf(req, 'cookie') ?? '')[STATE_COOKIE], now);
      if (!(await deps.installations.useOAuthState(state.n, new Date(state.e), now))) throw new AppError('oauth_state_invalid', 'The connect link is not valid: it was used already. Start connecting again.');
      res.setHeader('set-cookie', cookie('', 0));
      if ('error' in parsed.data) throw new AppError('oauth_failed', 'The org was not connected: access was not granted in Salesforce.');
      const loginUrl = SALESFORCE_LOGIN_URLS[state.l];
      const oauth2 = oauth2For(sf.connect.app, loginUrl);
      oauth2.codeVerifier = state.v;
      const conn = new Connection({ oauth2, version: SF_API_VERSION });
      let who: { id: string; organizationId: string };
      try {
        who = await conn.authorize(parsed.data.code);
      } catch (error) {
        const code = (error as { name?: unknown }).name;
        throw new AppError('oauth_failed', `Salesforce did not accept the authorization code (${typeof code === 'string' && /^[a-z_]{1,60}$/i.test(code) ? code : 'refused'}). Start connecting again.`);
      }
      const orgId = SfIdSchema.safeParse(who.organizationId);
      const userId = SfIdSchema.safeParse(who.id);
      const instanceUrl = z.url().regex(/^https:\/\/[a-z0-9.-]+\.salesforce\.com$/i).safeParse(conn.instanceUrl);
      if (!orgId.success || !userId.success || !instanceUrl.success || !conn.accessToken) throw new AppError('crm_unavailable', "Salesforce's token answer is not in the documented shape");
      if (!conn.refreshToken) throw new AppError('oauth_failed', 'Salesforce granted no refresh token: the app needs the "refresh_token, offline_access" scope. Ask your Salesforce admin, then connect again.');
      const tenantId = tenantIdOfOrg(orgId.data);
      await deps.store.ensureTenant(tenantId, `Salesforce org ${orgId.data}`);
      await deps.installations.install({
        tenantId,
        crm: 'salesforce',
        accountId: orgId.data,
        tokens: { accessToken: conn.accessToken, refreshToken: conn.refreshToken, accessExpiresAt: new Date(now.getTime() + SESSION_MS) },
        scopes: [...SALESFORCE_SCOPES],
        installedBy: userId.data,
        at: now,
      });
      await sf.orgs.save({ tenantId, orgId: orgId.data, instanceUrl: instanceUrl.data, loginUrl, embedSecret: randomBytes(32).toString('base64url') });
      const existing = (await deps.store.listUsers(tenantId)).find((u) => u.userId === userId.data);
      await deps.store.upsertUsers(tenantId, [{ userId: userId.data, name: existing?.name ?? `Salesforce user ${userId.data}`, email: existing?.email ?? null, isAdmin: true }]);
      deps.logger.info({ tenantId, orgId: orgId.data, environment: state.l }, 'Salesforce org connected');
      await sf.connect.afterConnect(tenantId);
      sendHtml(res, 200, 'Your Salesforce org is connected', 'The first sync has started. Add the Seller Scorecard component to the User and Contact record pages in Lightning App Builder; scorecards appear there once the sync is done.');
    };
    run().catch(next);
  });
}
