import type { AggregateMeasure, MeasureFilter, MeasureSpec } from '../model/definition';
import { median } from './scoring';
import * as columns from './seller-index';
import type { IndexedCustomer, IndexedDeal, SellerRecords } from './seller-index';

// Bound once here: module loaders that expose imports through getters would otherwise pay a
// call for every constant in loops that run millions of times.
const { activityAt, behaviourLookups, FLAG_COMPANY, FLAG_CONTACT, FLAG_INBOUND, FLAG_LOGGED, FLAG_OUTBOUND, hasValueIn, isFollowUpAt, lowerBound, NO_CODE, OUTCOME_CODE, TYPE_CODE } = columns;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const YEAR_MS = 365.2425 * DAY_MS;

export interface MeasureContext {
  startMs: number;
  endMs: number;
  nowMs: number;
  /** Turns a deal amount into the definition's currency; null when no rate is known. */
  toBaseCurrency: (amount: number, currency: string) => number | null;
}

export type CompiledMeasure = (records: SellerRecords, ctx: MeasureContext) => number | null;

/**
 * The actual value of a measure for one seller and period, or null when there is no data to
 * measure (never a fake zero): a count is null only when the seller has no record of that source
 * at all yet; a rate or average is null when it has nothing to divide by.
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
        if (den === null || den === 0) return null;
        const num = numerator(records, ctx);
        return num === null ? null : (num / den) * measure.scale;
      };
    }
    case 'latest':
      return (records, ctx) => latestAnswer(records, measure.itemId, measure.by, ctx.endMs - measure.lookbackDays * DAY_MS, ctx.endMs);
    case 'followUpAfterMeeting':
      return (records, ctx) => followUpRate(records, ctx, measure.withinHours * HOUR_MS);
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

/** Collects the values an aggregate keeps and reduces them. */
interface Accumulator {
  add(value: unknown): void;
  result(anyRecord: boolean): number | null;
}

function accumulatorFor(kind: AggregateMeasure['kind']): Accumulator {
  switch (kind) {
    case 'count': {
      let n = 0;
      return { add: () => void n++, result: (any) => (any ? n : null) };
    }
    case 'distinctCount': {
      const seen = new Set<unknown>();
      return { add: (v) => void (v !== null && v !== undefined && seen.add(v)), result: (any) => (any ? seen.size : null) };
    }
    case 'sum': {
      let sum = 0;
      return { add: (v) => void (typeof v === 'number' && Number.isFinite(v) && (sum += v)), result: (any) => (any ? sum : null) };
    }
    case 'average': {
      let sum = 0;
      let n = 0;
      return {
        add: (v) => {
          if (typeof v === 'number' && Number.isFinite(v)) {
            sum += v;
            n++;
          }
        },
        result: () => (n > 0 ? sum / n : null),
      };
    }
    case 'median': {
      const values: number[] = [];
      return { add: (v) => void (typeof v === 'number' && Number.isFinite(v) && values.push(v)), result: () => median(values) };
    }
  }
}

