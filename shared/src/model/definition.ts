import { z } from 'zod';
import { dataRecord, keyText, text } from './text';
import { ActivityOutcomeSchema, ActivityTypeSchema, CurrencySchema, CustomerKindSchema, DirectionSchema } from './records';

/** The four levels of the method (DESIGN §2), bottom to top. */
export const LEVELS = ['result', 'activity', 'will', 'foundation'] as const;
export const LevelSchema = z.enum(LEVELS);
export type Level = z.infer<typeof LevelSchema>;

export const PERIOD_KINDS = ['week', 'month', 'quarter'] as const;
export const PeriodKindSchema = z.enum(PERIOD_KINDS);
export type PeriodKind = z.infer<typeof PeriodKindSchema>;

const indicatorId = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'lowercase snake_case id');

/** Which records a measure keeps. Each field applies to one source; see SOURCE_FILTERS. */
export const MeasureFilterSchema = z.strictObject({
  types: z.array(ActivityTypeSchema).min(1).optional(),
  outcomes: z.array(ActivityOutcomeSchema).min(1).optional(),
  direction: DirectionSchema.optional(),
  logged: z.boolean().optional(),
  minDurationMin: z.number().nonnegative().optional(),
  hasContact: z.boolean().optional(),
  isClosed: z.boolean().optional(),
  isWon: z.boolean().optional(),
  kind: CustomerKindSchema.optional(),
});
export type MeasureFilter = z.infer<typeof MeasureFilterSchema>;

export const RECORD_SOURCES = ['activities', 'deals', 'customers'] as const;
export const RecordSourceSchema = z.enum(RECORD_SOURCES);
export type RecordSource = z.infer<typeof RecordSourceSchema>;

/** What each source offers to measures: date fields, numeric fields, fields to count distinct values of, filters. */
export const SOURCE_FIELDS = {
  activities: {
    dates: ['at'],
    numbers: ['durationMin'],
    distinct: ['contactId', 'companyId', 'dealId'],
    filters: ['types', 'outcomes', 'direction', 'logged', 'minDurationMin', 'hasContact'],
  },
  deals: {
    dates: ['createdAt', 'closedAt'],
    numbers: ['amount'],
    distinct: ['companyId'],
    filters: ['isClosed', 'isWon'],
  },
  customers: {
    dates: ['createdAt', 'becameCustomerAt'],
    numbers: ['potential', 'satisfaction'],
    distinct: ['id'],
    filters: ['kind'],
  },
} as const satisfies Record<RecordSource, { dates: readonly string[]; numbers: readonly string[]; distinct: readonly string[]; filters: readonly (keyof MeasureFilter)[] }>;

/**
 * `period`: records whose date falls inside the period.
 * `asOfEnd`: records whose date is set and not after the period end (a snapshot, e.g. customers so far).
 */
export const WindowSchema = z.enum(['period', 'asOfEnd']);

const aggregateBase = {
  source: RecordSourceSchema,
  dateField: z.string().optional(),
  window: WindowSchema.default('period'),
  filter: MeasureFilterSchema.default({}),
};

export const AggregateMeasureSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('count'), ...aggregateBase }),
    z.strictObject({ kind: z.literal('sum'), field: z.string(), ...aggregateBase }),
    z.strictObject({ kind: z.literal('average'), field: z.string(), ...aggregateBase }),
    z.strictObject({ kind: z.literal('median'), field: z.string(), ...aggregateBase }),
    z.strictObject({ kind: z.literal('distinctCount'), field: z.string(), ...aggregateBase }),
  ])
  .superRefine((m, ctx) => {
    const fields = SOURCE_FIELDS[m.source];
    if (m.dateField !== undefined && !(fields.dates as readonly string[]).includes(m.dateField)) {
      ctx.addIssue({ code: 'custom', path: ['dateField'], message: `${m.source} have date fields ${fields.dates.join(', ')}` });
    }
    if (m.kind !== 'count') {
      const allowed: readonly string[] = m.kind === 'distinctCount' ? fields.distinct : fields.numbers;
      if (!allowed.includes(m.field)) {
        ctx.addIssue({ code: 'custom', path: ['field'], message: `${m.kind} over ${m.source} takes one of ${allowed.join(', ')}` });
      }
    }
    for (const key of Object.keys(m.filter) as (keyof MeasureFilter)[]) {
      if (m.filter[key] !== undefined && !(fields.filters as readonly string[]).includes(key)) {
        ctx.addIssue({ code: 'custom', path: ['filter', key], message: `${key} does not apply to ${m.source}` });
      }
    }
  });
