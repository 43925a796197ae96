import { computeSellerCard, prepareRun } from '../engine/compute-scorecards';
import { computeAttainment, levelScore, round } from '../engine/scoring';
import { lastCompletePeriod, periodsEndingWith } from '../engine/periods';
import type { SellerRecords } from '../engine/seller-index';
import { IndicatorDefinitionSchema, isAdditiveMeasure, type IndicatorDefinition, type Level, type MeasureSpec, type ScorecardDefinition } from '../model/definition';
import type { Seller } from '../model/records';
import { formatValue } from '../format';
import { benjaminiHochberg, cliffsDelta, median, spearmanPermutationTest } from './statistics';

/** DESIGN §6.1: the thresholds a behaviour must pass to "separate top sellers". */
export const SEPARATES = { delta: 0.33, q: 0.1 } as const;
/** Fewer sellers than this: "too few sellers to tell". */
export const MINIMUM_SELLERS = 8;
/** Sellers in their first days are left out of the benchmark. */
export const NEW_SELLER_DAYS = 90;
export const DEFAULT_WINDOW_MONTHS = 6;
export const DEFAULT_PERMUTATIONS = 2000;

/**
 * Behaviours measured beside the definition's own indicators, so an analysis can also say what
 * does *not* separate top sellers (volumes of email, tasks, social touches, call length).
 */
export const EXTRA_BEHAVIOURS: readonly Omit<IndicatorDefinition, 'target' | 'thresholds' | 'weight' | 'description'>[] = [
  { id: 'calls_made', level: 'activity', label: 'Calls made', unit: 'count', direction: 'up', measure: { kind: 'count', source: 'activities', window: 'period', filter: { types: ['call'] } } },
  { id: 'emails_sent', level: 'activity', label: 'Emails sent', unit: 'count', direction: 'up', measure: { kind: 'count', source: 'activities', window: 'period', filter: { types: ['email'] } } },
  { id: 'tasks_done', level: 'activity', label: 'Tasks', unit: 'count', direction: 'up', measure: { kind: 'count', source: 'activities', window: 'period', filter: { types: ['task'] } } },
  { id: 'social_touches', level: 'activity', label: 'Social touches', unit: 'count', direction: 'up', measure: { kind: 'count', source: 'activities', window: 'period', filter: { types: ['social'] } } },
  { id: 'call_minutes', level: 'activity', label: 'Average call length (minutes)', unit: 'count', direction: 'up', measure: { kind: 'average', source: 'activities', field: 'durationMin', window: 'period', filter: { types: ['call'] } } },
];

export interface Candidate {
  id: string;
  label: string;
  level: Exclude<Level, 'result'>;
  unit: IndicatorDefinition['unit'];
  direction: 'up' | 'down';
  measure: MeasureSpec;
  /** Counts and sums: compared per working day, so a seller who worked fewer days is not penalised. */
  perWorkingDay: boolean;
  /** A check-in item's answer (will or foundation), not a CRM behaviour. */
  checkInItemId: string | null;
  /** One of the definition's own indicators (else one of EXTRA_BEHAVIOURS). */
  inDefinition: boolean;
}

export interface Finding {
  candidateId: string;
  /** What is measured, as the candidate's indicator id (the CLI's `measure`). */
  measure: string;
  label: string;
  level: Candidate['level'];
  unit: Candidate['unit'];
  direction: 'up' | 'down';
  perWorkingDay: boolean;
  topMedian: number | null;
  restMedian: number | null;
  /** Cliff's delta of the top group over the rest, −1 to 1. */
  delta: number | null;
  /** Spearman's ρ of the behaviour with the outcome over every seller. */
  spearman: number | null;
  p: number | null;
  q: number | null;
  /** |delta| ≥ 0.33 and q ≤ 0.10, in the direction that is better for this behaviour. */
  separates: boolean;
  topCount: number;
  restCount: number;
  /** In plain words, with the numbers. */
  sentence: string;
  /** A behavioural KPI to add to the definition, its target the top group's median (null for check-in items and non-separating behaviours). */
  proposedKpi: IndicatorDefinition | null;
}

