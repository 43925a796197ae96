import type { AggregateMeasure, MeasureFilter, MeasureSpec } from '../model/definition';
import { CUSTOMER_KINDS } from '../model/records';
import { own } from '../model/text';
import { kaplanMeierMedian, median } from './scoring';
import * as columns from './seller-index';
import type { SellerRecords } from './seller-index';
import { CodeMarks, createScratch, type Scratch } from './scratch';

// Bound once here: module loaders that expose imports through getters would otherwise pay a
// call for every constant in loops that run millions of times (measured with bench:engine on
// 2026-12-01: plain named imports in the engine cost 487–491 ms against 416–438 ms).
const { companyAt, dealAt, flagsAt, CONTACT_KIND, DEAL_CLOSED, DEAL_WON, FLAG_COMPANY, FLAG_CONTACT, FLAG_INBOUND, FLAG_LOGGED, FLAG_OUTBOUND, hasTimeIn, lowerBound, NO_CODE, OUTCOME_CODE, TYPE_CODE, ACTIVITY_KEYS, unpackActivityKey } = columns;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const YEAR_MS = 365.2425 * DAY_MS;

export interface MeasureContext {
  startMs: number;
  endMs: number;
  nowMs: number;
  /**
   * The instant the period is measured as of, exclusive: its end, or just after now while it runs
   * (asOfInstant). Whatever is "as of the end" — open deals, the latest answer, look-back windows,
   * records so far — is taken at this instant, so a month that began this morning still sees
   * last month, and what happened at this very millisecond counts.
   */
  asOfMs: number;
  /** Turns a deal amount into the definition's currency; null when no rate is known. */
  toBaseCurrency: (amount: number, currency: string) => number | null;
  /** The run's working space (prepareRun gives every context of a run the same one); made per call when absent. */
  scratch?: Scratch;
}

const scratchOf = (ctx: MeasureContext): Scratch => ctx.scratch ?? createScratch();

/** The exclusive end of what a period holds as of now: min(end, now), now included. */
export function asOfInstant(endMs: number, nowMs: number): number {
  return Math.min(endMs, nowMs + 1);
}

export type CompiledMeasure = (records: SellerRecords, ctx: MeasureContext) => number | null;

/** A measure for several periods at once: `out[i]` gets the value for `contexts[i]`. */
export type PeriodsMeasure = (records: SellerRecords, contexts: readonly MeasureContext[], out: (number | null)[]) => void;

/**
 * The actual value of a measure for one seller and period, or null when there is no data to
 * measure (never a fake zero). One null rule for every source: a count or sum is null until the
 * seller's first record of that source (before the period's as-of instant), then a real 0; a
 * rate, average or median is null when it has nothing to divide by.
 */
export function evaluateMeasure(measure: MeasureSpec, records: SellerRecords, ctx: MeasureContext): number | null {
  return compileMeasure(measure)(records, ctx);
}

/** Turns a measure into a function once, so the filters are not re-read for every seller and period. */
export function compileMeasure(measure: MeasureSpec): CompiledMeasure {
  switch (measure.kind) {
    case 'count':
    case 'sum':
    case 'average':
    case 'median':
    case 'distinctCount':
      return compileAggregate(measure);
    case 'ratio': {
      const numerator = compileAggregate(measure.numerator);
      const denominator = compileAggregate(measure.denominator);
      return (records, ctx) => {
        const den = denominator(records, ctx);
        return den === null || den === 0 ? null : ratioOf(numerator(records, ctx), den, measure.scale);
      };
    }
    case 'latest':
      return (records, ctx) => latestAnswer(records, measure.itemId, measure.by, ctx.asOfMs - measure.lookbackDays * DAY_MS, ctx.asOfMs);
    case 'followUpAfterMeeting': {
      const touches = followUpTable(measure.types);
      return (records, ctx) => followUpRate(records, ctx, measure.withinHours * HOUR_MS, touches);
    }
    case 'leadResponseTime':
      return (records, ctx) => leadResponseHours(records, ctx, measure.capHours * HOUR_MS);
    case 'contactsPerOpenDeal':
      return (records, ctx) => contactsPerOpenDeal(records, ctx, measure.lookbackDays * DAY_MS);
    case 'meetingToDealConversion':
      return (records, ctx) => meetingToDealRate(records, ctx, measure.withinDays * DAY_MS);
    case 'potentialShare':
      return potentialShare;
  }
}

