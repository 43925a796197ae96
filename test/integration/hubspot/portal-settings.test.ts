import { randomBytes } from 'node:crypto';
import nock from 'nock';
import { CustomerPropertiesResponseSchema, ErrorEnvelopeSchema } from '@balanced-scorecard/shared';
import { createPgliteClient, type SqlClient } from '../../../server/src/store/sql-client';
import { buildFixturePortal, virtualClock, type FakePortal } from '../../support/fake-hubspot-portal';
import { HUBSPOT_ENV, signedRequest } from '../../support/hubspot-signing';
import { startTestService, TEST_NOW, type TestService } from '../../support/service';

/** The settings page's calls to an installed portal: the properties a customer's potential and satisfaction are read from, the answer properties. */
const TENANT = 'hubspot-24681357';
const ADMIN = '7000000';
const REP = '7000005';
const TINY = { contacts: 30, companies: 5, deals: 10, engagements: { calls: 40, meetings: 10, emails: 20, tasks: 5, communications: 5 } };
const q = (userId: string) => `?portalId=24681357&userId=${userId}`;

describe('portal settings', () => {
  let db: SqlClient;
  let svc: TestService;
  let portal: FakePortal;
  let stop: () => void;
  const now = TEST_NOW.getTime();
  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    db = await createPgliteClient(null);
    svc = await startTestService({ mode: 'production', env: { ...HUBSPOT_ENV, TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64') }, db, now: () => new Date(now) });
    await svc.store.ensureTenant(TENANT, 'Portal');
    await svc.installations.install({ tenantId: TENANT, crm: 'hubspot', accountId: '24681357', tokens: { accessToken: 'access', refreshToken: 'refresh', accessExpiresAt: new Date(now + 365 * 86_400_000) }, scopes: ['oauth'], installedBy: ADMIN, at: new Date(now) });
    await svc.store.upsertUsers(TENANT, [
      { userId: ADMIN, name: 'Installer', email: null, isAdmin: true },
      { userId: REP, name: 'Rep', email: null, isAdmin: false },
    ]);
    portal = buildFixturePortal(virtualClock(now), now - 3_600_000, TINY);
    stop = portal.listen().stop;
  });
  afterAll(async () => {
    stop();
    nock.enableNetConnect();
    await svc.sync.drain();
    await svc.close();
  });

  it("lists the portal's number properties of companies and contacts, each once with its objects, and the defaults in force", async () => {
    const res = await signedRequest(svc.app, 'GET', `/api/v1/hubspot/customer-properties${q(ADMIN)}`);
    expect(res.status).toBe(200);
    const body = CustomerPropertiesResponseSchema.parse(res.body);
    expect(body).toMatchObject({ potential: 'balanced_scorecard_potential', satisfaction: 'balanced_scorecard_satisfaction' });
    const names = body.candidates.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['annualrevenue', 'balanced_scorecard_potential', 'customer_satisfaction_score', 'hs_analytics_num_visits']));
    // Text, enumerations and hidden properties are no candidates.
    for (const not of ['name', 'industry', 'email', 'lifecyclestage', 'hs_num_open_deals']) expect(names).not.toContain(not);
    expect(body.candidates.find((c) => c.name === 'customer_satisfaction_score')!.objectTypes).toEqual(['companies', 'contacts']);
    expect(new Set(names).size).toBe(names.length);
  });

  it('refuses a property the portal does not have, by its field, and keeps the one in force', async () => {
    const res = await signedRequest(svc.app, 'PUT', `/api/v1/hubspot/customer-properties${q(ADMIN)}`, { potential: 'balanced_scorecard_potential', satisfaction: 'nps_made_up' });
    expect(res.status).toBe(400);
    expect(ErrorEnvelopeSchema.parse(res.body).error).toMatchObject({ code: 'validation_failed', issues: [{ path: 'body.satisfaction', message: 'no number property of companies or contacts in this portal' }] });
    expect((await svc.installations.get(TENANT, 'hubspot'))!.customerProperties).toBeNull();
    expect((await signedRequest(svc.app, 'PUT', `/api/v1/hubspot/customer-properties${q(ADMIN)}`, { potential: 'Annual Revenue', satisfaction: 'x' })).status).toBe(400);
  });

  it('keeps the pick, reads every customer again with it at the next sync, and lets only admins do it', async () => {
    await svc.sync.trigger(TENANT);
    await svc.sync.drain();
    expect((await svc.store.getCursors(TENANT, 'hubspot')).customers).toBeDefined();
    expect((await signedRequest(svc.app, 'PUT', `/api/v1/hubspot/customer-properties${q(REP)}`, { potential: 'annualrevenue', satisfaction: 'customer_satisfaction_score' })).status).toBe(403);

    const res = await signedRequest(svc.app, 'PUT', `/api/v1/hubspot/customer-properties${q(ADMIN)}`, { potential: 'annualrevenue', satisfaction: 'customer_satisfaction_score' });
    expect(res.status).toBe(200);
    expect((await svc.installations.get(TENANT, 'hubspot'))!.customerProperties).toEqual({ potential: 'annualrevenue', satisfaction: 'customer_satisfaction_score' });
    expect((await svc.store.getCursors(TENANT, 'hubspot')).customers).toBeUndefined();
    expect((await svc.store.listAudit(TENANT, 5)).find((e) => e.action === 'customer_properties.set')).toMatchObject({ actorUserId: ADMIN });

    portal.searchedProperties.clear();
    await svc.sync.trigger(TENANT);
    await svc.sync.drain();
    expect([...portal.searchedProperties]).toEqual(expect.arrayContaining(['companies.annualrevenue', 'companies.customer_satisfaction_score', 'contacts.annualrevenue']));
    expect([...portal.searchedProperties].some((p) => p.endsWith('.balanced_scorecard_potential'))).toBe(false);
    const counts = await svc.store.countRecords(TENANT);
    expect(counts.customers).toBe(35);
  });

  it('creates the answer properties on demand: a refusal is reported with its reason, a later try succeeds', async () => {
    expect((await signedRequest(svc.app, 'POST', `/api/v1/hubspot/answer-properties${q(REP)}`, {})).status).toBe(403);
    portal.userProperties = 'refused';
    const refused = await signedRequest(svc.app, 'POST', `/api/v1/hubspot/answer-properties${q(ADMIN)}`, {});
    expect(refused.status).toBe(200);
    expect(refused.body.state).toBe('refused');
    expect(refused.body.reason).toMatch(/HubSpot refused the property group on users \([A-Z_]+, HTTP 403\)/);
    portal.userProperties = 'allowed';
    const created = await signedRequest(svc.app, 'POST', `/api/v1/hubspot/answer-properties${q(ADMIN)}`, {});
    expect(created.body).toEqual({ state: 'created', reason: null });
    expect(portal.createdProperties).toContain('balanced_scorecard_period');
  });
});

describe('portal settings without a HubSpot installation', () => {
  it('answers 404: there is no portal to ask', async () => {
    const svc = await startTestService({ env: { ...HUBSPOT_ENV, DEMO_HUBSPOT_PORTAL_ID: '24681357', DEMO_HUBSPOT_USERS: '7654322:user-admin' } });
    try {
      const res = await signedRequest(svc.app, 'GET', '/api/v1/hubspot/customer-properties?portalId=24681357&userId=7654322');
      expect(res.status).toBe(404);
      expect(res.body.error.message).toContain('not connected to HubSpot');
    } finally {
      await svc.close();
    }
  });
});
