import fc from 'fast-check';
import { buildCalendar, civilDayOfIsoDate, dateFromCivilDay, defaultDefinition, defaultPeriod, describePeriod, isoDateOfCivilDay, periodContaining, periodFromKey, periodsEndingWith, weekdayOfCivilDay } from '@balanced-scorecard/shared';

const def = defaultDefinition();
const oslo = buildCalendar(def, 'Europe/Oslo');
const newYork = buildCalendar(def, 'America/New_York');
const ms = (iso: string) => Date.parse(iso);

describe('periods in the tenant time zone', () => {
  it('puts a meeting at 23:30 local on the last day of a month in that month, not the next', () => {
    // 2026-10-31 23:30 in New York is 2026-11-01 03:30 UTC.
    const span = periodContaining('month', ms('2026-11-01T03:30:00Z'), newYork);
    expect(span.key).toBe('2026-10');
    expect(new Date(span.endMs).toISOString()).toBe('2026-11-01T04:00:00.000Z');
    // 23:30 on 31 March in Oslo (summer time, UTC+2) is 21:30 UTC.
    expect(periodContaining('month', ms('2026-03-31T21:30:00Z'), oslo).key).toBe('2026-03');
    expect(periodContaining('month', ms('2026-03-31T22:00:00Z'), oslo).key).toBe('2026-04');
  });

  it('cuts months at local midnight across the DST changes', () => {
    const march = periodFromKey('2026-03', oslo)!;
    // Starts in winter time (UTC+1), ends in summer time (UTC+2): 31 days less one hour.
    expect(new Date(march.startMs).toISOString()).toBe('2026-02-28T23:00:00.000Z');
    expect(new Date(march.endMs).toISOString()).toBe('2026-03-31T22:00:00.000Z');
    expect(march.endMs - march.startMs).toBe(31 * 86_400_000 - 3_600_000);
    const october = periodFromKey('2026-10', oslo)!;
    expect(october.endMs - october.startMs).toBe(31 * 86_400_000 + 3_600_000);
  });

  it('names ISO weeks and starts them on the tenant week start', () => {
    // Thursday 2026-01-01 is in ISO week 2026-W01, which starts Monday 2025-12-29.
    const w1 = periodContaining('week', ms('2026-01-01T12:00:00Z'), oslo);
    expect(w1.key).toBe('2026-W01');
    expect(new Date(w1.startMs).toISOString()).toBe('2025-12-28T23:00:00.000Z');
    expect(periodFromKey('2026-W01', oslo)).toEqual(w1);
    // 2026-12-31 (Thursday) is in 2026-W53.
    expect(periodContaining('week', ms('2026-12-31T12:00:00Z'), oslo).key).toBe('2026-W53');
    expect(periodFromKey('2025-W53', oslo)).toBeNull();
    const sundayCal = { ...oslo, weekStartsOn: 0 as const };
    const sundayWeek = periodContaining('week', ms('2026-03-29T12:00:00Z'), sundayCal);
    expect(new Date(sundayWeek.startMs).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    // That week holds the spring DST change, so it is an hour short.
    expect(sundayWeek.endMs - sundayWeek.startMs).toBe(7 * 86_400_000 - 3_600_000);
  });

  it('names quarters and walks back six periods across a year boundary', () => {
    const q = periodContaining('quarter', ms('2026-02-10T00:00:00Z'), oslo);
    expect(q.key).toBe('2026-Q1');
    expect(periodsEndingWith(periodFromKey('2026-02', oslo)!, 6, oslo).map((p) => p.key)).toEqual([
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
  });

  it('rejects keys that name no period', () => {
    expect(periodFromKey('2026-13', oslo)).toBeNull();
    expect(periodFromKey('2026-Q5', oslo)).toBeNull();
    expect(periodFromKey('march', oslo)).toBeNull();
  });

  it('counts working days and the elapsed share for pacing', () => {
    const march = periodFromKey('2026-03', oslo)!;
    const closed = describePeriod(march, ms('2026-05-01T00:00:00Z'), oslo);
    expect(closed).toMatchObject({ workingDays: 22, running: false, elapsedShare: 1 });
    // Monday 16 March at local noon: 10 full working days done plus half of today.
    const running = describePeriod(march, ms('2026-03-16T11:00:00Z'), oslo);
    expect(running.running).toBe(true);
    expect(running.elapsedShare).toBeCloseTo(10.5 / 22, 10);
    const future = describePeriod(march, ms('2026-01-01T00:00:00Z'), oslo);
    expect(future.elapsedShare).toBe(0);
  });

  it('leaves holidays out of working days', () => {
    const cal = buildCalendar({ ...def, holidays: ['2026-03-02', '2026-03-03'] }, 'Europe/Oslo');
    expect(describePeriod(periodFromKey('2026-03', cal)!, ms('2026-05-01T00:00:00Z'), cal).workingDays).toBe(20);
  });

  it('knows the weekday and the ISO date of any civil day, before 1970 too', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), (day) => {
        expect(weekdayOfCivilDay(day)).toBe(dateFromCivilDay(day).weekday);
        expect(civilDayOfIsoDate(isoDateOfCivilDay(day))).toBe(day);
      }),
    );
  });

});