/**
 * Turns a measure into a function over a run of periods. Counts, sums and averages of deals
 * and customers read each record once for all the periods (each is checked against every
 * period otherwise), and so do ratios of them; every other measure is evaluated period by period.
 */
export function compileMeasureForPeriods(measure: MeasureSpec): PeriodsMeasure {
  if (measure.kind === 'ratio') {
    const numerator = compileMeasureForPeriods(measure.numerator);
    const denominator = compileMeasureForPeriods(measure.denominator);
    const nums: (number | null)[] = [];
    const dens: (number | null)[] = [];
    return (records, contexts, out) => {
      numerator(records, contexts, nums);
      denominator(records, contexts, dens);
      for (let i = 0; i < contexts.length; i++) out[i] = ratioOf(nums[i] ?? null, dens[i] ?? null, measure.scale);
    };
  }
  const one = compileMeasure(measure);
  const each: PeriodsMeasure = (records, contexts, out) => {
    for (let i = 0; i < contexts.length; i++) out[i] = one(records, contexts[i]!);
  };
  if (measure.kind !== 'count' && measure.kind !== 'sum' && measure.kind !== 'average') return each;
  if (measure.source !== 'deals' && measure.source !== 'customers') return each;
  const bucketed = compileBucketed(measure);
  return (records, contexts, out) => {
    if (contiguous(contexts)) bucketed(records, contexts, out);
    else each(records, contexts, out);
  };
}

/** numerator / denominator × scale; null when either is missing or there is nothing to divide by. */
function ratioOf(num: number | null, den: number | null, scale: number): number | null {
  return num === null || den === null || den === 0 ? null : (num / den) * scale;
}

/** Whether each period ends where the next starts, as the periods of a trend do (with one "now" and one currency conversion). */
function contiguous(contexts: readonly MeasureContext[]): boolean {
  const first = contexts[0];
  if (first === undefined) return false;
  for (let i = 1; i < contexts.length; i++) {
    const c = contexts[i]!;
    if (c.startMs !== contexts[i - 1]!.endMs || c.nowMs !== first.nowMs || c.asOfMs !== asOfInstant(c.endMs, c.nowMs) || c.toBaseCurrency !== first.toBaseCurrency) return false;
  }
  return first.startMs < first.endMs && first.asOfMs === asOfInstant(first.endMs, first.nowMs);
}

/**
 * A count, sum or average of deals or customers over contiguous periods: each record goes to the
 * period its date falls in (or, for an "as of the end" window, to the first period whose end is
 * after it, and then to every later one; a record dated after now counts in none, since every
 * period is taken as of min(end, now)).
 */
function compileBucketed(m: AggregateMeasure & { kind: 'count' | 'sum' | 'average' }): PeriodsMeasure {
  const read = m.kind === 'count' ? null : recordField(m);
  const select = m.source === 'deals' ? dealSelection(m) : customerSelection(m);
  return (records, contexts, out) => tallyByPeriod(records, select(records), m.kind, m.window === 'period', read, contexts, out);
}

