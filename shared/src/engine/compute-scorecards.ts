import { isAdditiveMeasure, LEVELS, type IndicatorDefinition, type Level, type PeriodKind, type ScorecardDefinition } from '../model/definition';
import type { RecordSet, Seller, Team } from '../model/records';
import { own } from '../model/text';
import type { IndicatorResult, LevelScore, Period, ScorecardRun, SellerScorecard, Status, TeamSummary, TrendPoint } from '../model/scorecard';
import { asOfInstant, compileMeasureForPeriods, type MeasureContext, type PeriodsMeasure } from './measures';
import { DEFAULT_PERIOD_MINIMUM_SHARE, describePeriod, periodContaining, periodFromKey, periodsEndingWith, targetShare, type Calendar, type PeriodSpan } from './periods';
import * as scoring from './scoring';
import { emptySellerRecords, indexBySeller, type SellerRecords } from './seller-index';
import { createScratch } from './scratch';
import { civilDayOfIsoDate, createZoneClock } from './time-zone';

// Bound once: module loaders that expose imports through getters would otherwise pay a call each
// time (bench:engine, 2026-12-01: plain named imports cost about 55 ms of 430).
const { computeAttainment, levelScore, median, rankDescending, round, statusOf, weightedGeometricMean, weightedMean } = scoring;

export interface ComputeOptions {
  definition: ScorecardDefinition;
  /** Sellers and teams; activities, deals, customers and check-ins too unless `index` is given. */
  records: Pick<RecordSet, 'sellers' | 'teams'> & Partial<Pick<RecordSet, 'activities' | 'deals' | 'customers' | 'checkIns'>>;
  /**
   * The records already indexed by indexBySeller. A caller that computes several periods of
   * the same data (a service, until its data changes) indexes once and keeps only the index.
   */
  index?: ReadonlyMap<string, SellerRecords>;
  /** "Now" as a UTC instant (ms or ISO string): the engine never reads the clock. */
  now: number | string;
  /** IANA time zone that periods are cut in. */
  timeZone: string;
  period: PeriodKind;
  /** Which period; the one containing `now` when absent. */
  periodKey?: string;
  /** How many periods the trend shows, the selected one included. */
  trendLength?: number;
  /**
   * Indicators whose values this run must not show (check-in answers a viewer may not read,
   * DESIGN §7): they have no value, and nothing is computed from them.
   */
  withheld?: ReadonlySet<string>;
}

/** An indicator made ready once per computation. */
export interface CompiledIndicator {
  measure: PeriodsMeasure;
  /** Shown without a value (withheld from this run). */
  withheld: boolean;
  additive: boolean;
  /** The target of each period when no team or seller overrides it, else null. */
  targets: number[] | null;
}

export class PeriodKeyError extends Error {
  readonly code = 'invalid_period' as const;
}

/**
 * How long after a period's end its values may still change as time passes, with no new record:
 * the longest window a measure waits for (a meeting's days to a deal, a lead's hours to the cap,
 * a meeting's hours to a follow-up, plus a day for the meeting itself). Until then a closed
 * period is re-evaluated as a running one is.
 */
export function settlingMs(definition: Pick<ScorecardDefinition, 'indicators'>): number {
  const HOUR = 3_600_000;
  let longest = 0;
  for (const { measure: m } of definition.indicators) {
    if (m.kind === 'meetingToDealConversion') longest = Math.max(longest, m.withinDays * 24 * HOUR);
    if (m.kind === 'leadResponseTime') longest = Math.max(longest, m.capHours * HOUR);
    if (m.kind === 'followUpAfterMeeting') longest = Math.max(longest, (m.withinHours + 24) * HOUR);
  }
  return longest;
}

/** Level scores below these shares of 100 turn amber and red. */
export const LEVEL_THRESHOLDS = { green: 0.9, amber: 0.7 };
/** An additive indicator's pace is judged once this share of the running period's working days is behind it (as the default period turns). */
export const PACE_MINIMUM_SHARE = DEFAULT_PERIOD_MINIMUM_SHARE;
/** A level has a score only when indicators holding at least this share of its weight have data. */
export const COVERAGE_MINIMUM = 0.5;
/** How many periods a trend shows by default, the selected one included (an indicator's, and a team's). */
export const TREND_LENGTH = 6;

export function buildCalendar(definition: ScorecardDefinition, timeZone: string): Calendar {
  return {
    clock: createZoneClock(timeZone),
    weekStartsOn: definition.weekStartsOn,
    workingDays: definition.workingDays,
    holidays: new Set(definition.holidays.map(civilDayOfIsoDate)),
  };
}