describe('period edges (UTC calendar, Monday to Friday)', () => {
  const utc = buildCalendar(def, 'UTC');
  const at = (iso: string) => Date.parse(iso);

  it('reads every kind of key to its first and last instant, January and the third quarter included', () => {
    expect(periodFromKey('2026-01', utc)).toMatchObject({ kind: 'month', key: '2026-01', startMs: at('2026-01-01T00:00:00Z'), endMs: at('2026-02-01T00:00:00Z') });
    expect(periodFromKey('2026-Q3', utc)).toMatchObject({ kind: 'quarter', key: '2026-Q3', startMs: at('2026-07-01T00:00:00Z'), endMs: at('2026-10-01T00:00:00Z') });
    expect(periodFromKey('2026-W49', utc)).toMatchObject({ kind: 'week', key: '2026-W49', startMs: at('2026-11-30T00:00:00Z'), endMs: at('2026-12-07T00:00:00Z') });
  });

  it('is running from its first instant up to, not including, its end', () => {
    const december = periodFromKey('2026-12', utc)!;
    expect(describePeriod(december, december.startMs - 1, utc).running).toBe(false);
    expect(describePeriod(december, december.startMs, utc).running).toBe(true);
    expect(describePeriod(december, december.endMs - 1, utc).running).toBe(true);
    expect(describePeriod(december, december.endMs, utc).running).toBe(false);
  });

  it('counts a weekend day as no progress, and a period without working days by time', () => {
    const december = periodFromKey('2026-12', utc)!;
    // Saturday 5 December at noon: Tuesday to Friday are behind, of 23 working days.
    expect(describePeriod(december, at('2026-12-05T12:00:00Z'), utc).elapsedShare).toBe(4 / 23);
    // A week whose five working days are all holidays runs by time, and is whole once it has ended.
    const holidays = ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04'];
    const off = buildCalendar({ ...def, holidays }, 'UTC');
    const week = periodFromKey('2026-W49', off)!;
    expect(describePeriod(week, at('2026-12-03T12:00:00Z'), off)).toMatchObject({ workingDays: 0, elapsedShare: 0.5 });
    expect(describePeriod(week, at('2026-12-20T00:00:00Z'), off).elapsedShare).toBe(1);
  });

  it('opens on the running month from exactly a fifth of its working days', () => {
    // February 2027 has 20 working days; four are behind at midnight before Friday the 5th.
    expect(defaultPeriod('month', at('2027-02-05T00:00:00Z'), utc).key).toBe('2027-02');
    expect(defaultPeriod('month', at('2027-02-04T23:59:59Z'), utc).key).toBe('2027-01');
  });
});