/** The loop of compileBucketed, one function for every such measure (compiled once, one shape). */
function tallyByPeriod(
  records: SellerRecords,
  selection: Selection,
  kind: 'count' | 'sum' | 'average',
  periodWindow: boolean,
  read: RecordField | null,
  contexts: readonly MeasureContext[],
  out: (number | null)[],
): void {
  const periods = contexts.length;
  const scratch = scratchOf(contexts[0]!);
  if (scratch.tallyCount.length < periods + 1) {
    scratch.tallyCount = new Float64Array(periods + 1);
    scratch.tallySum = new Float64Array(periods + 1);
  }
  const { tallyCount, tallySum } = scratch;
  // Slot 0 holds records dated before the first period (kept only "as of the end"); slot i + 1 period i.
  tallyCount.fill(0, 0, periods + 1);
  tallySum.fill(0, 0, periods + 1);
  const { times, createdMs, bits, mask, want } = selection;
  const firstStart = contexts[0]!.startMs;
  // Contexts are contiguous with one "now": as of min(end, now), an "as of the end" window ends at now at the latest.
  const lastEnd = periodWindow ? contexts[periods - 1]!.endMs : contexts[periods - 1]!.asOfMs;
  let firstCreated = Number.POSITIVE_INFINITY;
  for (let k = 0; k < times.length; k++) {
    if (createdMs[k]! < firstCreated) firstCreated = createdMs[k]!;
    const t = times[k]!;
    // NaN (no date) fails every comparison.
    if (!(t < lastEnd) || (periodWindow && !(t >= firstStart)) || (bits[k]! & mask) !== want) continue;
    let slot = 0;
    if (t >= firstStart) {
      slot = 1;
      while (!(t < contexts[slot - 1]!.endMs)) slot++;
    }
    if (read === null) tallyCount[slot]!++;
    else {
      const v = read(records, k, contexts[0]!);
      if (!isFiniteNumber(v)) continue;
      tallyCount[slot]!++;
      tallySum[slot]! += v;
    }
  }
  let count = 0;
  let sum = 0;
  if (!periodWindow) {
    count = tallyCount[0]!;
    sum = tallySum[0]!;
  }
  for (let i = 0; i < periods; i++) {
    if (periodWindow) {
      count = tallyCount[i + 1]!;
      sum = tallySum[i + 1]!;
    } else {
      count += tallyCount[i + 1]!;
      sum += tallySum[i + 1]!;
    }
    // The seller has a record of the source once one was created before the period's as-of instant.
    out[i] = tallyResult(kind, count, sum, firstCreated < contexts[i]!.asOfMs);
  }
}

/** The records of a source a measure reads: record k is kept when `(bits[k] & mask) === want`. */
interface Selection {
  /** The date the measure goes by, per record. */
  times: Float64Array;
  createdMs: Float64Array;
  bits: Uint8Array;
  mask: number;
  want: number;
}

function dealSelection(m: AggregateMeasure): (records: SellerRecords) => Selection {
  const byCreation = (m.dateField ?? 'closedAt') === 'createdAt';
  const mask = (m.filter.isClosed !== undefined ? DEAL_CLOSED : 0) | (m.filter.isWon !== undefined ? DEAL_WON : 0);
  const want = (m.filter.isClosed ? DEAL_CLOSED : 0) | (m.filter.isWon ? DEAL_WON : 0);
  return (records) => ({ times: byCreation ? records.dealCreatedMs : records.dealClosedMs, createdMs: records.dealCreatedMs, bits: records.dealFlags, mask, want });
}

function customerSelection(m: AggregateMeasure): (records: SellerRecords) => Selection {
  const byCreation = (m.dateField ?? 'createdAt') === 'createdAt';
  // The kind is a code (CUSTOMER_KINDS index); without a kind filter every customer is kept.
  const kind = m.filter.kind === undefined ? -1 : CUSTOMER_KINDS.indexOf(m.filter.kind);
  const mask = kind < 0 ? 0 : 0xff;
  const want = kind < 0 ? 0 : kind;
  return (records) => ({ times: byCreation ? records.customerCreatedMs : records.customerBecameMs, createdMs: records.customerCreatedMs, bits: records.customerKind, mask, want });
}

type RecordField = (records: SellerRecords, k: number, ctx: MeasureContext) => unknown;

/** The field a measure of deals or customers reads (a deal amount in the base currency); null for counts. */
function recordField(m: AggregateMeasure): RecordField {
  const field = m.kind === 'count' ? null : m.field;
  if (field === null) return () => null;
  if (m.source === 'deals') {
    if (field === 'amount') {
      return (records, k, ctx) => {
        const deal = records.deals[k]!;
        return deal.amount === null ? null : ctx.toBaseCurrency(deal.amount, deal.currency);
      };
    }
    return (records, k) => records.deals[k]![field as 'companyId'];
  }
  return (records, k) => records.customers[k]![field as 'potential'];
}

/** Collects the values an aggregate keeps and reduces them: one small object per evaluation, no closures. */
class Accumulator {
  private n = 0;
  private sum = 0;
  private values: number[] | null = null;
  private seen: Set<unknown> | null = null;

  constructor(private readonly kind: AggregateMeasure['kind']) {}

  add(v: unknown): void {
    switch (this.kind) {
      case 'count':
        this.n++;
        return;
      case 'distinctCount':
        if (v !== null && v !== undefined) (this.seen ??= new Set()).add(v);
        return;
      default:
        if (!isFiniteNumber(v)) return;
        this.n++;
        this.sum += v;
        if (this.kind === 'median') (this.values ??= []).push(v);
    }
  }

