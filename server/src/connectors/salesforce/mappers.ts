import type { Activity, ActivityOutcome, ActivityType, Customer, Deal, Seller, Team } from '@balanced-scorecard/shared';
import { z } from 'zod';

/**
 * Pure mappers from Salesforce rows (reference/salesforce.md §2.1) to the normalized records.
 * Rows come from REST queries (typed JSON) or Bulk API 2.0 (every value a string, empty for
 * null): each schema accepts both. A row that cannot be mapped (no owner, no date) is skipped,
 * never half-mapped. Ids are Salesforce's 18-character ids, prefixed by their kind.
 */

/** A Salesforce id: 15 or 18 characters of [A-Za-z0-9]. */
export const SalesforceIdSchema = z.string().regex(/^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/);
const emptyToNull = (v: unknown) => (v === '' || v === undefined ? null : v);
const sfId = z.preprocess(emptyToNull, SalesforceIdSchema.nullable());
const str = (max: number) => z.preprocess(emptyToNull, z.string().max(max).nullable());
const bool = z.preprocess((v) => (v === 'true' ? true : v === 'false' || v === '' || v === null || v === undefined ? false : v), z.boolean());
const num = z.preprocess((v) => (v === '' || v === null || v === undefined ? null : typeof v === 'string' ? Number(v) : v), z.number().finite().nullable());
const instant = z.preprocess(emptyToNull, z.string().max(40).nullable());

export const UserRowSchema = z.object({
  Id: SalesforceIdSchema,
  Name: z.string().min(1).max(200),
  Email: str(320),
  ManagerId: sfId,
  UserRoleId: sfId,
  IsActive: bool,
  CreatedDate: instant,
  /** The profile's "Modify All Data": Salesforce's administrators. */
  Profile: z.object({ PermissionsModifyAllData: bool }).nullish(),
});
export type UserRow = z.infer<typeof UserRowSchema>;

export const RoleRowSchema = z.object({ Id: SalesforceIdSchema, Name: z.string().min(1).max(200), ParentRoleId: sfId });
export type RoleRow = z.infer<typeof RoleRowSchema>;

const common = { Id: SalesforceIdSchema, SystemModstamp: z.string().max(40), IsDeleted: bool.optional() };
/** What tasks and events share: their owner, what they are about, when made, the notes (read as "logged" only). */
const activity = { ...common, OwnerId: sfId, WhoId: sfId, WhatId: sfId, AccountId: sfId, CreatedDate: instant, Description: str(32_000).optional() };

export const TaskRowSchema = z.object({
  ...activity,
  TaskSubtype: str(40).optional(),
  Type: str(80).optional(),
  Status: str(80),
  IsClosed: bool,
  ActivityDate: str(10),
  CompletedDateTime: instant.optional(),
  CallDurationInSeconds: num.optional(),
  CallType: str(40).optional(),
  CallDisposition: str(255).optional(),
});
export type TaskRow = z.infer<typeof TaskRowSchema>;

export const EventRowSchema = z.object({
  ...activity,
  StartDateTime: instant,
  EndDateTime: instant,
  DurationInMinutes: num,
  IsAllDayEvent: bool,
  ActivityDateTime: instant.optional(),
});
export type EventRow = z.infer<typeof EventRowSchema>;

export const OpportunityRowSchema = z.object({
  ...common,
  OwnerId: sfId,
  AccountId: sfId,
  StageName: str(255),
  Amount: num,
  CloseDate: str(10),
  IsClosed: bool,
  IsWon: bool,
  CreatedDate: instant,
  CurrencyIsoCode: str(3).optional(),
  OpportunityContactRoles: z.object({ records: z.array(z.object({ ContactId: sfId })).max(2000) }).nullish(),
});
export type OpportunityRow = z.infer<typeof OpportunityRowSchema>;

export const CustomerRowSchema = z
  .object({ ...common, OwnerId: sfId, CreatedDate: instant, Type: str(255).optional() })
  .catchall(z.unknown());
export type CustomerRow = z.infer<typeof CustomerRowSchema>;

export const sellerIdOf = (userId: string) => `sf-user-${userId}`;
export const teamIdOf = (roleId: string) => `sf-role-${roleId}`;
export const RECORD_PREFIX = { Contact: 'sf-contact', Account: 'sf-account', Opportunity: 'sf-opportunity', Task: 'sf-task', Event: 'sf-event' } as const;
export type SalesforceObject = keyof typeof RECORD_PREFIX;
export const recordIdOf = (object: SalesforceObject, id: string) => `${RECORD_PREFIX[object]}-${id}`;

/** Key prefixes of the ids a task or event may point at (WhoId, WhatId). */
const KEY_PREFIX = { contact: '003', account: '001', opportunity: '006' } as const;
const refOf = (object: SalesforceObject, prefix: string, id: string | null) => (id !== null && id.startsWith(prefix) ? recordIdOf(object, id) : null);

