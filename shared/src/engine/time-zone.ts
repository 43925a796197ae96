/**
 * Civil dates and local midnights in an IANA time zone, with Intl only (no library, no clock).
 * A civil day is a whole number of days since 1970-01-01 in the local calendar.
 */

const DAY_MS = 86_400_000;

export interface LocalParts {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export interface ZoneClock {
  readonly timeZone: string;
  /** The local calendar date and time at a UTC instant. */
  partsAt(utcMs: number): LocalParts;
  /** The civil day (days since 1970-01-01, local) that contains a UTC instant. */
  civilDayAt(utcMs: number): number;
  /** The UTC instant of local midnight at the start of a civil day. */
  startOfCivilDay(civilDay: number): number;
}

export function createZoneClock(timeZone: string): ZoneClock {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  // Offsets change on quarter-hour boundaries (some zones are at :30 or :45), so a memo per
  // quarter hour is exact and keeps repeated lookups cheap.
  const offsetBySlot = new Map<number, number>();

  function partsAt(utcMs: number): LocalParts {
    const out: LocalParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
    for (const p of format.formatToParts(new Date(utcMs))) {
      if (p.type === 'year') out.year = Number(p.value);
      else if (p.type === 'month') out.month = Number(p.value);
      else if (p.type === 'day') out.day = Number(p.value);
      else if (p.type === 'hour') out.hour = Number(p.value);
      else if (p.type === 'minute') out.minute = Number(p.value);
      else if (p.type === 'second') out.second = Number(p.value);
    }
    return out;
  }

  /** Local time minus UTC, in ms, at a UTC instant. */
  function offsetAt(utcMs: number): number {
    const slot = Math.floor(utcMs / 900_000);
    const cached = offsetBySlot.get(slot);
    if (cached !== undefined) return cached;
    const probe = slot * 900_000;
    const p = partsAt(probe);
    const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    const offset = asUtc - probe;
    offsetBySlot.set(slot, offset);
    return offset;
  }

  function civilDayAt(utcMs: number): number {
    return Math.floor((utcMs + offsetAt(utcMs)) / DAY_MS);
  }

  function startOfCivilDay(civilDay: number): number {
    const wall = civilDay * DAY_MS;
    // Two passes: the offset before and after a DST change can differ.
    let guess = wall - offsetAt(wall);
    const second = wall - offsetAt(guess);
    if (second !== guess) guess = second;
    // Where midnight does not exist (a DST gap at 00:00), the day starts at the first instant after the gap.
    if (civilDayAt(guess) < civilDay) guess = startAfterGap(guess, civilDay);
    return guess;
  }

  function startAfterGap(from: number, civilDay: number): number {
    let t = from;
    while (civilDayAt(t) < civilDay) t += 15 * 60_000;
    return t;
  }

  return { timeZone, partsAt, civilDayAt, startOfCivilDay };
}

export function civilDayFromDate(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

export function dateFromCivilDay(civilDay: number): { year: number; month: number; day: number; weekday: number } {
  const d = new Date(civilDay * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: d.getUTCDay() };
}

/** 0 = Sunday … 6 = Saturday; civil day 0 (1970-01-01) was a Thursday. */
export function weekdayOfCivilDay(civilDay: number): number {
  return (((civilDay + 4) % 7) + 7) % 7;
}

/** The civil day of an ISO date (YYYY-MM-DD). */
export function civilDayOfIsoDate(iso: string): number {
  return civilDayFromDate(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
}

export function isoDateOfCivilDay(civilDay: number): string {
  return new Date(civilDay * DAY_MS).toISOString().slice(0, 10);
}