/** What every seller's card of one run shares: periods, compiled measures, default targets. */
export interface PreparedRun {
  definition: ScorecardDefinition;
  nowMs: number;
  cal: Calendar;
  periods: Period[];
  /** Per period, how many week, month and quarter targets it holds (targetShare). */
  shares: Record<PeriodKind, number>[];
  measures: CompiledIndicator[];
  contexts: MeasureContext[];
  /** Levels every indicator of which is withheld: left out of the balance index. */
  withheldLevels: Level[];
}

/** Checks the period and compiles the definition once for a run (no records are read). */
export function prepareRun(options: Omit<ComputeOptions, 'records' | 'index'>): PreparedRun {
  const { definition } = options;
  const nowMs = typeof options.now === 'number' ? options.now : Date.parse(options.now);
  if (!Number.isFinite(nowMs)) throw new RangeError('now is not a valid instant');
  const cal = buildCalendar(definition, options.timeZone);
  const selected = selectPeriod(options, nowMs, cal);
  const spans = periodsEndingWith(selected, Math.max(1, options.trendLength ?? TREND_LENGTH), cal);
  const periods = spans.map((span) => describePeriod(span, nowMs, cal));
  const shares = spans.map((span) => ({ week: targetShare(span, 'week', cal), month: targetShare(span, 'month', cal), quarter: targetShare(span, 'quarter', cal) }));

  const toBaseCurrency = (amount: number, currency: string): number | null => {
    if (currency === definition.currency) return amount;
    const rate = definition.exchangeRates[currency];
    return rate === undefined ? null : amount * rate;
  };
  const withheld = options.withheld ?? new Set<string>();
  const measures: CompiledIndicator[] = definition.indicators.map((indicator) => {
    const overridden = Object.keys(indicator.target.sellers).length > 0 || Object.keys(indicator.target.teams).length > 0;
    const hidden = withheld.has(indicator.id);
    return {
      measure: hidden ? measureNothing : compileMeasureForPeriods(indicator.measure),
      withheld: hidden,
      additive: isAdditiveMeasure(indicator.measure),
      // Without overrides every seller has the same target per period: worked out once.
      targets: overridden ? null : shares.map((share) => scaledTarget(indicator, indicator.target.value, share)),
    };
  });
  const scratch = createScratch();
  const contexts: MeasureContext[] = spans.map((span) => ({ startMs: span.startMs, endMs: span.endMs, nowMs, asOfMs: asOfInstant(span.endMs, nowMs), toBaseCurrency, scratch }));
  const withheldLevels = LEVELS.filter((level) => {
    const own = definition.indicators.filter((i) => i.level === level);
    return own.length > 0 && own.every((i) => withheld.has(i.id));
  });
  return { definition, nowMs, cal, periods, shares, measures, contexts, withheldLevels };
}

/** The measure of a withheld indicator: no value in any period. */
const measureNothing: PeriodsMeasure = (_records, contexts, out) => {
  for (let i = 0; i < contexts.length; i++) out[i] = null;
};

/** One seller's card in a prepared run, without standings (those depend on the team: see assembleRun). */
export function computeSellerCard(prepared: PreparedRun, seller: Seller, records: SellerRecords | undefined): SellerScorecard {
  return computeSellerScorecard(seller, records ?? emptySellerRecords(), prepared);
}

/**
 * The run of a period from its sellers' cards: team medians, and each seller's rank and
 * percentile in each team. The cards given are not changed (each gets a copy with standings),
 * so a caller may keep them and reassemble when only some sellers changed. A card of `previous`
 * whose parts are the very ones of the new card and whose standings are equal is kept as that
 * object, so whatever is derived from it (a serialised body) stays valid.
 */
export function assembleRun(prepared: PreparedRun, teams: readonly Team[], cards: readonly SellerScorecard[], previous?: ScorecardRun | null): ScorecardRun {
  const { definition, periods } = prepared;
  const balanceBySeller = new Map(cards.map((s) => [s.sellerId, s.balanceIndex]));
  const summaries = summariseTeams(teams, cards);
  const standingsBySeller = new Map<string, SellerScorecard['standings']>();
  for (const team of summaries) {
    const ranked = rankDescending(team.sellerIds.map((id) => ({ id, value: balanceBySeller.get(id) ?? null })));
    for (const r of ranked) {
      const list = standingsBySeller.get(r.id) ?? [];
      list.push({ teamId: team.teamId, rank: r.rank, of: r.of, percentile: round(r.percentile, 2)! });
      standingsBySeller.set(r.id, list);
    }
  }
  const before = previous ? new Map(previous.sellers.map((s) => [s.sellerId, s])) : null;
  const sellers = cards.map((s) => {
    const standings = standingsBySeller.get(s.sellerId) ?? [];
    const kept = before?.get(s.sellerId);
    return kept && sameCard(kept, s) && sameStandings(kept.standings, standings) ? kept : { ...s, standings };
  });
  return { period: periods[periods.length - 1]!, definitionVersion: definition.version, currency: definition.currency, locale: definition.locale, sellers, teams: summaries };
}

