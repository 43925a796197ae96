import { z } from 'zod';
import { LevelSchema, PeriodKindSchema } from './definition';
import { PeriodKeySchema } from './records';

/** The computed scorecard the API returns and every UI renders (DESIGN §5). */

export const StatusSchema = z.enum(['green', 'amber', 'red', 'grey']);
export type Status = z.infer<typeof StatusSchema>;

export const PeriodSchema = z.strictObject({
  kind: PeriodKindSchema,
  key: PeriodKeySchema,
  /** Inclusive start and exclusive end, as UTC instants of local midnights. */
  start: z.string(),
  end: z.string(),
  running: z.boolean(),
  workingDays: z.number(),
  /** Share of working days elapsed: 1 for a closed period. */
  elapsedShare: z.number().min(0).max(1),
});
export type Period = z.infer<typeof PeriodSchema>;

export const TrendPointSchema = z.strictObject({
  periodKey: PeriodKeySchema,
  actual: z.number().nullable(),
  target: z.number().nullable(),
  attainment: z.number().nullable(),
  status: StatusSchema,
});
export type TrendPoint = z.infer<typeof TrendPointSchema>;

export const IndicatorResultSchema = z.strictObject({
  indicatorId: z.string(),
  level: LevelSchema,
  label: z.string(),
  unit: z.enum(['currency', 'count', 'percent', 'score', 'hours']),
  direction: z.enum(['up', 'down']),
  weight: z.number(),
  /** The top of the scale a value is on, to show with it ("4 / 5"): 5 for check-in answers, 10 for satisfaction; null for other units. */
  scaleMax: z.number().nullable(),
  actual: z.number().nullable(),
  target: z.number().nullable(),
  /** For the running period: the target times the elapsed share of working days. */
  expected: z.number().nullable(),
  /**
   * What the status and the level score use: actual / expected for an additive indicator in the
   * running period (its pace), else actual / target (target / actual for "down"); capped at 1.5.
   */
  attainment: z.number().nullable(),
  /** In a running period, additive indicators are judged against `expected` (pacing). */
  statusBasis: z.enum(['target', 'pace']),
  status: StatusSchema,
  /** Oldest first, the current period last. */
  trend: z.array(TrendPointSchema),
});
export type IndicatorResult = z.infer<typeof IndicatorResultSchema>;

export const LevelScoreSchema = z.strictObject({
  level: LevelSchema,
  /** 0–100, null unless indicators holding at least half of the level's weight have data ("not enough data yet"). */
  score: z.number().min(0).max(100).nullable(),
  /** Share of the level's indicator weight that has data, 0–1. */
  coverage: z.number().min(0).max(1),
  weight: z.number(),
  status: StatusSchema,
});
export type LevelScore = z.infer<typeof LevelScoreSchema>;

export const StandingSchema = z.strictObject({
  teamId: z.string(),
  rank: z.number().int().positive(),
  of: z.number().int().positive(),
  /** Share of the team's ranked sellers this seller is ahead of, 0–100. */
  percentile: z.number().min(0).max(100),
});

export const SellerScorecardSchema = z.strictObject({
  sellerId: z.string(),
  name: z.string(),
  teamIds: z.array(z.string()),
  period: PeriodSchema,
  levels: z.array(LevelScoreSchema),
  /** Weighted geometric mean of the four level scores; null unless all four have data. */
  balanceIndex: z.number().min(0).max(100).nullable(),
  /** Weighted arithmetic mean of the same scores, shown beside it as a diagnostic. */
  weightedAverage: z.number().min(0).max(100).nullable(),
  /**
   * Levels left out of the balance index (and of the weighted average) because every indicator of
   * theirs is a check-in answer this viewer may not read (DESIGN §7): the index is then "without
   * will", and says so. Empty for a full card.
   */
  withheldLevels: z.array(LevelSchema),
  indicators: z.array(IndicatorResultSchema),
  standings: z.array(StandingSchema),
});
export type SellerScorecard = z.infer<typeof SellerScorecardSchema>;

const levelNumbers = z.strictObject({
  result: z.number().nullable(),
  activity: z.number().nullable(),
  will: z.number().nullable(),
  foundation: z.number().nullable(),
});

export const TeamSummarySchema = z.strictObject({
  teamId: z.string(),
  name: z.string(),
  sellerIds: z.array(z.string()),
  medians: z.strictObject({
    levels: levelNumbers,
    balanceIndex: z.number().nullable(),
    weightedAverage: z.number().nullable(),
  }),
});
export type TeamSummary = z.infer<typeof TeamSummarySchema>;

export const ScorecardRunSchema = z.strictObject({
  period: PeriodSchema,
  definitionVersion: z.number().int(),
  currency: z.string(),
  locale: z.string(),
  sellers: z.array(SellerScorecardSchema),
  teams: z.array(TeamSummarySchema),
});
export type ScorecardRun = z.infer<typeof ScorecardRunSchema>;
