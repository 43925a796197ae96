import { createHmac } from 'node:crypto';
import nock from 'nock';
import request from 'supertest';
import { createPgliteClient, type SqlClient } from '../../../server/src/store/sql-client';
import { buildFixturePortal, virtualClock } from '../../support/fake-hubspot-portal';
import { hubspotFixture } from '../../support/hubspot-fixtures';
import { startTestService, TEST_NOW, type TestService } from '../../support/service';

const SECRET = 'the-app-client-secret-0123456789abcdef';
const CLIENT_ID = '5f1c3b9a-2d4e-4f6a-8b7c-9d0e1f2a3b4c';
const PUBLIC_URL = 'https://scorecard.example.com';
const HUBSPOT_ENV = { HUBSPOT_CLIENT_ID: CLIENT_ID, HUBSPOT_CLIENT_SECRET: SECRET, PUBLIC_URL };
const API = 'https://api.hubapi.com';
const TOKEN = '/oauth/v3/token';

function reply(variant: string, apiPath = TOKEN) {
  const recorded = hubspotFixture('post', apiPath, variant);
  return [recorded.status, recorded.body as Record<string, unknown>, recorded.headers] as const;
}

/** Starts an install in a "browser": the state from HubSpot's authorize URL and the cookie set beside it. */
async function startInstall(app: TestService['app']) {
  const res = await request(app).get('/oauth/hubspot/install');
  const location = new URL(res.headers.location as string);
  const cookie = (res.headers['set-cookie'] as unknown as string[])[0]!;
  return { res, location, state: location.searchParams.get('state')!, cookie: cookie.split(';')[0]! };
}

const callback = (app: TestService['app'], query: string, cookie?: string) => {
  const req = request(app).get(`/oauth/hubspot/callback?${query}`);
  return cookie ? req.set('cookie', cookie) : req;
};