/** Every part but the standings is the very same value. */
function sameCard(kept: SellerScorecard, card: SellerScorecard): boolean {
  const parts = new Set([...Object.keys(kept), ...Object.keys(card)] as (keyof SellerScorecard)[]);
  for (const k of parts) if (k !== 'standings' && kept[k] !== card[k]) return false;
  return true;
}

function sameStandings(a: SellerScorecard['standings'], b: SellerScorecard['standings']): boolean {
  return a.length === b.length && a.every((x, i) => x.teamId === b[i]!.teamId && x.rank === b[i]!.rank && x.of === b[i]!.of && x.percentile === b[i]!.percentile);
}

/** All scorecards of one period, with trends, team medians and standings (DESIGN §5). */
export function computeScorecards(options: ComputeOptions): ScorecardRun {
  const { records } = options;
  const prepared = prepareRun(options);
  const bySeller =
    options.index ?? indexBySeller({ activities: records.activities ?? [], deals: records.deals ?? [], customers: records.customers ?? [], checkIns: records.checkIns ?? [] });
  const cards = records.sellers.map((seller) => computeSellerCard(prepared, seller, bySeller.get(seller.id)));
  return assembleRun(prepared, records.teams, cards);
}

function selectPeriod(options: Pick<ComputeOptions, 'period' | 'periodKey'>, nowMs: number, cal: Calendar): PeriodSpan {
  if (options.periodKey === undefined) return periodContaining(options.period, nowMs, cal);
  const span = periodFromKey(options.periodKey, cal);
  if (!span || span.kind !== options.period) throw new PeriodKeyError(`"${options.periodKey}" is not a ${options.period} key`);
  return span;
}

function computeSellerScorecard(seller: Seller, records: SellerRecords, prepared: PreparedRun): SellerScorecard {
  const { definition, measures, contexts, periods, shares, withheldLevels } = prepared;
  // What each indicator adds to its level score: attainment against pace or target (shown too).
  const scoreAttainments: (number | null)[] = new Array(definition.indicators.length);
  const actuals: (number | null)[] = new Array(contexts.length);
  const indicators = definition.indicators.map((indicator, indicatorIndex): IndicatorResult => {
    const { measure, additive, targets } = measures[indicatorIndex]!;
    const trend: TrendPoint[] = new Array(contexts.length);
    let expected: number | null = null;
    let scoreAttainment: number | null = null;
    measure(records, contexts, actuals);
    const value = targets === null ? targetValueFor(indicator, seller) : 0;
    for (let i = 0; i < contexts.length; i++) {
      const period = periods[i]!;
      const actual = actuals[i] ?? null;
      const target = targets === null ? scaledTarget(indicator, value, shares[i]!) : targets[i]!;
      // The running period of an additive indicator is judged by its pace (actual against what
      // was expected by now), once a fifth of its working days are behind it: a pace over a few
      // hours says nothing (no deal won by 08:00 on the 1st is not a red 0). Rates, medians and
      // answers are judged against their target.
      expected = period.running && additive ? target * period.elapsedShare : null;
      const judged = expected === null || period.elapsedShare >= PACE_MINIMUM_SHARE;
      scoreAttainment = actual === null || !judged ? null : computeAttainment(actual, expected ?? target, indicator.direction);
      trend[i] = { periodKey: period.key, actual: round(actual), target: round(target), attainment: round(scoreAttainment), status: statusOf(scoreAttainment, indicator.thresholds) };
    }
    const current = trend[trend.length - 1]!;
    scoreAttainments[indicatorIndex] = scoreAttainment;
    return {
      indicatorId: indicator.id,
      level: indicator.level,
      label: indicator.label,
      unit: indicator.unit,
      direction: indicator.direction,
      weight: indicator.weight,
      scaleMax: scaleMaxOf(indicator),
      actual: current.actual,
      target: current.target,
      expected: round(expected),
      attainment: current.attainment,
      statusBasis: expected !== null ? 'pace' : 'target',
      status: current.status,
      trend,
    };
  });

  const levels: LevelScore[] = LEVELS.map((level) => {
    const items: { value: number; weight: number }[] = [];
    let weight = 0;
    let covered = 0;
    indicators.forEach((i, k) => {
      if (i.level !== level || measures[k]!.withheld) return;
      weight += i.weight;
      const value = scoreAttainments[k];
      if (value === null || value === undefined) return;
      covered += i.weight;
      items.push({ value, weight: i.weight });
    });
    const coverage = weight > 0 ? covered / weight : 0;
    // Not enough data yet: a score only from indicators holding at least half the level's weight.
    const score = coverage >= COVERAGE_MINIMUM ? levelScore(items) : null;
    return { level, score: round(score, 2), coverage: round(coverage, 4)!, weight: definition.levelWeights[level], status: levelStatus(score) };
  });
  // A withheld level is left out of the index (and said to be), not counted as missing data.
  const counted = levels.filter((l) => !withheldLevels.includes(l.level));
  const complete = counted.length > 0 && counted.every((l) => l.score !== null);
  const weightedLevels = counted.map((l) => ({ value: l.score ?? 0, weight: l.weight }));

  return {
    sellerId: seller.id,
    name: seller.name,
    teamIds: seller.teamIds,
    period: periods[periods.length - 1]!,
    levels,
    balanceIndex: complete ? round(weightedGeometricMean(weightedLevels), 2) : null,
    weightedAverage: complete ? round(weightedMean(weightedLevels), 2) : null,
    withheldLevels: [...withheldLevels],
    indicators,
    standings: [],
  };
}