function compileAggregate(m: AggregateMeasure): CompiledMeasure {
  // The schema has checked `field` against SOURCE_FIELDS for the source, so it names a real property.
  const field = m.kind === 'count' ? null : m.field;
  const periodWindow = m.window === 'period';

  if (m.source === 'activities') {
    const keep = activityPredicate(m.filter);
    const read = activityReader(field);
    if (m.kind === 'count') {
      // The hot path of every scorecard: a plain loop over columns, no accumulator.
      return (records, ctx) => {
        const lo = periodWindow ? lowerBound(records.activityMs, ctx.startMs) : 0;
        const hi = lowerBound(records.activityMs, ctx.endMs);
        if (hi <= lo) return null;
        let n = 0;
        for (let i = lo; i < hi; i++) if (keep(records, i)) n++;
        return n;
      };
    }
    return (records, ctx) => {
      const acc = accumulatorFor(m.kind);
      const lo = periodWindow ? lowerBound(records.activityMs, ctx.startMs) : 0;
      const hi = lowerBound(records.activityMs, ctx.endMs);
      for (let i = lo; i < hi; i++) if (keep(records, i)) acc.add(read(records, i));
      return acc.result(hi > lo);
    };
  }

  if (m.source === 'deals') {
    const byCreation = (m.dateField ?? 'closedAt') === 'createdAt';
    return (records, ctx) => {
      const acc = accumulatorFor(m.kind);
      const from = periodWindow ? ctx.startMs : Number.NEGATIVE_INFINITY;
      let anyRecord = false;
      for (const d of records.deals) {
        if (d.createdMs < ctx.endMs) anyRecord = true;
        const t = byCreation ? d.createdMs : d.closedMs;
        if (t === null || t < from || t >= ctx.endMs || !matchesDeal(d, m.filter)) continue;
        if (field === 'amount') acc.add(d.deal.amount === null ? null : ctx.toBaseCurrency(d.deal.amount, d.deal.currency));
        else acc.add(field === null ? null : d.deal[field as 'companyId']);
      }
      return acc.result(anyRecord);
    };
  }

  const byCreation = (m.dateField ?? 'createdAt') === 'createdAt';
  return (records, ctx) => {
    const acc = accumulatorFor(m.kind);
    const from = periodWindow ? ctx.startMs : Number.NEGATIVE_INFINITY;
    let anyRecord = false;
    for (const c of records.customers) {
      if (c.createdMs < ctx.endMs) anyRecord = true;
      const t = byCreation ? c.createdMs : c.becameCustomerMs;
      if (t === null || t < from || t >= ctx.endMs || !matchesCustomer(c, m.filter)) continue;
      acc.add(field === null ? null : c.customer[field as 'potential']);
    }
    return acc.result(anyRecord);
  };
}

type ActivityPredicate = (records: SellerRecords, i: number) => boolean;

/** A filter over activity columns: types and outcomes become bit masks. */
function activityPredicate(f: MeasureFilter): ActivityPredicate {
  const typeMask = f.types ? f.types.reduce((mask, t) => mask | (1 << TYPE_CODE[t]!), 0) : -1;
  const outcomeMask = f.outcomes ? f.outcomes.reduce((mask, o) => mask | (1 << OUTCOME_CODE[o]!), 0) : -1;
  const directionFlag = f.direction === undefined ? 0 : f.direction === 'inbound' ? FLAG_INBOUND : FLAG_OUTBOUND;
  const { logged, minDurationMin, hasContact } = f;
  return (r, i) => {
    if (((typeMask >>> r.type[i]!) & 1) === 0) return false;
    if (outcomeMask !== -1) {
      const o = r.outcome[i]!;
      if (o === NO_CODE || ((outcomeMask >>> o) & 1) === 0) return false;
    }
    const flags = r.flags[i]!;
    if (directionFlag !== 0 && (flags & directionFlag) === 0) return false;
    if (logged !== undefined && ((flags & FLAG_LOGGED) !== 0) !== logged) return false;
    if (minDurationMin !== undefined && !(r.duration[i]! >= minDurationMin)) return false;
    if (hasContact !== undefined && ((flags & FLAG_CONTACT) !== 0) !== hasContact) return false;
    return true;
  };
}

/** Reads the field a sum, average, median or distinct count is over. */
function activityReader(field: string | null): (records: SellerRecords, i: number) => unknown {
  switch (field) {
    case 'durationMin':
      return (r, i) => r.duration[i];
    case 'contactId':
      return (r, i) => (r.contact[i]! >= 0 ? r.contact[i] : null);
    case 'companyId':
    case 'dealId':
      return (r, i) => activityAt(r, i)[field];
    default:
      return () => null;
  }
}

function matchesDeal(d: IndexedDeal, f: MeasureFilter): boolean {
  if (f.isClosed !== undefined && d.deal.isClosed !== f.isClosed) return false;
  if (f.isWon !== undefined && d.deal.isWon !== f.isWon) return false;
  return true;
}

