import type { PeriodKind } from '../model/definition';
import type { Period } from '../model/scorecard';
import { civilDayFromDate, dateFromCivilDay, weekdayOfCivilDay, type ZoneClock } from './time-zone';

/** A period as the engine uses it: civil days and UTC instants of its local midnights. */
export interface PeriodSpan {
  kind: PeriodKind;
  key: string;
  firstDay: number; // civil day, inclusive
  endDay: number; // civil day, exclusive
  startMs: number;
  endMs: number; // exclusive
}

export interface Calendar {
  clock: ZoneClock;
  weekStartsOn: 0 | 1 | 6;
  workingDays: readonly number[];
  /** Civil days that are not working days whatever their weekday. */
  holidays: ReadonlySet<number>;
}

const PERIOD_KEY = /^(\d{4})-(?:(\d{2})|W(\d{2})|Q([1-4]))$/;

/** The civil-day range of the period that contains a civil day. */
function spanOfDay(kind: PeriodKind, day: number, weekStartsOn: number): { firstDay: number; endDay: number; key: string } {
  const d = dateFromCivilDay(day);
  if (kind === 'month') {
    const firstDay = civilDayFromDate(d.year, d.month, 1);
    const endDay = civilDayFromDate(d.year, d.month + 1, 1);
    return { firstDay, endDay, key: `${d.year}-${pad2(d.month)}` };
  }
  if (kind === 'quarter') {
    const q = Math.floor((d.month - 1) / 3);
    const firstDay = civilDayFromDate(d.year, q * 3 + 1, 1);
    const endDay = civilDayFromDate(d.year, q * 3 + 4, 1);
    return { firstDay, endDay, key: `${d.year}-Q${q + 1}` };
  }
  const back = (d.weekday - weekStartsOn + 7) % 7;
  const firstDay = day - back;
  return { firstDay, endDay: firstDay + 7, key: isoWeekKey(firstDay + 3) };
}