describe('installing the HubSpot app', () => {
  let svc: TestService;
  let db: SqlClient;
  let now = TEST_NOW.getTime();
  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    db = await createPgliteClient(null);
    svc = await startTestService({ mode: 'production', env: HUBSPOT_ENV, db, now: () => new Date(now) });
  });
  afterAll(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await svc.close();
  });
  afterEach(() => {
    expect(nock.pendingMocks()).toEqual([]);
    nock.cleanAll();
    now = TEST_NOW.getTime();
  });

  it("sends the admin to HubSpot's consent screen with the app's scopes and a state bound to this browser", async () => {
    const { res, location, state, cookie } = await startInstall(svc.app);
    expect(res.status).toBe(302);
    expect(`${location.origin}${location.pathname}`).toBe('https://app.hubspot.com/oauth/authorize');
    expect(location.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(location.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}/oauth/hubspot/callback`);
    expect(location.searchParams.get('scope')!.split(' ')).toEqual(expect.arrayContaining(['oauth', 'crm.objects.contacts.read', 'crm.objects.deals.read', 'crm.objects.owners.read']));
    expect(location.searchParams.get('optional_scope')!.split(' ')).toEqual(expect.arrayContaining(['settings.users.teams.read', 'crm.objects.users.write']));
    expect(state.length).toBeGreaterThan(20);
    const setCookie = (res.headers['set-cookie'] as unknown as string[])[0]!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/Secure/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(cookie.startsWith('bs_hubspot_oauth=')).toBe(true);
  });

  it('installs: exchanges the code, creates the tenant with the installing user as admin, and seals the tokens', async () => {
    const { state, cookie } = await startInstall(svc.app);
    nock(API)
      .post(TOKEN, (body: Record<string, string>) => body.grant_type === 'authorization_code' && body.code === 'code-1' && body.client_secret === SECRET && body.redirect_uri === `${PUBLIC_URL}/oauth/hubspot/callback`)
      .reply(...reply('authorization-code'));
    const portal = buildFixturePortal(virtualClock(now), now - 3_600_000, { contacts: 10, companies: 2, deals: 3, engagements: { calls: 5, meetings: 2, emails: 2, tasks: 1, communications: 1 } });
    const hubspot = portal.listen();
    const res = await callback(svc.app, `code=code-1&state=${encodeURIComponent(state)}`, cookie);
    expect(res.status).toBe(200);
    expect(res.text).toContain('installed');
    // The first sync started with the install, with the new token, and brought the portal in.
    await svc.sync.drain();
    hubspot.stop();
    expect((await svc.store.listSyncRuns('hubspot-24681357', 1))[0]).toMatchObject({ connector: 'hubspot', status: 'succeeded' });
    expect((await svc.store.countRecords('hubspot-24681357')).activities).toBe(11);
    const installation = await svc.installations.get('hubspot-24681357', 'hubspot');
    expect(installation).toMatchObject({ status: 'installed', accountId: '24681357', installedBy: '7654321' });
    expect(installation!.accessExpiresAt!.getTime()).toBe(now + 1800 * 1000);
    expect((await svc.store.listUsers('hubspot-24681357')).find((u) => u.userId === '7654321')).toMatchObject({ isAdmin: true });
    const recorded = hubspotFixture('post', TOKEN, 'authorization-code').body as { access_token: string; refresh_token: string };
    expect(await svc.installations.tokens('hubspot-24681357', 'hubspot')).toMatchObject({ accessToken: recorded.access_token, refreshToken: recorded.refresh_token });
    const rows = await db.query<{ access_token: string; refresh_token: string }>('SELECT access_token, refresh_token FROM crm_installations');
    expect(JSON.stringify(rows)).not.toContain(recorded.access_token);
    expect(JSON.stringify(rows)).not.toContain(recorded.refresh_token);
    expect(rows[0]!.access_token.startsWith('v2.')).toBe(true);
  });

  it('reads the portal and user from token introspection when the token answer does not carry them', async () => {
    const { state, cookie } = await startInstall(svc.app);
    nock(API).post(TOKEN).reply(...reply('authorization-code-without-identity'));
    nock(API).post(`${TOKEN}/introspect`, (body: Record<string, string>) => body.token_type_hint === 'access_token').reply(...reply('active', `${TOKEN}/introspect`));
    const res = await callback(svc.app, `code=code-2&state=${encodeURIComponent(state)}`, cookie);
    expect(res.status).toBe(200);
    expect((await svc.store.listUsers('hubspot-24681357')).find((u) => u.userId === '7654321')).toMatchObject({ isAdmin: true });
  });

  it('refuses a callback without a state, with an expired one, one used before, or one from another browser', async () => {
    const missing = await callback(svc.app, 'code=x');
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('oauth_state_invalid');

    const expired = await startInstall(svc.app);
    now += 10 * 60 * 1000 + 1;
    const late = await callback(svc.app, `code=x&state=${encodeURIComponent(expired.state)}`, expired.cookie);
    expect(late.body.error).toMatchObject({ code: 'oauth_state_invalid' });
    expect(late.body.error.message).toContain('expired');
    now = TEST_NOW.getTime();

    const first = await startInstall(svc.app);
    const second = await startInstall(svc.app);
    const crossed = await callback(svc.app, `code=x&state=${encodeURIComponent(first.state)}`, second.cookie);
    expect(crossed.body.error.message).toContain('another browser');
    expect((await callback(svc.app, `code=x&state=${encodeURIComponent(first.state)}`)).body.error.code).toBe('oauth_state_invalid');

    nock(API).post(TOKEN).reply(...reply('authorization-code'));
    expect((await callback(svc.app, `code=x&state=${encodeURIComponent(first.state)}`, first.cookie)).status).toBe(200);
    const reused = await callback(svc.app, `code=x&state=${encodeURIComponent(first.state)}`, first.cookie);
    expect(reused.status).toBe(400);
    expect(reused.body.error.message).toContain('used already');

    const forged = `${first.state.split('.')[0]}.${createHmac('sha256', 'guess').update('x').digest('base64url')}`;
    expect((await callback(svc.app, `code=x&state=${encodeURIComponent(forged)}`, first.cookie)).body.error.message).toContain('not ours');
  });

  it('tells the admin when HubSpot refuses the code or access was not granted', async () => {
    const a = await startInstall(svc.app);
    nock(API).post(TOKEN).reply(...reply('bad-auth-code'));
    const refused = await callback(svc.app, `code=stale&state=${encodeURIComponent(a.state)}`, a.cookie);
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('oauth_failed');
    const b = await startInstall(svc.app);
    const denied = await callback(svc.app, `error=access_denied&error_description=denied&state=${encodeURIComponent(b.state)}`, b.cookie);
    expect(denied.body.error.code).toBe('oauth_failed');
  });

  it('answers 502 when HubSpot does not answer the token exchange', async () => {
    const a = await startInstall(svc.app);
    nock(API).post(TOKEN).times(6).reply(503, { status: 'error', message: 'down', correlationId: 'x', category: 'SERVICE_UNAVAILABLE' }, { 'retry-after': '0' });
    const res = await callback(svc.app, `code=x&state=${encodeURIComponent(a.state)}`, a.cookie);
    expect(res.status).toBe(502);
    expect(res.body.error.code).toBe('crm_unavailable');
  });
});

describe('HubSpot access tokens', () => {
  let svc: TestService;
  let now = TEST_NOW.getTime();
  const tenantId = 'hubspot-24681357';
  const install = () =>
    svc.installations.install({ tenantId, crm: 'hubspot', accountId: '24681357', tokens: { accessToken: 'old-access', refreshToken: 'the-refresh-token', accessExpiresAt: new Date(now + 30 * 60 * 1000) }, scopes: ['oauth'], installedBy: '7654321', at: new Date(now) });
  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    svc = await startTestService({ mode: 'production', env: HUBSPOT_ENV, now: () => new Date(now) });
    await svc.store.ensureTenant(tenantId, 'Portal');
    await svc.store.upsertUsers(tenantId, [{ userId: '7654321', name: 'Admin', email: null, isAdmin: true }]);
  });
  afterAll(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await svc.close();
  });
  beforeEach(async () => {
    now = TEST_NOW.getTime();
    await install();
  });

  it('uses the stored token while it has more than five minutes left, without asking HubSpot', async () => {
    now += 24 * 60 * 1000;
    expect(await svc.hubspotTokens!.accessToken(tenantId)).toBe('old-access');
  });

  it('refreshes once for 20 concurrent requests of one portal, and stores the new token sealed', async () => {
    now += 26 * 60 * 1000;
    const scope = nock(API)
      .post(TOKEN, (body: Record<string, string>) => body.grant_type === 'refresh_token' && body.refresh_token === 'the-refresh-token' && body.client_id === CLIENT_ID)
      .delay(50)
      .once()
      .reply(...reply('refresh'));
    const tokens = await Promise.all(Array.from({ length: 20 }, () => svc.hubspotTokens!.accessToken(tenantId)));
    const fresh = (hubspotFixture('post', TOKEN, 'refresh').body as { access_token: string }).access_token;
    expect(new Set(tokens)).toEqual(new Set([fresh]));
    expect(scope.isDone()).toBe(true);
    expect((await svc.installations.tokens(tenantId, 'hubspot'))!.accessExpiresAt.getTime()).toBe(now + 1800 * 1000);
    // The next request uses the refreshed token: no second refresh.
    expect(await svc.hubspotTokens!.accessToken(tenantId)).toBe(fresh);
  });

  it('marks the portal uninstalled when HubSpot refuses the refresh, and refuses its signed requests after', async () => {
    const me = () => {
      const path = '/api/v1/me?portalId=24681357&userId=7654321';
      const timestamp = String(now);
      const signature = createHmac('sha256', SECRET).update(`GET${PUBLIC_URL}${path}${timestamp}`).digest('base64');
      return request(svc.app).get(path).set('x-hubspot-signature-v3', signature).set('x-hubspot-request-timestamp', timestamp);
    };
    expect((await me()).status).toBe(200);
    now += 29 * 60 * 1000;
    nock(API).post(TOKEN).reply(...reply('bad-refresh-token'));
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => svc.hubspotTokens!.accessToken(tenantId)));
    expect(results.every((r) => r.status === 'rejected' && (r.reason as { code?: string }).code === 'unauthenticated')).toBe(true);
    const installation = await svc.installations.get(tenantId, 'hubspot');
    expect(installation).toMatchObject({ status: 'uninstalled' });
    expect(installation!.purgeAfter!.getTime()).toBe(now + 30 * 86_400_000);
    expect(await svc.installations.tokens(tenantId, 'hubspot')).toBeNull();
    const after = await me();
    expect(after.status).toBe(401);
    await expect(svc.hubspotTokens!.accessToken(tenantId)).rejects.toMatchObject({ code: 'unauthenticated' });
  });
});