function matchesCustomer(c: IndexedCustomer, f: MeasureFilter): boolean {
  return f.kind === undefined || c.customer.kind === f.kind;
}

function latestAnswer(records: SellerRecords, itemId: string, by: 'self' | 'manager', fromMs: number, endMs: number): number | null {
  for (let i = records.checkIns.length - 1; i >= 0; i--) {
    const { checkIn, atMs } = records.checkIns[i]!;
    if (atMs >= endMs) continue;
    if (atMs < fromMs) break;
    const answer = checkIn.by === by ? checkIn.answers[itemId] : undefined;
    if (answer !== undefined) return answer;
  }
  return null;
}

const MEETING = TYPE_CODE['meeting']!;
const COMPLETED = OUTCOME_CODE['completed']!;

/** Positions of the period's completed meetings with a contact or a company. */
function completedMeetings(records: SellerRecords, ctx: MeasureContext): number[] {
  const out: number[] = [];
  const lo = lowerBound(records.activityMs, ctx.startMs);
  const hi = lowerBound(records.activityMs, ctx.endMs);
  for (let i = lo; i < hi; i++) {
    if (records.type[i] === MEETING && records.outcome[i] === COMPLETED && (records.flags[i]! & (FLAG_CONTACT | FLAG_COMPANY)) !== 0) out.push(i);
  }
  return out;
}

/**
 * Percent of completed meetings followed by an outbound touch to the same contact (or, for a
 * meeting with a company only, the same company) within the window after the meeting ends.
 * Activities are in time order, so this scans only the window after each meeting.
 */
function followUpRate(records: SellerRecords, ctx: MeasureContext, withinMs: number): number | null {
  const meetings = completedMeetings(records, ctx);
  if (meetings.length === 0) return null;
  let followed = 0;
  for (const m of meetings) {
    const meeting = activityAt(records, m);
    const duration = records.duration[m]!;
    const endOfMeeting = records.activityMs[m]! + (Number.isNaN(duration) ? 0 : duration) * 60_000;
    for (let i = lowerBound(records.activityMs, endOfMeeting); i < records.activityMs.length; i++) {
      if (records.activityMs[i]! > endOfMeeting + withinMs) break;
      if (i === m || !isFollowUpAt(records, i)) continue;
      if (meeting.contactId !== null && records.contact[i] !== records.contact[m]) continue;
      const a = activityAt(records, i);
      const same = meeting.contactId !== null ? records.contact[i] === records.contact[m] : a.companyId === meeting.companyId;
      if (same) {
        followed++;
        break;
      }
    }
  }
  return (followed / meetings.length) * 100;
}

/**
 * Median hours from a new lead (a contact created in the period and owned by the seller) to the
 * seller's first touch of it. Unanswered leads count at the cap once the cap has passed; younger
 * unanswered leads are left out until then.
 */
function leadResponseHours(records: SellerRecords, ctx: MeasureContext, capMs: number): number | null {
  const firstTouch = firstTouchOfLeads(records);
  const hours: number[] = [];
  for (const c of records.customers) {
    if (c.customer.kind !== 'contact' || c.createdMs < ctx.startMs || c.createdMs >= ctx.endMs) continue;
    const first = firstTouch.get(c.customer.id);
    if (first !== undefined && first - c.createdMs <= capMs) hours.push((first - c.createdMs) / HOUR_MS);
    else if (ctx.nowMs - c.createdMs >= capMs) hours.push(capMs / HOUR_MS);
  }
  return median(hours);
}