  /** `anyRecord`: whether the seller has any record of the source yet (counts and sums are null before). */
  result(anyRecord: boolean): number | null {
    switch (this.kind) {
      case 'distinctCount':
        return anyRecord ? (this.seen?.size ?? 0) : null;
      case 'median':
        return median(this.values ?? []);
      default:
        return tallyResult(this.kind, this.n, this.sum, anyRecord);
    }
  }
}

/** Sums and averages take numbers only; anything else (null, a string, NaN) is left out. */
function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/**
 * A count, sum or average from its tally: counts and sums are null until the seller has any
 * record of the source (then a real zero), an average is null with nothing to average.
 */
function tallyResult(kind: 'count' | 'sum' | 'average', n: number, sum: number, anyRecord: boolean): number | null {
  if (kind === 'average') return n > 0 ? sum / n : null;
  if (!anyRecord) return null;
  return kind === 'count' ? n : sum;
}

function compileAggregate(m: AggregateMeasure): CompiledMeasure {
  // The schema has checked `field` against SOURCE_FIELDS for the source, so it names a real property.
  const field = m.kind === 'count' ? null : m.field;
  const periodWindow = m.window === 'period';

  if (m.source === 'activities') {
    const { table, minDurationMin, keep } = compileFilter(m.filter);
    const read = activityReader(field);
    if (m.kind === 'count') {
      // Every activity passes a filter that is empty: the count is the length of the period's range.
      const all = minDurationMin === undefined && table.every((v) => v === 1);
      return (records, ctx) => {
        if (!hasActivityBefore(records, ctx.asOfMs)) return null;
        const lo = periodWindow ? lowerBound(records.activityMs, ctx.startMs) : 0;
        const hi = lowerBound(records.activityMs, periodWindow ? ctx.endMs : ctx.asOfMs);
        if (hi <= lo) return 0;
        return all ? hi - lo : countActivities(records, table, minDurationMin ?? Number.NEGATIVE_INFINITY, lo, hi);
      };
    }
    if (m.kind === 'distinctCount' && field === 'contactId') {
      return (records, ctx) => {
        if (!hasActivityBefore(records, ctx.asOfMs)) return null;
        const lo = periodWindow ? lowerBound(records.activityMs, ctx.startMs) : 0;
        const hi = lowerBound(records.activityMs, periodWindow ? ctx.endMs : ctx.asOfMs);
        if (hi <= lo) return 0;
        return countContacts(records, table, minDurationMin ?? Number.NEGATIVE_INFINITY, lo, hi, scratchOf(ctx).distinct);
      };
    }
    return (records, ctx) => {
      const acc = new Accumulator(m.kind);
      const lo = periodWindow ? lowerBound(records.activityMs, ctx.startMs) : 0;
      const hi = lowerBound(records.activityMs, periodWindow ? ctx.endMs : ctx.asOfMs);
      for (let i = lo; i < hi; i++) if (keep(records, i)) acc.add(read(records, i));
      return acc.result(hasActivityBefore(records, ctx.asOfMs));
    };
  }

  // Deals and customers: each period checks every record of the seller (there are few).
  const select = m.source === 'deals' ? dealSelection(m) : customerSelection(m);
  const read = recordField(m);
  return (records, ctx) => {
    const { times, createdMs, bits, mask, want } = select(records);
    const from = periodWindow ? ctx.startMs : Number.NEGATIVE_INFINITY;
    const to = periodWindow ? ctx.endMs : ctx.asOfMs;
    let anyRecord = false;
    const acc = new Accumulator(m.kind);
    for (let k = 0; k < times.length; k++) {
      if (createdMs[k]! < ctx.asOfMs) anyRecord = true;
      const t = times[k]!;
      // NaN (no date) fails both comparisons.
      if (!(t >= from && t < to) || (bits[k]! & mask) !== want) continue;
      acc.add(read(records, k, ctx));
    }
    return acc.result(anyRecord);
  };
}

/** Whether the seller has any activity before an instant: the null rule of activities. */
function hasActivityBefore(records: SellerRecords, ms: number): boolean {
  return records.activityMs.length > 0 && records.activityMs[0]! < ms;
}

