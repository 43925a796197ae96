import { round } from '../engine/scoring';
import type { ScorecardDefinition } from '../model/definition';
import type { Finding, SellerValues, TopSellerAnalysis } from './top-sellers';
import { LOW_MOTIVATION_ANSWER, LOW_WILL_SCORE } from './will-guard-rail';

/** DESIGN §6.2: a shortfall against the benchmark counts from this share. */
export const GAP_MINIMUM = 0.2;
/** At most this many focus items per seller. */
export const FOCUS_ITEMS = 2;
export const MOTIVATION_FIRST = 'motivation_first';

export interface PlanGap {
  sellerId: string;
  itemId: string;
  /** The seller's value over the window: the baseline later periods are compared with. */
  baseline: number;
  /** The top group's median. */
  benchmark: number;
  /** Shortfall against the benchmark, as a share of it (0.35: 35 % short). */
  gap: number;
  /** Effect size × gap. */
  priority: number;
  mode: 'group' | 'individual';
}

export interface PlanItem {
  itemId: string;
  label: string;
  /** A separating behaviour, a foundation skill item (a check-in answer), or the talk about motivation. */
  kind: 'behaviour' | 'skill' | 'motivation';
  direction: 'up' | 'down';
  perWorkingDay: boolean;
  /** Cliff's delta of the top group over the rest. */
  delta: number | null;
  benchmark: number | null;
  /** `group`: a session for the sellers who share the gap; `individual`: one-to-one coaching. */
  mode: 'group' | 'individual';
  sellerIds: string[];
}

export interface SellerPlan {
  sellerId: string;
  name: string;
  /** Low will (a will score under 50 or motivation ≤ 2): talk about motivation first, and raise no activity target. */
  lowWill: boolean;
  /** One or two focus items, the most important first, each with its baseline. */
  focus: ({ itemId: string; label: string; kind: PlanItem['kind']; mode: PlanItem['mode'] | null } & Partial<Pick<PlanGap, 'baseline' | 'benchmark' | 'gap' | 'priority'>>)[];
}

export interface TrainingPlan {
  periods: string[];
  benchmarkGroup: string[];
  items: PlanItem[];
  /** Every counted gap: the who-learns-what matrix (sellers × items). */
  gaps: PlanGap[];
  sellers: SellerPlan[];
}

function shortfall(value: number, benchmark: number, direction: 'up' | 'down'): number | null {
  if (direction === 'up') return benchmark > 0 ? Math.max(0, (benchmark - value) / benchmark) : null;
  return benchmark > 0 ? Math.max(0, (value - benchmark) / benchmark) : null;
}

function isLowWill(s: SellerValues): boolean {
  return (s.will.score !== null && s.will.score < LOW_WILL_SCORE) || (s.will.motivation !== null && s.will.motivation <= LOW_MOTIVATION_ANSWER);
}

/**
 * Who learns what (DESIGN §6.2): for each seller outside the top group and each behaviour that
 * separates top sellers, or foundation skill item, the shortfall against the top group's median,
 * counted from 20 %. A gap at least half the team shares is a group session, else individual
 * coaching; priority is effect size × gap; at most two focus items per seller, and for a seller
 * whose will is low "talk about motivation first" comes first.
 */
export function buildTrainingPlan(analysis: Extract<TopSellerAnalysis, { status: 'ok' }>, definition: Pick<ScorecardDefinition, 'checkInItems'>): TrainingPlan {
  const skillItems = new Set(definition.checkInItems.filter((i) => i.skill).map((i) => i.id));
  const candidates = new Map(analysis.candidates.map((c) => [c.id, c]));
  const chosen: Finding[] = analysis.findings.filter((f) => {
    const c = candidates.get(f.candidateId)!;
    return f.topMedian !== null && (f.separates || (c.checkInItemId !== null && skillItems.has(c.checkInItemId)));
  });
  const team = analysis.sellerValues.length;
  const learners = analysis.sellerValues.filter((s) => !s.inTopGroup);
  const raw: Omit<PlanGap, 'mode'>[] = [];
  for (const f of chosen) {
    for (const s of learners) {
      const value = s.values[f.candidateId];
      if (value === null || value === undefined) continue;
      const gap = shortfall(value, f.topMedian!, f.direction);
      if (gap === null || gap < GAP_MINIMUM) continue;
      raw.push({ sellerId: s.sellerId, itemId: f.candidateId, baseline: round(value, 4)!, benchmark: f.topMedian!, gap: round(gap, 4)!, priority: round(Math.abs(f.delta ?? 0) * gap, 4)! });
    }
  }
  const sharedBy = new Map<string, number>();
  for (const g of raw) sharedBy.set(g.itemId, (sharedBy.get(g.itemId) ?? 0) + 1);
  const modeOf = (itemId: string): PlanItem['mode'] => ((sharedBy.get(itemId) ?? 0) * 2 >= team ? 'group' : 'individual');
  const gaps: PlanGap[] = raw.map((g) => ({ ...g, mode: modeOf(g.itemId) }));

  const sellers: SellerPlan[] = analysis.sellerValues.map((s) => {
    const lowWill = isLowWill(s);
    const own = gaps.filter((g) => g.sellerId === s.sellerId).sort((a, b) => b.priority - a.priority || a.itemId.localeCompare(b.itemId));
    const focus: SellerPlan['focus'] = [];
    if (lowWill) focus.push({ itemId: MOTIVATION_FIRST, label: 'Talk about motivation first (no raised activity target)', kind: 'motivation', mode: 'individual' });
    for (const g of own) {
      if (focus.length >= FOCUS_ITEMS) break;
      const c = candidates.get(g.itemId)!;
      focus.push({ itemId: g.itemId, label: c.label, kind: c.checkInItemId !== null ? 'skill' : 'behaviour', mode: g.mode, baseline: g.baseline, benchmark: g.benchmark, gap: g.gap, priority: g.priority });
    }
    return { sellerId: s.sellerId, name: s.name, lowWill, focus };
  });
  const focused = new Set(sellers.flatMap((p) => p.focus.map((f) => `${p.sellerId}/${f.itemId}`)));
  const items: PlanItem[] = chosen.map((f) => {
    const c = candidates.get(f.candidateId)!;
    return {
      itemId: f.candidateId,
      label: f.label,
      kind: c.checkInItemId !== null ? 'skill' : 'behaviour',
      direction: f.direction,
      perWorkingDay: f.perWorkingDay,
      delta: f.delta,
      benchmark: f.topMedian,
      mode: modeOf(f.candidateId),
      sellerIds: gaps.filter((g) => g.itemId === f.candidateId && focused.has(`${g.sellerId}/${g.itemId}`)).map((g) => g.sellerId),
    };
  });
  return { periods: analysis.window.periods, benchmarkGroup: analysis.topGroup, items, gaps, sellers };
}

/**
 * Whether a focus item moved: the seller's value in a later period against the baseline, the
 * share of the gap closed (1: at the benchmark; negative: further away).
 */
export function progressOf(item: Pick<PlanGap, 'baseline' | 'benchmark'>, value: number | null): { value: number | null; closed: number | null } {
  if (value === null) return { value: null, closed: null };
  // The benchmark lies above the baseline for "up" behaviours and below it for "down" ones: either way, moving toward it closes the gap.
  const distance = item.benchmark - item.baseline;
  if (distance === 0) return { value, closed: null };
  return { value, closed: round((value - item.baseline) / distance, 4) };
}
