import nock from 'nock';
import request from 'supertest';
import { signEmbedRequest, tenantIdOfOrg } from '../../../server/src/salesforce/embed';
import { startTestService, type TestService } from '../../support/service';
import { ORG_ID, USERS } from '../../support/salesforce-fixtures';
import { connectFixtureOrg as connect, embedRequest, SALESFORCE_ENV } from '../../support/salesforce-org';

const TENANT = tenantIdOfOrg(ORG_ID);
const OTHER_ORG = '00D5g000009OtHeRAA';

const ticketOf = (url: string) => new URL(url).hash.replace(/^#ticket=/, '');

describe('connecting a Salesforce org and embedding the scorecard on its record pages', () => {
  let svc: TestService;
  let now = new Date('2026-12-01T07:00:00.000Z');
  let secret = '';
  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    svc = await startTestService({
      mode: 'production',
      now: () => now,
      env: SALESFORCE_ENV,
    });
    secret = await connect(svc);
  });
  afterAll(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await svc.close();
  });
  const at = () => now.getTime();

  it('the connect saves the org with sealed tokens, the connecting admin as admin, and syncs it', async () => {
    expect(await svc.installations.get(TENANT, 'salesforce')).toMatchObject({ status: 'installed', accountId: ORG_ID, installedBy: USERS.admin });
    expect(await svc.installations.tokens(TENANT, 'salesforce')).toMatchObject({ accessToken: '00D5g000004XyZa!AQ0AQ.first-access', refreshToken: '5Aep861first.refresh' });
    const users = await svc.store.listUsers(TENANT);
    expect(users.find((u) => u.userId === USERS.admin)?.isAdmin).toBe(true);
    expect((await svc.store.countRecords(TENANT)).sellers).toBe(6);
    expect((await svc.store.getTenant(TENANT))?.name).toBe('Acme Nordic AS');
  });

  it('a connect link is good once, and only in the browser that started it', async () => {
    const start = await request(svc.app).get('/oauth/salesforce/connect?environment=sandbox');
    const authorize = new URL(start.headers.location as string);
    expect(authorize.origin).toBe('https://test.salesforce.com');
    const state = authorize.searchParams.get('state');
    const noCookie = await request(svc.app).get(`/oauth/salesforce/callback?code=x&state=${state}`);
    expect(noCookie.status).toBe(400);
    expect(noCookie.body.error.code).toBe('oauth_state_invalid');
    const forged = await request(svc.app).get(`/oauth/salesforce/callback?code=x&state=${state!.slice(0, -4)}AAAA`).set('cookie', (start.headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!);
    expect(forged.body.error.code).toBe('oauth_state_invalid');
  });

  it("a signed request gets a ticket; the ticket buys a bearer token once; the User page shows that user's scorecard", async () => {
    const res = await embedRequest(svc, secret, { orgId: ORG_ID, userId: USERS.manager, recordId: USERS.sara, objectApiName: 'User' }, at());
    expect(res.status).toBe(201);
    expect(res.body.url).toMatch(/^https:\/\/scorecard\.example\.com\/embed\/salesforce#ticket=[A-Za-z0-9_-]{43}$/);
    const ticket = ticketOf(res.body.url);
    const traded = await request(svc.app).post('/api/v1/embed-sessions/token').send({ ticket });
    expect(traded.status).toBe(200);
    expect(traded.body.sellerId).toBe(`sf-user-${USERS.sara}`);
    // The manager sees Sara (who reports to them); the token is a bearer token, no cookie is set.
    expect(traded.headers['set-cookie']).toBeUndefined();
    const me = await request(svc.app).get('/api/v1/me').set('authorization', `Bearer ${traded.body.token}`);
    expect(me.status).toBe(200);
    expect(me.body.roles).toContain('manager');
    const card = await request(svc.app).get(`/api/v1/sellers/sf-user-${USERS.sara}/scorecard`).set('authorization', `Bearer ${traded.body.token}`);
    expect(card.status).toBe(200);
    // The VP two levels up sees her too; Olav (her peer) does not.
    const vp = await request(svc.app).post('/api/v1/embed-sessions/token').send({ ticket: ticketOf((await embedRequest(svc, secret, { orgId: ORG_ID, userId: USERS.vp, recordId: USERS.sara, objectApiName: 'User' }, at())).body.url) });
    expect((await request(svc.app).get(`/api/v1/sellers/sf-user-${USERS.sara}/scorecard`).set('authorization', `Bearer ${vp.body.token}`)).status).toBe(200);
    const peer = await request(svc.app).post('/api/v1/embed-sessions/token').send({ ticket: ticketOf((await embedRequest(svc, secret, { orgId: ORG_ID, userId: USERS.olav, recordId: USERS.sara, objectApiName: 'User' }, at())).body.url) });
    expect((await request(svc.app).get(`/api/v1/sellers/sf-user-${USERS.sara}/scorecard`).set('authorization', `Bearer ${peer.body.token}`)).status).toBe(403);
    // Used once: never again.
    const reused = await request(svc.app).post('/api/v1/embed-sessions/token').send({ ticket });
    expect(reused.status).toBe(401);
    expect(reused.body.error.code).toBe('unauthenticated');
  });

  it("a Contact page shows the contact owner's scorecard", async () => {
    const res = await embedRequest(svc, secret, { orgId: ORG_ID, userId: USERS.olav, recordId: '0035g00000Con002AA', objectApiName: 'Contact' }, at());
    const traded = await request(svc.app).post('/api/v1/embed-sessions/token').send({ ticket: ticketOf(res.body.url) });
    expect(traded.body.sellerId).toBe(`sf-user-${USERS.olav}`);
  });

  it('refuses an expired ticket, a forged or stale signature, another org, and a forged bearer token', async () => {
    const body = { orgId: ORG_ID, userId: USERS.sara, recordId: null, objectApiName: null };
    const res = await embedRequest(svc, secret, body, at());
    const ticket = ticketOf(res.body.url);
    now = new Date(now.getTime() + 61_000);
    try {
      const expired = await request(svc.app).post('/api/v1/embed-sessions/token').send({ ticket });
      expect(expired.status).toBe(401);
    } finally {
      now = new Date(now.getTime() - 61_000);
    }
    const forged = await embedRequest(svc, 'not-the-secret', body, at());
    expect(forged.status).toBe(401);
    expect(forged.body.error.message).toMatch(/signature does not match/);
    const stale = await embedRequest(svc, secret, body, at() - 6 * 60_000);
    expect(stale.status).toBe(401);
    // Signed with our org's secret but naming an org that is not connected.
    const other = await embedRequest(svc, secret, { ...body, orgId: OTHER_ORG }, at());
    expect(other.status).toBe(401);
    // A body changed after signing.
    const raw = JSON.stringify(body);
    const tampered = await request(svc.app).post('/api/v1/embed-sessions').set('content-type', 'application/json').set('x-scorecard-timestamp', String(at())).set('x-scorecard-signature', signEmbedRequest(secret, String(at()), raw)).send(JSON.stringify({ ...body, userId: USERS.admin }));
    expect(tampered.status).toBe(401);
    const bad = await request(svc.app).post('/api/v1/embed-sessions').set('content-type', 'application/json').send({ orgId: 'nope' });
    expect(bad.status).toBe(400);
    const traded = await request(svc.app).post('/api/v1/embed-sessions/token').send({ ticket: ticketOf((await embedRequest(svc, secret, body, at())).body.url) });
    const [v, payload, sig] = (traded.body.token as string).split('.');
    const otherPayload = Buffer.from(JSON.stringify({ t: TENANT, u: USERS.admin, e: at() + 600_000 })).toString('base64url');
    expect((await request(svc.app).get('/api/v1/me').set('authorization', `Bearer ${v}.${otherPayload}.${sig}`)).status).toBe(401);
    expect((await request(svc.app).get('/api/v1/me').set('authorization', `Bearer ${v}.${payload}.${sig}`)).status).toBe(200);
    // A bearer token ends after 15 minutes.
    now = new Date(now.getTime() + 15 * 60_000 + 1);
    try {
      expect((await request(svc.app).get('/api/v1/me').set('authorization', `Bearer ${traded.body.token}`)).status).toBe(401);
    } finally {
      now = new Date(now.getTime() - 15 * 60_000 - 1);
    }
  });

  it("a disconnected org's open sessions end within ten seconds, though their bearer tokens have not expired", async () => {
    const body = { orgId: ORG_ID, userId: USERS.sara, recordId: null, objectApiName: null };
    const traded = await request(svc.app).post('/api/v1/embed-sessions/token').send({ ticket: ticketOf((await embedRequest(svc, secret, body, at())).body.url) });
    const me = () => request(svc.app).get('/api/v1/me').set('authorization', `Bearer ${traded.body.token}`);
    expect((await me()).status).toBe(200);
    await svc.installations.markUninstalled(TENANT, 'salesforce', { at: now, purgeAfter: new Date(at() + 86_400_000), reason: 'the admin disconnected the org' });
    now = new Date(at() + 10_001);
    const ended = await me();
    expect(ended.status).toBe(401);
    expect(ended.body.error.message).toMatch(/session has ended/);
  });
});