const EMAIL = z.email();

/** An instant from Salesforce ("2026-11-30T08:00:00.000+0000"), as ISO 8601 in UTC; null when absent or unreadable. */
export function isoOrNull(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const normalized = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(normalized);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/** A date field ("2026-11-30", stored at midnight UTC: its time is to be ignored). */
function dateOrNull(value: string | null): string | null {
  return value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value) ? isoOrNull(`${value}T00:00:00.000Z`) : null;
}

/**
 * Each user's managers up the ManagerId chain (nearest first, at most 50, a loop cut where it
 * closes): a manager sees every seller below them, not only their direct reports.
 */
export function managerChains(users: readonly UserRow[]): Map<string, string[]> {
  const managerOf = new Map(users.map((u) => [u.Id, u.ManagerId]));
  const out = new Map<string, string[]>();
  for (const u of users) {
    const chain: string[] = [];
    let next = u.ManagerId;
    while (next !== null && next !== undefined && next !== u.Id && !chain.includes(next) && chain.length < 50) {
      chain.push(next);
      next = managerOf.get(next) ?? null;
    }
    out.set(u.Id, chain);
  }
  return out;
}

export function mapUser(tenantId: string, u: UserRow, chains: ReadonlyMap<string, readonly string[]>, roles: ReadonlySet<string>): Seller {
  return {
    tenantId,
    id: sellerIdOf(u.Id),
    externalId: u.Id,
    userId: u.Id,
    name: u.Name.slice(0, 200),
    email: u.Email !== null && EMAIL.safeParse(u.Email).success ? u.Email : null,
    teamIds: u.UserRoleId !== null && roles.has(u.UserRoleId) ? [teamIdOf(u.UserRoleId)] : [],
    managerIds: [...(chains.get(u.Id) ?? [])],
    active: u.IsActive,
    startedAt: isoOrNull(u.CreatedDate),
  };
}

/** The role hierarchy as teams, each under its parent role (a parent outside the list is dropped). */
export function mapRoles(tenantId: string, roles: readonly RoleRow[]): Team[] {
  const ids = new Set(roles.map((r) => r.Id));
  return roles.map((r) => ({ tenantId, id: teamIdOf(r.Id), name: r.Name.slice(0, 200), parentId: r.ParentRoleId !== null && ids.has(r.ParentRoleId) && r.ParentRoleId !== r.Id ? teamIdOf(r.ParentRoleId) : null }));
}

/**
 * What a task is, by its TaskSubtype (its values read from describe at connect time; an org
 * without the field, or a value we do not know, falls back on Type, then on "task").
 */
export function taskType(row: Pick<TaskRow, 'TaskSubtype' | 'Type'>): ActivityType {
  const subtype = (row.TaskSubtype ?? '').toLowerCase();
  if (subtype === 'call') return 'call';
  if (subtype === 'email' || subtype === 'listemail') return 'email';
  if (subtype === 'linkedin') return 'social';
  if (subtype === '' || subtype === 'task') {
    const type = (row.Type ?? '').toLowerCase();
    if (type === 'call') return 'call';
    if (type === 'email') return 'email';
    if (type === 'meeting') return 'meeting';
  }
  return 'task';
}

function callOutcome(row: TaskRow): ActivityOutcome | null {
  const d = (row.CallDisposition ?? '').toLowerCase();
  if (d.includes('no answer')) return 'no_answer';
  if (d.includes('voicemail') || d.includes('left message')) return 'left_voicemail';
  if (d.includes('busy')) return 'busy';
  if (d.includes('wrong number')) return 'wrong_number';
  if (d.includes('connect') || d.includes('reached')) return 'connected';
  return row.IsClosed ? 'completed' : null;
}

const filled = (v: string | null | undefined) => v !== null && v !== undefined && v.trim() !== '';

/** A task as an activity: a done task counts when it was completed, an open one on its due date. */
export function mapTask(tenantId: string, row: TaskRow): Activity | null {
  if (row.OwnerId === null || !row.OwnerId.startsWith('005')) return null;
  const type = taskType(row);
  const at = (row.IsClosed ? isoOrNull(row.CompletedDateTime) : null) ?? dateOrNull(row.ActivityDate) ?? isoOrNull(row.CreatedDate);
  if (at === null) return null;
  const seconds = row.CallDurationInSeconds ?? null;
  const direction = row.CallType === 'Inbound' ? 'inbound' : row.CallType === 'Outbound' ? 'outbound' : type === 'email' ? 'outbound' : null;
  const outcome: ActivityOutcome | null = type === 'call' ? callOutcome(row) : type === 'email' ? 'sent' : row.IsClosed ? 'completed' : null;
  return {
    tenantId,
    id: recordIdOf('Task', row.Id),
    sellerId: sellerIdOf(row.OwnerId),
    type,
    at,
    durationMin: seconds === null || seconds < 0 ? null : Math.min(24 * 60, seconds / 60),
    outcome,
    direction,
    contactId: refOf('Contact', KEY_PREFIX.contact, row.WhoId),
    companyId: refOf('Account', KEY_PREFIX.account, row.AccountId) ?? refOf('Account', KEY_PREFIX.account, row.WhatId),
    dealId: refOf('Opportunity', KEY_PREFIX.opportunity, row.WhatId),
    logged: filled(row.CallDisposition) || filled(row.Description),
  };
}

