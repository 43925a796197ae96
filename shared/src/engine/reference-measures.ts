import type { AggregateMeasure, MeasureFilter, MeasureSpec } from '../model/definition';
import type { Activity, CheckIn, Customer, Deal } from '../model/records';
import type { MeasureContext } from './measures';

/**
 * The reference evaluator: what every measure means, written record by record over plain
 * records, with no columns, codes, lookups or shortcuts. It is the oracle the fast engine
 * (measures.ts over seller-index.ts) is held equal to by a property test; it is not used to
 * compute scorecards. A change to what a measure means is made here first, then in the engine.
 *
 * Times are read with Date.parse, so not even the engine's instant parser is shared.
 */
export interface ReferenceRecords {
  /** One seller's records, in any order. Customers are the seller's own. */
  activities: readonly Activity[];
  deals: readonly Deal[];
  customers: readonly Customer[];
  checkIns: readonly CheckIn[];
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const YEAR_MS = 365.2425 * DAY_MS;

const time = (iso: string | null): number => (iso === null ? Number.NaN : Date.parse(iso));

export function referenceMeasure(measure: MeasureSpec, records: ReferenceRecords, ctx: MeasureContext): number | null {
  switch (measure.kind) {
    case 'count':
    case 'sum':
    case 'average':
    case 'median':
    case 'distinctCount':
      return aggregate(measure, records, ctx);
    case 'ratio': {
      const den = aggregate(measure.denominator, records, ctx);
      const num = aggregate(measure.numerator, records, ctx);
      if (num === null || den === null || den === 0) return null;
      return (num / den) * measure.scale;
    }
    case 'latest':
      return latest(records.checkIns, measure.itemId, measure.by, asOf(ctx) - measure.lookbackDays * DAY_MS, asOf(ctx));
    case 'followUpAfterMeeting':
      return followUp(records.activities, ctx, measure.withinHours * HOUR_MS, measure.types);
    case 'leadResponseTime':
      return leadResponse(records, ctx, measure.capHours * HOUR_MS);
    case 'contactsPerOpenDeal':
      return contactsPerOpenDeal(records, ctx, measure.lookbackDays * DAY_MS);
    case 'meetingToDealConversion':
      return meetingToDeal(records, ctx, measure.withinDays * DAY_MS);
    case 'potentialShare':
      return potentialShare(records, ctx);
  }
}

/** The exclusive end of what a period holds: its end, or now (included) while it runs. Worked out here, not read from the context. */
function asOf(ctx: MeasureContext): number {
  return Math.min(ctx.endMs, ctx.nowMs + 1);
}

/** Whether a date falls in the measure's window: inside the period, or (as of the end) set and before the as-of instant. */
function inWindow(t: number, window: AggregateMeasure['window'], ctx: MeasureContext): boolean {
  if (Number.isNaN(t)) return false;
  return window === 'period' ? t >= ctx.startMs && t < ctx.endMs : t < asOf(ctx);
}

function aggregate(m: AggregateMeasure, records: ReferenceRecords, ctx: MeasureContext): number | null {
  const field = m.kind === 'count' ? null : m.field;
  let values: unknown[];
  let anyRecord: boolean;
  if (m.source === 'activities') {
    // One null rule for every source: nothing to measure until the seller's first record of it.
    const inRange = records.activities.filter((a) => inWindow(time(a.at), m.window, ctx));
    anyRecord = records.activities.some((a) => time(a.at) < asOf(ctx));
    values = inRange.filter((a) => activityPasses(a, m.filter)).map((a) => (field === null ? null : a[field as keyof Activity]));
  } else if (m.source === 'deals') {
    const dateField = (m.dateField ?? 'closedAt') as 'createdAt' | 'closedAt';
    anyRecord = records.deals.some((d) => time(d.createdAt) < asOf(ctx));
    values = records.deals
      .filter((d) => inWindow(time(d[dateField]), m.window, ctx) && dealPasses(d, m.filter))
      .map((d) => (field === null ? null : field === 'amount' ? (d.amount === null ? null : ctx.toBaseCurrency(d.amount, d.currency)) : d[field as keyof Deal]));
  } else {
    const dateField = (m.dateField ?? 'createdAt') as 'createdAt' | 'becameCustomerAt';
    anyRecord = records.customers.some((c) => time(c.createdAt) < asOf(ctx));
    values = records.customers
      .filter((c) => inWindow(time(c[dateField]), m.window, ctx) && (m.filter.kind === undefined || c.kind === m.filter.kind))
      .map((c) => (field === null ? null : c[field as keyof Customer]));
  }
  const numbers = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  switch (m.kind) {
    case 'count':
      return anyRecord ? values.length : null;
    case 'sum':
      return anyRecord ? numbers.reduce((s, v) => s + v, 0) : null;
    case 'average':
      return numbers.length > 0 ? numbers.reduce((s, v) => s + v, 0) / numbers.length : null;
    case 'median':
      return middle(numbers);
    case 'distinctCount':
      return anyRecord ? new Set(values.filter((v) => v !== null && v !== undefined)).size : null;
  }
}

function activityPasses(a: Activity, f: MeasureFilter): boolean {
  if (f.types !== undefined && !f.types.includes(a.type)) return false;
  if (f.outcomes !== undefined && (a.outcome === null || !f.outcomes.includes(a.outcome))) return false;
  if (f.direction !== undefined && a.direction !== f.direction) return false;
  if (f.logged !== undefined && a.logged !== f.logged) return false;
  if (f.hasContact !== undefined && (a.contactId !== null) !== f.hasContact) return false;
  if (f.minDurationMin !== undefined && (a.durationMin === null || a.durationMin < f.minDurationMin)) return false;
  return true;
}

function dealPasses(d: Deal, f: MeasureFilter): boolean {
  if (f.isClosed !== undefined && d.isClosed !== f.isClosed) return false;
  if (f.isWon !== undefined && d.isWon !== f.isWon) return false;
  return true;
}

function middle(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The newest answer to the item by `by` in [from, end); of check-ins at the same instant, the one given last. */
function latest(checkIns: readonly CheckIn[], itemId: string, by: 'self' | 'manager', fromMs: number, endMs: number): number | null {
  let best: { at: number; answer: number } | null = null;
  for (const c of checkIns) {
    const at = time(c.at);
    const answer = c.answers[itemId];
    if (c.by !== by || answer === undefined || !(at >= fromMs && at < endMs)) continue;
    if (best === null || at >= best.at) best = { at, answer };
  }
  return best === null ? null : best.answer;
}

/** Completed meetings of the period with a contact or a company. */
function meetingsOf(activities: readonly Activity[], ctx: MeasureContext): Activity[] {
  return activities.filter((a) => a.type === 'meeting' && a.outcome === 'completed' && (a.contactId !== null || a.companyId !== null) && inWindow(time(a.at), 'period', ctx));
}

/**
 * Percent of the period's completed meetings followed, within the window after the meeting ends,
 * by another activity of the measure's types, outbound, to the meeting's contact (for a meeting
 * with a company only: to its company). Only meetings whose window has closed by now count.
 */
function followUp(activities: readonly Activity[], ctx: MeasureContext, withinMs: number, types: readonly string[]): number | null {
  const meetings = meetingsOf(activities, ctx).filter((m) => time(m.at) + (m.durationMin ?? 0) * 60_000 + withinMs <= ctx.nowMs);
  if (meetings.length === 0) return null;
  const followed = meetings.filter((m) => {
    const end = time(m.at) + (m.durationMin ?? 0) * 60_000;
    return activities.some((a) => {
      const at = time(a.at);
      if (a === m || at < end || at > end + withinMs) return false;
      if (!types.includes(a.type) || a.direction !== 'outbound') return false;
      return m.contactId !== null ? a.contactId === m.contactId : a.companyId === m.companyId;
    });
  });
  return (followed.length / meetings.length) * 100;
}

/**
 * Median hours from each new lead (a contact customer of the seller created in the period, by
 * now) to the seller's first outbound activity with that contact at or after its creation, by
 * Kaplan–Meier: answered within the cap is an answer at that time; not answered within the cap,
 * once the cap has passed by now, an answer at the cap; a younger lead not answered yet is
 * censored at its age.
 */
function leadResponse(records: ReferenceRecords, ctx: MeasureContext, capMs: number): number | null {
  const leads: { hours: number; answered: boolean }[] = [];
  for (const lead of records.customers) {
    const created = time(lead.createdAt);
    if (lead.kind !== 'contact' || !inWindow(created, 'period', ctx) || created > ctx.nowMs) continue;
    const touches = records.activities.filter((a) => a.contactId === lead.id && a.direction === 'outbound' && time(a.at) >= created).map((a) => time(a.at));
    const first = touches.length === 0 ? Number.NaN : Math.min(...touches);
    if (!Number.isNaN(first) && first - created <= capMs && first <= ctx.nowMs) leads.push({ hours: (first - created) / HOUR_MS, answered: true });
    else if (ctx.nowMs - created >= capMs) leads.push({ hours: capMs / HOUR_MS, answered: true });
    else leads.push({ hours: (ctx.nowMs - created) / HOUR_MS, answered: false });
  }
  return kaplanMeierMedian(leads);
}

/**
 * The product-limit estimate of the share still waiting, step by step over the distinct answer
 * times; the median is where it first falls below a half (at exactly a half: midway to the next
 * answer time, as a plain median of an even count). Null when it never gets there.
 */
function kaplanMeierMedian(leads: readonly { hours: number; answered: boolean }[]): number | null {
  const answerTimes = [...new Set(leads.filter((l) => l.answered).map((l) => l.hours))].sort((a, b) => a - b);
  let waiting = 1;
  for (let k = 0; k < answerTimes.length; k++) {
    const t = answerTimes[k]!;
    const atRisk = leads.filter((l) => l.hours >= t).length;
    const answered = leads.filter((l) => l.answered && l.hours === t).length;
    waiting *= 1 - answered / atRisk;
    if (Math.abs(waiting - 0.5) < 1e-12) return k + 1 < answerTimes.length ? (t + answerTimes[k + 1]!) / 2 : t;
    if (waiting < 0.5) return t;
  }
  return null;
}

/**
 * Over the deals open at the period's as-of instant (created before it, and either not closed or
 * closed at or after it), the average number of each deal's distinct contacts the seller had an
 * activity with in the look-back before that instant.
 */
function contactsPerOpenDeal(records: ReferenceRecords, ctx: MeasureContext, lookbackMs: number): number | null {
  const at = asOf(ctx);
  const open = records.deals.filter((d) => time(d.createdAt) < at && (!d.isClosed || time(d.closedAt) >= at));
  if (open.length === 0) return null;
  const touched = new Set(records.activities.filter((a) => a.contactId !== null && time(a.at) >= at - lookbackMs && time(a.at) < at).map((a) => a.contactId));
  const engaged = open.reduce((n, d) => n + [...new Set(d.contactIds)].filter((c) => touched.has(c)).length, 0);
  return engaged / open.length;
}

/**
 * Percent of the period's completed meetings after which, at the meeting or within the window,
 * the seller created a deal with the meeting's contact, or else with the meeting's company. Only
 * meetings whose window has closed by now count.
 */
function meetingToDeal(records: ReferenceRecords, ctx: MeasureContext, withinMs: number): number | null {
  const meetings = meetingsOf(records.activities, ctx).filter((m) => time(m.at) + withinMs <= ctx.nowMs);
  if (meetings.length === 0) return null;
  const converted = meetings.filter((m) => {
    const from = time(m.at);
    const to = from + withinMs;
    return records.deals.some((d) => {
      const created = time(d.createdAt);
      if (!(created >= from && created <= to)) return false;
      return (m.contactId !== null && d.contactIds.includes(m.contactId)) || (m.companyId !== null && d.companyId === m.companyId);
    });
  });
  return (converted.length / meetings.length) * 100;
}

/**
 * Won revenue closed in the period (in the base currency) as a percent of the yearly potential of
 * the seller's customers that had become customers by the period's as-of instant, prorated to its length.
 */
function potentialShare(records: ReferenceRecords, ctx: MeasureContext): number | null {
  const potential = records.customers.filter((c) => time(c.becameCustomerAt) < asOf(ctx)).reduce((s, c) => s + (c.potential ?? 0), 0);
  const prorated = potential * ((ctx.endMs - ctx.startMs) / YEAR_MS);
  if (prorated <= 0) return null;
  const won = records.deals
    .filter((d) => d.isWon && inWindow(time(d.closedAt), 'period', ctx))
    .reduce((s, d) => s + (d.amount === null ? 0 : (ctx.toBaseCurrency(d.amount, d.currency) ?? 0)), 0);
  return (won / prorated) * 100;
}
