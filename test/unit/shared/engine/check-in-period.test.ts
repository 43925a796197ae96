import { buildCalendar, checkInPeriod, defaultDefinition } from '@balanced-scorecard/shared';

// New York leaves daylight saving time at 02:00 on Sunday 1 November 2026.
const ZONE = 'America/New_York';
const cal = buildCalendar(defaultDefinition({ timeZone: ZONE }), ZONE);
const local = (iso: string) => {
  // Wall-clock time in New York: EDT (-04:00) before 2026-11-01T02:00, EST (-05:00) after.
  const ms = Date.parse(`${iso}-05:00`);
  return iso < '2026-11-01T02:00' ? ms - 3_600_000 : ms;
};
const monthly = { cadence: 'month' as const, graceDays: 3 };

describe('which period a check-in belongs to', () => {
  it('on the 1st at 08:00, the day clocks go back: the new month, or last month during the grace days', () => {
    const now = local('2026-11-01T08:00');
    expect(checkInPeriod(monthly, now, cal)).toEqual({ ok: true, key: '2026-11' });
    expect(checkInPeriod(monthly, now, cal, '2026-11')).toEqual({ ok: true, key: '2026-11' });
    expect(checkInPeriod(monthly, now, cal, '2026-10')).toEqual({ ok: true, key: '2026-10' });
  });

  it('refuses past periods before the last, future periods and keys of another kind, saying why', () => {
    const now = local('2026-11-01T08:00');
    for (const key of ['2026-09', '2026-12', '2027-11']) {
      expect(checkInPeriod(monthly, now, cal, key)).toEqual({ ok: false, message: `A check-in is for the running month, 2026-11 (or 2026-10 until 2026-11-04); "${key}" is closed or not open yet` });
    }
    for (const key of ['2026-W45', '2026-Q4', '2026-13', 'next month']) {
      expect(checkInPeriod(monthly, now, cal, key)).toEqual({ ok: false, message: `Check-ins here are per month: "${key}" is not a month (the running one is 2026-11)` });
    }
    // Without grace days there is no late window to offer, and last month is closed from the 1st.
    expect(checkInPeriod({ cadence: 'month', graceDays: 0 }, now, cal, '2026-09')).toEqual({ ok: false, message: 'A check-in is for the running month, 2026-11; "2026-09" is closed or not open yet' });
    expect(checkInPeriod({ cadence: 'month', graceDays: 0 }, now, cal, '2026-10')).toEqual({ ok: false, message: 'The check-in for 2026-10 closed on 2026-11-01; this one is for 2026-11' });
  });

  it('closes last month at midnight local time after the grace days', () => {
    expect(checkInPeriod(monthly, local('2026-11-03T23:59'), cal, '2026-10')).toEqual({ ok: true, key: '2026-10' });
    const closed = checkInPeriod(monthly, local('2026-11-04T00:00'), cal, '2026-10');
    expect(closed).toEqual({ ok: false, message: expect.stringContaining('closed on 2026-11-04') });
    expect(checkInPeriod({ cadence: 'month', graceDays: 0 }, local('2026-11-01T08:00'), cal, '2026-10').ok).toBe(false);
    // Late in October (still summer time), last month is long closed.
    expect(checkInPeriod(monthly, local('2026-10-31T23:30'), cal, '2026-09').ok).toBe(false);
    expect(checkInPeriod(monthly, local('2026-10-31T23:30'), cal)).toEqual({ ok: true, key: '2026-10' });
  });

  it('follows a weekly cadence', () => {
    const weekly = { cadence: 'week' as const, graceDays: 1 };
    // Monday 2 November 2026, 08:00: ISO week 45 runs; week 44 may still be given until Tuesday.
    expect(checkInPeriod(weekly, local('2026-11-02T08:00'), cal)).toEqual({ ok: true, key: '2026-W45' });
    expect(checkInPeriod(weekly, local('2026-11-02T08:00'), cal, '2026-W44')).toEqual({ ok: true, key: '2026-W44' });
    expect(checkInPeriod(weekly, local('2026-11-03T08:00'), cal, '2026-W44').ok).toBe(false);
    expect(checkInPeriod(weekly, local('2026-11-02T08:00'), cal, '2026-11').ok).toBe(false);
  });
});
