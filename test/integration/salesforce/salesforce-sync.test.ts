import { randomBytes } from 'node:crypto';
import nock from 'nock';
import pino from 'pino';
import { setDefaults } from 'jsforce/lib/request';
import { createTokenCipher } from '../../../server/src/auth/token-cipher';
import { createSalesforceConnector } from '../../../server/src/connectors/salesforce/salesforce-connector';
import { AppError } from '../../../server/src/errors/app-error';
import { tenantIdOfOrg } from '../../../server/src/salesforce/embed';
import { createSalesforceAnswerMirror } from '../../../server/src/salesforce/answer-mirror';
import { createMirrorQueue } from '../../../server/src/store/mirror-queue';
import { createSalesforceOrgStore } from '../../../server/src/salesforce/org-store';
import { openSalesforceClient, type ClientDeps } from '../../../server/src/salesforce/salesforce-client';
import { createInstallationStore } from '../../../server/src/store/installations';
import { createPgliteClient } from '../../../server/src/store/sql-client';
import { createStore } from '../../../server/src/store/store';
import { runSync } from '../../../server/src/sync/run-sync';
import { countOf, from, INSTANCE, LOGIN, mockFirstSync, mockUsersAndDescribes, ORG_ID, replyGet, salesforceFixture, USERS } from '../../support/salesforce-fixtures';

const NOW = new Date('2026-12-01T07:00:00.000Z');
const silent = pino({ level: 'silent' });
const TENANT = tenantIdOfOrg(ORG_ID);
const data = '/services/data/v64.0';

async function setUp(options: { sleep?: (ms: number) => Promise<void>; onSlowDown?: () => void; maxUsers?: number } = {}) {
  const db = await createPgliteClient(null);
  const store = createStore(db);
  await store.migrate();
  await store.ensureTenant(TENANT, 'Acme');
  const cipher = createTokenCipher(randomBytes(32));
  const installations = createInstallationStore(db, cipher);
  const orgs = createSalesforceOrgStore(db, cipher);
  await installations.install({ tenantId: TENANT, crm: 'salesforce', accountId: ORG_ID, tokens: { accessToken: 'AT1', refreshToken: 'RT1', accessExpiresAt: new Date(NOW.getTime() + 3_600_000) }, scopes: ['api', 'refresh_token'], installedBy: USERS.admin, at: NOW });
  await orgs.save({ tenantId: TENANT, orgId: ORG_ID, instanceUrl: INSTANCE, loginUrl: LOGIN, embedSecret: 'secret' });
  const disconnected: string[] = [];
  const deps: ClientDeps = { app: { clientId: '3MVG9consumer.key.of.the.app', clientSecret: 'consumer-secret-0123456789', redirectUri: 'https://scorecard.example.com/oauth/salesforce/callback' }, installations, orgs, now: () => NOW, purgeGraceMs: 86_400_000, onDisconnected: (t) => disconnected.push(t) };
  const sleeps: number[] = [];
  const connector = createSalesforceConnector({
    client: () => openSalesforceClient(TENANT, deps),
    now: () => NOW,
    currency: async () => 'NOK',
    sleep: options.sleep ?? (async (ms) => void sleeps.push(ms)),
    bulkPollMs: 1,
    ...(options.maxUsers ? { maxUsers: options.maxUsers } : {}),
    ...(options.onSlowDown ? { onSlowDown: options.onSlowDown } : {}),
  });
  const sync = () => runSync(store, { tenantId: TENANT, connector, holder: 'test' });
  return { store, installations, connector, sync, disconnected, sleeps, db, deps };
}

