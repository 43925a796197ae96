import { Connection, OAuth2, type TokenResponse } from 'jsforce';
import { HttpApi } from 'jsforce/lib/http-api';
import { z } from 'zod';
import { AppError } from '../errors/app-error';
import type { InstallationStore } from '../store/installations';
import type { SalesforceOrgStore } from './org-store';

/** The REST API version every call names (jsforce would default to 50.0): raised on purpose, with the fixtures. */
export const SF_API_VERSION = '64.0';
export const SALESFORCE_LOGIN_URLS = { production: 'https://login.salesforce.com', sandbox: 'https://test.salesforce.com' } as const;
/** An access token's nominal life (Salesforce's default session timeout); a 401 refreshes it whenever it ends. */
export const SESSION_MS = 2 * 60 * 60 * 1000;

export interface SalesforceApp {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

export const oauth2For = (app: SalesforceApp, loginUrl: string) =>
  new OAuth2({ loginUrl, clientId: app.clientId, clientSecret: app.clientSecret, redirectUri: app.redirectUri, useVerifier: true });

const QueryPageSchema = z.object({
  totalSize: z.number().int().nonnegative(),
  done: z.boolean(),
  nextRecordsUrl: z
    .string()
    .regex(/^\/services\/data\/v\d+\.\d\/query(All)?\/[A-Za-z0-9-]+$/)
    .optional(),
  records: z.array(z.unknown()),
});
export type QueryPage = z.infer<typeof QueryPageSchema>;

/** What the org's daily API allocation stands at, from the last response's Sforce-Limit-Info. */
export interface ApiUsage {
  used: number;
  limit: number;
}

/** One org's API: each call parsed, its errors mapped to ours (never with a token in the message). */
export interface SalesforceClient {
  readonly tenantId: string;
  /** One page of a query; `all` reads deleted and archived rows too (queryAll). */
  query(soql: string, options?: { all?: boolean }): Promise<QueryPage>;
  queryMore(nextRecordsUrl: string): Promise<QueryPage>;
  get(path: string): Promise<unknown>;
  post(path: string, body: unknown): Promise<unknown>;
  patch(path: string, body: unknown): Promise<unknown>;
  /** One page of a Bulk API 2.0 job's results (CSV rows, every value a string) and the locator of the next (null: the last). */
  bulkResults(jobId: string, locator: string | null, maxRecords: number): Promise<{ rows: Record<string, string>[]; locator: string | null }>;
  usage(): ApiUsage | null;
}

const REFUSED_REFRESH = /^Unable to refresh session/;

/** Salesforce's error, as one of ours: its errorCode only (messages may quote a query, never a token). */
export function mapSalesforceError(error: unknown, what: string): AppError {
  if (error instanceof AppError) return error;
  const e = error as { errorCode?: unknown; name?: unknown; message?: unknown };
  const code = typeof e.errorCode === 'string' && /^[A-Z0-9_]{1,80}$/.test(e.errorCode) ? e.errorCode : null;
  if (code === 'REQUEST_LIMIT_EXCEEDED') return new AppError('rate_limited', `Salesforce refused ${what}: the org's API request limit is reached (REQUEST_LIMIT_EXCEEDED); the sync resumes where it stopped`);
  if (code === 'INVALID_SESSION_ID' || (typeof e.message === 'string' && REFUSED_REFRESH.test(e.message))) return new AppError('unauthenticated', `Salesforce refused ${what}: the org's session cannot be renewed (it was disconnected or its access revoked)`);
  if (code === 'INSUFFICIENT_ACCESS' || code === 'INSUFFICIENT_ACCESS_OR_READONLY' || code === 'API_DISABLED_FOR_ORG') return new AppError('forbidden', `Salesforce refused ${what} (${code})`);
  return new AppError('crm_unavailable', `Salesforce could not answer ${what}${code ? ` (${code})` : ''}`);
}

export interface ClientDeps {
  app: SalesforceApp;
  installations: InstallationStore;
  orgs: SalesforceOrgStore;
  now: () => Date;
  purgeGraceMs: number;
  /** Told when an org's refresh is refused: it is marked disconnected. */
  onDisconnected?: (tenantId: string) => void;
}

/**
 * A tenant's jsforce connection. A 401 makes jsforce refresh once and retry; its 'refresh'
 * event carries the new access token and, with rotation on, a new refresh token, which jsforce
 * itself does not keep (reference/salesforce.md §1.4): both are persisted, sealed, before the
 * call that needed them returns. A refused refresh marks the org disconnected.
 */
export async function openSalesforceClient(tenantId: string, deps: ClientDeps): Promise<SalesforceClient> {
  const [org, tokens] = await Promise.all([deps.orgs.get(tenantId), deps.installations.tokens(tenantId, 'salesforce')]);
  if (!org || !tokens) throw new AppError('unauthenticated', `No Salesforce org is connected to tenant "${tenantId}"`);
  const conn = new Connection({
    oauth2: oauth2For(deps.app, org.loginUrl),
    instanceUrl: org.instanceUrl,
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    version: SF_API_VERSION,
  });
  let persisting: Promise<void> = Promise.resolve();
  conn.on('refresh', (accessToken: string, res?: TokenResponse) => {
    if (res?.refresh_token) conn.refreshToken = res.refresh_token;
    const refreshToken = conn.refreshToken ?? tokens.refreshToken;
    const instanceUrl = res?.instance_url;
    persisting = persisting.then(async () => {
      await deps.installations.saveTokens(tenantId, 'salesforce', { accessToken, refreshToken, accessExpiresAt: new Date(deps.now().getTime() + SESSION_MS) });
      if (instanceUrl && instanceUrl !== org.instanceUrl) await deps.orgs.updateInstanceUrl(tenantId, instanceUrl);
    });
  });
  const call = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      const out = await run();
      await persisting;
      return out;
    } catch (error) {
      await persisting.catch(() => undefined);
      const mapped = mapSalesforceError(error, what);
      if (mapped.code === 'unauthenticated') {
        const now = deps.now();
        await deps.installations.markUninstalled(tenantId, 'salesforce', { at: now, purgeAfter: new Date(now.getTime() + deps.purgeGraceMs), reason: 'Salesforce refused to refresh the session (the org was disconnected or its access revoked)' });
        deps.onDisconnected?.(tenantId);
      }
      throw mapped;
    }
  };
  const parsePage = (body: unknown, what: string) => {
    const page = QueryPageSchema.safeParse(body);
    if (!page.success) throw new AppError('crm_unavailable', `Salesforce's answer to ${what} is not in the documented shape`);
    if (!page.data.done && page.data.nextRecordsUrl === undefined) throw new AppError('crm_unavailable', `Salesforce's answer to ${what} is cut short without a next page`);
    return page.data;
  };
  return {
    tenantId,
    async query(soql, options = {}) {
      const what = `a query of ${/\bFROM\s+(\w+)/i.exec(soql)?.[1] ?? 'records'}`;
      return parsePage(await call(what, () => conn.request(`/${options.all ? 'queryAll' : 'query'}?q=${encodeURIComponent(soql)}`)), what);
    },
    async queryMore(nextRecordsUrl) {
      return parsePage(await call('the next page of a query', () => conn.request(nextRecordsUrl)), 'the next page of a query');
    },
    get: (path) => call(`GET ${path.split('?')[0]}`, () => conn.request(path)),
    post: (path, body) => call(`POST ${path}`, () => conn.requestPost(path, body as object)),
    patch: (path, body) => call(`PATCH ${path}`, () => conn.requestPatch(path, body as object)),
    async bulkResults(jobId, locator, maxRecords) {
      let next: string | null = null;
      const rows = await call('the results of a bulk query', async () => {
        const qs = new URLSearchParams({ maxRecords: String(maxRecords), ...(locator ? { locator } : {}) });
        // jsforce's own bulk2 result stream breaks on a second page (§1.6): one page per call, by hand.
        const api = new HttpApi(conn, { responseType: 'text/csv' });
        api.on('response', (r: { headers: Record<string, string | undefined> }) => {
          const header = r.headers['sforce-locator'];
          next = header && header !== 'null' ? header : null;
        });
        return api.request<Record<string, string>[]>({ method: 'GET', headers: { Accept: 'text/csv' }, url: `${conn.instanceUrl}/services/data/v${SF_API_VERSION}/jobs/query/${jobId}/results?${qs}` });
      });
      if (!Array.isArray(rows)) throw new AppError('crm_unavailable', 'Salesforce answered a bulk result page with no CSV');
      return { rows, locator: next };
    },
    usage: () => conn.limitInfo?.apiUsage ?? null,
  };
}
