import { createHmac, randomBytes } from 'node:crypto';
import nock from 'nock';
import request from 'supertest';
import { createPgliteClient, type SqlClient } from '../../../server/src/store/sql-client';
import { createSyncSchedule } from '../../../server/src/sync/sync-schedule';
import { buildFixturePortal, virtualClock, type FakePortal } from '../../support/fake-hubspot-portal';
import { startTestService, TEST_NOW, type TestService } from '../../support/service';

const SECRET = 'the-app-client-secret-0123456789abcdef';
const PUBLIC_URL = 'https://scorecard.example.com';
const ENV = { HUBSPOT_CLIENT_ID: '5f1c3b9a-2d4e-4f6a-8b7c-9d0e1f2a3b4c', HUBSPOT_CLIENT_SECRET: SECRET, PUBLIC_URL, HUBSPOT_SYNC_INTERVAL_MINUTES: '10', HUBSPOT_PURGE_GRACE_DAYS: '30', TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
const TENANT = 'hubspot-24681357';
const TINY = { contacts: 30, companies: 5, deals: 10, engagements: { calls: 40, meetings: 10, emails: 20, tasks: 5, communications: 5 } };

function signedGet(app: TestService['app'], path: string, at: number) {
  const timestamp = String(at);
  const signature = createHmac('sha256', SECRET).update(`GET${PUBLIC_URL}${path}${timestamp}`).digest('base64');
  return request(app).get(path).set('x-hubspot-signature-v3', signature).set('x-hubspot-request-timestamp', timestamp);
}

describe('the sync schedule of installed portals', () => {
  let db: SqlClient;
  let a: TestService;
  let b: TestService;
  let now = TEST_NOW.getTime();
  let stop: () => void;
  let portal: FakePortal;
  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    db = await createPgliteClient(null);
    a = await startTestService({ mode: 'production', env: ENV, db, now: () => new Date(now) });
    b = await startTestService({ mode: 'production', env: ENV, db, now: () => new Date(now) });
    await a.store.ensureTenant(TENANT, 'Portal');
    await a.installations.install({ tenantId: TENANT, crm: 'hubspot', accountId: '24681357', tokens: { accessToken: 'access', refreshToken: 'refresh', accessExpiresAt: new Date(now + 365 * 86_400_000) }, scopes: ['oauth'], installedBy: '7000000', at: new Date(now) });
    await a.store.upsertUsers(TENANT, [{ userId: '7000000', name: 'Installer', email: null, isAdmin: true }]);
    portal = buildFixturePortal(virtualClock(now), now - 3_600_000, TINY);
    stop = portal.listen().stop;
  });
  afterAll(async () => {
    stop();
    nock.enableNetConnect();
    await a.sync.drain();
    await b.sync.drain();
    await a.close();
  });

  it('syncs a due portal in exactly one of two replicas, and not again before its interval', async () => {
    const [fromA, fromB] = await Promise.all([a.schedule!.tick(), b.schedule!.tick()]);
    expect([...fromA, ...fromB]).toEqual([TENANT]);
    await a.sync.drain();
    await b.sync.drain();
    const counts = await a.store.countRecords(TENANT);
    expect(counts).toMatchObject({ sellers: 20, activities: 80, deals: 10, customers: 35 });
    // The sync named the owners as users; the installer stays admin.
    const users = await a.store.listUsers(TENANT);
    expect(users.find((u) => u.userId === '7000000')).toMatchObject({ isAdmin: true, name: 'Rep 0' });
    // Super admins are admins, owners or not; other users are not.
    expect(users.find((u) => u.userId === '7099999')).toMatchObject({ isAdmin: true, name: 'Head Of Sales' });
    expect(users.find((u) => u.userId === '7000005')).toMatchObject({ isAdmin: false });
    // Runs are stamped by the store's clock: the interval is checked on the wall clock, here a short one.
    const wall = { store: a.store, installations: a.installations, crm: 'hubspot' as const, intervalMs: 5000, now: () => new Date(), logger: a.logger };
    const scheduleA = createSyncSchedule({ ...wall, sync: a.sync });
    const scheduleB = createSyncSchedule({ ...wall, sync: b.sync });
    expect([...(await scheduleA.tick()), ...(await scheduleB.tick())]).toEqual([]);
    const started = Date.parse((await a.store.listSyncRuns(TENANT, 1))[0]!.startedAt);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + 5100 - Date.now())));
    expect([...(await scheduleA.tick()), ...(await scheduleB.tick())]).toEqual([TENANT]);
    await a.sync.drain();
    await b.sync.drain();
    expect((await a.store.listSyncRuns(TENANT, 5)).filter((r) => r.status === 'succeeded')).toHaveLength(2);
  });

  it('reports the sync status of the portal: last success, records, next run, last error', async () => {
    const res = await signedGet(a.app, '/api/v1/sync/status?portalId=24681357&userId=7000000', now);
    expect(res.status).toBe(200);
    expect(res.body.connector).toBe('hubspot');
    expect(res.body.counts.activities).toBe(80);
    expect(res.body.installation).toMatchObject({ crm: 'hubspot', accountId: '24681357', status: 'installed', lastError: null, uninstalledAt: null, purgeAfter: null });
    expect(Date.parse(res.body.installation.nextRunAt)).toBe(Date.parse(res.body.runs[0].startedAt) + 10 * 60_000);
    expect(res.body.installation.lastSuccessAt).not.toBeNull();
  });

  it("creates the answer properties once, and mirrors each seller's latest check-in to their HubSpot user, retrying while HubSpot is down", async () => {
    portal.userRecords.set('7000001', '912345');
    const checkIn = (answers: Record<string, number>, at: number) =>
      a.store.addCheckIn(TENANT, { tenantId: TENANT, sellerId: 'owner-81000001', periodKey: '2026-11', by: 'self', answers, note: null, at: new Date(at).toISOString() }, '7000001');
    await checkIn({ motivation: 2, energy: 2 }, now - 2000);
    await checkIn({ motivation: 4, energy: 3 }, now - 1000);
    await a.schedule!.tick();
    expect(portal.createdProperties).toEqual(expect.arrayContaining(['group', 'balanced_scorecard_period', 'balanced_scorecard_motivation', 'balanced_scorecard_tools_support']));
    expect(await a.installations.get(TENANT, 'hubspot')).toMatchObject({ properties: 'created', propertiesReason: null });
    // The latest check-in only; the older one is superseded.
    expect(portal.userWrites).toEqual([{ recordId: '912345', properties: { balanced_scorecard_period: '2026-11', balanced_scorecard_motivation: '4', balanced_scorecard_energy: '3' } }]);
    const created = portal.createdProperties.length;
    await a.schedule!.tick();
    expect(portal.userWrites).toHaveLength(1);
    expect(portal.createdProperties).toHaveLength(created);

    // HubSpot down: nothing is lost, the next pass writes it.
    await checkIn({ motivation: 5, energy: 5 }, now);
    portal.faults.push(...Array.from({ length: 6 }, () => ({ status: 503, retryAfter: '0' })));
    a.schedule!.mirrorSoon(TENANT);
    await a.schedule!.tick();
    await a.schedule!.tick();
    expect(portal.userWrites.at(-1)).toEqual({ recordId: '912345', properties: { balanced_scorecard_period: '2026-11', balanced_scorecard_motivation: '5', balanced_scorecard_energy: '5' } });
    expect(portal.userWrites).toHaveLength(2);
  });

  it('keeps the answers in the service when HubSpot refuses properties on users, and says so', async () => {
    await a.installations.setPropertySetup(TENANT, 'hubspot', { state: 'refused', reason: 'x' });
    await db.query("UPDATE crm_installations SET properties = 'pending' WHERE tenant_id = $1", [TENANT]);
    portal.userProperties = 'refused';
    await a.schedule!.tick();
    const installation = await a.installations.get(TENANT, 'hubspot');
    expect(installation).toMatchObject({ properties: 'refused' });
    expect(installation!.propertiesReason).toContain('MISSING_SCOPES');
    const res = await signedGet(a.app, '/api/v1/sync/status?portalId=24681357&userId=7000000', now);
    expect(res.body.installation).toMatchObject({ answerProperties: 'refused' });
    expect(res.body.installation.answerPropertiesReason).toContain('refused');
    const writes = portal.userWrites.length;
    await a.store.addCheckIn(TENANT, { tenantId: TENANT, sellerId: 'owner-81000001', periodKey: '2026-11', by: 'self', answers: { motivation: 1 }, note: null, at: new Date(now).toISOString() }, '7000001');
    await a.schedule!.tick();
    expect(portal.userWrites).toHaveLength(writes);
  });

  it("purges an uninstalled portal's CRM data after the grace period, keeping its check-ins, and stops syncing it", async () => {
    await a.store.addCheckIn(TENANT, { tenantId: TENANT, sellerId: 'owner-81000001', periodKey: '2026-11', by: 'self', answers: { w1: 4 }, note: null, at: new Date(now).toISOString() }, '7000001');
    await a.installations.markUninstalled(TENANT, 'hubspot', { at: new Date(now), purgeAfter: new Date(now + 30 * 86_400_000), reason: 'uninstalled' });
    now += 29 * 86_400_000;
    expect(await a.schedule!.tick()).toEqual([]);
    expect((await a.store.countRecords(TENANT)).activities).toBe(80);
    now += 2 * 86_400_000;
    await a.schedule!.tick();
    const counts = await a.store.countRecords(TENANT);
    expect(counts).toMatchObject({ activities: 0, deals: 0, customers: 0, sellers: 0, teams: 0, checkIns: 5 });
    expect(await a.installations.get(TENANT, 'hubspot')).toMatchObject({ status: 'uninstalled', purgeAfter: null });
    expect(await a.schedule!.nextRunAt(TENANT)).toBeNull();
  });
});
