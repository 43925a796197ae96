import type { Activity, Customer, Deal, RecordKind } from '@balanced-scorecard/shared';
import { z } from 'zod';
import { AppError } from '../../errors/app-error';
import type { HubSpotHttp, HubSpotRequest } from '../../hubspot/hubspot-http';
import type { User } from '../../store/store';
import { readCursor, type ConnectorContext, type CrmConnector, type SyncPage } from '../crm-connector';
import {
  customerPropertiesFor,
  isoOrNull,
  DEAL_PROPERTIES,
  ENGAGEMENT_PROPERTIES,
  ENGAGEMENT_TYPES,
  mapCustomer,
  mapDeal,
  mapEngagement,
  mapOwner,
  mapTeams,
  ObjectSchema,
  OwnerSchema,
  RECORD_PREFIX,
  recordIdOf,
  type Associations,
  type CustomerProperties,
  type EngagementType,
  type HubSpotObject,
  type HubSpotObjectType,
  type HubSpotOwner,
} from './mappers';

export const HUBSPOT_SOURCE = 'hubspot';

/** The API's page sizes: search 200, owners 500, association batch reads 1,000 inputs, archived lists 100. */
export const SEARCH_PAGE = 200;
export const OWNERS_PAGE = 500;
export const ASSOCIATION_BATCH = 1000;
export const ARCHIVED_PAGE = 100;
/** A search query answers at most this many results (a 400 beyond): windows are split below it. */
export const SEARCH_CAP = 10_000;
/** Search results lag writes by a few seconds: a sync reads up to this long before now, the next one on from there. */
export const SEARCH_LAG_MS = 60_000;

export interface HubSpotConnectorOptions {
  /** The tenant's requests: its access token added, its portal's limits kept (see createTenantHttp). */
  http: Pick<HubSpotHttp, 'request'>;
  now: () => Date;
  /** The currency of a deal without its own (the tenant's), read once per sync. */
  currency: () => Promise<string>;
  /** The properties read as customer potential and satisfaction (the admin's pick), read once per sync. */
  customerProperties?: () => Promise<CustomerProperties | null>;
}

export const DEFAULT_CUSTOMER_PROPERTIES: CustomerProperties = { potential: 'balanced_scorecard_potential', satisfaction: 'balanced_scorecard_satisfaction' };

const SettingsUserSchema = z.object({
  id: z.string().regex(/^\d{1,20}$/),
  email: z.string().max(320),
  firstName: z.string().max(200).nullish(),
  lastName: z.string().max(200).nullish(),
  superAdmin: z.boolean(),
});

const PageSchema = z.object({
  total: z.number().int().nonnegative().optional(),
  results: z.array(z.unknown()),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});

const AssociationBatchSchema = z.object({
  results: z.array(z.object({ from: z.object({ id: z.string() }), to: z.array(z.object({ toObjectId: z.union([z.string(), z.number()]) })) })),
});

/** Where one object type's search stands: the window [from, to) of hs_lastmodifieddate, and the last id read in it. */
const WindowCursorSchema = z.object({
  from: z.number().int().nonnegative(),
  to: z.number().int().nullable(),
  after: z.string().regex(/^\d{1,20}$/),
  /** How many the window held when its first page was read, and how many were read since: a full last page needs no empty one after it. */
  total: z.number().int().nonnegative().nullable(),
  read: z.number().int().nonnegative(),
});
type WindowCursor = z.infer<typeof WindowCursorSchema>;
/** A kind's cursor: each object type's window, and whether a first sync has completed (deletions are read after that). */
const KindCursorSchema = z.object({ windows: z.record(z.string(), WindowCursorSchema), synced: z.boolean() });
type KindCursor = z.infer<typeof KindCursorSchema>;

const kindCursor = (text: string | undefined): KindCursor => readCursor(KindCursorSchema, text, { windows: {}, synced: false });

const LAST_MODIFIED: Record<string, string> = { contacts: 'lastmodifieddate' };
const lastModified = (objectType: string) => LAST_MODIFIED[objectType] ?? 'hs_lastmodifieddate';

function parse<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new AppError('crm_unavailable', `HubSpot's answer to ${what} is not in the documented shape`);
  return parsed.data;
}

