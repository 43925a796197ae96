import { z } from 'zod';
import { dataRecord, instant, keyText, text } from './text';

/**
 * Normalized CRM records (DESIGN §4): the only shapes the engine sees.
 * Timestamps are ISO 8601 strings with an offset; money is a plain number in `currency`.
 */

const id = text().min(1).max(255);
const isoDateTime = instant();

export const TenantIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lowercase letters, digits, "_" and "-"');
export type TenantId = z.infer<typeof TenantIdSchema>;

export const SellerSchema = z.strictObject({
  tenantId: TenantIdSchema,
  id,
  externalId: id,
  userId: id.nullable(),
  name: text().min(1).max(200),
  email: z.email().nullable(),
  teamIds: z.array(id).max(50),
  managerIds: z.array(id).max(50),
  active: z.boolean(),
  startedAt: isoDateTime.nullable(),
});
export type Seller = z.infer<typeof SellerSchema>;

export const TeamSchema = z.strictObject({
  tenantId: TenantIdSchema,
  id,
  name: text().min(1).max(200),
  parentId: id.nullable(),
});
export type Team = z.infer<typeof TeamSchema>;

export const ACTIVITY_TYPES = ['call', 'meeting', 'email', 'task', 'note', 'message', 'social', 'visit'] as const;
export const ActivityTypeSchema = z.enum(ACTIVITY_TYPES);
export type ActivityType = z.infer<typeof ActivityTypeSchema>;

export const ACTIVITY_OUTCOMES = [
  'completed',
  'connected',
  'no_answer',
  'left_voicemail',
  'busy',
  'wrong_number',
  'scheduled',
  'rescheduled',
  'no_show',
  'canceled',
  'sent',
  'replied',
  'bounced',
] as const;
export const ActivityOutcomeSchema = z.enum(ACTIVITY_OUTCOMES);
export type ActivityOutcome = z.infer<typeof ActivityOutcomeSchema>;

export const DirectionSchema = z.enum(['inbound', 'outbound']);
export type Direction = z.infer<typeof DirectionSchema>;

export const ActivitySchema = z.strictObject({
  tenantId: TenantIdSchema,
  id,
  sellerId: id,
  type: ActivityTypeSchema,
  at: isoDateTime,
  durationMin: z.number().nonnegative().max(24 * 60).nullable(),
  outcome: ActivityOutcomeSchema.nullable(),
  direction: DirectionSchema.nullable(),
  contactId: id.nullable(),
  companyId: id.nullable(),
  dealId: id.nullable(),
  /** The seller recorded an outcome or notes. */
  logged: z.boolean(),
});
export type Activity = z.infer<typeof ActivitySchema>;

export const CurrencySchema = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR');

export const DealSchema = z
  .strictObject({
    tenantId: TenantIdSchema,
    id,
    sellerId: id,
    amount: z.number().finite().nonnegative().nullable(),
    currency: CurrencySchema,
    createdAt: isoDateTime,
    closedAt: isoDateTime.nullable(),
    stage: text().min(1).max(200),
    isClosed: z.boolean(),
    isWon: z.boolean(),
    companyId: id.nullable(),
    contactIds: z.array(id).max(500),
  })
  .refine((d) => !d.isWon || d.isClosed, { message: 'a won deal must be closed', path: ['isWon'] })
  .refine((d) => !d.isClosed || d.closedAt !== null, { message: 'a closed deal needs closedAt', path: ['closedAt'] });
export type Deal = z.infer<typeof DealSchema>;

export const CUSTOMER_KINDS = ['contact', 'company'] as const;
export const CustomerKindSchema = z.enum(CUSTOMER_KINDS);

export const CustomerSchema = z.strictObject({
  tenantId: TenantIdSchema,
  id,
  kind: CustomerKindSchema,
  sellerId: id.nullable(),
  createdAt: isoDateTime,
  becameCustomerAt: isoDateTime.nullable(),
  /** Yearly potential in the tenant's currency, from a custom property. */
  potential: z.number().finite().nonnegative().nullable(),
  /** 0–10, from a property or a survey. */
  satisfaction: z.number().min(0).max(10).nullable(),
});
export type Customer = z.infer<typeof CustomerSchema>;

export const PeriodKeySchema = z
  .string()
  .regex(/^\d{4}-(?:(?:0[1-9]|1[0-2])|W(?:0[1-9]|[1-4]\d|5[0-3])|Q[1-4])$/, 'a period key: 2026-03, 2026-W09 or 2026-Q1');

export const CheckInAnswerSchema = z.number().int().min(1).max(5);

export const CheckInSchema = z.strictObject({
  tenantId: TenantIdSchema,
  sellerId: id,
  periodKey: PeriodKeySchema,
  by: z.enum(['self', 'manager']),
  answers: dataRecord(keyText().regex(/^[a-z][a-z0-9_]{0,63}$/), CheckInAnswerSchema),
  note: text().max(2000).nullable(),
  at: isoDateTime,
});
export type CheckIn = z.infer<typeof CheckInSchema>;

/** Everything a connector or an import yields, one array per kind. */
export const RecordSetSchema = z.strictObject({
  sellers: z.array(SellerSchema).default([]),
  teams: z.array(TeamSchema).default([]),
  activities: z.array(ActivitySchema).default([]),
  deals: z.array(DealSchema).default([]),
  customers: z.array(CustomerSchema).default([]),
  checkIns: z.array(CheckInSchema).default([]),
});
export type RecordSet = z.infer<typeof RecordSetSchema>;

export const RECORD_KINDS = ['teams', 'sellers', 'customers', 'deals', 'activities', 'checkIns'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];