describe('syncing a Salesforce org', () => {
  beforeAll(() => nock.disableNetConnect());
  afterAll(() => nock.enableNetConnect());
  afterEach(() => {
    setDefaults({ followRedirect: true });
    nock.cleanAll();
  });

  it('reads users with their manager chain, roles as teams, customers, opportunities, tasks by TaskSubtype and events', async () => {
    const { store, sync, connector } = await setUp();
    const api = nock(INSTANCE, { reqheaders: { authorization: 'Bearer AT1' } });
    mockFirstSync(api);
    await sync();
    expect(api.pendingMocks()).toEqual([]);
    const records = await store.loadRecords(TENANT);
    expect(records.sellers).toHaveLength(6);
    // The manager chain up to the top, nearest first: a VP sees every seller below them.
    expect(records.sellers.find((s) => s.userId === USERS.sara)).toMatchObject({ id: `sf-user-${USERS.sara}`, managerIds: [USERS.manager, USERS.vp], teamIds: ['sf-role-00E5g000001EaSTEAA'], active: true });
    expect(records.sellers.find((s) => s.userId === USERS.gone)?.active).toBe(false);
    expect(records.teams.find((t) => t.id === 'sf-role-00E5g000001EaSTEAA')).toMatchObject({ name: 'Sales East', parentId: 'sf-role-00E5g000001VpAAEAA' });
    // Admins are the users whose profile may modify all data.
    expect(connector.users!().filter((u) => u.isAdmin).map((u) => u.userId)).toEqual([USERS.admin]);
    // All three accounts arrived, the third on the second page with the same SystemModstamp.
    expect(records.customers.filter((c) => c.kind === 'company').map((c) => c.id).sort()).toEqual(['sf-account-0015g00000Acc001AA', 'sf-account-0015g00000Acc002AA', 'sf-account-0015g00000Acc003AA']);
    expect(records.customers.find((c) => c.id === 'sf-account-0015g00000Acc001AA')).toMatchObject({ potential: 120000, satisfaction: 8.5, becameCustomerAt: '2025-05-02T10:00:00.000Z' });
    expect(records.customers.find((c) => c.id === 'sf-account-0015g00000Acc002AA')).toMatchObject({ satisfaction: null, becameCustomerAt: null });
    expect(records.deals.find((d) => d.id === 'sf-opportunity-0065g00000Opp001AA')).toMatchObject({ isWon: true, isClosed: true, closedAt: '2026-11-27T00:00:00.000Z', amount: 25000, currency: 'NOK', contactIds: ['sf-contact-0035g00000Con001AA', 'sf-contact-0035g00000Con002AA'] });
    const types = Object.fromEntries(records.activities.map((a) => [a.id, a.type]));
    expect(types).toEqual({ 'sf-task-00T5g00000Tsk001AA': 'call', 'sf-task-00T5g00000Tsk002AA': 'email', 'sf-task-00T5g00000Tsk003AA': 'social', 'sf-task-00T5g00000Tsk004AA': 'task', 'sf-event-00U5g00000Evt001AA': 'meeting' });
    expect(records.activities.find((a) => a.type === 'call')).toMatchObject({ durationMin: 7, direction: 'outbound', outcome: 'connected', contactId: 'sf-contact-0035g00000Con001AA', dealId: 'sf-opportunity-0065g00000Opp001AA', at: '2026-11-30T07:30:00.000Z' });
    expect(records.activities.find((a) => a.type === 'meeting')).toMatchObject({ durationMin: 60, at: '2026-11-30T13:00:00.000Z', logged: true });
    await store.close();
  });

  it('an incremental sync reads after the (SystemModstamp, Id) cursor and applies edits and deletions', async () => {
    const { store, sync } = await setUp();
    mockFirstSync(nock(INSTANCE));
    await sync();
    const queries: string[] = [];
    const api = nock(INSTANCE);
    mockUsersAndDescribes(api);
    const seen = (soql: string) => (queries.push(soql), true);
    replyGet(api, '/queryAll', 'empty', { query: (q) => from('Account')(q) && seen(q) });
    replyGet(api, '/queryAll', 'empty', { query: (q) => from('Contact')(q) && seen(q) });
    replyGet(api, '/queryAll', 'opportunities-edited', { query: (q) => from('Opportunity')(q) && seen(q) });
    replyGet(api, '/queryAll', 'tasks-deleted', { query: (q) => from('Task')(q) && seen(q) });
    replyGet(api, '/queryAll', 'empty', { query: (q) => from('Event')(q) && seen(q) });
    await sync();
    expect(api.pendingMocks()).toEqual([]);
    // No COUNT() and no bulk job once an object has a cursor; each query starts after its last row.
    expect(queries[0]).toContain("WHERE (SystemModstamp > 2026-11-30T08:15:00.000Z OR (SystemModstamp = 2026-11-30T08:15:00.000Z AND Id > '0015g00000Acc003AA')) ORDER BY SystemModstamp ASC, Id ASC");
    expect(queries[3]).toContain("Id > '00T5g00000Tsk004AA'");
    const records = await store.loadRecords(TENANT);
    expect(records.deals.find((d) => d.id === 'sf-opportunity-0065g00000Opp002AA')).toMatchObject({ isClosed: true, isWon: false, amount: 9500, stage: 'Closed Lost' });
    expect(records.activities.map((a) => a.id)).not.toContain('sf-task-00T5g00000Tsk002AA');
    expect(records.activities).toHaveLength(4);
    await store.close();
  });

  it('REQUEST_LIMIT_EXCEEDED stops the run cleanly; the next run resumes after the last saved row, across rows sharing one SystemModstamp', async () => {
    const { store, sync } = await setUp();
    const api = nock(INSTANCE);
    mockUsersAndDescribes(api);
    replyGet(api, '/queryAll', 'accounts-page-1', { query: from('Account') });
    const limit = salesforceFixture('get', `${data}/query`, 'request-limit-exceeded');
    api.get(`${data}/queryAll/01gD0000002HU6KIAW-2000`).reply(limit.status, limit.body as nock.Body, limit.headers);
    await expect(sync()).rejects.toMatchObject({ code: 'rate_limited' });
    expect(api.pendingMocks()).toEqual([]);
    expect((await store.loadRecords(TENANT)).customers).toHaveLength(2);

    const again = nock(INSTANCE);
    mockUsersAndDescribes(again);
    // The third account shares the second's SystemModstamp: the Id breaks the tie, nothing is lost.
    replyGet(again, '/queryAll', 'accounts-page-2-alone', { query: (q) => from('Account')(q) && q.includes("SystemModstamp = 2026-11-30T08:15:00.000Z AND Id > '0015g00000Acc002AA'") });
    replyGet(again, '/queryAll', 'contacts', { query: from('Contact') });
    replyGet(again, '/queryAll', 'opportunities', { query: from('Opportunity') });
    replyGet(again, '/queryAll', 'count-small', { query: countOf('Task') });
    replyGet(again, '/queryAll', 'tasks', { query: from('Task') });
    replyGet(again, '/queryAll', 'count-small', { query: countOf('Event') });
    replyGet(again, '/queryAll', 'events', { query: from('Event') });
    await sync();
    expect(again.pendingMocks()).toEqual([]);
    expect((await store.loadRecords(TENANT)).customers.filter((c) => c.kind === 'company')).toHaveLength(3);
    await store.close();
  });

  it('an expired session is refreshed once and the call retried; the rotated refresh token is persisted', async () => {
    const { store, installations, sync } = await setUp();
    const expired = salesforceFixture('get', `${data}/query`, 'invalid-session');
    nock(INSTANCE, { reqheaders: { authorization: 'Bearer AT1' } }).get(`${data}/query`).query(true).reply(expired.status, expired.body as nock.Body, expired.headers);
    const token = salesforceFixture('post', '/services/oauth2/token', 'refresh-rotated');
    const login = nock(LOGIN)
      .post('/services/oauth2/token', (b: Record<string, string>) => b.grant_type === 'refresh_token' && b.refresh_token === 'RT1')
      .reply(200, token.body as nock.Body, token.headers);
    mockFirstSync(nock(INSTANCE, { reqheaders: { authorization: 'Bearer 00D5g000004XyZa!AQ0AQ.second-access' } }));
    await sync();
    expect(login.isDone()).toBe(true);
    expect(await installations.tokens(TENANT, 'salesforce')).toMatchObject({ accessToken: '00D5g000004XyZa!AQ0AQ.second-access', refreshToken: '5Aep861second.refresh' });
    expect((await store.loadRecords(TENANT)).sellers).toHaveLength(6);
    await store.close();
  });

  it('a refused refresh marks the org disconnected and stops the sync', async () => {
    const { store, installations, sync, disconnected } = await setUp();
    const expired = salesforceFixture('get', `${data}/query`, 'invalid-session');
    nock(INSTANCE).get(`${data}/query`).query(true).reply(expired.status, expired.body as nock.Body, expired.headers);
    const refused = salesforceFixture('post', '/services/oauth2/token', 'invalid-grant');
    nock(LOGIN).post('/services/oauth2/token').reply(refused.status, refused.body as nock.Body, refused.headers);
    const error: unknown = await sync().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('unauthenticated');
    expect(JSON.stringify((error as AppError).message)).not.toMatch(/RT1|AT1/);
    expect(await installations.get(TENANT, 'salesforce')).toMatchObject({ status: 'uninstalled' });
    expect(await installations.tokens(TENANT, 'salesforce')).toBeNull();
    expect(disconnected).toEqual([TENANT]);
    await store.close();
  });

  it('a 5xx on a read is retried by jsforce; one that persists fails the run with nothing half-written', async () => {
    const { store, sync } = await setUp();
    const unavailable = salesforceFixture('get', `${data}/query`, 'service-unavailable');
    const api = nock(INSTANCE);
    api.get(`${data}/query`).query(true).reply(unavailable.status, unavailable.body as nock.Body, unavailable.headers);
    mockFirstSync(api);
    await sync();
    expect((await store.loadRecords(TENANT)).activities).toHaveLength(5);

    setDefaults({ followRedirect: true, retry: { maxRetries: 0 } });
    const second = await setUp();
    const down = nock(INSTANCE);
    mockUsersAndDescribes(down);
    down.get(`${data}/queryAll`).query(true).reply(unavailable.status, unavailable.body as nock.Body, unavailable.headers);
    await expect(second.sync()).rejects.toMatchObject({ code: 'crm_unavailable' });
    const kept = await second.store.loadRecords(TENANT);
    // The users were saved with their page; no customer was half-written.
    expect(kept.sellers).toHaveLength(6);
    expect(kept.customers).toHaveLength(0);
    await store.close();
    await second.store.close();
  });

  it('a large first backfill goes through a Bulk API 2.0 job, every result page read (string values coerced)', async () => {
    const { store, sync } = await setUp();
    const api = nock(INSTANCE);
    mockUsersAndDescribes(api);
    replyGet(api, '/queryAll', 'empty', { query: from('Account') });
    replyGet(api, '/queryAll', 'empty', { query: from('Contact') });
    replyGet(api, '/queryAll', 'empty', { query: from('Opportunity') });
    replyGet(api, '/queryAll', 'count-large', { query: countOf('Task') });
    const created = salesforceFixture('post', `${data}/jobs/query`, 'created');
    let jobQuery = '';
    api.post(`${data}/jobs/query`, (b: { operation: string; query: string }) => ((jobQuery = b.query), b.operation === 'queryAll')).reply(200, created.body as nock.Body, created.headers);
    const job = `${data}/jobs/query/7505g00000BlkJobAA`;
    for (const state of ['in-progress', 'complete']) {
      const f = salesforceFixture('get', job, state);
      api.get(job).reply(200, f.body as nock.Body, f.headers);
    }
    const page1 = salesforceFixture('get', `${job}/results`, 'page-1');
    const page2 = salesforceFixture('get', `${job}/results`, 'page-2');
    api.get(`${job}/results`).query({ maxRecords: '50000' }).reply(200, page1.body as nock.Body, { ...page1.headers, 'sforce-locator': 'MjAwMDAw' });
    api.get(`${job}/results`).query({ maxRecords: '50000', locator: 'MjAwMDAw' }).reply(200, page2.body as nock.Body, { ...page2.headers, 'sforce-locator': 'null' });
    replyGet(api, '/queryAll', 'empty', { query: (q) => from('Task')(q) && q.includes('WHERE SystemModstamp > 2026-12-01T07:00:00.000Z ORDER BY') });
    replyGet(api, '/queryAll', 'count-small', { query: countOf('Event') });
    replyGet(api, '/queryAll', 'events', { query: from('Event') });
    await sync();
    expect(api.pendingMocks()).toEqual([]);
    expect(jobQuery).toMatch(/^SELECT Id, OwnerId, .* FROM Task WHERE SystemModstamp <= 2026-12-01T07:00:00.000Z$/);
    const tasks = (await store.loadRecords(TENANT)).activities.filter((a) => a.id.startsWith('sf-task-'));
    expect(tasks.map((t) => [t.id, t.type, t.outcome]).sort()).toEqual([
      ['sf-task-00T5g00000Blk001AA', 'call', 'left_voicemail'],
      ['sf-task-00T5g00000Blk002AA', 'email', 'sent'],
      ['sf-task-00T5g00000Blk003AA', 'call', null],
    ]);
    expect(tasks.find((t) => t.id === 'sf-task-00T5g00000Blk001AA')).toMatchObject({ durationMin: 5, direction: 'outbound', companyId: 'sf-account-0015g00000Acc001AA' });
    await store.close();
  });

  it('more users than the cap is an error, never a silent cut', async () => {
    const { store, sync } = await setUp({ maxUsers: 4 });
    const api = nock(INSTANCE);
    const users = salesforceFixture('get', `${data}/query`, 'users');
    const all = (users.body as { records: unknown[] }).records;
    api.get(`${data}/query`).query(true).reply(200, { totalSize: 6, done: false, nextRecordsUrl: `${data}/query/01gD0000002HU6KIAW-4`, records: all.slice(0, 4) }, users.headers);
    api.get(`${data}/query/01gD0000002HU6KIAW-4`).reply(200, { totalSize: 6, done: true, records: all.slice(4) }, users.headers);
    await expect(sync()).rejects.toMatchObject({ code: 'crm_unavailable', message: expect.stringMatching(/more than 4 rows/) });
    expect((await store.loadRecords(TENANT)).sellers).toHaveLength(0);
    await store.close();
  });

  it('slows down above 80 % of the daily API allocation', async () => {
    let told = 0;
    const { store, sync, sleeps } = await setUp({ onSlowDown: () => told++ });
    const api = nock(INSTANCE);
    mockUsersAndDescribes(api, '12500/15000');
    replyGet(api, '/queryAll', 'empty', { query: () => true, usage: '12503/15000' }).persist();
    await sync();
    expect(told).toBe(1);
    // Every call after the first answer above 80 % waited first.
    expect(sleeps.length).toBeGreaterThanOrEqual(10);
    expect(new Set(sleeps)).toEqual(new Set([2000]));
    await store.close();
  });
});