/** The object types behind the customers, in the order they are read. */
const CUSTOMER_TYPES = ['contacts', 'companies'] as const;

/**
 * The HubSpot connector (DESIGN §11): owners and their teams, then contacts and companies, deals,
 * and the engagements, each read incrementally by last-modified time. Each object type is read
 * in windows of hs_lastmodifieddate sorted by id, paged by "id greater than the last one read"
 * rather than by offset, so records sharing one timestamp across a page boundary all arrive and
 * a record edited meanwhile cannot shift another out of reach; a window with more than 10,000
 * results is split first. Associations are read in batches of 1,000. Deletions come from the
 * archived lists once a first sync has completed.
 */
export function createHubSpotConnector(options: HubSpotConnectorOptions): CrmConnector {
  let users: User[] = [];
  const request = (input: HubSpotRequest, what: string) =>
    options.http.request(input).then((res) => {
      if (res.status === 401 || res.status === 403) throw new AppError('unauthenticated', `HubSpot refused ${what} (HTTP ${res.status}): the app may lack a scope or be uninstalled`);
      if (res.status !== 200 && res.status !== 207) throw new AppError('crm_unavailable', `HubSpot answered ${what} with HTTP ${res.status}`);
      return res.body;
    });

  async function owners(archived: boolean): Promise<HubSpotOwner[]> {
    const out: HubSpotOwner[] = [];
    let after: string | undefined;
    do {
      const page = parse(PageSchema, await request({ method: 'GET', path: '/crm/v3/owners', query: { limit: OWNERS_PAGE, archived, after } }, 'the owners list'), 'the owners list');
      for (const item of page.results) {
        const owner = OwnerSchema.safeParse(item);
        if (owner.success) out.push(owner.data);
      }
      after = page.paging?.next?.after;
    } while (after !== undefined);
    return out;
  }

  const searchBody = (objectType: string, properties: string[], from: number, to: number, after: string) => ({
    filterGroups: [
      {
        filters: [
          { propertyName: lastModified(objectType), operator: 'BETWEEN', value: String(from), highValue: String(to - 1) },
          { propertyName: 'hs_object_id', operator: 'GT', value: after },
        ],
      },
    ],
    sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
    properties: [...properties, lastModified(objectType)],
    limit: SEARCH_PAGE,
  });
  const search = async (objectType: string, body: unknown) =>
    parse(PageSchema, await request({ method: 'POST', path: `/crm/v3/objects/${objectType}/search`, json: body }, `the ${objectType} search`), `the ${objectType} search`);

  /** The earliest last-modified time in [from, to), or null when the range holds nothing. */
  async function earliest(objectType: string, from: number, to: number): Promise<number | null> {
    const body = { ...searchBody(objectType, [], from, to, '0'), sorts: [{ propertyName: lastModified(objectType), direction: 'ASCENDING' }], limit: 1 };
    const page = await search(objectType, body);
    const first = page.results[0] === undefined ? null : parse(ObjectSchema, page.results[0], `a ${objectType} record`);
    const at = first ? isoOrNull(first.properties[lastModified(objectType)]) : null;
    return at === null ? null : Date.parse(at);
  }

  /**
   * Reads one page of a search window. A new window holding more than the cap is split first:
   * its start moved to the earliest record in it (a first sync starts at 1970), then halved
   * until it fits (down to one millisecond, which id paging still reads whole).
   */
  async function searchPage(objectType: string, properties: string[], cursor: WindowCursor, until: number): Promise<{ objects: HubSpotObject[]; cursor: WindowCursor; done: boolean }> {
    let from = cursor.from;
    let to = cursor.to ?? until;
    let narrowed = false;
    for (;;) {
      const page = await search(objectType, searchBody(objectType, properties, from, to, cursor.after));
      const total = page.total ?? page.results.length;
      if (cursor.to === null && total > SEARCH_CAP && to - from > 1) {
        if (!narrowed) {
          narrowed = true;
          from = Math.max(from, (await earliest(objectType, from, to)) ?? from);
        }
        to = from + Math.max(1, Math.floor((to - from) / 2));
        continue;
      }
      const objects = page.results.map((r) => parse(ObjectSchema, r, `a ${objectType} record`));
      const last = objects.at(-1)?.id;
      const windowTotal = cursor.total ?? total;
      const read = cursor.read + objects.length;
      if (objects.length < SEARCH_PAGE || read >= windowTotal) {
        return { objects, cursor: { from: to, to: null, after: '0', total: null, read: 0 }, done: to >= until };
      }
      return { objects, cursor: { from, to, after: last ?? cursor.after, total: windowTotal, read }, done: false };
    }
  }

  /** Ids associated from each of `ids` to `toType`, in batches of 1,000. */
  async function associations(fromType: string, toType: string, ids: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (let i = 0; i < ids.length; i += ASSOCIATION_BATCH) {
      const inputs = ids.slice(i, i + ASSOCIATION_BATCH).map((id) => ({ id }));
      const body = parse(AssociationBatchSchema, await request({ method: 'POST', path: `/crm/v4/associations/${fromType}/${toType}/batch/read`, json: { inputs } }, `the ${fromType} → ${toType} associations`), 'associations');
      for (const r of body.results) out.set(r.from.id, [...new Set(r.to.map((t) => String(t.toObjectId)))]);
    }
    return out;
  }

  /**
   * The portal's users with their super-admin flag (settings.users.read, an optional scope):
   * super admins are the tenant's admins, users who own nothing can still be named managers.
   * Without the scope (403) the owners' users are all there is.
   */
  async function settingsUsers(): Promise<User[] | null> {
    const out: User[] = [];
    let after: string | undefined;
    do {
      const res = await options.http.request({ method: 'GET', path: '/settings/users/v3', query: { limit: 100, after } });
      if (res.status === 403 || res.status === 401) return null;
      if (res.status !== 200) throw new AppError('crm_unavailable', `HubSpot answered the users list with HTTP ${res.status}`);
      const page = parse(PageSchema, res.body, 'the users list');
      for (const item of page.results) {
        const u = SettingsUserSchema.safeParse(item);
        if (!u.success) continue;
        const name = [u.data.firstName, u.data.lastName].filter((p) => p && p.trim() !== '').join(' ').trim() || u.data.email;
        out.push({ userId: u.data.id, name: name.slice(0, 200), email: u.data.email.length <= 320 ? u.data.email : null, isAdmin: u.data.superAdmin });
      }
      after = page.paging?.next?.after;
    } while (after !== undefined);
    return out;
  }

  async function dispositionLabels(): Promise<Map<string, string>> {
    const res = await options.http.request({ method: 'GET', path: '/crm/v3/properties/calls/hs_call_disposition' });
    const parsed = z.object({ options: z.array(z.object({ label: z.string(), value: z.string() })) }).safeParse(res.body);
    return new Map(res.status === 200 && parsed.success ? parsed.data.options.map((o) => [o.value, o.label]) : []);
  }

  /**
   * One kind's object types, read window by window in chunks of up to 1,000 records (five search
   * pages), each mapped with its associations and yielded with the cursor after its last record.
   */
  async function* readKind<T, O extends HubSpotObjectType>(
    kind: RecordKind,
    ctx: ConnectorContext,
    types: readonly O[],
    properties: (objectType: O) => string[],
    associate: readonly string[],
    map: (objectType: O, o: HubSpotObject, assoc: Associations) => T | null,
  ): AsyncGenerator<SyncPage> {
    const state = kindCursor(ctx.cursors[kind]);
    const until = options.now().getTime() - SEARCH_LAG_MS;
    for (const objectType of types) {
      let cursor: WindowCursor = state.windows[objectType] ?? { from: 0, to: null, after: '0', total: null, read: 0 };
      let done = cursor.from >= until;
      while (!done) {
        const chunk: HubSpotObject[] = [];
        while (!done && chunk.length + SEARCH_PAGE <= ASSOCIATION_BATCH) {
          ctx.signal?.throwIfAborted();
          const page = await searchPage(objectType, properties(objectType), cursor, until);
          chunk.push(...page.objects);
          cursor = page.cursor;
          done = page.done;
        }
        const ids = chunk.map((o) => o.id);
        const assoc: Record<string, Map<string, string[]>> = {};
        for (const toType of associate) assoc[toType] = ids.length === 0 ? new Map() : await associations(objectType, toType, ids);
        const records = chunk.map((o) => map(objectType, o, assoc)).filter((r): r is T => r !== null);
        state.windows[objectType] = cursor;
        yield { kind, records, cursor: JSON.stringify(state) } as SyncPage;
      }
    }
    if (state.synced) {
      for (const objectType of types) yield* deletions(kind, objectType, state);
    } else {
      state.synced = true;
      yield { kind, records: [], cursor: JSON.stringify(state) } as SyncPage;
    }
  }

  /** Records deleted in HubSpot since: the archived list, whole (it cannot be filtered by time). */
  async function* deletions(kind: RecordKind, objectType: HubSpotObjectType, state: KindCursor): AsyncGenerator<SyncPage> {
    let after: string | undefined;
    do {
      const page = parse(PageSchema, await request({ method: 'GET', path: `/crm/v3/objects/${objectType}`, query: { archived: true, limit: ARCHIVED_PAGE, after } }, `the archived ${objectType}`), `the archived ${objectType}`);
      const ids = page.results.map((r) => recordIdOf(objectType, parse(ObjectSchema, r, `an archived ${objectType} record`).id));
      if (ids.length > 0) yield { kind, records: [], deletedIds: ids, cursor: JSON.stringify(state) } as SyncPage;
      after = page.paging?.next?.after;
    } while (after !== undefined);
  }

  return {
    name: HUBSPOT_SOURCE,
    users: () => users,
    async *pages(ctx) {
      const tenantId = ctx.tenantId;
      // Owners, archived ones too (they still own records): few, read whole each time.
      const all = [...(await owners(false)), ...(await owners(true))];
      const teams = mapTeams(tenantId, all);
      yield { kind: 'teams', records: teams, cursor: `teams:${teams.length}` };
      const sellers = all.map((o) => mapOwner(tenantId, o)).filter((s) => s !== null);
      yield { kind: 'sellers', records: sellers, cursor: `sellers:${sellers.length}` };
      const ownerUsers = sellers.filter((s) => s.userId !== null).map((s) => ({ userId: s.userId!, name: s.name, email: s.email, isAdmin: false }));
      const portalUsers = await settingsUsers();
      const byId = new Map(ownerUsers.map((u) => [u.userId, u]));
      for (const u of portalUsers ?? []) byId.set(u.userId, { ...(byId.get(u.userId) ?? u), isAdmin: u.isAdmin });
      users = [...byId.values()];

      const names = (await options.customerProperties?.()) ?? DEFAULT_CUSTOMER_PROPERTIES;
      yield* readKind<Customer, (typeof CUSTOMER_TYPES)[number]>('customers', ctx, CUSTOMER_TYPES, () => customerPropertiesFor(names), [], (objectType, o) =>
        mapCustomer(tenantId, RECORD_PREFIX[objectType], o, names),
      );
      const currency = await options.currency();
      yield* readKind<Deal, 'deals'>('deals', ctx, ['deals'], () => DEAL_PROPERTIES, ['contacts', 'companies'], (_t, o, assoc) => mapDeal(tenantId, o, assoc, currency));
      const dispositions = await dispositionLabels();
      yield* readKind<Activity, EngagementType>('activities', ctx, ENGAGEMENT_TYPES, (t) => ENGAGEMENT_PROPERTIES[t], ['contacts', 'companies', 'deals'], (objectType, o, assoc) =>
        mapEngagement(tenantId, objectType, o, assoc, dispositions),
      );
    },
  };
}

/**
 * One tenant's HubSpot requests: a live access token on each (refreshed in one place), and the
 * portal's rate limiter before each attempt, retries included.
 */
export function createTenantHttp(deps: { http: (beforeAttempt: (input: HubSpotRequest) => Promise<void>) => HubSpotHttp; limiter: { take(search: boolean): Promise<void> }; accessToken: () => Promise<string> }): Pick<HubSpotHttp, 'request'> {
  const http = deps.http((input) => deps.limiter.take(input.method === 'POST' && input.path.endsWith('/search')));
  return {
    async request(input) {
      return http.request({ ...input, accessToken: await deps.accessToken() });
    },
  };
}
