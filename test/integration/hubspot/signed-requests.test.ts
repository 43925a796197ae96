import request from 'supertest';
import { activity, customer, seller } from '../../support/builders';
import { createPgliteClient, type SqlClient } from '../../../server/src/store/sql-client';
import { HUBSPOT_ENV, HUBSPOT_PUBLIC_URL, hubspotSignature, signedRequest } from '../../support/hubspot-signing';
import { startTestService, TEST_NOW, type TestService } from '../../support/service';

// Requests from HubSpot cards, signed here with node:crypto as HubSpot documents it (reference/hubspot.md §4.4).
const BRIDGE_PORTAL = '24681357';

const signed = signedRequest;

describe('signed HubSpot requests on the demo bridge portal', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService({ env: { ...HUBSPOT_ENV, DEMO_HUBSPOT_PORTAL_ID: BRIDGE_PORTAL, DEMO_HUBSPOT_USERS: '7654321:user-seller-001,7654322:user-admin' } });
  });
  afterAll(async () => {
    await svc.close();
  });
  const card = (objectType: string, objectId: string, userId: string) => `/api/v1/hubspot/record-card?objectType=${objectType}&objectId=${objectId}&portalId=${BRIDGE_PORTAL}&userId=${userId}`;

  it("answers a seller's own record with their scorecard, the record's potential and activity, and their check-in", async () => {
    const res = await signed(svc.app, 'GET', card('companies', 'seller-001-1', '7654321'));
    expect(res.status).toBe(200);
    expect(res.body.shown).toBe('owner');
    expect(res.body.note).toBeNull();
    expect(res.body.record).toMatchObject({ objectType: 'companies', objectId: 'seller-001-1', known: true, owner: { sellerId: 'seller-001' } });
    expect(res.body.record.recentActivities.length).toBeGreaterThan(0);
    const times = res.body.record.recentActivities.map((a: { at: string }) => a.at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(res.body.scorecard.scorecard.sellerId).toBe('seller-001');
    expect(res.body.scorecard.answersHidden).toBe(false);
    expect(res.body.checkIn).toMatchObject({ sellerId: 'seller-001', periodKey: '2026-11' });
    expect(res.body.checkIn.items.length).toBeGreaterThan(0);
  });

  it("shows a seller their own scorecard on another seller's record, saying whose it is", async () => {
    const res = await signed(svc.app, 'GET', card('companies', 'seller-009-1', '7654321'));
    expect(res.status).toBe(200);
    expect(res.body.shown).toBe('own');
    expect(res.body.record.owner.sellerId).toBe('seller-009');
    expect(res.body.note).toContain(res.body.record.owner.name);
    expect(res.body.scorecard.scorecard.sellerId).toBe('seller-001');
  });

  it("shows an admin the owner's scorecard, without the owner's answers", async () => {
    const res = await signed(svc.app, 'GET', card('companies', 'seller-009-1', '7654322'));
    expect(res.status).toBe(200);
    expect(res.body.shown).toBe('owner');
    expect(res.body.scorecard.scorecard.sellerId).toBe('seller-009');
    expect(res.body.scorecard.answersHidden).toBe(true);
    expect(res.body.checkIn).toBeNull();
  });

  it('answers a record the data does not hold yet as unknown, with the viewer\'s own scorecard', async () => {
    const res = await signed(svc.app, 'GET', card('contacts', '991122', '7654321'));
    expect(res.status).toBe(200);
    expect(res.body.record).toMatchObject({ known: false, owner: null, recentActivities: [] });
    expect(res.body.shown).toBe('own');
  });

  it('refuses the same request with one byte changed', async () => {
    const path = card('companies', 'seller-001-1', '7654321');
    expect((await signed(svc.app, 'GET', path)).status).toBe(200);
    const res = await signed(svc.app, 'GET', path, undefined, { tamper: (p) => p.replace('seller-001-1', 'seller-001-2') });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
    expect((await signed(svc.app, 'GET', path, undefined, { tamper: (p) => p.replace('7654321', '7654322') })).status).toBe(401);
  });

  it('refuses a stale, a future or a wrongly signed request, and one without a signature', async () => {
    const path = card('companies', 'seller-001-1', '7654321');
    expect((await signed(svc.app, 'GET', path, undefined, { at: TEST_NOW.getTime() - 5 * 60 * 1000 - 1 })).body.error.message).toContain('older than 5 minutes');
    expect((await signed(svc.app, 'GET', path, undefined, { at: TEST_NOW.getTime() + 6 * 60 * 1000 })).status).toBe(401);
    expect((await signed(svc.app, 'GET', path, undefined, { secret: 'another-secret-of-another-app-0123' })).status).toBe(401);
    expect((await request(svc.app).get(path)).status).toBe(401);
    expect((await request(svc.app).get(path).set('x-hubspot-request-timestamp', String(TEST_NOW.getTime()))).status).toBe(401);
  });

  it('refuses a signed request that names the portal or the user twice, or a portal that has not installed the app', async () => {
    const twicePortal = `${card('companies', 'seller-001-1', '7654321')}&portalId=99`;
    const res = await signed(svc.app, 'GET', twicePortal);
    expect(res.status).toBe(401);
    expect(res.body.error.message).toContain('portalId more than once');
    expect((await signed(svc.app, 'GET', `${card('companies', 'seller-001-1', '7654321')}&userId=7654322`)).status).toBe(401);
    const otherPortal = await signed(svc.app, 'GET', '/api/v1/hubspot/record-card?objectType=companies&objectId=seller-001-1&portalId=11111&userId=7654321');
    expect(otherPortal.status).toBe(401);
    expect(otherPortal.body.error.message).toContain('has not installed');
  });

  it('refuses a user the portal does not know, and validates the rest of the query', async () => {
    expect((await signed(svc.app, 'GET', card('companies', 'seller-001-1', '5550001'))).status).toBe(401);
    const bad = await signed(svc.app, 'GET', `${card('companies', 'seller-001-1', '7654321')}&extra=1`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    expect((await signed(svc.app, 'GET', card('tickets', '1', '7654321'))).status).toBe(400);
  });

  it('authenticates the existing API routes the same way, the body of a POST included', async () => {
    const me = await signed(svc.app, 'GET', `/api/v1/me?portalId=${BRIDGE_PORTAL}&userId=7654321&appId=3456789`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ tenantId: 'demo', userId: 'user-seller-001', sellerId: 'seller-001' });
    const items: { id: string }[] = me.body.checkInItems;
    const answers = Object.fromEntries(items.map((i) => [i.id, 4]));
    const path = `/api/v1/sellers/seller-001/check-ins?portalId=${BRIDGE_PORTAL}&userId=7654321`;
    const tampered = await signed(svc.app, 'POST', path, { by: 'self', answers }, { tamper: (p) => p });
    expect(tampered.status).toBe(201);
    const timestamp = String(TEST_NOW.getTime());
    const signature = hubspotSignature('POST', `${HUBSPOT_PUBLIC_URL}${path}`, JSON.stringify({ by: 'self', answers }), timestamp);
    const changedBody = await request(svc.app)
      .post(path)
      .set('content-type', 'application/json')
      .set('x-hubspot-signature-v3', signature)
      .set('x-hubspot-request-timestamp', timestamp)
      .send(JSON.stringify({ by: 'self', answers: { ...answers, [items[0]!.id]: 1 } }));
    expect(changedBody.status).toBe(401);
  });
});

