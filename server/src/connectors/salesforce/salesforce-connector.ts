import type { RecordKind } from '@balanced-scorecard/shared';
import { z } from 'zod';
import { AppError } from '../../errors/app-error';
import type { SalesforceClient } from '../../salesforce/salesforce-client';
import type { User } from '../../store/store';
import { readCursor, type ConnectorContext, type CrmConnector, type SyncPage } from '../crm-connector';
import {
  CustomerRowSchema,
  EventRowSchema,
  managerChains,
  mapCustomer,
  mapEvent,
  mapOpportunity,
  mapRoles,
  mapTask,
  mapUser,
  OpportunityRowSchema,
  recordIdOf,
  RoleRowSchema,
  TaskRowSchema,
  UserRowSchema,
  type CustomerFields,
  type SalesforceObject,
} from './mappers';

export const SALESFORCE_SOURCE = 'salesforce';
/** More users than this in one org is not a sales team we can show: an error, never a silent cut. */
export const MAX_USERS = 20_000;
/** A first sync of an object with more rows than this goes through Bulk API 2.0 (reference §1.6: a judgement call). */
export const BULK_THRESHOLD = 50_000;
export const BULK_PAGE = 50_000;
/** Above this share of the org's daily API allocation the sync slows down: the budget is shared with the org's other integrations. */
export const USAGE_SLOW_DOWN = 0.8;
export const DEFAULT_CUSTOMER_FIELDS: CustomerFields = { potential: 'Scorecard_Potential__c', satisfaction: 'Scorecard_Satisfaction__c' };

export interface SalesforceConnectorOptions {
  client: () => Promise<SalesforceClient>;
  now: () => Date;
  currency: () => Promise<string>;
  customerFields?: () => Promise<CustomerFields | null>;
  /** How long to wait before each call while the org is above USAGE_SLOW_DOWN. */
  slowDownMs?: number;
  /** How often a bulk job is polled, and for how long at most. */
  bulkPollMs?: number;
  bulkTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** The most users (and roles) read whole; more is an error (default MAX_USERS). */
  maxUsers?: number;
  /** Told once per run when the sync slows down for the org's allocation. */
  onSlowDown?: (usage: { used: number; limit: number }) => void;
}

/** Where one object stands: the last (SystemModstamp, Id) read, or a bulk backfill under way. */
const ObjectCursorSchema = z.object({
  since: z.string().max(40).nullable(),
  id: z.string().max(18).nullable(),
  bulk: z.object({ jobId: z.string().regex(/^[A-Za-z0-9]{15,18}$/), locator: z.string().max(200).nullable(), until: z.string().max(40) }).optional(),
});
type ObjectCursor = z.infer<typeof ObjectCursorSchema>;
const KindCursorSchema = z.object({ objects: z.record(z.string(), ObjectCursorSchema) });
type KindCursor = z.infer<typeof KindCursorSchema>;

const kindCursor = (text: string | undefined): KindCursor => readCursor(KindCursorSchema, text, { objects: {} });

const SOQL_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?(?:Z|[+-]\d{2}:?\d{2})$/;
const SF_ID = /^[A-Za-z0-9]{15,18}$/;

/** A SystemModstamp as a SOQL datetime literal (UTC); refuses anything else, so nothing foreign reaches a query. */
function soqlInstant(value: string): string {
  const normalized = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  if (!SOQL_INSTANT.test(value) || !Number.isFinite(Date.parse(normalized))) throw new AppError('crm_unavailable', 'A saved Salesforce cursor is not a timestamp');
  return new Date(Date.parse(normalized)).toISOString();
}

/**
 * The incremental query of an object: rows after the cursor in (SystemModstamp, Id) order, the
 * Id breaking ties, so rows sharing one SystemModstamp across a page boundary (or a resumed run)
 * are neither lost nor read twice.
 */
export function incrementalSoql(object: SalesforceObject | 'User', fields: readonly string[], cursor: Pick<ObjectCursor, 'since' | 'id'>): string {
  let where = '';
  if (cursor.since !== null) {
    const at = soqlInstant(cursor.since);
    if (cursor.id !== null && !SF_ID.test(cursor.id)) throw new AppError('crm_unavailable', 'A saved Salesforce cursor is not an id');
    where = cursor.id === null ? ` WHERE SystemModstamp > ${at}` : ` WHERE (SystemModstamp > ${at} OR (SystemModstamp = ${at} AND Id > '${cursor.id}'))`;
  }
  return `SELECT ${fields.join(', ')} FROM ${object}${where} ORDER BY SystemModstamp ASC, Id ASC`;
}