export type AggregateMeasure = z.infer<typeof AggregateMeasureSchema>;

export const RatioMeasureSchema = z.strictObject({
  kind: z.literal('ratio'),
  numerator: AggregateMeasureSchema,
  denominator: AggregateMeasureSchema,
  /** 100 turns a share into a percent. */
  scale: z.number().positive().default(1),
});

export const LatestCheckInMeasureSchema = z.strictObject({
  kind: z.literal('latest'),
  itemId: indicatorId,
  by: z.enum(['self', 'manager']).default('self'),
  /** How far back before the period end an answer still counts. */
  lookbackDays: z.number().int().min(1).max(366).default(92),
});

/** Behaviour measures: they need sequence logic, so they are named rather than composed. */
export const FollowUpMeasureSchema = z.strictObject({
  kind: z.literal('followUpAfterMeeting'),
  withinHours: z.number().positive().max(24 * 14).default(24),
  /** The outbound touches that count as following up. */
  types: z
    .array(ActivityTypeSchema.exclude(['meeting', 'note']))
    .min(1)
    .refine((types) => new Set(types).size === types.length, 'each type once')
    .default(['email', 'call', 'message']),
});
export const LeadResponseMeasureSchema = z.strictObject({
  kind: z.literal('leadResponseTime'),
  /**
   * Hours from a new lead to the seller's first outbound touch of it. Leads not answered within
   * this many hours count as answered at the limit; a younger unanswered lead is still waiting
   * (censored, see the Kaplan–Meier median).
   */
  capHours: z.number().positive().max(24 * 90).default(24 * 14),
});
export const ContactsPerOpenDealMeasureSchema = z.strictObject({
  kind: z.literal('contactsPerOpenDeal'),
  lookbackDays: z.number().int().min(1).max(365).default(30),
});
export const MeetingToDealMeasureSchema = z.strictObject({
  kind: z.literal('meetingToDealConversion'),
  withinDays: z.number().int().min(1).max(365).default(30),
});
export const PotentialShareMeasureSchema = z.strictObject({
  kind: z.literal('potentialShare'),
});

export const MeasureSpecSchema = z.union([
  AggregateMeasureSchema,
  RatioMeasureSchema,
  LatestCheckInMeasureSchema,
  FollowUpMeasureSchema,
  LeadResponseMeasureSchema,
  ContactsPerOpenDealMeasureSchema,
  MeetingToDealMeasureSchema,
  PotentialShareMeasureSchema,
]);
export type MeasureSpec = z.infer<typeof MeasureSpecSchema>;
export type MeasureKind = MeasureSpec['kind'];

/** Measures that add up over time: their targets scale with the period's working days, and pacing applies. */
export function isAdditiveMeasure(m: MeasureSpec): boolean {
  return m.kind === 'count' || m.kind === 'sum' || m.kind === 'distinctCount';
}

const targetValue = z.number().finite().nonnegative();

export const IndicatorDefinitionSchema = z
  .strictObject({
    id: indicatorId,
    level: LevelSchema,
    label: text().min(1).max(120),
    description: text().max(1000).default(''),
    unit: z.enum(['currency', 'count', 'percent', 'score', 'hours']),
    measure: MeasureSpecSchema,
    direction: z.enum(['up', 'down']).default('up'),
    target: z.strictObject({
      value: targetValue,
      per: PeriodKindSchema,
      teams: dataRecord(keyText().min(1).max(255), targetValue).default({}),
      sellers: dataRecord(keyText().min(1).max(255), targetValue).default({}),
    }),
    thresholds: z
      .strictObject({ green: z.number().positive().max(1.5), amber: z.number().nonnegative().max(1.5) })
      .default({ green: 1, amber: 0.8 })
      .refine((t) => t.amber <= t.green, { message: 'amber must not exceed green' }),
    weight: z.number().nonnegative().max(100).default(1),
  })
  .refine((i) => i.direction === 'up' || i.target.value > 0, {
    message: 'a "down" indicator needs a target above 0',
    path: ['target', 'value'],
  });
export type IndicatorDefinition = z.infer<typeof IndicatorDefinitionSchema>;