/**
 * The hot loops of every scorecard, one function each for all indicators (so they are compiled
 * once and see one shape): activities in [lo, hi) whose key passes the filter table and whose
 * duration is at least `minDurationMin` (-Infinity when the filter has none; NaN fails).
 */
function countActivities(records: SellerRecords, table: Uint8Array, minDurationMin: number, lo: number, hi: number): number {
  const { key, duration } = records;
  let n = 0;
  if (minDurationMin === Number.NEGATIVE_INFINITY) for (let i = lo; i < hi; i++) n += table[key[i]!]!;
  else for (let i = lo; i < hi; i++) if (table[key[i]!] === 1 && duration[i]! >= minDurationMin) n++;
  return n;
}

/** Distinct contacts of the activities in [lo, hi) that pass, as countActivities: codes are marked, not hashed. */
function countContacts(records: SellerRecords, table: Uint8Array, minDurationMin: number, lo: number, hi: number, seen: CodeMarks): number {
  const { key, duration, contact } = records;
  seen.clear(records.contactCodes.size);
  let n = 0;
  for (let i = lo; i < hi; i++) {
    const code = contact[i]!;
    if (code < 0 || seen.has(code) || table[key[i]!] !== 1) continue;
    if (minDurationMin !== Number.NEGATIVE_INFINITY && !(duration[i]! >= minDurationMin)) continue;
    seen.mark(code);
    n++;
  }
  return n;
}

type ActivityPredicate = (records: SellerRecords, i: number) => boolean;

/**
 * A filter over activity columns. Everything but the duration is decided by the activity's key
 * (type, outcome and flags packed), so the filter becomes a table with one entry per key.
 */
interface CompiledFilter {
  /** 1 where an activity with that key passes. */
  table: Uint8Array;
  minDurationMin: number | undefined;
  keep: ActivityPredicate;
}

function compileFilter(f: MeasureFilter): CompiledFilter {
  const typeMask = f.types ? f.types.reduce((mask, t) => mask | (1 << TYPE_CODE[t]!), 0) : -1;
  const outcomeMask = f.outcomes ? f.outcomes.reduce((mask, o) => mask | (1 << OUTCOME_CODE[o]!), 0) : -1;
  const directionFlag = f.direction === undefined ? 0 : f.direction === 'inbound' ? FLAG_INBOUND : FLAG_OUTBOUND;
  const { logged, minDurationMin, hasContact } = f;
  const passes = (type: number, outcome: number, flags: number): boolean => {
    if (((typeMask >>> type) & 1) === 0) return false;
    if (outcomeMask !== -1 && (outcome === NO_CODE || ((outcomeMask >>> outcome) & 1) === 0)) return false;
    if (directionFlag !== 0 && (flags & directionFlag) === 0) return false;
    if (logged !== undefined && ((flags & FLAG_LOGGED) !== 0) !== logged) return false;
    if (hasContact !== undefined && ((flags & FLAG_CONTACT) !== 0) !== hasContact) return false;
    return true;
  };
  const table = new Uint8Array(ACTIVITY_KEYS);
  for (let key = 0; key < ACTIVITY_KEYS; key++) {
    const { type, outcome, flags } = unpackActivityKey(key);
    table[key] = passes(type, outcome, flags) ? 1 : 0;
  }
  const keep: ActivityPredicate =
    minDurationMin === undefined ? (r, i) => table[r.key[i]!] === 1 : (r, i) => table[r.key[i]!] === 1 && r.duration[i]! >= minDurationMin;
  return { table, minDurationMin, keep };
}

/** Reads the field a sum, average, median or distinct count is over. */
function activityReader(field: string | null): (records: SellerRecords, i: number) => unknown {
  switch (field) {
    case 'durationMin':
      return (r, i) => r.duration[i];
    case 'contactId':
      return (r, i) => (r.contact[i]! >= 0 ? r.contact[i] : null);
    case 'companyId':
      return companyAt;
    case 'dealId':
      return dealAt;
    default:
      return () => null;
  }
}

function latestAnswer(records: SellerRecords, itemId: string, by: 'self' | 'manager', fromMs: number, endMs: number): number | null {
  for (let i = records.checkIns.length - 1; i >= 0; i--) {
    const { checkIn, atMs } = records.checkIns[i]!;
    if (atMs >= endMs) continue;
    if (atMs < fromMs) break;
    const answer = checkIn.by === by ? own(checkIn.answers, itemId) : undefined;
    if (answer !== undefined) return answer;
  }
  return null;
}