const DescribeSchema = z.object({ fields: z.array(z.object({ name: z.string(), type: z.string(), picklistValues: z.array(z.object({ value: z.string(), active: z.boolean() })).optional() })) });
const BulkJobSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9]{15,18}$/), state: z.string(), errorMessage: z.string().max(2000).optional() });

const TASK_FIELDS = ['Id', 'OwnerId', 'WhoId', 'WhatId', 'AccountId', 'Type', 'Status', 'IsClosed', 'ActivityDate', 'CreatedDate', 'SystemModstamp', 'IsDeleted', 'Description'];
const TASK_OPTIONAL = ['TaskSubtype', 'CompletedDateTime', 'CallDurationInSeconds', 'CallType', 'CallDisposition'];
const EVENT_FIELDS = ['Id', 'OwnerId', 'WhoId', 'WhatId', 'AccountId', 'StartDateTime', 'EndDateTime', 'DurationInMinutes', 'IsAllDayEvent', 'ActivityDateTime', 'CreatedDate', 'SystemModstamp', 'IsDeleted', 'Description'];
const OPPORTUNITY_FIELDS = ['Id', 'OwnerId', 'AccountId', 'StageName', 'Amount', 'CloseDate', 'IsClosed', 'IsWon', 'CreatedDate', 'SystemModstamp', 'IsDeleted'];
const CONTACT_ROLES = '(SELECT ContactId FROM OpportunityContactRoles)';
const USER_SOQL = "SELECT Id, Name, Email, ManagerId, UserRoleId, IsActive, CreatedDate, Profile.PermissionsModifyAllData FROM User WHERE UserType = 'Standard' ORDER BY Id";
const ROLE_SOQL = 'SELECT Id, Name, ParentRoleId FROM UserRole ORDER BY Id';

/** Objects whose first sync may be large enough for Bulk API 2.0 (no sub-queries in them). */
const BULK_OBJECTS: ReadonlySet<string> = new Set(['Task', 'Event']);

/**
 * The Salesforce connector (DESIGN §11, reference/salesforce.md §2): users with their manager
 * chain and roles, then accounts and contacts, opportunities, tasks and events, each read
 * incrementally by SystemModstamp through queryAll, so a deleted row arrives as a deletion in
 * the same stream. Pages follow nextRecordsUrl; a large first backfill goes through a Bulk API
 * 2.0 job read page by page (its locator in the cursor). Above 80 % of the org's daily API
 * allocation each call waits first; REQUEST_LIMIT_EXCEEDED ends the run with `rate_limited`,
 * every page before it saved with its cursor, so the next run resumes there.
 */