export interface SellerValues {
  sellerId: string;
  name: string;
  /** The result-level score over the window (0–100), null without enough data. */
  outcome: number | null;
  inTopGroup: boolean;
  /** Left out of the benchmark: in their first 90 days, or without an outcome. */
  benchmarked: boolean;
  values: Record<string, number | null>;
  /** The will level and the lowest motivation answer of the last period of the window. */
  will: { score: number | null; motivation: number | null };
}

export type TopSellerAnalysis =
  | { status: 'too_few_sellers'; sellers: number; minimum: number; message: string; window: AnalysisWindow; sellerValues: SellerValues[] }
  | { status: 'ok'; sellers: number; window: AnalysisWindow; topGroup: string[]; permutations: number; candidates: Candidate[]; findings: Finding[]; sellerValues: SellerValues[] };

export interface AnalysisWindow {
  /** The complete months analysed, oldest first. */
  periods: string[];
  workingDays: number;
}

export interface AnalysisInput {
  definition: ScorecardDefinition;
  sellers: readonly Seller[];
  index: ReadonlyMap<string, SellerRecords>;
  now: number | string;
  windowMonths?: number;
  permutations?: number;
  seed?: number;
  /**
   * Leave the check-in items out (the viewer may not read these sellers' answers, DESIGN §7): no
   * finding, gap or "low will" is then derived from an answer.
   */
  excludeCheckInItems?: boolean;
}

/** The candidates: the definition's activity, will and foundation indicators, then the extra behaviours it does not measure already. */
export function candidatesOf(definition: ScorecardDefinition): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  const add = (i: Pick<IndicatorDefinition, 'id' | 'label' | 'level' | 'unit' | 'direction' | 'measure'>, inDefinition: boolean) => {
    if (i.level === 'result') return;
    const key = JSON.stringify(i.measure);
    if (seen.has(key) || out.some((c) => c.id === i.id)) return;
    seen.add(key);
    out.push({
      id: i.id,
      label: i.label,
      level: i.level,
      unit: i.unit,
      direction: i.direction,
      measure: i.measure,
      perWorkingDay: isAdditiveMeasure(i.measure),
      checkInItemId: i.measure.kind === 'latest' ? i.measure.itemId : null,
      inDefinition,
    });
  };
  for (const i of definition.indicators) add(i, true);
  for (const b of EXTRA_BEHAVIOURS) add(b, false);
  return out;
}

/** The definition the analysis computes: the tenant's result indicators (the outcome) and every candidate. */
function analysisDefinition(definition: ScorecardDefinition, candidates: readonly Candidate[]): ScorecardDefinition {
  const results = definition.indicators.filter((i) => i.level === 'result');
  const extra = candidates
    .filter((c) => !c.inDefinition)
    .map((c): IndicatorDefinition => ({ id: c.id, level: c.level, label: c.label, description: '', unit: c.unit, measure: c.measure, direction: c.direction, target: { value: 1, per: 'month', teams: {}, sellers: {} }, thresholds: { green: 1, amber: 0.8 }, weight: 1 }));
  const own = definition.indicators.filter((i) => i.level !== 'result' && candidates.some((c) => c.id === i.id));
  return { ...definition, indicators: [...results, ...own, ...extra] };
}

function words(c: Candidate, value: number | null, currency: string, locale: string): string {
  if (value === null) return 'no value';
  const v = formatValue(value, c.unit, { locale, currency }, c.checkInItemId !== null ? 5 : null);
  return c.perWorkingDay ? `${v} a working day` : v;
}

function sentenceOf(c: Candidate, f: Pick<Finding, 'topMedian' | 'restMedian' | 'delta' | 'q' | 'separates'>, currency: string, locale: string): string {
  const top = words(c, f.topMedian, currency, locale);
  const rest = words(c, f.restMedian, currency, locale);
  const stats = `Cliff's delta ${f.delta === null ? '—' : f.delta.toFixed(2)}, q ${f.q === null ? '—' : f.q.toFixed(3)}`;
  if (f.separates) return `${c.label}: top sellers ${top}, the others ${rest} (${stats}).`;
  return `${c.label} does not separate top sellers from the rest: ${top} against ${rest} (${stats}).`;
}

