import { isWorkingDay, type Calendar, type PeriodSpan } from '../engine/periods';
import { NO_CODE, outcomeAt, TYPE_CODE, typeAt, type SellerRecords } from '../engine/seller-index';

/** Calls shorter than this are flagged (DESIGN §6.3). */
export const SHORT_CALL_SECONDS = 10;
/** A burst: from the second-last working day to a month's end, at least this share of its activities… */
export const BURST_SHARE = 0.3;
/** …counted over this many last working days, and from this many activities in the month. */
export const BURST_DAYS = 2;
export const BURST_MINIMUM = 20;

export interface SellerFlags {
  sellerId: string;
  /** Months whose last two working days (to the month's end) held at least 30 % of the month's activities. */
  burstsBeforeClose: { periodKey: string; activities: number; inLastDays: number }[];
  shortCalls: number;
  meetingsWithoutContact: number;
  /** Calls and meetings with no outcome recorded. */
  withoutOutcome: number;
  activities: number;
}

const CALL = TYPE_CODE.call!;
const MEETING = TYPE_CODE.meeting!;

/** The instant the last `count` working days of a month begin. */
function lastDaysStart(span: PeriodSpan, cal: Calendar, count: number): number {
  let found = 0;
  for (let d = span.endDay - 1; d >= span.firstDay; d--) {
    if (!isWorkingDay(d, cal)) continue;
    if (++found === count) return cal.clock.startOfCivilDay(d);
  }
  return span.startMs;
}

/**
 * Data-quality flags of one seller over the given months (DESIGN §6.3), from the seller's
 * indexed records: activity bursts just before a month closes, calls under 10 seconds, meetings
 * with no contact, calls and meetings with no outcome. Shown, never dropped: the scorecards
 * still count these records.
 */
export function findFlags(sellerId: string, records: SellerRecords | undefined, months: readonly PeriodSpan[], cal: Calendar): SellerFlags {
  const flags: SellerFlags = { sellerId, burstsBeforeClose: [], shortCalls: 0, meetingsWithoutContact: 0, withoutOutcome: 0, activities: 0 };
  if (!records || months.length === 0) return flags;
  const lateFrom = months.map((m) => lastDaysStart(m, cal, BURST_DAYS));
  const total = new Array<number>(months.length).fill(0);
  const late = new Array<number>(months.length).fill(0);
  let m = 0;
  for (let i = 0; i < records.activityMs.length; i++) {
    const at = records.activityMs[i]!;
    if (at < months[0]!.startMs) continue;
    while (m < months.length && at >= months[m]!.endMs) m++;
    if (m === months.length) break;
    flags.activities++;
    total[m]!++;
    if (at >= lateFrom[m]!) late[m]!++;
    const type = typeAt(records, i);
    if (type === CALL && records.duration[i]! * 60 < SHORT_CALL_SECONDS) flags.shortCalls++;
    if (type === MEETING && records.contact[i] === -1) flags.meetingsWithoutContact++;
    if ((type === CALL || type === MEETING) && outcomeAt(records, i) === NO_CODE) flags.withoutOutcome++;
  }
  months.forEach((month, k) => {
    if (total[k]! >= BURST_MINIMUM && late[k]! / total[k]! >= BURST_SHARE) flags.burstsBeforeClose.push({ periodKey: month.key, activities: total[k]!, inLastDays: late[k]! });
  });
  return flags;
}