describe('portals are tenants of their own', () => {
  let svc: TestService;
  let db: SqlClient;
  beforeAll(async () => {
    db = await createPgliteClient(null);
    svc = await startTestService({ mode: 'production', env: HUBSPOT_ENV, db });
    for (const [portal, user] of [['111', '1001'], ['222', '2002']] as const) {
      const tenantId = `hubspot-${portal}`;
      await svc.store.ensureTenant(tenantId, `Portal ${portal}`);
      await svc.installations.install({ tenantId, crm: 'hubspot', accountId: portal, tokens: { accessToken: `access-${portal}`, refreshToken: `refresh-${portal}`, accessExpiresAt: new Date(TEST_NOW.getTime() + 1_800_000) }, scopes: ['oauth'], installedBy: user, at: TEST_NOW });
      await svc.store.upsertUsers(tenantId, [{ userId: user, name: `User ${user}`, email: null, isAdmin: false }]);
      await svc.store.savePage(tenantId, 'hubspot', { kind: 'sellers', records: [seller({ tenantId, id: `seller-${portal}`, userId: user, managerIds: [], teamIds: [] })], cursor: '1' });
      await svc.store.savePage(tenantId, 'hubspot', { kind: 'customers', records: [customer({ tenantId, id: `company-${portal}`, kind: 'company', sellerId: `seller-${portal}`, createdAt: '2026-01-05T10:00:00.000Z', potential: 5000 })], cursor: '1' });
      await svc.store.savePage(tenantId, 'hubspot', { kind: 'activities', records: [activity({ tenantId, id: `act-${portal}`, sellerId: `seller-${portal}`, companyId: `company-${portal}`, at: '2026-11-10T10:00:00.000Z' })], cursor: '1' });
    }
  });
  afterAll(async () => {
    await svc.close();
  });

  it("never lets portal A's signed request read portal B's data", async () => {
    const me = await signed(svc.app, 'GET', '/api/v1/me?portalId=111&userId=1001');
    expect(me.status).toBe(200);
    expect(me.body.tenantId).toBe('hubspot-111');
    const own = await signed(svc.app, 'GET', '/api/v1/hubspot/record-card?objectType=companies&objectId=111&portalId=111&userId=1001');
    expect(own.status).toBe(200);
    expect(own.body.record).toMatchObject({ known: true, owner: { sellerId: 'seller-111' }, potential: 5000, potentialShare: 1 });
    const other = await signed(svc.app, 'GET', '/api/v1/hubspot/record-card?objectType=companies&objectId=222&portalId=111&userId=1001');
    expect(other.status).toBe(200);
    expect(other.body.record).toMatchObject({ known: false, owner: null, potential: null, recentActivities: [] });
    expect((await signed(svc.app, 'GET', '/api/v1/sellers/seller-222/scorecard?portalId=111&userId=1001')).status).toBe(403);
    // Portal B's user, claimed on portal A: not a user of A.
    expect((await signed(svc.app, 'GET', '/api/v1/me?portalId=111&userId=2002')).status).toBe(401);
  });

  it('refuses the signed requests of a portal once it is uninstalled, in every replica', async () => {
    expect((await signed(svc.app, 'GET', '/api/v1/me?portalId=222&userId=2002')).status).toBe(200);
    await svc.installations.markUninstalled('hubspot-222', 'hubspot', { at: TEST_NOW, purgeAfter: new Date(TEST_NOW.getTime() + 86_400_000), reason: 'uninstalled' });
    expect(await svc.installations.get('hubspot-222', 'hubspot')).toMatchObject({ status: 'uninstalled', lastError: 'uninstalled' });
    expect(await svc.installations.tokens('hubspot-222', 'hubspot')).toBeNull();
    // Another replica on the same store: it has never seen the portal, so it looks it up and refuses.
    const replica = await startTestService({ mode: 'production', env: HUBSPOT_ENV, db });
    const res = await signed(replica.app, 'GET', '/api/v1/me?portalId=222&userId=2002');
    expect(res.status).toBe(401);
    expect(res.body.error.message).toContain('has not installed');
    expect((await signed(replica.app, 'GET', '/api/v1/me?portalId=111&userId=1001')).status).toBe(200);
  });

});