/** The candidate as an indicator with the top group's median as its target (per month for counts and sums). */
function proposedKpi(c: Candidate, topMedian: number, workingDaysPerMonth: number, sentence: string): IndicatorDefinition | null {
  if (c.checkInItemId !== null) return null;
  const value = c.perWorkingDay ? topMedian * workingDaysPerMonth : topMedian;
  const parsed = IndicatorDefinitionSchema.safeParse({
    id: `top_${c.id}`.slice(0, 64),
    level: 'activity',
    label: `${c.label} (as top sellers)`.slice(0, 120),
    description: sentence.slice(0, 1000),
    unit: c.unit,
    measure: c.measure,
    direction: c.direction,
    target: { value: round(Math.max(value, c.direction === 'down' ? 0.01 : 0), 2)!, per: 'month' },
  });
  return parsed.success ? parsed.data : null;
}

/**
 * What separates the top sellers (DESIGN §6.1): over the last complete months, the sellers
 * ranked by their result-level score; the top quartile (at least 3) against the rest on every
 * candidate, by medians, Cliff's delta, Spearman's ρ, a seeded permutation test and
 * Benjamini–Hochberg across candidates. Deterministic for a seed.
 */
export function analyseTopSellers(input: AnalysisInput): TopSellerAnalysis {
  const { definition } = input;
  const windowMonths = input.windowMonths ?? DEFAULT_WINDOW_MONTHS;
  const permutations = input.permutations ?? DEFAULT_PERMUTATIONS;
  const seed = input.seed ?? 1;
  const nowMs = typeof input.now === 'number' ? input.now : Date.parse(input.now);
  const candidates = candidatesOf(definition).filter((c) => !input.excludeCheckInItems || c.checkInItemId === null);
  const analysed = analysisDefinition(definition, candidates);
  // The last complete month and the ones before it.
  const probe = prepareRun({ definition: analysed, now: nowMs, timeZone: definition.timeZone, period: 'month', trendLength: 1 });
  const last = lastCompletePeriod('month', nowMs, probe.cal);
  const prepared = prepareRun({ definition: analysed, now: nowMs, timeZone: definition.timeZone, period: 'month', periodKey: last.key, trendLength: windowMonths });
  const spans = periodsEndingWith(last, windowMonths, probe.cal);
  const windowEnd = spans[spans.length - 1]!.endMs;
  const workingDays = prepared.periods.reduce((n, p) => n + p.workingDays, 0);
  const window: AnalysisWindow = { periods: prepared.periods.map((p) => p.key), workingDays };
  const resultIds = new Set(analysed.indicators.filter((i) => i.level === 'result').map((i) => i.id));
  const motivationItems = new Set(definition.checkInItems.filter((i) => i.motivation).map((i) => i.id));

  const sellerValues: SellerValues[] = input.sellers
    .filter((s) => s.active)
    .map((seller) => {
      const card = computeSellerCard(prepared, seller, input.index.get(seller.id));
      // The outcome: the result level over the whole window. A count or a sum is judged by its
      // total against the window's total target (a strong month and a weak one are not two
      // capped months); a rate or an average by the mean of its monthly attainments.
      const results = card.indicators.filter((i) => resultIds.has(i.indicatorId));
      const weight = results.reduce((n, i) => n + i.weight, 0);
      const judged: { value: number; weight: number }[] = [];
      for (const ind of results) {
        const def = analysed.indicators.find((i) => i.id === ind.indicatorId)!;
        const points = ind.trend.filter((t) => t.actual !== null && t.target !== null);
        if (points.length === 0) continue;
        if (isAdditiveMeasure(def.measure)) {
          const actual = points.reduce((n, t) => n + t.actual!, 0);
          const target = points.reduce((n, t) => n + t.target!, 0);
          if (target > 0 || def.direction === 'up') judged.push({ value: computeAttainment(actual, target, def.direction), weight: ind.weight });
        } else {
          const attained = points.filter((t) => t.attainment !== null).map((t) => t.attainment!);
          if (attained.length > 0) judged.push({ value: attained.reduce((a, b) => a + b, 0) / attained.length, weight: ind.weight });
        }
      }
      const coverage = weight === 0 ? 0 : judged.reduce((n, j) => n + j.weight, 0) / weight;
      const outcome = coverage >= 0.5 ? levelScore(judged) : null;
      const values: Record<string, number | null> = {};
      for (const c of candidates) {
        const ind = card.indicators.find((i) => i.indicatorId === c.id)!;
        const points = ind.trend.map((t, k) => ({ actual: t.actual, days: prepared.periods[k]!.workingDays }));
        if (c.perWorkingDay) {
          const days = points.reduce((n, p) => n + p.days, 0);
          values[c.id] = days === 0 ? null : points.reduce((n, p) => n + (p.actual ?? 0), 0) / days;
        } else {
          const known = points.filter((p) => p.actual !== null).map((p) => p.actual!);
          values[c.id] = known.length === 0 ? null : known.reduce((a, b) => a + b, 0) / known.length;
        }
      }
      const lastMotivation = candidates
        .filter((c) => c.checkInItemId !== null && motivationItems.has(c.checkInItemId))
        .map((c) => card.indicators.find((i) => i.indicatorId === c.id)!.actual)
        .filter((v): v is number => v !== null);
      const started = seller.startedAt === null ? null : Date.parse(seller.startedAt);
      const isNew = started !== null && windowEnd - started < NEW_SELLER_DAYS * 86_400_000;
      return {
        sellerId: seller.id,
        name: seller.name,
        outcome: outcome === null ? null : round(outcome, 2),
        inTopGroup: false,
        benchmarked: !isNew && outcome !== null,
        values,
        will: input.excludeCheckInItems ? { score: null, motivation: null } : { score: card.levels.find((l) => l.level === 'will')?.score ?? null, motivation: lastMotivation.length > 0 ? Math.min(...lastMotivation) : null },
      };
    });

  const population = sellerValues.filter((s) => s.benchmarked);
  if (population.length < MINIMUM_SELLERS) {
    return {
      status: 'too_few_sellers',
      sellers: population.length,
      minimum: MINIMUM_SELLERS,
      message: `Too few sellers to tell: ${population.length} with ${windowMonths} months of data (new sellers left out), at least ${MINIMUM_SELLERS} are needed to say what the top sellers do differently.`,
      window,
      sellerValues,
    };
  }
  // The top quartile by outcome, at least 3; ties broken by seller id, so the group is the same on every run.
  const ranked = [...population].sort((a, b) => b.outcome! - a.outcome! || a.sellerId.localeCompare(b.sellerId));
  const topSize = Math.max(3, Math.ceil(population.length / 4));
  const top = new Set(ranked.slice(0, topSize).map((s) => s.sellerId));
  for (const s of sellerValues) s.inTopGroup = top.has(s.sellerId);

  // Cliff's delta says how far the top group stands apart (the effect size that decides); the
  // permutation test asks whether the behaviour goes with the outcome over every seller's rank, not
  // only the top quartile's, which is what gives a team of 24 a chance to tell.
  const tests = candidates.map((c, k) => {
    const topValues = ranked.filter((s) => top.has(s.sellerId) && s.values[c.id] !== null).map((s) => s.values[c.id]!);
    const restValues = ranked.filter((s) => !top.has(s.sellerId) && s.values[c.id] !== null).map((s) => s.values[c.id]!);
    const pairs = ranked.filter((s) => s.values[c.id] !== null);
    const delta = topValues.length >= 2 && restValues.length >= 2 ? cliffsDelta(topValues, restValues) : null;
    const association =
      delta === null
        ? null
        : spearmanPermutationTest(
            pairs.map((s) => s.values[c.id]!),
            pairs.map((s) => s.outcome!),
            permutations,
            seed * 7919 + k,
          );
    return { c, topValues, restValues, test: association === null || delta === null ? null : { delta, p: association.p }, rho: association?.rho ?? null };
  });
  const tested = tests.filter((t) => t.test !== null);
  const q = benjaminiHochberg(tested.map((t) => t.test!.p));
  const qOf = new Map(tested.map((t, i) => [t.c.id, q[i]!]));
  const workingDaysPerMonth = workingDays / prepared.periods.length;

  const findings = tests.map(({ c, topValues, restValues, test, rho }): Finding => {
    const delta = test ? round(test.delta, 4) : null;
    const qValue = qOf.get(c.id) ?? null;
    // Better is higher for "up" behaviours and lower for "down" ones (a response time).
    const better = delta !== null && (c.direction === 'up' ? delta > 0 : delta < 0);
    const separates = delta !== null && qValue !== null && better && Math.abs(delta) >= SEPARATES.delta && qValue <= SEPARATES.q;
    const base = { topMedian: round(median(topValues), 4), restMedian: round(median(restValues), 4), delta, q: qValue === null ? null : round(qValue, 4), separates };
    const sentence = sentenceOf(c, base, definition.currency, definition.locale);
    return {
      candidateId: c.id,
      measure: c.id,
      label: c.label,
      level: c.level,
      unit: c.unit,
      direction: c.direction,
      perWorkingDay: c.perWorkingDay,
      ...base,
      spearman: rho === null ? null : round(rho, 4),
      p: test ? round(test.p, 5) : null,
      topCount: topValues.length,
      restCount: restValues.length,
      sentence,
      proposedKpi: separates && base.topMedian !== null ? proposedKpi(c, base.topMedian, workingDaysPerMonth, sentence) : null,
    };
  });
  findings.sort((a, b) => Number(b.separates) - Number(a.separates) || Math.abs(b.delta ?? 0) - Math.abs(a.delta ?? 0) || a.candidateId.localeCompare(b.candidateId));
  return { status: 'ok', sellers: population.length, window, topGroup: ranked.slice(0, topSize).map((s) => s.sellerId), permutations, candidates, findings, sellerValues };
}

