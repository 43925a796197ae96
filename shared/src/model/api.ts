import { z } from 'zod';
import { dataRecord, keyText, text } from './text';
import { ActivityOutcomeSchema, ActivityTypeSchema, CheckInAnswerSchema, CurrencySchema, PeriodKeySchema, RECORD_KINDS, TenantIdSchema } from './records';
import { IndicatorDefinitionSchema, LevelSchema, PeriodKindSchema, ScorecardDefinitionSchema } from './definition';
import { LevelScoreSchema, PeriodSchema, SellerScorecardSchema, StandingSchema, StatusSchema, TeamSummarySchema } from './scorecard';

/**
 * The service API contract (v1): one schema per request part and response, shared by the server
 * (validation, OpenAPI) and every UI (types). Undeclared fields are rejected everywhere.
 */

export const ErrorEnvelopeSchema = z.strictObject({
  error: z.strictObject({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.strictObject({ path: z.string(), message: z.string(), line: z.number().optional(), column: z.number().optional() })).optional(),
  }),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;

const entityId = text().min(1).max(255);

export const SellerParamsSchema = z.strictObject({ sellerId: entityId });
export const TeamParamsSchema = z.strictObject({ teamId: entityId });
export const EmptyQuerySchema = z.strictObject({});

export const ScorecardQuerySchema = z.strictObject({
  period: PeriodKindSchema.optional(),
  key: PeriodKeySchema.optional(),
});
export type ScorecardQuery = z.infer<typeof ScorecardQuerySchema>;

export const PeriodListQuerySchema = z.strictObject({
  period: PeriodKindSchema.optional(),
});
export type PeriodListQuery = z.infer<typeof PeriodListQuerySchema>;

/** The periods a picker offers: the running one and the ones before it, newest first, and the one scorecards open on. */
export const PeriodListResponseSchema = z.strictObject({
  kind: PeriodKindSchema,
  /** What a scorecard shows when no key is asked for (the last complete period while the running one has barely begun). */
  defaultKey: PeriodKeySchema,
  periods: z.array(z.strictObject({ key: PeriodKeySchema, name: z.string(), running: z.boolean(), complete: z.boolean() })),
});
export type PeriodListResponse = z.infer<typeof PeriodListResponseSchema>;

export const RoleSchema = z.enum(['admin', 'manager', 'seller', 'none']);
export type Role = z.infer<typeof RoleSchema>;

export const MeResponseSchema = z.strictObject({
  tenantId: TenantIdSchema,
  tenantName: z.string(),
  userId: z.string(),
  name: z.string(),
  roles: z.array(RoleSchema),
  sellerId: z.string().nullable(),
  managedTeamIds: z.array(z.string()),
  mode: z.enum(['demo', 'production']),
  willVisibility: z.enum(['manager', 'aggregate']),
  checkInItems: z.array(z.strictObject({ id: z.string(), level: z.enum(['will', 'foundation']), label: z.string(), statement: z.string() })),
  currency: z.string(),
  locale: z.string(),
  defaultPeriod: PeriodKindSchema,
  /** The period a check-in given now is for (the running one of the tenant's cadence), by key and name. */
  checkInPeriod: z.strictObject({ key: PeriodKeySchema, name: z.string() }),
});
export type MeResponse = z.infer<typeof MeResponseSchema>;

export const TeamListResponseSchema = z.strictObject({
  teams: z.array(z.strictObject({ teamId: z.string(), name: z.string(), sellerCount: z.number().int() })),
});
export type TeamListResponse = z.infer<typeof TeamListResponseSchema>;

export const SellerScorecardResponseSchema = z.strictObject({
  scorecard: SellerScorecardSchema,
  currency: z.string(),
  locale: z.string(),
  /** Check-in answers are private to this viewer (DESIGN §7): those indicators carry no values. */
  answersHidden: z.boolean(),
  /** This viewer reads another person's check-in answers here, and the read is recorded (DESIGN §7). */
  answersRecorded: z.boolean(),
});
export type SellerScorecardResponse = z.infer<typeof SellerScorecardResponseSchema>;

export const SellerSummarySchema = z.strictObject({
  sellerId: z.string(),
  name: z.string(),
  levels: z.array(LevelScoreSchema),
  balanceIndex: z.number().nullable(),
  weightedAverage: z.number().nullable(),
  /** Levels left out of the balance index for this viewer (see SellerScorecard.withheldLevels). */
  withheldLevels: z.array(LevelSchema),
  standings: z.array(StandingSchema),
  statusCounts: z.record(StatusSchema, z.number().int()),
});
export type SellerSummary = z.infer<typeof SellerSummarySchema>;

export const TeamScorecardsResponseSchema = z.strictObject({
  team: TeamSummarySchema,
  period: PeriodSchema,
  currency: z.string(),
  locale: z.string(),
  sellers: z.array(SellerSummarySchema),
  /** The viewer may not read these sellers' check-in answers: nothing derived from them is shown (DESIGN §7). */
  answersHidden: z.boolean(),
});
export type TeamScorecardsResponse = z.infer<typeof TeamScorecardsResponseSchema>;

export const TeamTrendPointSchema = z.strictObject({
  periodKey: z.string(),
  name: z.string(),
  /** The running period: its medians are provisional. */
  running: z.boolean(),
  medians: TeamSummarySchema.shape.medians,
});
export type TeamTrendPoint = z.infer<typeof TeamTrendPointSchema>;

/** A team's level medians and balance index over the periods ending with the one asked for, oldest first. */
export const TeamTrendResponseSchema = z.strictObject({
  teamId: z.string(),
  name: z.string(),
  locale: z.string(),
  points: z.array(TeamTrendPointSchema),
  /** Computed without the check-in answers the viewer may not read (the will median only from enough sellers). */
  answersHidden: z.boolean(),
});
export type TeamTrendResponse = z.infer<typeof TeamTrendResponseSchema>;

/** The CRM objects a record card sits on, by HubSpot's object type names. */
export const RECORD_CARD_OBJECT_TYPES = ['contacts', 'companies', 'deals'] as const;

export const RecordCardQuerySchema = z.strictObject({
  objectType: z.enum(RECORD_CARD_OBJECT_TYPES),
  /** The record's id in the CRM. */
  objectId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a record id'),
  period: PeriodKindSchema.optional(),
  key: PeriodKeySchema.optional(),
});
export type RecordCardQuery = z.infer<typeof RecordCardQuerySchema>;

const FocusItemSchema = z.strictObject({
  itemId: z.string(),
  label: z.string(),
  kind: z.enum(['behaviour', 'skill', 'motivation']),
  mode: z.enum(['group', 'individual']).nullable(),
  baseline: z.number().optional(),
  benchmark: z.number().optional(),
  gap: z.number().optional(),
  priority: z.number().optional(),
});

/** A focus item of a seller's training plan, followed up: the seller's value in each month after the plan's. */
export const FocusEntrySchema = FocusItemSchema.extend({
  unit: z.enum(['currency', 'count', 'percent', 'score', 'hours']).nullable(),
  perWorkingDay: z.boolean(),
  months: z.array(z.strictObject({ periodKey: z.string(), value: z.number().nullable(), closed: z.number().nullable() })),
});
export type FocusEntry = z.infer<typeof FocusEntrySchema>;

export const RecordActivitySchema = z.strictObject({
  type: ActivityTypeSchema,
  at: z.string(),
  outcome: ActivityOutcomeSchema.nullable(),
  sellerId: z.string(),
  sellerName: z.string().nullable(),
});

/**
 * Everything one record card shows, in one answer (DESIGN §8): whose scorecard (the record
 * owner's when the viewer may see it, otherwise the viewer's own), this customer's potential
 * share and recent activity, and the viewer's check-in for the running period.
 */
export const RecordCardResponseSchema = z.strictObject({
  record: z.strictObject({
    objectType: z.enum(RECORD_CARD_OBJECT_TYPES),
    objectId: z.string(),
    /** Whether the record is in the synced data at all (a record created a minute ago may not be yet). */
    known: z.boolean(),
    owner: z.strictObject({ sellerId: z.string(), name: z.string() }).nullable(),
    /** The customer's (for a deal: its company's) yearly potential, and its share of the owner's book of that kind, 0–1. */
    potential: z.number().nullable(),
    potentialShare: z.number().min(0).max(1).nullable(),
    satisfaction: z.number().nullable(),
    deal: z.strictObject({ amount: z.number().nullable(), currency: CurrencySchema, stage: z.string(), isClosed: z.boolean(), isWon: z.boolean() }).nullable(),
    /** The latest activities on this record, newest first. */
    recentActivities: z.array(RecordActivitySchema),
  }),
  /** Whose scorecard is shown: the owner's, the viewer's own (with a note), or none. */
  shown: z.enum(['owner', 'own', 'none']),
  note: z.string().nullable(),
  scorecard: SellerScorecardResponseSchema.nullable(),
  /** The shown seller's focus items from their newest training plan (DESIGN §6.2), as this viewer may see them. */
  focus: z.array(FocusEntrySchema),
  checkIn: z
    .strictObject({
      sellerId: z.string(),
      periodKey: PeriodKeySchema,
      periodName: z.string(),
      /** When the viewer last answered this period's check-in, or null. */
      answeredAt: z.string().nullable(),
      items: MeResponseSchema.shape.checkInItems,
    })
    .nullable(),
});
export type RecordCardResponse = z.infer<typeof RecordCardResponseSchema>;

export const CheckInSubmitSchema = z.strictObject({
  answers: dataRecord(keyText().regex(/^[a-z][a-z0-9_]{0,63}$/), CheckInAnswerSchema)
    .refine((answers) => Object.keys(answers).length <= 100, 'at most 100 answers'),
  note: text().max(2000).nullable().optional(),
  /** The period the check-in is for: the running one of the tenant's cadence when absent; the one before it only during the grace days. */
  periodKey: PeriodKeySchema.optional(),
  /** `manager`: the seller's manager gives their own assessment. */
  by: z.enum(['self', 'manager']).default('self'),
});
export type CheckInSubmit = z.input<typeof CheckInSubmitSchema>;

export const CheckInEntrySchema = z.strictObject({
  sellerId: z.string(),
  periodKey: z.string(),
  by: z.enum(['self', 'manager']),
  answers: z.record(z.string(), z.number()),
  note: z.string().nullable(),
  at: z.string(),
});
export const CheckInHistoryResponseSchema = z.strictObject({ checkIns: z.array(CheckInEntrySchema) });
export const CheckInResponseSchema = z.strictObject({ checkIn: CheckInEntrySchema });
export type CheckInHistoryResponse = z.infer<typeof CheckInHistoryResponseSchema>;

export const CheckInSummaryResponseSchema = z.strictObject({
  teamId: z.string(),
  periodKey: z.string(),
  answered: z.number().int(),
  /** Aggregates are shown only when at least this many sellers answered. */
  minimum: z.number().int(),
  items: z.array(z.strictObject({ itemId: z.string(), label: z.string(), mean: z.number(), answers: z.number().int() })).nullable(),
});
export type CheckInSummaryResponse = z.infer<typeof CheckInSummaryResponseSchema>;

export const WillWarningSchema = z.strictObject({
  code: z.literal('low_will_activity_target_raised'),
  sellerId: z.string(),
  sellerName: z.string(),
  indicatorId: z.string(),
  from: z.number(),
  to: z.number(),
  willScore: z.number().nullable(),
  motivation: z.number().nullable(),
  message: z.string(),
});

export const DefinitionResponseSchema = z.strictObject({
  definition: ScorecardDefinitionSchema,
  warnings: z.array(WillWarningSchema),
});
export type DefinitionResponse = z.infer<typeof DefinitionResponseSchema>;

export const DefinitionUpdateSchema = z.strictObject({
  /** The version this edit started from: a newer saved version makes the update a conflict. */
  baseVersion: z.number().int().min(0),
  definition: ScorecardDefinitionSchema,
});

export const TargetsUpdateSchema = z.strictObject({
  /** Per indicator: this seller's own target, or null to fall back to the team or default target. */
  targets: dataRecord(keyText().regex(/^[a-z][a-z0-9_]{0,63}$/), z.number().finite().nonnegative().nullable())
    .refine((targets) => Object.keys(targets).length <= 200, 'at most 200 targets'),
});

export const PrivacyUpdateSchema = z.strictObject({ willVisibility: z.enum(['manager', 'aggregate']) });

/** Each team with its managers: those the settings name, and those the CRM names per seller (read-only here). */
export const TeamManagersResponseSchema = z.strictObject({
  teams: z.array(
    z.strictObject({
      teamId: entityId,
      name: z.string(),
      sellers: z.number().int().nonnegative(),
      managerUserIds: z.array(entityId),
      crmManagerUserIds: z.array(entityId),
    }),
  ),
  /** The users who can be named: every user the tenant knows. */
  users: z.array(z.strictObject({ userId: entityId, name: z.string(), email: z.string().nullable(), isAdmin: z.boolean(), sellerId: entityId.nullable() })),
});
export type TeamManagersResponse = z.infer<typeof TeamManagersResponseSchema>;

const crmPropertyName = z.string().regex(/^[a-z][a-z0-9_]{0,99}$/, 'a HubSpot property name (lowercase, digits, "_")');

/** Which CRM properties hold a customer's potential and satisfaction, and the portal's number properties to pick from. */
export const CustomerPropertiesResponseSchema = z.strictObject({
  potential: crmPropertyName,
  satisfaction: crmPropertyName,
  candidates: z.array(z.strictObject({ name: crmPropertyName, label: z.string(), objectTypes: z.array(z.enum(['companies', 'contacts'])) })),
});
export type CustomerPropertiesResponse = z.infer<typeof CustomerPropertiesResponseSchema>;

export const CustomerPropertiesUpdateSchema = z.strictObject({ potential: crmPropertyName, satisfaction: crmPropertyName });

/** Whether the CRM holds the will and foundation properties (check-in answers mirrored there), and why not. */
export const AnswerPropertiesResponseSchema = z.strictObject({
  state: z.enum(['pending', 'created', 'refused']),
  reason: z.string().nullable(),
});
export type AnswerPropertiesResponse = z.infer<typeof AnswerPropertiesResponseSchema>;

export const TeamManagersUpdateSchema = z.strictObject({
  userIds: z
    .array(entityId)
    .max(50)
    .refine((ids) => new Set(ids).size === ids.length, 'each user once'),
});

export const RecordCountsSchema = z.strictObject(Object.fromEntries(RECORD_KINDS.map((k) => [k, z.number().int()])) as Record<(typeof RECORD_KINDS)[number], z.ZodNumber>);

export const SyncStatusResponseSchema = z.strictObject({
  running: z.boolean(),
  connector: z.string().nullable(),
  /** The connected CRM account and its schedule; null for a tenant without one (demo, file imports). */
  installation: z
    .strictObject({
      crm: z.enum(['hubspot', 'salesforce']),
      accountId: z.string(),
      status: z.enum(['installed', 'uninstalled']),
      installedAt: z.string(),
      lastSuccessAt: z.string().nullable(),
      /** The last run's error, when it failed. */
      lastError: z.string().nullable(),
      nextRunAt: z.string().nullable(),
      uninstalledAt: z.string().nullable(),
      /** When the CRM data of an uninstalled account is purged. */
      purgeAfter: z.string().nullable(),
      /** Check-in answers mirrored to the CRM's user properties: not set up yet, set up, or refused by the CRM (answers then live in the service only). */
      answerProperties: z.enum(['pending', 'created', 'refused']),
      answerPropertiesReason: z.string().nullable(),
    })
    .nullable(),
  counts: RecordCountsSchema,
  runs: z.array(
    z.strictObject({
      runId: z.string(),
      connector: z.string(),
      /** `interrupted`: its process stopped before it finished (the next sync resumes where it was). */
      status: z.enum(['running', 'succeeded', 'failed', 'interrupted']),
      startedAt: z.string(),
      finishedAt: z.string().nullable(),
      pages: z.number().int(),
      records: z.number().int(),
      error: z.string().nullable(),
    }),
  ),
});
export type SyncStatusResponse = z.infer<typeof SyncStatusResponseSchema>;

export const SyncTriggerResponseSchema = z.strictObject({ accepted: z.literal(true), connector: z.string() });

export const DemoUsersResponseSchema = z.strictObject({
  users: z.array(z.strictObject({ userId: z.string(), name: z.string(), role: RoleSchema, teamName: z.string().nullable() })),
});
export type DemoUsersResponse = z.infer<typeof DemoUsersResponseSchema>;

export const HealthResponseSchema = z.strictObject({ status: z.literal('ok') });
export const ReadyResponseSchema = z.strictObject({
  status: z.enum(['ready', 'not_ready']),
  store: z.string(),
  pendingMigrations: z.array(z.string()),
  /** Tenants being loaded into memory now, with their progress (counts only: this route is public). */
  loading: z.strictObject({ tenants: z.number().int(), sellersLoaded: z.number().int(), sellersTotal: z.number().int() }),
});
export type ReadyResponse = z.infer<typeof ReadyResponseSchema>;

/** The pseudo team of every active seller, for an admin's insights across teams (`/api/v1/teams/_all/insights`). */
export const ALL_SELLERS_TEAM = '_all';

/** One behaviour the top-seller analysis tested (DESIGN §6.1). */
export const FindingSchema = z.strictObject({
  candidateId: z.string(),
  measure: z.string(),
  label: z.string(),
  level: z.enum(['activity', 'will', 'foundation']),
  unit: z.enum(['currency', 'count', 'percent', 'score', 'hours']),
  direction: z.enum(['up', 'down']),
  perWorkingDay: z.boolean(),
  topMedian: z.number().nullable(),
  restMedian: z.number().nullable(),
  delta: z.number().nullable(),
  spearman: z.number().nullable(),
  p: z.number().nullable(),
  q: z.number().nullable(),
  separates: z.boolean(),
  topCount: z.number().int(),
  restCount: z.number().int(),
  sentence: z.string(),
  proposedKpi: IndicatorDefinitionSchema.nullable(),
});


/** Who learns what (DESIGN §6.2): the items, every counted gap (the matrix), each seller's focus. */
export const TrainingPlanSchema = z.strictObject({
  periods: z.array(z.string()),
  benchmarkGroup: z.array(z.string()),
  items: z.array(
    z.strictObject({
      itemId: z.string(),
      label: z.string(),
      kind: z.enum(['behaviour', 'skill', 'motivation']),
      direction: z.enum(['up', 'down']),
      perWorkingDay: z.boolean(),
      delta: z.number().nullable(),
      benchmark: z.number().nullable(),
      mode: z.enum(['group', 'individual']),
      sellerIds: z.array(z.string()),
    }),
  ),
  gaps: z.array(z.strictObject({ sellerId: z.string(), itemId: z.string(), baseline: z.number(), benchmark: z.number(), gap: z.number(), priority: z.number(), mode: z.enum(['group', 'individual']) })),
  sellers: z.array(z.strictObject({ sellerId: z.string(), name: z.string(), lowWill: z.boolean(), focus: z.array(FocusItemSchema) })),
});
export type TrainingPlanResponse = z.infer<typeof TrainingPlanSchema>;

export const SellerFlagsSchema = z.strictObject({
  sellerId: z.string(),
  burstsBeforeClose: z.array(z.strictObject({ periodKey: z.string(), activities: z.number().int(), inLastDays: z.number().int() })),
  shortCalls: z.number().int(),
  meetingsWithoutContact: z.number().int(),
  withoutOutcome: z.number().int(),
  activities: z.number().int(),
});

/** A team's insights: what its top sellers do, who learns what, and the data-quality flags. */
export const TeamInsightsResponseSchema = z.strictObject({
  teamId: z.string(),
  status: z.enum(['ok', 'too_few_sellers']),
  message: z.string().nullable(),
  window: z.strictObject({ periods: z.array(z.string()), workingDays: z.number() }),
  sellers: z.number().int(),
  names: z.record(z.string(), z.string()),
  topGroup: z.array(z.string()),
  permutations: z.number().int(),
  findings: z.array(FindingSchema),
  plan: TrainingPlanSchema.nullable(),
  flags: z.array(SellerFlagsSchema),
  /** The check-in items were left out: this viewer may not read the sellers' answers (DESIGN §7). */
  checkInItemsLeftOut: z.boolean(),
  currency: z.string(),
  locale: z.string(),
});
export type TeamInsightsResponse = z.infer<typeof TeamInsightsResponseSchema>;

export const PlanParamsSchema = z.strictObject({ teamId: entityId, planId: z.uuid() });

export const SavedPlanSummarySchema = z.strictObject({ planId: z.string(), teamId: z.string(), periodKey: z.string(), createdBy: z.string(), createdAt: z.string() });
export const PlanListResponseSchema = z.strictObject({ plans: z.array(SavedPlanSummarySchema) });

/** A focus item of a saved plan followed up: the seller's value in each month after the plan's. */
export const FollowUpSchema = z.strictObject({
  sellerId: z.string(),
  itemId: z.string(),
  baseline: z.number(),
  benchmark: z.number(),
  months: z.array(z.strictObject({ periodKey: z.string(), value: z.number().nullable(), closed: z.number().nullable() })),
});

export const SavedPlanResponseSchema = z.strictObject({
  plan: SavedPlanSummarySchema,
  training: TrainingPlanSchema,
  findings: z.array(FindingSchema),
  followUp: z.array(FollowUpSchema),
  names: z.record(z.string(), z.string()),
  currency: z.string(),
  locale: z.string(),
});
export type SavedPlanResponse = z.infer<typeof SavedPlanResponseSchema>;

/** A seller's focus items from the newest plan that names them, each followed up. */
export const SellerFocusResponseSchema = z.strictObject({
  sellerId: z.string(),
  plan: SavedPlanSummarySchema.nullable(),
  lowWill: z.boolean(),
  focus: z.array(FocusEntrySchema),
  currency: z.string(),
  locale: z.string(),
});
export type SellerFocusResponse = z.infer<typeof SellerFocusResponseSchema>;

/** What an embed session of a Salesforce record page answers its Apex controller: the web view's URL with a single-use ticket. */
export const EmbedSessionResponseSchema = z.strictObject({ url: z.string(), expiresAt: z.string() });
export type EmbedSessionResponse = z.infer<typeof EmbedSessionResponseSchema>;

export const EmbedTokenRequestSchema = z.strictObject({ ticket: z.string().min(1).max(200) });
/** A ticket traded: a bearer token the web view keeps in memory, and whose scorecard the page shows (null: the viewer's own). */
export const EmbedTokenResponseSchema = z.strictObject({ token: z.string(), expiresAt: z.string(), expiresInSeconds: z.number().int().positive(), sellerId: z.string().nullable() });
export type EmbedTokenResponse = z.infer<typeof EmbedTokenResponseSchema>;
