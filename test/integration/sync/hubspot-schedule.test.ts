import { createHmac } from 'node:crypto';
import nock from 'nock';
import request from 'supertest';
import { createPgliteClient, type SqlClient } from '../../../server/src/store/sql-client';
import { createSyncSchedule } from '../../../server/src/sync/sync-schedule';
import { buildFixturePortal, virtualClock } from '../../support/fake-hubspot-portal';
import { startTestService, TEST_NOW, type TestService } from '../../support/service';

const SECRET = 'the-app-client-secret-0123456789abcdef';
const PUBLIC_URL = 'https://scorecard.example.com';
const ENV = { HUBSPOT_CLIENT_ID: '5f1c3b9a-2d4e-4f6a-8b7c-9d0e1f2a3b4c', HUBSPOT_CLIENT_SECRET: SECRET, PUBLIC_URL, HUBSPOT_SYNC_INTERVAL_MINUTES: '10', HUBSPOT_PURGE_GRACE_DAYS: '30' };
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
  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    db = await createPgliteClient(null);
    a = await startTestService({ mode: 'production', env: ENV, db, now: () => new Date(now) });
    b = await startTestService({ mode: 'production', env: ENV, db, now: () => new Date(now) });
    await a.store.ensureTenant(TENANT, 'Portal');
    await a.installations.install({ tenantId: TENANT, crm: 'hubspot', accountId: '24681357', tokens: { accessToken: 'access', refreshToken: 'refresh', accessExpiresAt: new Date(now + 365 * 86_400_000) }, scopes: ['oauth'], installedBy: '7000000', at: new Date(now) });
    await a.store.upsertUsers(TENANT, [{ userId: '7000000', name: 'Installer', email: null, isAdmin: true }]);
    const portal = buildFixturePortal(virtualClock(now), now - 3_600_000, TINY);
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
    expect((await a.store.listUsers(TENANT)).find((u) => u.userId === '7000000')).toMatchObject({ isAdmin: true, name: 'Rep 0' });
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

  it("purges an uninstalled portal's CRM data after the grace period, keeping its check-ins, and stops syncing it", async () => {
    await a.store.addCheckIn(TENANT, { tenantId: TENANT, sellerId: 'owner-81000001', periodKey: '2026-11', by: 'self', answers: { w1: 4 }, note: null, at: new Date(now).toISOString() }, '7000001');
    await a.installations.markUninstalled(TENANT, 'hubspot', { at: new Date(now), purgeAfter: new Date(now + 30 * 86_400_000), reason: 'uninstalled' });
    now += 29 * 86_400_000;
    expect(await a.schedule!.tick()).toEqual([]);
    expect((await a.store.countRecords(TENANT)).activities).toBe(80);
    now += 2 * 86_400_000;
    await a.schedule!.tick();
    const counts = await a.store.countRecords(TENANT);
    expect(counts).toMatchObject({ activities: 0, deals: 0, customers: 0, sellers: 0, teams: 0, checkIns: 1 });
    expect(await a.installations.get(TENANT, 'hubspot')).toMatchObject({ status: 'uninstalled', purgeAfter: null });
    expect(await a.schedule!.nextRunAt(TENANT)).toBeNull();
  });
});
