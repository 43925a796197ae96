import { periodContaining, type Calendar, type PeriodSpan, isWorkingDay } from '../engine/periods';
import type { Activity } from '../model/records';

/** Calls shorter than this are flagged (DESIGN §6.3). */
export const SHORT_CALL_SECONDS = 10;
/** A burst: the last working days of a month hold at least this share of its activities… */
export const BURST_SHARE = 0.3;
/** …counted over this many last working days, and from this many activities in the month. */
export const BURST_DAYS = 2;
export const BURST_MINIMUM = 20;

export interface SellerFlags {
  sellerId: string;
  /** Months whose last two working days held at least 30 % of the month's activities. */
  burstsBeforeClose: { periodKey: string; activities: number; inLastDays: number }[];
  shortCalls: number;
  meetingsWithoutContact: number;
  /** Calls and meetings with no outcome recorded. */
  withoutOutcome: number;
  activities: number;
}

function lastWorkingDays(span: PeriodSpan, cal: Calendar, count: number): Set<number> {
  const days = new Set<number>();
  for (let d = span.endDay - 1; d >= span.firstDay && days.size < count; d--) if (isWorkingDay(d, cal)) days.add(d);
  return days;
}

/**
 * Data-quality flags per seller over the given months (DESIGN §6.3): activity bursts just before
 * a month closes, calls under 10 seconds, meetings with no contact, calls and meetings with no
 * outcome. Shown, never dropped: the scorecards still count these records.
 */
export function findFlags(sellerId: string, activities: readonly Activity[], months: readonly PeriodSpan[], cal: Calendar): SellerFlags {
  const flags: SellerFlags = { sellerId, burstsBeforeClose: [], shortCalls: 0, meetingsWithoutContact: 0, withoutOutcome: 0, activities: 0 };
  if (months.length === 0) return flags;
  const startMs = months[0]!.startMs;
  const endMs = months[months.length - 1]!.endMs;
  const perMonth = new Map<string, { total: number; late: number }>();
  const late = new Map(months.map((m) => [m.key, lastWorkingDays(m, cal, BURST_DAYS)]));
  for (const a of activities) {
    if (a.sellerId !== sellerId) continue;
    const at = Date.parse(a.at);
    if (!(at >= startMs && at < endMs)) continue;
    flags.activities++;
    if (a.type === 'call' && a.durationMin !== null && a.durationMin * 60 < SHORT_CALL_SECONDS) flags.shortCalls++;
    if (a.type === 'meeting' && a.contactId === null) flags.meetingsWithoutContact++;
    if ((a.type === 'call' || a.type === 'meeting') && a.outcome === null) flags.withoutOutcome++;
    const month = periodContaining('month', at, cal);
    const counts = perMonth.get(month.key) ?? { total: 0, late: 0 };
    counts.total++;
    if (late.get(month.key)?.has(cal.clock.civilDayAt(at))) counts.late++;
    perMonth.set(month.key, counts);
  }
  for (const m of months) {
    const counts = perMonth.get(m.key);
    if (counts && counts.total >= BURST_MINIMUM && counts.late / counts.total >= BURST_SHARE) flags.burstsBeforeClose.push({ periodKey: m.key, activities: counts.total, inLastDays: counts.late });
  }
  return flags;
}
