import nock from 'nock';
import { hubspotFixture } from './hubspot-fixtures';

/**
 * A HubSpot portal in memory, answering the connector's requests the way the API does: search
 * with BETWEEN/GT filters, id sort, `limit`, `total`; association batch reads; owners; archived
 * lists. Every answer is built from a recorded fixture (test/fixtures/hubspot), only ids and
 * property values changed, so its shape is the recorded one. Requests are logged with the time
 * of the virtual clock they were made at.
 */
export interface PortalObject {
  id: string;
  properties: Record<string, string | null>;
  lastModified: number;
  archived: boolean;
}

export interface VirtualClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export function virtualClock(start: number): VirtualClock & { advance(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    async sleep(ms) {
      t += Math.max(0, ms);
    },
    advance(ms) {
      t += ms;
    },
  };
}

const API = 'https://api.hubapi.com';
const SEARCH = /^\/crm\/v3\/objects\/(?!users\/)(\w+)\/search$/;
const ASSOC = /^\/crm\/v4\/associations\/(\w+)\/(\w+)\/batch\/read$/;
const ARCHIVED = /^\/crm\/v3\/objects\/(\w+)\?/;
const LAST_MODIFIED: Record<string, string> = { contacts: 'lastmodifieddate' };

interface Filter {
  propertyName: string;
  operator: string;
  value?: string;
  highValue?: string;
}

export class FakePortal {
  readonly objects = new Map<string, Map<string, PortalObject>>();
  readonly associations = new Map<string, Map<string, string[]>>();
  owners: Record<string, unknown>[] = [];
  /** The portal's users (GET /settings/users/v3), or a 403 when the app lacks settings.users.read. */
  settingsUsers: Record<string, unknown>[] | 'forbidden' = [];
  /** Whether the portal lets the app create properties on the Users object (UNCERTAIN in HubSpot: both are tested). */
  userProperties: 'allowed' | 'refused' = 'allowed';
  readonly createdProperties: string[] = [];
  /** Users object records by HubSpot user id, and the property writes they received. */
  readonly userRecords = new Map<string, string>();
  readonly userWrites: { recordId: string; properties: Record<string, string> }[] = [];
  readonly requests: { at: number; method: string; path: string; search: boolean; status: number }[] = [];
  /** Each search query's total, and whether it continued a window (an id filter above 0) or opened one. */
  readonly searchTotals: { total: number; continued: boolean }[] = [];
  /** Answers to give before the real one, in order: a storm of 429s or 5xx. */
  readonly faults: { status: number; retryAfter?: string }[] = [];
  /** Every n-th request fails with this status (0: never). */
  failEvery: { n: number; status: number; retryAfter?: string } | null = null;
  /** Every "objectType.property" a search asked for. */
  readonly searchedProperties = new Set<string>();
  private count = 0;

  constructor(private readonly clock: VirtualClock) {}

  add(objectType: string, object: Omit<PortalObject, 'archived'> & { archived?: boolean }): void {
    let byId = this.objects.get(objectType);
    if (!byId) this.objects.set(objectType, (byId = new Map()));
    byId.set(object.id, { archived: false, ...object });
  }

  associate(from: string, to: string, fromId: string, toIds: string[]): void {
    const key = `${from}/${to}`;
    let byId = this.associations.get(key);
    if (!byId) this.associations.set(key, (byId = new Map()));
    byId.set(fromId, toIds);
  }

  edit(objectType: string, id: string, properties: Record<string, string | null>): void {
    const o = this.objects.get(objectType)!.get(id)!;
    Object.assign(o.properties, properties);
    o.lastModified = this.clock.now();
  }

  archive(objectType: string, id: string): void {
    const o = this.objects.get(objectType)!.get(id)!;
    o.archived = true;
    o.lastModified = this.clock.now();
  }

  /** Records that are not archived, of one type. */
  live(objectType: string): PortalObject[] {
    return [...(this.objects.get(objectType)?.values() ?? [])].filter((o) => !o.archived);
  }

