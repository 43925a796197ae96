import nock from 'nock';
import { createHubSpotConnector, createTenantHttp } from '../../../server/src/connectors/hubspot/hubspot-connector';
import { createPortalLimiters, HUBSPOT_BURST, HUBSPOT_SEARCH } from '../../../server/src/connectors/hubspot/rate-limit';
import { createHubSpotHttp } from '../../../server/src/hubspot/hubspot-http';
import { createPgliteClient } from '../../../server/src/store/sql-client';
import { createStore, type Store } from '../../../server/src/store/store';
import { runSync } from '../../../server/src/sync/run-sync';
import { buildFixturePortal, minimumRequests, peakInWindow, virtualClock, type FakePortal } from '../../support/fake-hubspot-portal';

const NOW = Date.parse('2026-12-01T07:00:00.000Z');
const TENANT = 'hubspot-24681357';

function setUp(size?: Parameters<typeof buildFixturePortal>[2]) {
  const clock = virtualClock(NOW);
  const portal = buildFixturePortal(clock, NOW - 3_600_000, size);
  const limiters = createPortalLimiters(clock);
  const http = createTenantHttp({ http: (beforeAttempt) => createHubSpotHttp({ beforeAttempt, sleep: clock.sleep }), limiter: limiters.forPortal(TENANT), accessToken: async () => 'access-token' });
  const connector = createHubSpotConnector({ http, now: () => new Date(clock.now()), currency: async () => 'EUR' });
  return { clock, portal, connector };
}

async function freshStore(): Promise<Store> {
  const store = createStore(await createPgliteClient(null));
  await store.migrate();
  await store.ensureTenant(TENANT, 'Portal');
  return store;
}

const SMALL = { contacts: 900, companies: 120, deals: 400, engagements: { calls: 1300, meetings: 300, emails: 700, tasks: 250, communications: 150 } };

function expected(portal: FakePortal) {
  const engagements = ['calls', 'meetings', 'emails', 'tasks', 'communications'].reduce((n, t) => n + portal.live(t).length, 0);
  return { customers: portal.live('contacts').length + portal.live('companies').length, deals: portal.live('deals').length, activities: engagements };
}

