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

const FOLLOW_UP_TYPES: readonly string[] = ['call', 'email', 'message', 'task', 'social', 'visit'];

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
      return latest(records.checkIns, measure.itemId, measure.by, ctx.endMs - measure.lookbackDays * DAY_MS, ctx.endMs);
    case 'followUpAfterMeeting':
      return followUp(records.activities, ctx, measure.withinHours * HOUR_MS);
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

/** Whether a date falls in the measure's window: inside the period, or (as of the end) set and before the end. */
function inWindow(t: number, window: AggregateMeasure['window'], ctx: MeasureContext): boolean {
  if (Number.isNaN(t)) return false;
  return window === 'period' ? t >= ctx.startMs && t < ctx.endMs : t < ctx.endMs;
}

function aggregate(m: AggregateMeasure, records: ReferenceRecords, ctx: MeasureContext): number | null {
  const field = m.kind === 'count' ? null : m.field;
  let values: unknown[];
  let anyRecord: boolean;
  if (m.source === 'activities') {
    // The null rule of activities: nothing to measure when the seller has no activity in the window.
    const inRange = records.activities.filter((a) => inWindow(time(a.at), m.window, ctx));
    anyRecord = inRange.length > 0;
    values = inRange.filter((a) => activityPasses(a, m.filter)).map((a) => (field === null ? null : a[field as keyof Activity]));
  } else if (m.source === 'deals') {
    const dateField = (m.dateField ?? 'closedAt') as 'createdAt' | 'closedAt';
    // Deals and customers: nothing to measure until the seller's first record of the source.
    anyRecord = records.deals.some((d) => time(d.createdAt) < ctx.endMs);
    values = records.deals
      .filter((d) => inWindow(time(d[dateField]), m.window, ctx) && dealPasses(d, m.filter))
      .map((d) => (field === null ? null : field === 'amount' ? (d.amount === null ? null : ctx.toBaseCurrency(d.amount, d.currency)) : d[field as keyof Deal]));
  } else {
    const dateField = (m.dateField ?? 'createdAt') as 'createdAt' | 'becameCustomerAt';
    anyRecord = records.customers.some((c) => time(c.createdAt) < ctx.endMs);
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
 * by another activity that is an outbound (or undirected) call, email, message, task, social touch
 * or visit to the meeting's contact (for a meeting with a company only: to its company).
 */
function followUp(activities: readonly Activity[], ctx: MeasureContext, withinMs: number): number | null {
  const meetings = meetingsOf(activities, ctx);
  if (meetings.length === 0) return null;
  const followed = meetings.filter((m) => {
    const end = time(m.at) + (m.durationMin ?? 0) * 60_000;
    return activities.some((a) => {
      const at = time(a.at);
      if (a === m || at < end || at > end + withinMs) return false;
      if (!FOLLOW_UP_TYPES.includes(a.type) || a.direction === 'inbound') return false;
      return m.contactId !== null ? a.contactId === m.contactId : a.companyId === m.companyId;
    });
  });
  return (followed.length / meetings.length) * 100;
}

/**
 * Median hours from each new lead (a contact customer of the seller created in the period) to
 * the seller's first activity with that contact at or after its creation. A lead not touched
 * within the cap counts at the cap once the cap has passed by "now"; until then it is left out.
 */
function leadResponse(records: ReferenceRecords, ctx: MeasureContext, capMs: number): number | null {
  const hours: number[] = [];
  for (const lead of records.customers) {
    const created = time(lead.createdAt);
    if (lead.kind !== 'contact' || !inWindow(created, 'period', ctx)) continue;
    const touches = records.activities.filter((a) => a.contactId === lead.id && time(a.at) >= created).map((a) => time(a.at));
    const first = touches.length === 0 ? Number.NaN : Math.min(...touches);
    if (!Number.isNaN(first) && first - created <= capMs) hours.push((first - created) / HOUR_MS);
    else if (ctx.nowMs - created >= capMs) hours.push(capMs / HOUR_MS);
  }
  return middle(hours);
}

/**
 * Over the deals open at the period end (created before it, not closed before it), the average
 * number of each deal's distinct contacts the seller had an activity with in the look-back.
 */
function contactsPerOpenDeal(records: ReferenceRecords, ctx: MeasureContext, lookbackMs: number): number | null {
  const open = records.deals.filter((d) => time(d.createdAt) < ctx.endMs && !(time(d.closedAt) < ctx.endMs));
  if (open.length === 0) return null;
  const touched = new Set(
    records.activities.filter((a) => a.contactId !== null && time(a.at) >= ctx.endMs - lookbackMs && time(a.at) < ctx.endMs).map((a) => a.contactId),
  );
  const engaged = open.reduce((n, d) => n + [...new Set(d.contactIds)].filter((c) => touched.has(c)).length, 0);
  return engaged / open.length;
}

/**
 * Percent of the period's completed meetings after which, at the meeting or within the window,
 * the seller created a deal with the meeting's contact, or else with the meeting's company.
 */
function meetingToDeal(records: ReferenceRecords, ctx: MeasureContext, withinMs: number): number | null {
  const meetings = meetingsOf(records.activities, ctx);
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
 * the seller's customers that had become customers by the period end, prorated to its length.
 */
function potentialShare(records: ReferenceRecords, ctx: MeasureContext): number | null {
  const potential = records.customers.filter((c) => time(c.becameCustomerAt) < ctx.endMs).reduce((s, c) => s + (c.potential ?? 0), 0);
  const prorated = potential * ((ctx.endMs - ctx.startMs) / YEAR_MS);
  if (prorated <= 0) return null;
  const won = records.deals
    .filter((d) => d.isWon && inWindow(time(d.closedAt), 'period', ctx))
    .reduce((s, d) => s + (d.amount === null ? 0 : (ctx.toBaseCurrency(d.amount, d.currency) ?? 0)), 0);
  return (won / prorated) * 100;
}