  /** Intercepts api.hubapi.com until `stop` (network stays disabled for everything else). */
  listen(): { stop(): void } {
    const scope = nock(API)
      .persist()
      .post(SEARCH)
      .reply((uri, body) => this.answer('POST', uri, () => this.search(SEARCH.exec(uri)![1]!, body as { filterGroups: { filters: Filter[] }[]; limit: number; properties: string[] })))
      .post(ASSOC)
      .reply((uri, body) => this.answer('POST', uri, () => this.batchAssociations(ASSOC.exec(uri)![1]!, ASSOC.exec(uri)![2]!, body as { inputs: { id: string }[] })))
      .get(/^\/crm\/v3\/owners/)
      .reply((uri) => this.answer('GET', uri, () => this.ownerPage(new URL(uri, API))))
      .get(/^\/crm\/v3\/properties\/calls\/hs_call_disposition/)
      .reply((uri) => this.answer('GET', uri, () => hubspotFixture('get', '/crm/v3/properties/calls/hs_call_disposition', 'options').body))
      .get(/^\/crm\/v3\/properties\/(companies|contacts)(\?|$)/)
      .reply((uri) => this.answer('GET', uri, () => hubspotFixture('get', `/crm/v3/properties/${/properties\/(\w+)/.exec(uri)![1]}`, 'page').body))
      .get(/^\/settings\/users\/v3/)
      .reply((uri) =>
        this.settingsUsers === 'forbidden'
          ? this.answerRecorded('GET', uri, hubspotFixture('get', '/settings/users/v3', 'forbidden'), () => undefined)
          : this.answer('GET', uri, () => ({ results: this.settingsUsers })),
      )
      .post('/crm/v3/properties/users/groups')
      .reply((uri) => this.answerRecorded('POST', uri, this.userProperties === 'allowed' ? hubspotFixture('post', '/crm/v3/properties/users/groups', this.createdProperties.includes('group') ? 'exists' : 'created') : hubspotFixture('post', '/crm/v3/properties/users/groups', 'forbidden'), () => this.createdProperties.push('group')))
      .post('/crm/v3/properties/users')
      .reply((uri, body) => this.answerRecorded('POST', uri, hubspotFixture('post', '/crm/v3/properties/users', this.createdProperties.includes((body as { name: string }).name) ? 'exists' : 'created'), () => this.createdProperties.push((body as { name: string }).name)))
      .post('/crm/v3/objects/users/search')
      .reply((uri, body) => this.answer('POST', uri, () => this.userSearch(body as { filterGroups: { filters: Filter[] }[] })))
      .patch(/^\/crm\/v3\/objects\/users\/\d+$/)
      .reply((uri, body) => this.answer('PATCH', uri, () => this.userWrite(uri.split('/').at(-1)!, (body as { properties: Record<string, string> }).properties)))
      .get(ARCHIVED)
      .reply((uri) => this.answer('GET', uri, () => this.archivedPage(ARCHIVED.exec(uri)![1]!, new URL(uri, API))));
    return {
      stop: () => {
        scope.persist(false);
        nock.removeInterceptor({ hostname: 'api.hubapi.com' } as never);
        nock.cleanAll();
      },
    };
  }