/** ISO 8601 week key of the week holding a civil day (weeks are named by their fourth day). */
function isoWeekKey(day: number): string {
  const d = dateFromCivilDay(day);
  const isoWeekday = d.weekday === 0 ? 7 : d.weekday;
  const thursday = day - isoWeekday + 4;
  const year = dateFromCivilDay(thursday).year;
  const week = Math.floor((thursday - civilDayFromDate(year, 1, 1)) / 7) + 1;
  return `${year}-W${pad2(week)}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function toSpan(kind: PeriodKind, range: { firstDay: number; endDay: number; key: string }, clock: ZoneClock): PeriodSpan {
  return { kind, ...range, startMs: clock.startOfCivilDay(range.firstDay), endMs: clock.startOfCivilDay(range.endDay) };
}

export function periodContaining(kind: PeriodKind, utcMs: number, cal: Calendar): PeriodSpan {
  return toSpan(kind, spanOfDay(kind, cal.clock.civilDayAt(utcMs), cal.weekStartsOn), cal.clock);
}

export function periodKindOfKey(key: string): PeriodKind | null {
  const m = PERIOD_KEY.exec(key);
  if (!m) return null;
  return m[2] !== undefined ? 'month' : m[3] !== undefined ? 'week' : 'quarter';
}

/** The period named by a key (2026-03, 2026-W09, 2026-Q1), or null when the key is not valid. */
export function periodFromKey(key: string, cal: Calendar): PeriodSpan | null {
  const m = PERIOD_KEY.exec(key);
  if (!m) return null;
  const year = Number(m[1]);
  if (m[2] !== undefined) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) return null;
    return toSpan('month', spanOfDay('month', civilDayFromDate(year, month, 1), cal.weekStartsOn), cal.clock);
  }
  if (m[4] !== undefined) {
    return toSpan('quarter', spanOfDay('quarter', civilDayFromDate(year, (Number(m[4]) - 1) * 3 + 1, 1), cal.weekStartsOn), cal.clock);
  }
  const week = Number(m[3]);
  // ISO week 1 holds January 4th; its Monday is the anchor.
  const jan4 = civilDayFromDate(year, 1, 4);
  const jan4Weekday = weekdayOfCivilDay(jan4);
  const monday = jan4 - ((jan4Weekday + 6) % 7) + (week - 1) * 7;
  const span = toSpan('week', spanOfDay('week', monday + 3, cal.weekStartsOn), cal.clock);
  return span.key === key ? span : null;
}

/** The last period of this kind that has ended by `utcMs` (the one before the running one). */
export function lastCompletePeriod(kind: PeriodKind, utcMs: number, cal: Calendar): PeriodSpan {
  return periodsEndingWith(periodContaining(kind, utcMs, cal), 2, cal)[0]!;
}

/** The `count` periods ending with `last`, oldest first. */
export function periodsEndingWith(last: PeriodSpan, count: number, cal: Calendar): PeriodSpan[] {
  const out: PeriodSpan[] = [last];
  let current = last;
  while (out.length < count) {
    current = toSpan(last.kind, spanOfDay(last.kind, current.firstDay - 1, cal.weekStartsOn), cal.clock);
    out.unshift(current);
  }
  return out;
}

export function isWorkingDay(day: number, cal: Calendar): boolean {
  return cal.workingDays.includes(weekdayOfCivilDay(day)) && !cal.holidays.has(day);
}

export function countWorkingDays(firstDay: number, endDay: number, cal: Calendar): number {
  let n = 0;
  for (let day = firstDay; day < endDay; day++) if (isWorkingDay(day, cal)) n++;
  return n;
}

/** Working days in a period and the elapsed share at `nowMs` (0 before it starts, 1 once it has ended). */
export function describePeriod(span: PeriodSpan, nowMs: number, cal: Calendar): Period {
  const workingDays = countWorkingDays(span.firstDay, span.endDay, cal);
  return {
    kind: span.kind,
    key: span.key,
    start: new Date(span.startMs).toISOString(),
    end: new Date(span.endMs).toISOString(),
    running: nowMs >= span.startMs && nowMs < span.endMs,
    workingDays,
    elapsedShare: elapsedShare(span, workingDays, nowMs, cal),
  };
}

/** How much of a period's working time lies behind `nowMs`: by working days, or by time when it has none. */
function elapsedShare(span: PeriodSpan, workingDays: number, nowMs: number, cal: Calendar): number {
  if (nowMs >= span.endMs) return 1;
  if (nowMs < span.startMs) return 0;
  if (workingDays === 0) return (nowMs - span.startMs) / (span.endMs - span.startMs);
  const today = cal.clock.civilDayAt(nowMs);
  let elapsed = countWorkingDays(span.firstDay, today, cal);
  if (isWorkingDay(today, cal)) {
    const dayStart = cal.clock.startOfCivilDay(today);
    const dayEnd = cal.clock.startOfCivilDay(today + 1);
    elapsed += (nowMs - dayStart) / (dayEnd - dayStart);
  }
  return Math.min(1, elapsed / workingDays);
}

/**
 * A period's name for people, in a locale: "December 2026", "Week 49, 2026", "Q4 2026". A key
 * names its period whatever the time zone, so this needs no calendar.
 */
export function periodName(key: string, locale: string): string {
  const m = PERIOD_KEY.exec(key);
  if (!m) return key;
  const year = Number(m[1]);
  if (m[2] !== undefined) {
    return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(year, Number(m[2]) - 1, 15));
  }
  if (m[3] !== undefined) return `Week ${Number(m[3])}, ${year}`;
  return `Q${m[4]} ${year}`;
}

/** The `count` periods of a kind ending with the running one, newest first. */
export function recentPeriods(kind: PeriodKind, nowMs: number, count: number, cal: Calendar): PeriodSpan[] {
  return periodsEndingWith(periodContaining(kind, nowMs, cal), count, cal).reverse();
}

/** While less than this share of the running period's working days is behind it, scorecards open on the last complete one. */
export const DEFAULT_PERIOD_MINIMUM_SHARE = 0.2;

/**
 * The period a scorecard opens on when none is asked for: the running one, unless less than a
 * fifth of its working days are behind it — then the last complete one, so that on the first
 * working days of a month a manager sees the month that just ended rather than a few hours.
 */
export function defaultPeriod(kind: PeriodKind, nowMs: number, cal: Calendar): PeriodSpan {
  const running = periodContaining(kind, nowMs, cal);
  const workingDays = countWorkingDays(running.firstDay, running.endDay, cal);
  if (elapsedShare(running, workingDays, nowMs, cal) >= DEFAULT_PERIOD_MINIMUM_SHARE) return running;
  return periodsEndingWith(running, 2, cal)[0]!;
}

/**
 * How many `per` periods' targets a span holds, by working days in the tenant's calendar: each
 * working day of the span carries its share of the `per` period that holds it (1 / that period's
 * working days). So a quarter holds exactly its three months' targets, a week the share of its
 * month (or months) its working days make, and a month with a holiday a little less of a quarter.
 */
export function targetShare(span: Pick<PeriodSpan, 'kind' | 'firstDay' | 'endDay'>, per: PeriodKind, cal: Calendar): number {
  if (per === span.kind) return 1;
  let share = 0;
  let day = span.firstDay;
  while (day < span.endDay) {
    const unit = spanOfDay(per, day, cal.weekStartsOn);
    const to = Math.min(unit.endDay, span.endDay);
    const inSpan = countWorkingDays(day, to, cal);
    // A whole unit inside the span adds exactly 1 (n / n), so sums of whole units stay exact.
    if (inSpan > 0) share += inSpan / countWorkingDays(unit.firstDay, unit.endDay, cal);
    day = to;
  }
  return share;
}
