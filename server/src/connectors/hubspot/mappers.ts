import type { Activity, ActivityOutcome, Customer, Deal, Seller, Team } from '@balanced-scorecard/shared';
import { z } from 'zod';

/**
 * Pure mappers from HubSpot payloads (reference/hubspot.md §3.2–3.6) to the normalized records.
 * Each payload is parsed by zod first; a record that cannot be mapped (no owner, no date) is
 * skipped and counted, never half-mapped. Ids are HubSpot's, prefixed by their kind.
 */

export const OwnerSchema = z.object({
  id: z.string().regex(/^\d{1,20}$/),
  userId: z.number().int().nullish(),
  userIdIncludingInactive: z.number().int().nullish(),
  email: z.string().max(320).nullish(),
  firstName: z.string().max(200).nullish(),
  lastName: z.string().max(200).nullish(),
  type: z.string(),
  teams: z.array(z.object({ id: z.string().max(64), name: z.string().max(200), primary: z.boolean() })).max(50).nullish(),
  archived: z.boolean(),
  createdAt: z.string(),
});
export type HubSpotOwner = z.infer<typeof OwnerSchema>;

export const ObjectSchema = z.object({
  id: z.string().regex(/^\d{1,20}$/),
  properties: z.record(z.string(), z.string().max(65_535).nullable()),
  archived: z.boolean().optional(),
});
export type HubSpotObject = z.infer<typeof ObjectSchema>;

export const sellerIdOf = (ownerId: string) => `owner-${ownerId}`;

/** The store's id of a HubSpot record: its type in the singular, then HubSpot's id (contacts and companies may share numbers). */
export const RECORD_PREFIX = { contacts: 'contact', companies: 'company', deals: 'deal', calls: 'call', meetings: 'meeting', emails: 'email', tasks: 'task', communications: 'communication' } as const;
export type HubSpotObjectType = keyof typeof RECORD_PREFIX;
export const recordIdOf = (objectType: HubSpotObjectType, id: string): string => `${RECORD_PREFIX[objectType]}-${id}`;
const recordIdOrNull = (objectType: HubSpotObjectType, id: string | null) => (id === null ? null : recordIdOf(objectType, id));
export const teamIdOf = (teamId: string) => `team-${teamId}`;

const EMAIL = z.email();

export function mapOwner(tenantId: string, owner: HubSpotOwner): Seller | null {
  // Queues own records too, but nobody sells as a queue.
  if (owner.type !== 'PERSON') return null;
  const userId = owner.userIdIncludingInactive ?? owner.userId ?? null;
  const name = [owner.firstName, owner.lastName].filter((p) => p && p.trim() !== '').join(' ').trim() || owner.email || `Owner ${owner.id}`;
  return {
    tenantId,
    id: sellerIdOf(owner.id),
    externalId: owner.id,
    userId: userId === null ? null : String(userId),
    name: name.slice(0, 200),
    email: owner.email && EMAIL.safeParse(owner.email).success ? owner.email : null,
    teamIds: (owner.teams ?? []).map((t) => teamIdOf(t.id)),
    managerIds: [],
    active: !owner.archived,
    startedAt: isoOrNull(owner.createdAt),
  };
}

export function mapTeams(tenantId: string, owners: readonly HubSpotOwner[]): Team[] {
  const byId = new Map<string, Team>();
  for (const owner of owners) for (const t of owner.teams ?? []) byId.set(t.id, { tenantId, id: teamIdOf(t.id), name: t.name.trim() || `Team ${t.id}`, parentId: null });
  return [...byId.values()];
}

