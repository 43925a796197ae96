import { z } from 'zod';
import { AppError } from '../errors/app-error';
import type { InstallationStore, Tokens } from '../store/installations';
import type { HubSpotHttp } from './hubspot-http';

/** OAuth v3 (reference/hubspot.md §4.2, Corrections 7): every parameter in the form body. */
const TokenResponseSchema = z.object({
  access_token: z.string().min(1).max(4096),
  refresh_token: z.string().min(1).max(4096),
  expires_in: z.number().int().positive().max(86_400 * 366),
  hub_id: z.number().int().positive().optional(),
  user_id: z.number().int().positive().optional(),
  scopes: z.array(z.string().max(200)).max(500).optional(),
});

const IntrospectionSchema = z.object({
  active: z.boolean(),
  hub_id: z.number().int().positive(),
  user_id: z.number().int().positive(),
  scopes: z.array(z.string().max(200)).max(500),
  user: z.string().max(320).optional(),
});

export interface GrantedTokens extends Tokens {
  hubId: string;
  userId: string;
  scopes: string[];
  userEmail: string | null;
}

export interface HubSpotOAuthClient {
  /** Exchanges an authorization code: the tokens and the portal and user they are for. */
  exchangeCode(code: string, redirectUri: string, now: Date): Promise<GrantedTokens>;
  /** New tokens from a refresh token; 'refused' when HubSpot will not refresh it (the app was uninstalled). */
  refresh(refreshToken: string, now: Date): Promise<Tokens | 'refused'>;
}

/** Why HubSpot refused, in its own words but never with a token in it: the category or error code only. */
function refusal(body: unknown): string {
  const b = (body ?? {}) as { category?: unknown; error?: unknown; status?: unknown };
  const word = [b.category, b.error, b.status].find((v) => typeof v === 'string' && /^[A-Za-z_]{1,60}$/.test(v));
  return typeof word === 'string' ? word : 'refused';
}

export function createHubSpotOAuthClient(http: HubSpotHttp, client: { id: string; secret: string }): HubSpotOAuthClient {
  const token = async (form: Record<string, string>) => http.request({ method: 'POST', path: '/oauth/v3/token', form: { ...form, client_id: client.id, client_secret: client.secret } });
  const parse = <T>(schema: z.ZodType<T>, body: unknown, what: string): T => {
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new AppError('crm_unavailable', `HubSpot's ${what} answer is not in the documented shape`);
    return parsed.data;
  };
  return {
    async exchangeCode(code, redirectUri, now) {
      const res = await token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri });
      if (res.status !== 200) throw new AppError('oauth_failed', `HubSpot did not accept the authorization code (${refusal(res.body)}). Start the install again.`);
      const t = parse(TokenResponseSchema, res.body, 'token');
      let identity = { hubId: t.hub_id, userId: t.user_id, scopes: t.scopes, email: null as string | null };
      if (identity.hubId === undefined || identity.userId === undefined || identity.scopes === undefined) {
        const info = await http.request({ method: 'POST', path: '/oauth/v3/token/introspect', form: { client_id: client.id, client_secret: client.secret, token: t.access_token, token_type_hint: 'access_token' } });
        if (info.status !== 200) throw new AppError('crm_unavailable', `HubSpot did not describe the new token (${refusal(info.body)})`);
        const i = parse(IntrospectionSchema, info.body, 'token introspection');
        if (!i.active) throw new AppError('oauth_failed', 'HubSpot says the new token is not active. Start the install again.');
        identity = { hubId: i.hub_id, userId: i.user_id, scopes: i.scopes, email: i.user ?? null };
      }
      return {
        accessToken: t.access_token,
        refreshToken: t.refresh_token,
        accessExpiresAt: new Date(now.getTime() + t.expires_in * 1000),
        hubId: String(identity.hubId),
        userId: String(identity.userId),
        scopes: identity.scopes!,
        userEmail: identity.email,
      };
    },
    async refresh(refreshToken, now) {
      const res = await token({ grant_type: 'refresh_token', refresh_token: refreshToken });
      // 400/401: the refresh token is no good any more (BAD_REFRESH_TOKEN, invalid_grant): the app is gone.
      if (res.status === 400 || res.status === 401) return 'refused';
      if (res.status !== 200) throw new AppError('crm_unavailable', `HubSpot could not refresh the token (HTTP ${res.status})`);
      const t = parse(TokenResponseSchema, res.body, 'token');
      return { accessToken: t.access_token, refreshToken: t.refresh_token, accessExpiresAt: new Date(now.getTime() + t.expires_in * 1000) };
    },
  };
}

/** An access token is refreshed when it has less than this left (it lives 30 minutes). */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

export interface TokenProvider {
  /** A live access token for the tenant's portal, refreshed first when it is about to expire. */
  accessToken(tenantId: string): Promise<string>;
}

/**
 * The one place tokens are refreshed. Concurrent callers for one portal share one refresh; a
 * refused refresh marks the installation uninstalled (its syncs stop, its data is purged after
 * the grace period) and every caller gets `unauthenticated`.
 */
export function createTokenProvider(deps: { installations: InstallationStore; oauth: HubSpotOAuthClient; now: () => Date; purgeGraceMs: number; onUninstalled?: (tenantId: string) => void }): TokenProvider {
  const refreshing = new Map<string, Promise<string>>();
  const gone = (tenantId: string) => new AppError('unauthenticated', `The HubSpot app is not installed for tenant "${tenantId}"`);
  const refresh = async (tenantId: string): Promise<string> => {
    // Read again inside the single flight: another replica may have refreshed meanwhile.
    const current = await deps.installations.tokens(tenantId, 'hubspot');
    if (!current) throw gone(tenantId);
    const now = deps.now();
    if (current.accessExpiresAt.getTime() - now.getTime() > REFRESH_MARGIN_MS) return current.accessToken;
    const next = await deps.oauth.refresh(current.refreshToken, now);
    if (next === 'refused') {
      await deps.installations.markUninstalled(tenantId, 'hubspot', { at: now, purgeAfter: new Date(now.getTime() + deps.purgeGraceMs), reason: 'HubSpot refused to refresh the token (the app was uninstalled or its access revoked)' });
      deps.onUninstalled?.(tenantId);
      throw gone(tenantId);
    }
    await deps.installations.saveTokens(tenantId, 'hubspot', next);
    return next.accessToken;
  };
  return {
    async accessToken(tenantId) {
      const inFlight = refreshing.get(tenantId);
      if (inFlight) return inFlight;
      const tokens = await deps.installations.tokens(tenantId, 'hubspot');
      if (!tokens) throw gone(tenantId);
      if (tokens.accessExpiresAt.getTime() - deps.now().getTime() > REFRESH_MARGIN_MS) return tokens.accessToken;
      const again = refreshing.get(tenantId);
      if (again) return again;
      const job = refresh(tenantId).finally(() => refreshing.delete(tenantId));
      refreshing.set(tenantId, job);
      return job;
    },
  };
}