/** Check-in answers are 1–5; customer satisfaction is 0–10 (records.ts). */
function scaleMaxOf(indicator: IndicatorDefinition): number | null {
  const m = indicator.measure;
  if (m.kind === 'latest') return 5;
  if ((m.kind === 'average' || m.kind === 'median') && m.source === 'customers' && m.field === 'satisfaction') return 10;
  return null;
}

function levelStatus(score: number | null): Status {
  return statusOf(score === null ? null : score / 100, LEVEL_THRESHOLDS);
}

/** The target value that applies to a seller: their own override, else the first of their teams with one, else the default. */
export function targetValueFor(indicator: IndicatorDefinition, seller: Pick<Seller, 'id' | 'teamIds'>): number {
  const mine = own(indicator.target.sellers, seller.id);
  if (mine !== undefined) return mine;
  for (const teamId of seller.teamIds) {
    const team = own(indicator.target.teams, teamId);
    if (team !== undefined) return team;
  }
  return indicator.target.value;
}

/**
 * A target set per week, month or quarter, for a period holding `share` of such targets
 * (targetShare): additive targets add up (a quarter's is the sum of its months'); others do not scale.
 */
function scaledTarget(indicator: IndicatorDefinition, value: number, share: Record<PeriodKind, number>): number {
  if (!isAdditiveMeasure(indicator.measure)) return value;
  return value * share[indicator.target.per];
}

function summariseTeams(teams: readonly Team[], sellers: readonly SellerScorecard[]): TeamSummary[] {
  // Members of each team in the sellers' order, in one pass (not one pass of every seller per team).
  const membersOf = new Map<string, SellerScorecard[]>();
  for (const s of sellers) {
    for (const teamId of new Set(s.teamIds)) {
      const list = membersOf.get(teamId);
      if (list) list.push(s);
      else membersOf.set(teamId, [s]);
    }
  }
  return teams.map((team) => {
    const members = membersOf.get(team.id) ?? [];
    const levelMedian = (level: Level) =>
      round(median(members.map((m) => m.levels.find((l) => l.level === level)?.score ?? null).filter((v): v is number => v !== null)), 2);
    const valuesOf = (pick: (s: SellerScorecard) => number | null) => members.map(pick).filter((v): v is number => v !== null);
    return {
      teamId: team.id,
      name: team.name,
      sellerIds: members.map((m) => m.sellerId),
      medians: {
        levels: { result: levelMedian('result'), activity: levelMedian('activity'), will: levelMedian('will'), foundation: levelMedian('foundation') },
        balanceIndex: round(median(valuesOf((s) => s.balanceIndex)), 2),
        weightedAverage: round(median(valuesOf((s) => s.weightedAverage)), 2),
      },
    };
  });
}
