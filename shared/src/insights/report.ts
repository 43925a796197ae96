import { buildCalendar } from '../engine/compute-scorecards';
import { periodFromKey } from '../engine/periods';
import type { SellerRecords } from '../engine/seller-index';
import type { ScorecardDefinition } from '../model/definition';
import type { RecordSet } from '../model/records';
import { findFlags, type SellerFlags } from './flags';
import { analyseTopSellers, type AnalysisWindow, type Candidate, type Finding, type SellerValues } from './top-sellers';
import { buildTrainingPlan, type TrainingPlan } from './training-plan';

/** Everything the insights say about a team at once: findings, the training plan, the flags. */
export interface InsightsReport {
  status: 'ok' | 'too_few_sellers';
  /** Why there are no findings, when there are none. */
  message: string | null;
  window: AnalysisWindow;
  sellers: number;
  topGroup: string[];
  permutations: number;
  /** What was tested (kept with a saved plan, to follow it up however the definition changes). */
  candidates: Candidate[];
  findings: Finding[];
  plan: TrainingPlan | null;
  flags: SellerFlags[];
  sellerValues: SellerValues[];
}

export interface InsightsInput {
  definition: ScorecardDefinition;
  sellers: RecordSet['sellers'];
  /** The records indexed per seller (indexBySeller). */
  index: ReadonlyMap<string, SellerRecords>;
  now: number | string;
  seed?: number;
  permutations?: number;
  windowMonths?: number;
  excludeCheckInItems?: boolean;
}

export function runInsights(input: InsightsInput): InsightsReport {
  const { index } = input;
  const analysis = analyseTopSellers({
    definition: input.definition,
    sellers: input.sellers,
    index,
    now: input.now,
    ...(input.seed !== undefined ? { seed: input.seed } : {}),
    ...(input.permutations !== undefined ? { permutations: input.permutations } : {}),
    ...(input.windowMonths !== undefined ? { windowMonths: input.windowMonths } : {}),
    ...(input.excludeCheckInItems ? { excludeCheckInItems: true } : {}),
  });
  const cal = buildCalendar(input.definition, input.definition.timeZone);
  const months = analysis.window.periods.map((key) => periodFromKey(key, cal)!);
  const flags = input.sellers.filter((s) => s.active).map((s) => findFlags(s.id, index.get(s.id), months, cal));
  if (analysis.status !== 'ok') {
    return { status: analysis.status, message: analysis.message, window: analysis.window, sellers: analysis.sellers, topGroup: [], permutations: 0, candidates: [], findings: [], plan: null, flags, sellerValues: analysis.sellerValues };
  }
  return {
    status: 'ok',
    message: null,
    window: analysis.window,
    sellers: analysis.sellers,
    topGroup: analysis.topGroup,
    permutations: analysis.permutations,
    candidates: analysis.candidates,
    findings: analysis.findings,
    plan: buildTrainingPlan(analysis, input.definition),
    flags,
    sellerValues: analysis.sellerValues,
  };
}