const MEETING = TYPE_CODE['meeting']!;
const COMPLETED = OUTCOME_CODE['completed']!;

/** Per activity key, 1 for a completed meeting with a contact or a company: what the behaviour measures start from. */
const COMPLETED_MEETING = keyTable((type, outcome, flags) => type === MEETING && outcome === COMPLETED && (flags & (FLAG_CONTACT | FLAG_COMPANY)) !== 0);
/** Per activity key, 1 for an outbound touch of one of these types: what counts as following up. */
function followUpTable(types: readonly string[]): Uint8Array {
  const mask = types.reduce((m, t) => m | (1 << TYPE_CODE[t]!), 0);
  return keyTable((type, _outcome, flags) => ((mask >>> type) & 1) === 1 && (flags & FLAG_OUTBOUND) !== 0);
}

function keyTable(passes: (type: number, outcome: number, flags: number) => boolean): Uint8Array {
  const table = new Uint8Array(ACTIVITY_KEYS);
  for (let key = 0; key < ACTIVITY_KEYS; key++) {
    const { type, outcome, flags } = unpackActivityKey(key);
    table[key] = passes(type, outcome, flags) ? 1 : 0;
  }
  return table;
}

/**
 * Percent of completed meetings followed by an outbound touch of the measure's types to the same
 * contact (or, for a meeting with a company only, the same company) within the window after the
 * meeting ends. A meeting counts once its window has closed by now: one still open could yet be
 * followed up. Activities are in time order, so this scans only the window after each meeting.
 */
function followUpRate(records: SellerRecords, ctx: MeasureContext, withinMs: number, touches: Uint8Array): number | null {
  const { activityMs, key, contact, duration } = records;
  const hi = lowerBound(activityMs, ctx.endMs);
  let meetings = 0;
  let followed = 0;
  for (let m = lowerBound(activityMs, ctx.startMs); m < hi; m++) {
    if (COMPLETED_MEETING[key[m]!] !== 1) continue;
    const minutes = duration[m]!;
    const endOfMeeting = activityMs[m]! + (Number.isNaN(minutes) ? 0 : minutes) * 60_000;
    const last = endOfMeeting + withinMs;
    if (last > ctx.nowMs) continue;
    meetings++;
    const code = contact[m]!;
    // A meeting with a company only is matched by company, read from the record (rare).
    const companyId = code < 0 ? companyAt(records, m) : null;
    for (let i = lowerBound(activityMs, endOfMeeting); i < activityMs.length && activityMs[i]! <= last; i++) {
      if (touches[key[i]!] !== 1 || i === m) continue;
      if (code >= 0 ? contact[i] === code : companyAt(records, i) === companyId) {
        followed++;
        break;
      }
    }
  }
  return meetings === 0 ? null : (followed / meetings) * 100;
}

/**
 * Median hours from a new lead (a contact created in the period and owned by the seller) to the
 * seller's first outbound touch of it, as a Kaplan–Meier median: a lead answered within the cap
 * is an answer at that time; one unanswered (or answered later) once the cap has passed counts at
 * the cap; a younger unanswered lead is still waiting, censored at its age (it says the answer
 * takes at least that long, and is neither dropped nor counted as answered).
 */
function leadResponseHours(records: SellerRecords, ctx: MeasureContext, capMs: number): number | null {
  const { firstTouch, contactOf } = records.leads;
  const hours: number[] = [];
  const answered: boolean[] = [];
  for (let k = 0; k < records.customers.length; k++) {
    const createdMs = records.customerCreatedMs[k]!;
    if (records.customerKind[k] !== CONTACT_KIND || !(createdMs >= ctx.startMs && createdMs < ctx.endMs) || !(createdMs <= ctx.nowMs)) continue;
    const code = contactOf[k]!;
    const first = code < 0 ? Number.NaN : firstTouch[code]!;
    const waited = first - createdMs;
    if (waited <= capMs && first <= ctx.nowMs) {
      hours.push(waited / HOUR_MS);
      answered.push(true);
    } else if (ctx.nowMs - createdMs >= capMs) {
      hours.push(capMs / HOUR_MS);
      answered.push(true);
    } else {
      hours.push((ctx.nowMs - createdMs) / HOUR_MS);
      answered.push(false);
    }
  }
  return kaplanMeierMedian(hours, answered);
}

