import { buildCalendar } from '../engine/compute-scorecards';
import { periodFromKey } from '../engine/periods';
import { indexBySeller, type SellerRecords } from '../engine/seller-index';
import type { ScorecardDefinition } from '../model/definition';
import type { Activity, RecordSet } from '../model/records';
import { findFlags, type SellerFlags } from './flags';
import { analyseTopSellers, type AnalysisWindow, type Finding, type SellerValues } from './top-sellers';
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
  findings: Finding[];
  plan: TrainingPlan | null;
  flags: SellerFlags[];
  sellerValues: SellerValues[];
}

export interface InsightsInput {
  definition: ScorecardDefinition;
  records: Pick<RecordSet, 'sellers'> & { activities: readonly Activity[] };
  /** The records indexed per seller (built from `records` when absent). */
  index?: ReadonlyMap<string, SellerRecords>;
  now: number | string;
  seed?: number;
  permutations?: number;
  windowMonths?: number;
}

export function runInsights(input: InsightsInput): InsightsReport {
  const index = input.index ?? indexBySeller(input.records as RecordSet);
  const analysis = analyseTopSellers({
    definition: input.definition,
    sellers: input.records.sellers,
    index,
    now: input.now,
    ...(input.seed !== undefined ? { seed: input.seed } : {}),
    ...(input.permutations !== undefined ? { permutations: input.permutations } : {}),
    ...(input.windowMonths !== undefined ? { windowMonths: input.windowMonths } : {}),
  });
  const cal = buildCalendar(input.definition, input.definition.timeZone);
  const months = analysis.window.periods.map((key) => periodFromKey(key, cal)!);
  const activitiesBySeller = new Map<string, Activity[]>();
  for (const a of input.records.activities) {
    const list = activitiesBySeller.get(a.sellerId);
    if (list) list.push(a);
    else activitiesBySeller.set(a.sellerId, [a]);
  }
  const flags = input.records.sellers.filter((s) => s.active).map((s) => findFlags(s.id, activitiesBySeller.get(s.id) ?? [], months, cal));
  if (analysis.status !== 'ok') {
    return { status: analysis.status, message: analysis.message, window: analysis.window, sellers: analysis.sellers, topGroup: [], permutations: 0, findings: [], plan: null, flags, sellerValues: analysis.sellerValues };
  }
  return {
    status: 'ok',
    message: null,
    window: analysis.window,
    sellers: analysis.sellers,
    topGroup: analysis.topGroup,
    permutations: analysis.permutations,
    findings: analysis.findings,
    plan: buildTrainingPlan(analysis, input.definition),
    flags,
    sellerValues: analysis.sellerValues,
  };
}