/** An instant from HubSpot: ISO 8601, or milliseconds since the epoch (both occur). */
export function isoOrNull(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const ms = /^\d{1,15}$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

function numberOrNull(value: string | null | undefined): number | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

export interface Associations {
  contacts?: ReadonlyMap<string, readonly string[]>;
  companies?: ReadonlyMap<string, readonly string[]>;
  deals?: ReadonlyMap<string, readonly string[]>;
}

const first = (map: ReadonlyMap<string, readonly string[]> | undefined, id: string) => map?.get(id)?.[0] ?? null;

export const ENGAGEMENT_TYPES = ['calls', 'meetings', 'emails', 'tasks', 'communications'] as const;
export type EngagementType = (typeof ENGAGEMENT_TYPES)[number];

/** The properties each engagement search asks for. */
export const ENGAGEMENT_PROPERTIES: Record<EngagementType, string[]> = {
  calls: ['hs_timestamp', 'hubspot_owner_id', 'hs_call_duration', 'hs_call_direction', 'hs_call_disposition', 'hs_call_status', 'hs_call_body'],
  meetings: ['hs_timestamp', 'hubspot_owner_id', 'hs_meeting_start_time', 'hs_meeting_end_time', 'hs_meeting_outcome', 'hs_internal_meeting_notes', 'hs_meeting_body'],
  emails: ['hs_timestamp', 'hubspot_owner_id', 'hs_email_direction', 'hs_email_status'],
  tasks: ['hs_timestamp', 'hubspot_owner_id', 'hs_task_status', 'hs_task_completion_date', 'hs_task_body'],
  communications: ['hs_timestamp', 'hubspot_owner_id', 'hs_communication_channel_type', 'hs_communication_body'],
};

/** Call dispositions by their label (read at run time from the property's options): GUID → label. */
export type DispositionLabels = ReadonlyMap<string, string>;

function callOutcome(p: HubSpotObject['properties'], dispositions: DispositionLabels): ActivityOutcome | null {
  const label = (dispositions.get(p.hs_call_disposition ?? '') ?? '').toLowerCase();
  if (label.includes('connected')) return 'connected';
  if (label.includes('no answer')) return 'no_answer';
  if (label.includes('voicemail') || label.includes('live message')) return 'left_voicemail';
  if (label.includes('busy')) return 'busy';
  if (label.includes('wrong number')) return 'wrong_number';
  const status = p.hs_call_status;
  if (status === 'NO_ANSWER') return 'no_answer';
  if (status === 'BUSY') return 'busy';
  if (status === 'COMPLETED') return 'completed';
  return null;
}

const MEETING_OUTCOMES: Record<string, ActivityOutcome> = {
  SCHEDULED: 'scheduled',
  COMPLETED: 'completed',
  RESCHEDULED: 'rescheduled',
  NO_SHOW: 'no_show',
  CANCELED: 'canceled',
  CANCELLED: 'canceled',
};

const filled = (v: string | null | undefined) => v !== null && v !== undefined && v.trim() !== '';

/** One engagement as an activity; null when it has no owner or no time (it counts for nobody). */
export function mapEngagement(tenantId: string, type: EngagementType, o: HubSpotObject, assoc: Associations, dispositions: DispositionLabels): Activity | null {
  const p = o.properties;
  const owner = p.hubspot_owner_id;
  if (!owner || !/^\d{1,20}$/.test(owner)) return null;
  const base = { tenantId, sellerId: sellerIdOf(owner), contactId: recordIdOrNull('contacts', first(assoc.contacts, o.id)), companyId: recordIdOrNull('companies', first(assoc.companies, o.id)), dealId: recordIdOrNull('deals', first(assoc.deals, o.id)) };
  let at = isoOrNull(p.hs_timestamp);
  let activity: Omit<Activity, 'tenantId' | 'sellerId' | 'contactId' | 'companyId' | 'dealId' | 'at'>;
  switch (type) {
    case 'calls': {
      const ms = numberOrNull(p.hs_call_duration);
      const direction = p.hs_call_direction === 'INBOUND' ? 'inbound' : p.hs_call_direction === 'OUTBOUND' ? 'outbound' : null;
      activity = { id: recordIdOf('calls', o.id), type: 'call', durationMin: ms === null ? null : Math.min(24 * 60, Math.max(0, ms / 60_000)), outcome: callOutcome(p, dispositions), direction, logged: filled(p.hs_call_body) || filled(p.hs_call_disposition) };
      break;
    }
    case 'meetings': {
      const start = isoOrNull(p.hs_meeting_start_time);
      const end = isoOrNull(p.hs_meeting_end_time);
      at = start ?? at;
      const minutes = start && end ? (Date.parse(end) - Date.parse(start)) / 60_000 : null;
      activity = { id: recordIdOf('meetings', o.id), type: 'meeting', durationMin: minutes === null || minutes < 0 ? null : Math.min(24 * 60, minutes), outcome: MEETING_OUTCOMES[p.hs_meeting_outcome ?? ''] ?? null, direction: null, logged: filled(p.hs_internal_meeting_notes) || filled(p.hs_meeting_body) };
      break;
    }
    case 'emails': {
      const incoming = p.hs_email_direction === 'INCOMING_EMAIL';
      const outcome: ActivityOutcome = p.hs_email_status === 'BOUNCED' ? 'bounced' : incoming ? 'replied' : 'sent';
      activity = { id: recordIdOf('emails', o.id), type: 'email', durationMin: null, outcome, direction: incoming ? 'inbound' : 'outbound', logged: true };
      break;
    }
    case 'tasks': {
      const done = p.hs_task_status === 'COMPLETED';
      // A task's hs_timestamp is its due date (Corrections 15): a done task counts when it was done.
      at = (done ? isoOrNull(p.hs_task_completion_date) : null) ?? at;
      activity = { id: recordIdOf('tasks', o.id), type: 'task', durationMin: null, outcome: done ? 'completed' : null, direction: null, logged: filled(p.hs_task_body) };
      break;
    }
    case 'communications': {
      const social = p.hs_communication_channel_type === 'LINKEDIN_MESSAGE';
      activity = { id: recordIdOf('communications', o.id), type: social ? 'social' : 'message', durationMin: null, outcome: null, direction: null, logged: filled(p.hs_communication_body) };
      break;
    }
  }
  if (at === null) return null;
  return { ...base, ...activity, at };
}


export interface CustomerProperties {
  potential: string;
  satisfaction: string;
}

export const customerPropertiesFor = (names: CustomerProperties) => ['createdate', 'hubspot_owner_id', 'lifecyclestage', 'hs_v2_date_entered_customer', 'hs_lifecyclestage_customer_date', names.potential, names.satisfaction];

export function mapCustomer(tenantId: string, kind: 'contact' | 'company', o: HubSpotObject, names: CustomerProperties): Customer | null {
  const p = o.properties;
  const createdAt = isoOrNull(p.createdate);
  if (createdAt === null) return null;
  const owner = p.hubspot_owner_id;
  const potential = numberOrNull(p[names.potential]);
  const satisfaction = numberOrNull(p[names.satisfaction]);
  return {
    tenantId,
    id: recordIdOf(kind === 'contact' ? 'contacts' : 'companies', o.id),
    kind,
    sellerId: owner && /^\d{1,20}$/.test(owner) ? sellerIdOf(owner) : null,
    createdAt,
    becameCustomerAt: isoOrNull(p.hs_v2_date_entered_customer) ?? isoOrNull(p.hs_lifecyclestage_customer_date) ?? (p.lifecyclestage === 'customer' ? createdAt : null),
    potential: potential === null || potential < 0 ? null : potential,
    satisfaction: satisfaction === null || satisfaction < 0 || satisfaction > 10 ? null : satisfaction,
  };
}

export const DEAL_PROPERTIES = ['amount', 'deal_currency_code', 'createdate', 'closedate', 'dealstage', 'pipeline', 'hs_is_closed', 'hs_is_closed_won', 'hubspot_owner_id'];

/**
 * A deal; won and closed come from HubSpot's hs_is_closed_won and hs_is_closed, which HubSpot
 * derives from the stage's metadata (its isClosed and probability) — never from a stage name.
 */
export function mapDeal(tenantId: string, o: HubSpotObject, assoc: Associations, currency: string): Deal | null {
  const p = o.properties;
  const owner = p.hubspot_owner_id;
  const createdAt = isoOrNull(p.createdate);
  if (!owner || !/^\d{1,20}$/.test(owner) || createdAt === null) return null;
  const isWon = p.hs_is_closed_won === 'true';
  const isClosed = isWon || p.hs_is_closed === 'true';
  const closedAt = isoOrNull(p.closedate);
  if (isClosed && closedAt === null) return null;
  const amount = numberOrNull(p.amount);
  const code = p.deal_currency_code;
  return {
    tenantId,
    id: recordIdOf('deals', o.id),
    sellerId: sellerIdOf(owner),
    amount: amount === null || amount < 0 ? null : amount,
    currency: code && /^[A-Z]{3}$/.test(code) ? code : currency,
    createdAt,
    closedAt: isClosed ? closedAt : null,
    stage: (p.dealstage ?? 'unknown').slice(0, 200) || 'unknown',
    isClosed,
    isWon,
    companyId: recordIdOrNull('companies', first(assoc.companies, o.id)),
    contactIds: [...new Set(assoc.contacts?.get(o.id) ?? [])].slice(0, 500).map((id) => recordIdOf('contacts', id)),
  };
}