/**
 * Average number of a deal's contacts the seller touched in the look-back before the period's
 * as-of instant (min(end, now)), over the deals open at that instant: created before it and not
 * closed by then (a deal not closed is open, whatever expected close date it carries; a closed
 * deal without a close date is not open).
 */
function contactsPerOpenDeal(records: SellerRecords, ctx: MeasureContext, lookbackMs: number): number | null {
  let deals = 0;
  let engaged = 0;
  let marked = false;
  const { touched } = scratchOf(ctx);
  const { dealContactStart: start, dealContacts: contacts } = records;
  const at = ctx.asOfMs;
  for (let k = 0; k < records.deals.length; k++) {
    const closed = (records.dealFlags[k]! & DEAL_CLOSED) !== 0;
    const open = records.dealCreatedMs[k]! < at && (!closed || records.dealClosedMs[k]! >= at); // NaN fails: closed, date unknown
    if (!open) continue;
    deals++;
    if (!marked) {
      markContactsTouched(records, touched, at - lookbackMs, at);
      marked = true;
    }
    for (let j = start[k]!; j < start[k + 1]!; j++) if (touched.has(contacts[j]!)) engaged++;
  }
  return deals > 0 ? engaged / deals : null;
}

/** Fills `touched` with each contact code touched in [from, to). */
function markContactsTouched(records: SellerRecords, touched: CodeMarks, fromMs: number, toMs: number): void {
  touched.clear(records.contactCodes.size);
  const hi = lowerBound(records.activityMs, toMs);
  for (let i = lowerBound(records.activityMs, fromMs); i < hi; i++) {
    const code = records.contact[i]!;
    if (code >= 0) touched.mark(code);
  }
}

/**
 * Percent of completed meetings after which the seller opened a deal with the same contact (or
 * company) at the meeting or within the window. A meeting counts once its window has closed by
 * now: a deal may yet follow one whose window is still open.
 */
function meetingToDealRate(records: SellerRecords, ctx: MeasureContext, withinMs: number): number | null {
  const { activityMs, key, contact } = records;
  const { dealsByCompany, dealsByContact } = records.lookups;
  const hi = lowerBound(activityMs, ctx.endMs);
  let meetings = 0;
  let converted = 0;
  for (let m = lowerBound(activityMs, ctx.startMs); m < hi; m++) {
    if (COMPLETED_MEETING[key[m]!] !== 1) continue;
    const fromMs = activityMs[m]!;
    if (fromMs + withinMs > ctx.nowMs) continue;
    meetings++;
    const toMs = fromMs + withinMs + 1;
    const code = contact[m]!;
    if (code >= 0 && hasTimeIn(dealsByContact, code, fromMs, toMs)) {
      converted++;
      continue;
    }
    const companyId = (flagsAt(records, m) & FLAG_COMPANY) !== 0 ? companyAt(records, m) : null;
    const company = companyId === null ? undefined : records.companyCodes.get(companyId);
    if (company !== undefined && hasTimeIn(dealsByCompany, company, fromMs, toMs)) converted++;
  }
  return meetings === 0 ? null : (converted / meetings) * 100;
}

/**
 * Won revenue in the period as a percent of the yearly potential of the seller's customers
 * (those that were customers by the period's as-of instant), prorated to the period's length.
 */
function potentialShare(records: SellerRecords, ctx: MeasureContext): number | null {
  let potential = 0;
  for (let k = 0; k < records.customers.length; k++) {
    if (!(records.customerBecameMs[k]! < ctx.asOfMs)) continue;
    const value = records.customers[k]!.potential;
    if (value !== null) potential += value;
  }
  const prorated = potential * ((ctx.endMs - ctx.startMs) / YEAR_MS);
  if (prorated <= 0) return null;
  let won = 0;
  for (let k = 0; k < records.deals.length; k++) {
    const closed = records.dealClosedMs[k]!;
    if ((records.dealFlags[k]! & DEAL_WON) === 0 || !(closed >= ctx.startMs && closed < ctx.endMs)) continue;
    const { amount, currency } = records.deals[k]!;
    if (amount !== null) won += ctx.toBaseCurrency(amount, currency) ?? 0;
  }
  return (won / prorated) * 100;
}