/** The seller's first touch of each of their contacts at or after its creation: one pass over the activities, kept for every period. */
function firstTouchOfLeads(records: SellerRecords): Map<string, number> {
  const lookups = behaviourLookups(records);
  if (lookups.firstTouch) return lookups.firstTouch;
  const createdByCode = new Float64Array(records.contactCodes.size).fill(Number.NaN);
  for (const c of records.customers) {
    const code = c.customer.kind === 'contact' ? records.contactCodes.get(c.customer.id) : undefined;
    if (code !== undefined) createdByCode[code] = c.createdMs;
  }
  const firstByCode = new Float64Array(records.contactCodes.size).fill(Number.NaN);
  for (let i = 0; i < records.activityMs.length; i++) {
    const code = records.contact[i]!;
    if (code < 0 || !Number.isNaN(firstByCode[code]!)) continue;
    if (records.activityMs[i]! >= createdByCode[code]!) firstByCode[code] = records.activityMs[i]!;
  }
  const first = new Map<string, number>();
  for (const [id, code] of records.contactCodes) if (!Number.isNaN(firstByCode[code]!)) first.set(id, firstByCode[code]!);
  lookups.firstTouch = first;
  return first;
}

/** Average number of a deal's contacts the seller touched in the last days before the period end, over deals open at the period end. */
function contactsPerOpenDeal(records: SellerRecords, ctx: MeasureContext, lookbackMs: number): number | null {
  let deals = 0;
  let engaged = 0;
  let touched: Uint8Array | null = null;
  for (const d of records.deals) {
    const open = d.createdMs < ctx.endMs && (d.closedMs === null || d.closedMs >= ctx.endMs);
    if (!open) continue;
    deals++;
    touched ??= contactsTouched(records, ctx.endMs - lookbackMs, ctx.endMs);
    for (const contactId of new Set(d.deal.contactIds)) {
      const code = records.contactCodes.get(contactId);
      if (code !== undefined && touched[code] === 1) engaged++;
    }
  }
  return deals > 0 ? engaged / deals : null;
}

/** 1 for each contact code touched in [from, to). */
function contactsTouched(records: SellerRecords, fromMs: number, toMs: number): Uint8Array {
  const out = new Uint8Array(records.contactCodes.size);
  const hi = lowerBound(records.activityMs, toMs);
  for (let i = lowerBound(records.activityMs, fromMs); i < hi; i++) {
    const code = records.contact[i]!;
    if (code >= 0) out[code] = 1;
  }
  return out;
}

/** Percent of completed meetings after which the seller opened a deal with the same company (or contact) within the window. */
function meetingToDealRate(records: SellerRecords, ctx: MeasureContext, withinMs: number): number | null {
  const meetings = completedMeetings(records, ctx);
  if (meetings.length === 0) return null;
  const lookups = behaviourLookups(records);
  let converted = 0;
  for (const m of meetings) {
    const atMs = records.activityMs[m]!;
    const a = activityAt(records, m);
    const byCompany = a.companyId !== null && hasValueIn(lookups.dealsByCompany.get(a.companyId), atMs, atMs + withinMs + 1);
    const byContact = a.contactId !== null && hasValueIn(lookups.dealsByContact.get(a.contactId), atMs, atMs + withinMs + 1);
    if (byCompany || byContact) converted++;
  }
  return (converted / meetings.length) * 100;
}

/**
 * Won revenue in the period as a percent of the yearly potential of the seller's customers
 * (those that were customers by the period end), prorated to the period's length.
 */
function potentialShare(records: SellerRecords, ctx: MeasureContext): number | null {
  let potential = 0;
  for (const c of records.customers) {
    if (c.becameCustomerMs !== null && c.becameCustomerMs < ctx.endMs && c.customer.potential !== null) potential += c.customer.potential;
  }
  const prorated = potential * ((ctx.endMs - ctx.startMs) / YEAR_MS);
  if (prorated <= 0) return null;
  let won = 0;
  for (const d of records.deals) {
    if (!d.deal.isWon || d.closedMs === null || d.closedMs < ctx.startMs || d.closedMs >= ctx.endMs || d.deal.amount === null) continue;
    won += ctx.toBaseCurrency(d.deal.amount, d.deal.currency) ?? 0;
  }
  return (won / prorated) * 100;
}