/** An event as a meeting, at its start. */
export function mapEvent(tenantId: string, row: EventRow): Activity | null {
  if (row.OwnerId === null || !row.OwnerId.startsWith('005')) return null;
  const at = isoOrNull(row.StartDateTime) ?? isoOrNull(row.ActivityDateTime) ?? isoOrNull(row.CreatedDate);
  if (at === null) return null;
  const minutes = row.IsAllDayEvent ? null : row.DurationInMinutes;
  return {
    tenantId,
    id: recordIdOf('Event', row.Id),
    sellerId: sellerIdOf(row.OwnerId),
    type: 'meeting',
    at,
    durationMin: minutes === null || minutes < 0 ? null : Math.min(24 * 60, minutes),
    outcome: null,
    direction: null,
    contactId: refOf('Contact', KEY_PREFIX.contact, row.WhoId),
    companyId: refOf('Account', KEY_PREFIX.account, row.AccountId) ?? refOf('Account', KEY_PREFIX.account, row.WhatId),
    dealId: refOf('Opportunity', KEY_PREFIX.opportunity, row.WhatId),
    logged: filled(row.Description),
  };
}

/** An opportunity as a deal: closed and won from IsClosed and IsWon (the stage's own flags), closed on its CloseDate. */
export function mapOpportunity(tenantId: string, row: OpportunityRow, currency: string): Deal | null {
  const createdAt = isoOrNull(row.CreatedDate);
  if (row.OwnerId === null || !row.OwnerId.startsWith('005') || createdAt === null) return null;
  const isWon = row.IsWon;
  const isClosed = isWon || row.IsClosed;
  const closedAt = dateOrNull(row.CloseDate);
  if (isClosed && closedAt === null) return null;
  const code = row.CurrencyIsoCode;
  const contacts = (row.OpportunityContactRoles?.records ?? []).map((r) => r.ContactId).filter((id): id is string => id !== null);
  return {
    tenantId,
    id: recordIdOf('Opportunity', row.Id),
    sellerId: sellerIdOf(row.OwnerId),
    amount: row.Amount === null || row.Amount < 0 ? null : row.Amount,
    currency: code && /^[A-Z]{3}$/.test(code) ? code : currency,
    createdAt,
    closedAt: isClosed ? closedAt : null,
    stage: (row.StageName ?? 'unknown').slice(0, 200) || 'unknown',
    isClosed,
    isWon,
    companyId: refOf('Account', KEY_PREFIX.account, row.AccountId),
    contactIds: [...new Set(contacts)].slice(0, 500).map((id) => recordIdOf('Contact', id)),
  };
}

export interface CustomerFields {
  potential: string;
  satisfaction: string;
}

function fieldNumber(row: CustomerRow, field: string | null): number | null {
  if (field === null) return null;
  const v = row[field];
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}

/**
 * An account (a company) or a contact as a customer. Potential and satisfaction come from the
 * fields the admin named (present on the object, else null); an account whose Type says
 * "Customer" counts as one since it was created.
 */
export function mapCustomer(tenantId: string, object: 'Account' | 'Contact', row: CustomerRow, fields: { potential: string | null; satisfaction: string | null }): Customer | null {
  const createdAt = isoOrNull(row.CreatedDate);
  if (createdAt === null) return null;
  const potential = fieldNumber(row, fields.potential);
  const satisfaction = fieldNumber(row, fields.satisfaction);
  return {
    tenantId,
    id: recordIdOf(object, row.Id),
    kind: object === 'Account' ? 'company' : 'contact',
    sellerId: row.OwnerId !== null && row.OwnerId.startsWith('005') ? sellerIdOf(row.OwnerId) : null,
    createdAt,
    becameCustomerAt: object === 'Account' && /^customer/i.test(row.Type ?? '') ? createdAt : null,
    potential: potential === null || potential < 0 ? null : potential,
    satisfaction: satisfaction === null || satisfaction < 0 || satisfaction > 10 ? null : satisfaction,
  };
}
