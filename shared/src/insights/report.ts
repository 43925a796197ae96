import { buildCalendar } from '../engine/compute-scorecards';
import { periodFromKey } from '../engine/periods';
import { findFlags, type SellerFlags } from './flags';
import { analyseTopSellers, type AnalysisInput, type AnalysisWindow, type Candidate, type Finding, type SellerValues } from './top-sellers';
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

/** The analysis input: the report runs the analysis on it as it is. */
export type InsightsInput = AnalysisInput;

export function runInsights(input: InsightsInput): InsightsReport {
  const { index } = input;
  const analysis = analyseTopSellers(input);
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