  private answer(method: string, uri: string, build: () => unknown): [number, unknown, Record<string, string>] {
    this.count++;
    const path = uri.split('?')[0]!;
    const search = SEARCH.test(path);
    const fault = this.faults.shift() ?? (this.failEvery && this.count % this.failEvery.n === 0 ? this.failEvery : undefined);
    if (fault) {
      this.requests.push({ at: this.clock.now(), method, path, search, status: fault.status });
      const headers: Record<string, string> = fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter };
      return [fault.status, { status: 'error', message: 'You have reached your ten secondly limit.', correlationId: '0b6a5d1e-9f1c-4f3a-8e2d-7c6b5a4d3e2f', category: fault.status === 429 ? 'RATE_LIMITS' : 'INTERNAL_ERROR', policyName: 'TEN_SECONDLY_ROLLING' }, headers];
    }
    this.requests.push({ at: this.clock.now(), method, path, search, status: 200 });
    return [200, build(), { 'content-type': 'application/json;charset=utf-8' }];
  }

  private readonly templates = new Map<string, Record<string, unknown>>();

  /** A recorded answer as it is (an error envelope included); `onSuccess` runs when it is a 2xx. */
  private answerRecorded(method: string, uri: string, recorded: { status: number; body: unknown; headers: Record<string, string> }, onSuccess: () => void): [number, unknown, Record<string, string>] {
    const [status, body, headers] = this.answer(method, uri, () => recorded.body);
    if (status !== 200) return [status, body, headers];
    if (recorded.status < 300) onSuccess();
    return [recorded.status, recorded.body, recorded.headers];
  }

  private userSearch(body: { filterGroups: { filters: Filter[] }[] }) {
    const userId = body.filterGroups[0]?.filters.find((f) => f.propertyName === 'hs_internal_user_id')?.value ?? '';
    const template = (hubspotFixture('post', '/crm/v3/objects/users/search', 'page').body as { results: Record<string, unknown>[] }).results[0]!;
    const recordId = this.userRecords.get(userId);
    return { total: recordId ? 1 : 0, results: recordId ? [{ ...template, id: recordId, properties: { hs_internal_user_id: userId, hs_object_id: recordId } }] : [] };
  }

  private userWrite(recordId: string, properties: Record<string, string>) {
    this.userWrites.push({ recordId, properties });
    const template = hubspotFixture('patch', `/crm/v3/objects/users/912345`, 'updated').body as Record<string, unknown>;
    return { ...template, id: recordId, properties: { ...properties, hs_object_id: recordId } };
  }

  private shape(objectType: string, o: PortalObject): Record<string, unknown> {
    let record = this.templates.get(objectType);
    if (!record) {
      record = (hubspotFixture('post', `/crm/v3/objects/${objectType}/search`, 'page').body as { results: Record<string, unknown>[] }).results[0]!;
      this.templates.set(objectType, record);
    }
    const template = { results: [record] };
    const iso = new Date(o.lastModified).toISOString();
    return { ...template.results[0], id: o.id, properties: { ...o.properties, hs_object_id: o.id, [LAST_MODIFIED[objectType] ?? 'hs_lastmodifieddate']: iso }, updatedAt: iso, archived: o.archived };
  }

  private search(objectType: string, body: { filterGroups: { filters: Filter[] }[]; limit: number; properties: string[]; sorts?: { propertyName: string; direction: string }[] }) {
    for (const name of body.properties) this.searchedProperties.add(`${objectType}.${name}`);
    const filters = body.filterGroups[0]?.filters ?? [];
    const lm = LAST_MODIFIED[objectType] ?? 'hs_lastmodifieddate';
    let rows = this.live(objectType);
    for (const f of filters) {
      if (f.propertyName === lm && f.operator === 'BETWEEN') rows = rows.filter((o) => o.lastModified >= Number(f.value) && o.lastModified <= Number(f.highValue));
      else if (f.propertyName === 'hs_object_id' && f.operator === 'GT') rows = rows.filter((o) => BigInt(o.id) > BigInt(f.value!));
      else throw new Error(`the fake portal does not know the filter ${f.propertyName} ${f.operator}`);
    }
    const sort = body.sorts?.[0] ?? { propertyName: 'hs_object_id', direction: 'ASCENDING' };
    const sign = sort.direction === 'DESCENDING' ? -1 : 1;
    if (sort.propertyName === lm) rows.sort((a, b) => sign * (a.lastModified - b.lastModified || (BigInt(a.id) < BigInt(b.id) ? -1 : 1)));
    else if (sort.propertyName === 'hs_object_id') rows.sort((a, b) => sign * (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    else throw new Error(`the fake portal does not sort by ${sort.propertyName}`);
    const total = rows.length;
    this.searchTotals.push({ total, continued: filters.some((f) => f.propertyName === 'hs_object_id' && f.value !== '0') });
    // The real API answers 400 past its 10,000-result cap; a query asking for a page beyond it is an error here too.
    if (body.limit > 200) throw new Error('limit above 200');
    const page = rows.slice(0, body.limit);
    return { total, results: page.map((o) => this.shape(objectType, o)), ...(total > page.length ? { paging: { next: { after: String(page.length) } } } : {}) };
  }

  private batchAssociations(from: string, to: string, body: { inputs: { id: string }[] }) {
    if (body.inputs.length > 1000) throw new Error('more than 1,000 inputs');
    const byId = this.associations.get(`${from}/${to}`) ?? new Map<string, string[]>();
    const template = hubspotFixture('post', '/crm/v4/associations/calls/contacts/batch/read', 'page').body as { results: { to: Record<string, unknown>[] }[] } & Record<string, unknown>;
    const toTemplate = template.results[0]!.to[0]!;
    return {
      ...template,
      results: body.inputs.filter((i) => byId.has(i.id)).map((i) => ({ from: { id: i.id }, to: byId.get(i.id)!.map((id) => ({ ...toTemplate, toObjectId: Number(id) })) })),
    };
  }

  private ownerPage(url: URL) {
    const archived = url.searchParams.get('archived') === 'true';
    const limit = Number(url.searchParams.get('limit') ?? 100);
    const offset = Number(url.searchParams.get('after') ?? 0);
    const rows = this.owners.filter((o) => o.archived === archived);
    const page = rows.slice(offset, offset + limit);
    return { results: page, ...(offset + limit < rows.length ? { paging: { next: { after: String(offset + limit) } } } : {}) };
  }

  private archivedPage(objectType: string, url: URL) {
    const limit = Number(url.searchParams.get('limit') ?? 10);
    const offset = Number(url.searchParams.get('after') ?? 0);
    const rows = [...(this.objects.get(objectType)?.values() ?? [])].filter((o) => o.archived);
    const page = rows.slice(offset, offset + limit);
    return { results: page.map((o) => ({ id: o.id, properties: { hs_object_id: o.id }, createdAt: new Date(o.lastModified).toISOString(), updatedAt: new Date(o.lastModified).toISOString(), archived: true, archivedAt: new Date(o.lastModified).toISOString() })), ...(offset + limit < rows.length ? { paging: { next: { after: String(offset + limit) } } } : {}) };
  }
}

/**
 * The portal of the sync tests and bench: 20 owners (one archived), 10,000 contacts, 1,000
 * companies, 5,000 deals and 50,000 engagements (calls and emails above the 10,000 search cap,
 * 450 contacts sharing one last-modified time), spread over the year before `end`.
 */
export function buildFixturePortal(clock: VirtualClock, end: number, size = { contacts: 10_000, companies: 1_000, deals: 5_000, engagements: { calls: 14_000, meetings: 8_000, emails: 14_000, tasks: 8_000, communications: 6_000 } }): FakePortal {
  const portal = new FakePortal(clock);
  const ownerTemplate = (hubspotFixture('get', '/crm/v3/owners', 'page').body as { results: Record<string, unknown>[] }).results[0]!;
  for (let i = 0; i < 20; i++) {
    portal.owners.push({ ...ownerTemplate, id: String(81_000_000 + i), userId: i === 19 ? undefined : 7_000_000 + i, userIdIncludingInactive: 7_000_000 + i, email: `rep${i}@scorecard-test.com`, firstName: `Rep`, lastName: String(i), archived: i === 19, teams: [{ id: String(4400 + (i % 3)), name: `Team ${i % 3}`, primary: true }] });
  }
  // The portal's users: the owners', the first a super admin, and a head of sales who owns nothing.
  const userTemplate = (hubspotFixture('get', '/settings/users/v3', 'page').body as { results: Record<string, unknown>[] }).results[0]!;
  portal.settingsUsers = [
    ...Array.from({ length: 19 }, (_, i) => ({ ...userTemplate, id: String(7_000_000 + i), email: `rep${i}@scorecard-test.com`, firstName: 'Rep', lastName: String(i), superAdmin: i === 0 })),
    { ...userTemplate, id: '7099999', email: 'head.of.sales@scorecard-test.com', firstName: 'Head', lastName: 'Of Sales', superAdmin: true },
  ];
  const owner = (n: number) => String(81_000_000 + (n % 20));
  const span = 365 * 86_400_000;
  const start = end - span - 120_000;
  // Evenly spread last-modified times, each type its own ids.
  const at = (n: number, total: number) => start + Math.floor((n / total) * span);
  const iso = (ms: number) => new Date(ms).toISOString();
  const sharedTime = start + Math.floor(span / 2);
  for (let i = 0; i < size.contacts; i++) {
    const t = i >= 5000 && i < 5450 ? sharedTime : at(i, size.contacts);
    portal.add('contacts', { id: String(100_000 + i), lastModified: t, properties: { createdate: iso(t - 86_400_000), hubspot_owner_id: owner(i), lifecyclestage: i % 4 === 0 ? 'customer' : 'lead', hs_v2_date_entered_customer: i % 4 === 0 ? iso(t) : null, balanced_scorecard_potential: String(1000 + (i % 50) * 100), balanced_scorecard_satisfaction: String(i % 11) } });
  }
  for (let i = 0; i < size.companies; i++) {
    const t = at(i, size.companies);
    portal.add('companies', { id: String(900_000 + i), lastModified: t, properties: { createdate: iso(t - 86_400_000), hubspot_owner_id: owner(i), lifecyclestage: 'customer', balanced_scorecard_potential: String(50_000 + i), balanced_scorecard_satisfaction: null } });
  }
  for (let i = 0; i < size.deals; i++) {
    const t = at(i, size.deals);
    const closed = i % 3 !== 0;
    const id = String(700_000 + i);
    portal.add('deals', { id, lastModified: t, properties: { amount: String(1000 + i), closedate: iso(t), createdate: iso(t - 20 * 86_400_000), deal_currency_code: 'EUR', dealstage: closed ? (i % 2 ? 'closedwon' : 'closedlost') : 'appointmentscheduled', hs_is_closed: String(closed), hs_is_closed_won: String(closed && i % 2 === 1), hubspot_owner_id: owner(i), pipeline: 'default' } });
    portal.associate('deals', 'contacts', id, [String(100_000 + (i % size.contacts)), String(100_000 + ((i + 1) % size.contacts))]);
    portal.associate('deals', 'companies', id, [String(900_000 + (i % size.companies))]);
  }
  const base: Record<string, number> = { calls: 52_000_000_000, meetings: 53_000_000_000, emails: 54_000_000_000, tasks: 55_000_000_000, communications: 56_000_000_000 };
  for (const [type, count] of Object.entries(size.engagements)) {
    const template = (hubspotFixture('post', `/crm/v3/objects/${type}/search`, 'page').body as { results: { properties: Record<string, string | null> }[] }).results[0]!.properties;
    for (let i = 0; i < count; i++) {
      const t = at(i, count);
      const id = String(base[type]! + i);
      portal.add(type, { id, lastModified: t, properties: { ...template, hs_timestamp: iso(t), hs_meeting_start_time: type === 'meetings' ? iso(t) : null, hs_meeting_end_time: type === 'meetings' ? iso(t + 1_800_000) : null, hubspot_owner_id: owner(i) } });
      if (i % 2 === 0) portal.associate(type, 'contacts', id, [String(100_000 + (i % size.contacts))]);
      portal.associate(type, 'companies', id, [String(900_000 + (i % size.companies))]);
      if (i % 5 === 0) portal.associate(type, 'deals', id, [String(700_000 + (i % size.deals))]);
    }
  }
  return portal;
}

/** The pages the portal's records need at the API's page sizes: search 200, owners 500 (active and archived), association batches 1,000 per target. */
export function minimumRequests(portal: FakePortal): number {
  const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));
  const owners = pages(portal.owners.filter((o) => !o.archived).length, 500) + pages(portal.owners.filter((o) => o.archived).length, 500);
  // The portal's users: one page of 100.
  let total = owners + pages(portal.settingsUsers === 'forbidden' ? 0 : portal.settingsUsers.length, 100);
  const targets: Record<string, number> = { contacts: 0, companies: 0, deals: 2, calls: 3, meetings: 3, emails: 3, tasks: 3, communications: 3 };
  for (const [type, n] of Object.entries(targets)) {
    const count = portal.live(type).length;
    total += pages(count, 200) + n * pages(count, 1000);
  }
  return total;
}

/** The most requests in any rolling window of `ms` (all, or searches only). */
export function peakInWindow(requests: readonly { at: number; search: boolean }[], ms: number, searchOnly: boolean): number {
  const times = requests.filter((r) => !searchOnly || r.search).map((r) => r.at).sort((a, b) => a - b);
  let peak = 0;
  let lo = 0;
  for (let hi = 0; hi < times.length; hi++) {
    while (times[hi]! - times[lo]! >= ms) lo++;
    peak = Math.max(peak, hi - lo + 1);
  }
  return peak;
}