describe("mirroring check-in answers to the org's User fields", () => {
  beforeAll(() => nock.disableNetConnect());
  afterAll(() => nock.enableNetConnect());
  afterEach(() => nock.cleanAll());

  async function withCheckIn() {
    const env = await setUp();
    mockFirstSync(nock(INSTANCE));
    await env.sync();
    await env.store.addCheckIn(TENANT, { tenantId: TENANT, sellerId: `sf-user-${USERS.sara}`, periodKey: '2026-11', by: 'self', answers: { motivation: 4, energy: 3, a_new_item: 5 }, note: null, at: NOW.toISOString() }, USERS.sara);
    return env;
  }

  it('writes the latest self check-in to the fields the package defines, once', async () => {
    const env = await withCheckIn();
    const mirror = createSalesforceAnswerMirror({ queue: createMirrorQueue(env.db), installations: env.installations, client: () => openSalesforceClient(TENANT, env.deps), logger: silent });
    const api = nock(INSTANCE);
    replyGet(api, '/sobjects/User/describe', 'with-package');
    let written: unknown = null;
    api.patch(`${data}/sobjects/User/${USERS.sara}`, (b: unknown) => ((written = b), true)).reply(204);
    expect(await mirror.run(TENANT)).toBe(1);
    // An item the package has no field for stays in the service.
    expect(written).toEqual({ Scorecard_Check_In_Period__c: '2026-11', Scorecard_Motivation__c: 4, Scorecard_Energy__c: 3 });
    replyGet(nock(INSTANCE), '/sobjects/User/describe', 'with-package');
    expect(await mirror.run(TENANT)).toBe(0);
    expect(await env.installations.get(TENANT, 'salesforce')).toMatchObject({ properties: 'created' });
    await env.store.close();
  });

  it('keeps the answers waiting while the org lacks the package fields', async () => {
    const env = await withCheckIn();
    const queue = createMirrorQueue(env.db);
    const mirror = createSalesforceAnswerMirror({ queue, installations: env.installations, client: () => openSalesforceClient(TENANT, env.deps), logger: silent });
    replyGet(nock(INSTANCE), '/sobjects/User/describe', 'without-package');
    expect(await mirror.run(TENANT)).toBe(0);
    expect(await env.installations.get(TENANT, 'salesforce')).toMatchObject({ properties: 'refused' });
    expect(await queue.pending(TENANT, 10)).toHaveLength(1);
    await env.store.close();
  });
});
