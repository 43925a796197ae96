import type { ServerResponse } from 'node:http';
import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import type Router from 'router';
import { z } from 'zod';
import { AppError } from '../errors/app-error';
import { toIssues } from '../errors/zod-issues';
import type { AppDeps } from '../http/app-deps';
import { headerOf, queryOf } from '../http/http-io';
import type { InstallationStore } from '../store/installations';
import { STATE_COOKIE, STATE_TTL_MS, type OAuthStateSigner } from './oauth-state';
import { HUBSPOT_OPTIONAL_SCOPES, HUBSPOT_REQUIRED_SCOPES } from './scopes';
import type { HubSpotOAuthClient } from './tokens';

export const HUBSPOT_AUTHORIZE_URL = 'https://app.hubspot.com/oauth/authorize';
export const CALLBACK_PATH = '/oauth/hubspot/callback';

/** What the install flow needs besides the app's usual deps. */
export interface HubSpotInstallDeps {
  clientId: string;
  publicUrl: string;
  states: OAuthStateSigner;
  oauth: HubSpotOAuthClient;
  installations: InstallationStore;
  /** Starts the first sync of a newly installed portal (in the background). */
  startFirstSync(tenantId: string): Promise<void>;
}

/** A portal's tenant id: one tenant per portal. */
export const HUBSPOT_TENANT_PREFIX = 'hubspot-';
export const tenantIdOfPortal = (hubId: string): string => `${HUBSPOT_TENANT_PREFIX}${hubId}`;

const CallbackQuerySchema = z.union([
  // A missing state is refused by the state check, with its own code.
  z.strictObject({ code: z.string().min(1).max(2048), state: z.string().max(1024).optional() }),
  // The user said no on HubSpot's consent screen.
  z.strictObject({ error: z.string().max(200), error_description: z.string().max(2000).optional(), state: z.string().max(1024).optional() }),
]);

export function sendHtml(res: ServerResponse, status: number, title: string, text: string): void {
  const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const body = Buffer.from(`<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title><main style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem"><h1>${escape(title)}</h1><p>${escape(text)}</p></main></html>`);
  res.statusCode = status;
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.setHeader('content-length', body.length);
  res.setHeader('cache-control', 'no-store');
  res.end(body);
}

/**
 * The HubSpot marketplace install (reference/hubspot.md §4.1–4.2): /install sends the admin to
 * HubSpot's consent screen with a signed, expiring state bound to a cookie of this browser; the
 * callback checks that state (once), exchanges the code, creates or re-activates the portal's
 * tenant with the installing user as its first admin, and starts the first sync.
 */
export function mountHubSpotInstall(router: Router.Router, deps: AppDeps, install: HubSpotInstallDeps): void {
  const redirectUri = `${install.publicUrl}${CALLBACK_PATH}`;
  const secure = install.publicUrl.startsWith('https://');

  router.get('/oauth/hubspot/install', (_req, res: ServerResponse) => {
    const issued = install.states.issue(deps.now());
    const url = new URL(HUBSPOT_AUTHORIZE_URL);
    url.searchParams.set('client_id', install.clientId);
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('scope', HUBSPOT_REQUIRED_SCOPES.join(' '));
    url.searchParams.set('optional_scope', HUBSPOT_OPTIONAL_SCOPES.join(' '));
    url.searchParams.set('state', issued.state);
    res.setHeader('set-cookie', serializeCookie(STATE_COOKIE, issued.nonce, { httpOnly: true, secure, sameSite: 'lax', path: '/oauth/hubspot', maxAge: STATE_TTL_MS / 1000 }));
    res.setHeader('cache-control', 'no-store');
    res.statusCode = 302;
    res.setHeader('location', url.toString());
    res.end();
  });

  router.get(CALLBACK_PATH, (req, res: ServerResponse, next: (error?: unknown) => void) => {
    const run = async () => {
      const parsed = CallbackQuerySchema.safeParse(queryOf(req));
      if (!parsed.success) throw new AppError('validation_failed', 'Invalid query', { issues: toIssues(parsed.error, 'query') });
      const now = deps.now();
      const cookies = parseCookies(headerOf(req, 'cookie') ?? '');
      const { nonce, expiresAt } = install.states.check(parsed.data.state, cookies[STATE_COOKIE], now);
      if (!(await install.installations.useOAuthState(nonce, expiresAt, now))) throw new AppError('oauth_state_invalid', 'The install link is not valid: it was used already. Start the install again.');
      // The state is spent: the cookie goes too.
      res.setHeader('set-cookie', serializeCookie(STATE_COOKIE, '', { httpOnly: true, secure, sameSite: 'lax', path: '/oauth/hubspot', maxAge: 0 }));
      if ('error' in parsed.data) throw new AppError('oauth_failed', 'The app was not installed: access was not granted in HubSpot.');
      const granted = await install.oauth.exchangeCode(parsed.data.code, redirectUri, now);
      const tenantId = tenantIdOfPortal(granted.hubId);
      const tenant = await deps.store.ensureTenant(tenantId, `HubSpot portal ${granted.hubId}`);
      await install.installations.install({ tenantId, crm: 'hubspot', accountId: granted.hubId, tokens: granted, scopes: granted.scopes, installedBy: granted.userId, at: now });
      // The installing user is the tenant's first admin (HubSpot lets only super admins install).
      const existing = (await deps.store.listUsers(tenantId)).find((u) => u.userId === granted.userId);
      await deps.store.upsertUsers(tenantId, [{ userId: granted.userId, name: existing?.name ?? granted.userEmail ?? `HubSpot user ${granted.userId}`, email: existing?.email ?? granted.userEmail, isAdmin: true }]);
      deps.logger.info({ tenantId, portalId: granted.hubId, scopes: granted.scopes.length }, 'HubSpot app installed');
      await install.startFirstSync(tenant.tenantId);
      sendHtml(res, 200, 'Balanced Scorecard is installed', 'Your HubSpot portal is connected. The first sync has started; scorecards appear on contact, company and deal records, and in the app home, once it is done.');
    };
    run().catch(next);
  });
}