describe('syncing a HubSpot portal', () => {
  beforeAll(() => {
    nock.disableNetConnect();
  });
  afterAll(() => {
    nock.enableNetConnect();
  });
  afterEach(() => {
    nock.cleanAll();
  });

  it('syncs the fixture portal fully once, within its rate limits and near the minimum of requests', async () => {
    const { portal, connector } = setUp();
    const store = await freshStore();
    const server = portal.listen();
    try {
      await runSync(store, { tenantId: TENANT, connector, holder: 'test' });
    } finally {
      server.stop();
    }
    const counts = await store.countRecords(TENANT);
    expect(counts).toMatchObject({ sellers: 20, teams: 3, ...expected(portal) });
    expect(counts.activities).toBe(50_000);
    // The calls and the emails (14,000 each) were read in windows under the 10,000 cap: a window
    // that held more was split before any page of it was read on.
    expect(portal.searchTotals.filter((s) => !s.continued && s.total > 10_000).length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...portal.searchTotals.filter((s) => s.continued).map((s) => s.total))).toBeLessThanOrEqual(10_000);
    expect(portal.requests.length).toBeLessThanOrEqual(Math.ceil(minimumRequests(portal) * 1.05));
    expect(peakInWindow(portal.requests, HUBSPOT_BURST.ms, false)).toBeLessThanOrEqual(HUBSPOT_BURST.limit);
    expect(peakInWindow(portal.requests, HUBSPOT_SEARCH.ms, true)).toBeLessThanOrEqual(HUBSPOT_SEARCH.limit);
    // Every one of the 450 contacts sharing one last-modified time arrived, across page boundaries.
    const records = await store.loadRecords(TENANT);
    const ids = new Set(records.customers.map((c) => c.id));
    for (let i = 5000; i < 5450; i++) expect(ids.has(`contact-${100_000 + i}`)).toBe(true);
    // Associations and owners mapped: a deal's company and contacts, an engagement's company.
    const deal = records.deals.find((d) => d.id === 'deal-700001')!;
    expect(deal).toMatchObject({ sellerId: 'owner-81000001', companyId: 'company-900001', contactIds: ['contact-100001', 'contact-100002'], isClosed: true, isWon: true });
    expect(records.activities.find((a) => a.id === 'call-52000000000')).toMatchObject({ type: 'call', outcome: 'connected', direction: 'outbound', companyId: 'company-900000', contactId: 'contact-100000', dealId: 'deal-700000' });
    expect(records.sellers.find((s) => s.id === 'owner-81000019')).toMatchObject({ active: false, userId: '7000019' });
    await store.close();
  }, 600_000);

  it('an incremental sync after edits and deletes reads only what changed', async () => {
    const { clock, portal, connector } = setUp(SMALL);
    const store = await freshStore();
    let server = portal.listen();
    await runSync(store, { tenantId: TENANT, connector, holder: 'test' });
    server.stop();
    const firstRequests = portal.requests.length;
    clock.advance(10 * 60_000);
    portal.edit('deals', '700003', { amount: '99999', hs_is_closed: 'true', hs_is_closed_won: 'true', closedate: new Date(clock.now()).toISOString() });
    portal.edit('contacts', '100010', { balanced_scorecard_potential: '777' });
    portal.archive('calls', '52000000004');
    portal.archive('contacts', '100011');
    clock.advance(2 * 60_000);
    server = portal.listen();
    await runSync(store, { tenantId: TENANT, connector, holder: 'test' });
    server.stop();
    const records = await store.loadRecords(TENANT);
    expect(records.deals.find((d) => d.id === 'deal-700003')).toMatchObject({ amount: 99999, isWon: true });
    expect(records.customers.find((c) => c.id === 'contact-100010')).toMatchObject({ potential: 777 });
    expect(records.activities.some((a) => a.id === 'call-52000000004')).toBe(false);
    expect(records.customers.some((c) => c.id === 'contact-100011')).toBe(false);
    expect(await store.countRecords(TENANT)).toMatchObject(expected(portal));
    // The second sync: owners, one search page per object type, the associations of what changed, the archived lists.
    expect(portal.requests.length - firstRequests).toBeLessThan(40);
    await store.close();
  }, 120_000);

  it('ends a storm of 429s (with Retry-After) and 5xx with every record synced exactly once', async () => {
    const { portal, connector } = setUp(SMALL);
    const store = await freshStore();
    portal.faults.push({ status: 429, retryAfter: '1' }, { status: 429, retryAfter: '1' }, { status: 502 }, { status: 503 }, { status: 429 });
    portal.failEvery = { n: 4, status: 429, retryAfter: '2' };
    // Without settings.users.read (an optional scope) the sync goes on with the owners' users.
    portal.settingsUsers = 'forbidden';
    const server = portal.listen();
    try {
      await runSync(store, { tenantId: TENANT, connector, holder: 'test' });
    } finally {
      server.stop();
    }
    expect(portal.requests.filter((r) => r.status !== 200).length).toBeGreaterThanOrEqual(15);
    expect(await store.countRecords(TENANT)).toMatchObject(expected(portal));
    const records = await store.loadRecords(TENANT);
    expect(new Set(records.activities.map((a) => a.id)).size).toBe(records.activities.length);
    expect(connector.users!().map((u) => u.userId)).toContain('7000001');
    // Retry-After was honoured: after each 429 that named a wait, the next request came no sooner.
    const r = portal.requests;
    for (let i = 0; i + 1 < r.length; i++) if (r[i]!.status === 429 && i < 2) expect(r[i + 1]!.at - r[i]!.at).toBeGreaterThanOrEqual(1000);
    await store.close();
  }, 120_000);

  it('resumes a sync killed half-way without losing or repeating records', async () => {
    const { portal, connector } = setUp(SMALL);
    const store = await freshStore();
    let server = portal.listen();
    const abort = new AbortController();
    let pages = 0;
    await expect(
      runSync(store, {
        tenantId: TENANT,
        connector,
        holder: 'first',
        signal: abort.signal,
        onProgress: () => {
          if (++pages === 4) abort.abort(new Error('killed'));
        },
      }),
    ).rejects.toThrow();
    server.stop();
    const partial = await store.countRecords(TENANT);
    expect(partial.customers).toBeGreaterThan(0);
    expect(partial.activities).toBeLessThan(expected(portal).activities);
    const searchesBefore = portal.requests.filter((r) => r.search).length;
    server = portal.listen();
    await runSync(store, { tenantId: TENANT, connector, holder: 'second' });
    server.stop();
    expect(await store.countRecords(TENANT)).toMatchObject(expected(portal));
    // The resumed sync went on from the saved cursors: it did not read the saved pages again.
    const { portal: fresh, connector: freshConnector } = setUp(SMALL);
    const other = await freshStore();
    const s = fresh.listen();
    await runSync(other, { tenantId: TENANT, connector: freshConnector, holder: 'whole' });
    s.stop();
    const whole = fresh.requests.filter((r) => r.search).length;
    expect(portal.requests.filter((r) => r.search).length - searchesBefore).toBeLessThan(whole);
    await store.close();
    await other.close();
  }, 120_000);
});