/** The candidates as the indicators of a definition of their own (the tenant's calendar and check-in items kept). */
function candidateDefinition(definition: ScorecardDefinition, candidates: readonly Candidate[]): ScorecardDefinition {
  return {
    ...definition,
    indicators: candidates.map((c): IndicatorDefinition => ({ id: c.id, level: c.level, label: c.label, description: '', unit: c.unit, measure: c.measure, direction: c.direction, target: { value: 1, per: 'month', teams: {}, sellers: {} }, thresholds: { green: 1, amber: 0.8 }, weight: 1 })),
  };
}

/**
 * One seller's value of each candidate in each of `count` months ending with `lastMonthKey`
 * (per working day for counts and sums, as the analysis compares them): how a plan item's
 * baseline is followed up in later months.
 */
export function candidateValuesByMonth(
  definition: ScorecardDefinition,
  candidates: readonly Candidate[],
  seller: Seller,
  records: SellerRecords | undefined,
  now: number | string,
  lastMonthKey: string,
  count: number,
): { periods: string[]; values: Record<string, (number | null)[]> } {
  const prepared = prepareRun({ definition: candidateDefinition(definition, candidates), now, timeZone: definition.timeZone, period: 'month', periodKey: lastMonthKey, trendLength: count });
  const card = computeSellerCard(prepared, seller, records);
  const values: Record<string, (number | null)[]> = {};
  candidates.forEach((c, k) => {
    values[c.id] = card.indicators[k]!.trend.map((t, m) => {
      if (t.actual === null) return c.perWorkingDay ? 0 : null;
      if (!c.perWorkingDay) return t.actual;
      const days = prepared.periods[m]!.workingDays;
      return days === 0 ? null : round(t.actual / days, 4);
    });
  });
  return { periods: prepared.periods.map((p) => p.key), values };
}