export function createSalesforceConnector(options: SalesforceConnectorOptions): CrmConnector {
  let users: User[] = [];
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const slowDownMs = options.slowDownMs ?? 2000;

  async function run(tenantId: string, ctx: ConnectorContext): Promise<AsyncGenerator<SyncPage>> {
    const client = await options.client();
    let warned = false;
    /** Every call goes through here: the allocation watched, the run's abort honoured. */
    const paced = async <T>(call: () => Promise<T>): Promise<T> => {
      ctx.signal?.throwIfAborted();
      const usage = client.usage();
      if (usage && usage.limit > 0 && usage.used / usage.limit > USAGE_SLOW_DOWN) {
        if (!warned) options.onSlowDown?.(usage);
        warned = true;
        await sleep(slowDownMs);
      }
      return call();
    };
    const describe = async (object: string) => {
      const parsed = DescribeSchema.safeParse(await paced(() => client.get(`/sobjects/${object}/describe`)));
      if (!parsed.success) throw new AppError('crm_unavailable', `Salesforce's describe of ${object} is not in the documented shape`);
      return new Set(parsed.data.fields.map((f) => f.name));
    };
    /** A whole (small) query, every page; more than `cap` rows is an error. */
    const readAll = async (soql: string, cap: number): Promise<unknown[]> => {
      let page = await paced(() => client.query(soql));
      const rows = [...page.records];
      while (!page.done) {
        if (rows.length >= cap) throw new AppError('crm_unavailable', `Salesforce holds more than ${cap} rows for "${soql.slice(0, 60)}…": more than the scorecard reads`);
        const next = page.nextRecordsUrl!;
        page = await paced(() => client.queryMore(next));
        rows.push(...page.records);
      }
      if (rows.length > cap) throw new AppError('crm_unavailable', `Salesforce holds more than ${cap} rows for "${soql.slice(0, 60)}…": more than the scorecard reads`);
      return rows;
    };

    // One cursor per kind, shared by the objects behind it (tasks and events are both activities).
    const states = new Map<RecordKind, KindCursor>();
    const stateOf = (kind: RecordKind) => states.get(kind) ?? states.set(kind, kindCursor(ctx.cursors[kind])).get(kind)!;

    async function* readObject<S extends z.ZodTypeAny>(kind: RecordKind, object: SalesforceObject, fields: string[], schema: S, map: (row: z.infer<S>) => SyncPage['records'][number] | null): AsyncGenerator<SyncPage> {
      const state = stateOf(kind);
      let cursor: ObjectCursor = state.objects[object] ?? { since: null, id: null };
      const page = (rows: unknown[], next: ObjectCursor): SyncPage => {
        const records: SyncPage['records'] = [];
        const deletedIds: string[] = [];
        for (const raw of rows) {
          const row = schema.safeParse(raw);
          if (!row.success) throw new AppError('crm_unavailable', `Salesforce answered a ${object} row that is not in the documented shape`);
          if ((row.data as { IsDeleted?: boolean }).IsDeleted) deletedIds.push(recordIdOf(object, (row.data as { Id: string }).Id));
          else {
            const mapped = map(row.data);
            if (mapped !== null) records.push(mapped);
          }
        }
        cursor = next;
        state.objects[object] = next;
        return { kind, records, ...(deletedIds.length > 0 ? { deletedIds } : {}), cursor: JSON.stringify(state) } as SyncPage;
      };
      const last = (rows: unknown[], fallback: ObjectCursor): ObjectCursor => {
        const row = rows.at(-1) as { SystemModstamp?: unknown; Id?: unknown } | undefined;
        return row && typeof row.SystemModstamp === 'string' && typeof row.Id === 'string' ? { since: row.SystemModstamp, id: row.Id } : fallback;
      };

      // A first sync of a large object: one Bulk API 2.0 job, read page by page.
      if (cursor.since === null && !cursor.bulk && BULK_OBJECTS.has(object)) {
        const count = await paced(() => client.query(`SELECT COUNT() FROM ${object}`, { all: true }));
        if (count.totalSize > BULK_THRESHOLD) {
          const until = options.now().toISOString();
          const body = { operation: 'queryAll', query: `SELECT ${fields.join(', ')} FROM ${object} WHERE SystemModstamp <= ${until}` };
          const job = BulkJobSchema.safeParse(await paced(() => client.post('/jobs/query', body)));
          if (!job.success) throw new AppError('crm_unavailable', 'Salesforce answered a bulk query job in a shape we do not know');
          yield page([], { since: null, id: null, bulk: { jobId: job.data.id, locator: null, until } });
        }
      }
      if (cursor.bulk) {
        const { jobId, until } = cursor.bulk;
        const started = Date.now();
        for (;;) {
          const job = BulkJobSchema.safeParse(await paced(() => client.get(`/jobs/query/${jobId}`)));
          if (!job.success) throw new AppError('crm_unavailable', 'Salesforce answered a bulk query job in a shape we do not know');
          if (job.data.state === 'JobComplete') break;
          if (job.data.state === 'Failed' || job.data.state === 'Aborted') {
            // Start the backfill over on the next run rather than lose it.
            yield page([], { since: null, id: null });
            throw new AppError('crm_unavailable', `Salesforce's bulk query of ${object} ${job.data.state === 'Failed' ? 'failed' : 'was aborted'}`);
          }
          if (Date.now() - started > (options.bulkTimeoutMs ?? 15 * 60_000)) throw new AppError('crm_unavailable', `Salesforce's bulk query of ${object} is still running: the next sync goes on with it`);
          await sleep(options.bulkPollMs ?? 2000);
        }
        let locator = cursor.bulk.locator;
        for (;;) {
          const result = await paced(() => client.bulkResults(jobId, locator, BULK_PAGE));
          locator = result.locator;
          yield page(result.rows, locator === null ? { since: until, id: null } : { since: null, id: null, bulk: { jobId, locator, until } });
          if (locator === null) break;
        }
      }
      let result = await paced(() => client.query(incrementalSoql(object, fields, cursor), { all: true }));
      yield page(result.records, last(result.records, cursor));
      while (!result.done) {
        const next = result.nextRecordsUrl!;
        result = await paced(() => client.queryMore(next));
        yield page(result.records, last(result.records, cursor));
      }
    }

    return (async function* () {
      // Users and roles: few, read whole each time.
      const userRows = (await readAll(USER_SOQL, options.maxUsers ?? MAX_USERS)).map((r) => {
        const row = UserRowSchema.safeParse(r);
        if (!row.success) throw new AppError('crm_unavailable', 'Salesforce answered a User row that is not in the documented shape');
        return row.data;
      });
      let roleRows: z.infer<typeof RoleRowSchema>[] = [];
      try {
        roleRows = (await readAll(ROLE_SOQL, options.maxUsers ?? MAX_USERS)).map((r) => RoleRowSchema.parse(r));
      } catch (error) {
        // Reading roles needs "View Roles and Role Hierarchy": without it, sellers have no teams.
        if (!(error instanceof AppError && error.code === 'forbidden')) throw error;
      }
      const teams = mapRoles(tenantId, roleRows);
      yield { kind: 'teams', records: teams, cursor: `teams:${teams.length}` };
      const chains = managerChains(userRows);
      const roleIds = new Set(roleRows.map((r) => r.Id));
      const sellers = userRows.map((u) => mapUser(tenantId, u, chains, roleIds));
      yield { kind: 'sellers', records: sellers, cursor: `sellers:${sellers.length}` };
      users = userRows.map((u) => ({ userId: u.Id, name: u.Name.slice(0, 200), email: sellers.find((s) => s.userId === u.Id)?.email ?? null, isAdmin: u.Profile?.PermissionsModifyAllData === true }));

      // What this org has: TaskSubtype and the call fields, multi-currency, the customer fields.
      const [taskFields, opportunityFields, accountFields, contactFields] = [await describe('Task'), await describe('Opportunity'), await describe('Account'), await describe('Contact')];
      const names = (await options.customerFields?.()) ?? DEFAULT_CUSTOMER_FIELDS;
      const customerFieldsOf = (present: ReadonlySet<string>) => ({ potential: present.has(names.potential) ? names.potential : null, satisfaction: present.has(names.satisfaction) ? names.satisfaction : null });
      for (const [object, present] of [['Account', accountFields], ['Contact', contactFields]] as const) {
        const fields = customerFieldsOf(present);
        const select = ['Id', 'OwnerId', 'CreatedDate', 'SystemModstamp', 'IsDeleted', ...(object === 'Account' && present.has('Type') ? ['Type'] : []), ...[fields.potential, fields.satisfaction].filter((f): f is string => f !== null)];
        yield* readObject('customers', object, select, CustomerRowSchema, (row) => mapCustomer(tenantId, object, row, fields));
      }
      const currency = await options.currency();
      const opportunitySelect = [...OPPORTUNITY_FIELDS, ...(opportunityFields.has('CurrencyIsoCode') ? ['CurrencyIsoCode'] : []), CONTACT_ROLES];
      yield* readObject('deals', 'Opportunity', opportunitySelect, OpportunityRowSchema, (row) => mapOpportunity(tenantId, row, currency));
      const taskSelect = [...TASK_FIELDS, ...TASK_OPTIONAL.filter((f) => taskFields.has(f))];
      yield* readObject('activities', 'Task', taskSelect, TaskRowSchema, (row) => mapTask(tenantId, row));
      yield* readObject('activities', 'Event', EVENT_FIELDS, EventRowSchema, (row) => mapEvent(tenantId, row));
    })();
  }

  return {
    name: SALESFORCE_SOURCE,
    users: () => users,
    async *pages(ctx) {
      yield* await run(ctx.tenantId, ctx);
    },
  };
}