export const CheckInItemSchema = z.strictObject({
  id: indicatorId,
  level: z.enum(['will', 'foundation']),
  /** What the seller reads, in the first person. */
  statement: text().min(1).max(300),
  /** Short name for tables. */
  label: text().min(1).max(60),
  skill: z.boolean().default(false),
  /** A motivation item: the will guard-rail reads its latest answer (DESIGN §5), whatever the item's id. */
  motivation: z.boolean().default(false),
});
export type CheckInItem = z.infer<typeof CheckInItemSchema>;

export const LevelWeightsSchema = z.strictObject({
  result: z.number().positive().max(100),
  activity: z.number().positive().max(100),
  will: z.number().positive().max(100),
  foundation: z.number().positive().max(100),
});
export type LevelWeights = z.infer<typeof LevelWeightsSchema>;

/** The currency scores and amounts are shown in: one Intl knows. */
export const DisplayCurrencySchema = CurrencySchema.refine(isKnownCurrency, 'a currency code Intl knows, such as EUR');
/** A BCP 47 locale (en-US, nb-NO), as Intl formats numbers and dates in it. */
export const LocaleSchema = z.string().min(2).max(35).refine(isKnownLocale, 'a BCP 47 locale such as en-US (a hyphen, not "_")');
export const TimeZoneSchema = z.string().min(1).refine(isKnownTimeZone, 'an IANA time zone such as Europe/Oslo');

/** A company's settings as an import file or a CRM may carry them; each one left out stays as it is. */
export const TenantSettingsSchema = z.strictObject({
  name: text().min(1).max(120).optional(),
  timeZone: TimeZoneSchema.optional(),
  currency: DisplayCurrencySchema.optional(),
  locale: LocaleSchema.optional(),
});
export type TenantSettings = z.infer<typeof TenantSettingsSchema>;

export const ScorecardDefinitionSchema = z
  .strictObject({
    name: text().min(1).max(120),
    version: z.number().int().positive(),
    currency: DisplayCurrencySchema,
    /** Rates that turn a deal's currency into `currency`: amount × rate. */
    exchangeRates: dataRecord(CurrencySchema, z.number().positive()).default({}),
    locale: LocaleSchema,
    timeZone: TimeZoneSchema,
    weekStartsOn: z.union([z.literal(1), z.literal(0), z.literal(6)]).default(1),
    workingDays: z.array(z.number().int().min(0).max(6)).min(1).max(7).default([1, 2, 3, 4, 5]),
    holidays: z.array(z.iso.date()).max(400).default([]),
    defaultPeriod: PeriodKindSchema.default('month'),
    /** How often sellers check in: a check-in belongs to the running period of this kind. */
    checkInCadence: PeriodKindSchema.default('month'),
    /** Days into a new period during which the previous period's check-in may still be given or corrected. */
    checkInGraceDays: z.number().int().min(0).max(14).default(3),
    levelWeights: LevelWeightsSchema,
    indicators: z.array(IndicatorDefinitionSchema).min(1).max(200),
    checkInItems: z.array(CheckInItemSchema).max(20),
  })
  .superRefine((d, ctx) => {
    const seen = new Set<string>();
    d.indicators.forEach((ind, i) => {
      if (seen.has(ind.id)) ctx.addIssue({ code: 'custom', path: ['indicators', i, 'id'], message: `duplicate indicator id ${ind.id}` });
      seen.add(ind.id);
      const measure = ind.measure;
      if (measure.kind === 'latest' && !d.checkInItems.some((item) => item.id === measure.itemId)) {
        ctx.addIssue({ code: 'custom', path: ['indicators', i, 'measure', 'itemId'], message: 'no check-in item with this id' });
      }
    });
    const items = new Set<string>();
    d.checkInItems.forEach((item, i) => {
      if (items.has(item.id)) ctx.addIssue({ code: 'custom', path: ['checkInItems', i, 'id'], message: `duplicate item id ${item.id}` });
      items.add(item.id);
    });
  });
export type ScorecardDefinition = z.infer<typeof ScorecardDefinitionSchema>;
export type ScorecardDefinitionInput = z.input<typeof ScorecardDefinitionSchema>;

function isKnownLocale(locale: string): boolean {
  try {
    // Well-formed (en_US is not), and usable where cards format numbers.
    return Intl.getCanonicalLocales(locale).length === 1 && new Intl.NumberFormat(locale).resolvedOptions().locale.length > 0;
  } catch {
    return false;
  }
}

function isKnownCurrency(code: string): boolean {
  try {
    return Intl.supportedValuesOf('currency').includes(code) && new Intl.NumberFormat('en', { style: 'currency', currency: code }).format(1).length > 0;
  } catch {
    return false;
  }
}

function isKnownTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
