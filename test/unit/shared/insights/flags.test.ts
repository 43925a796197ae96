import { BURST_MINIMUM, BURST_SHARE, createZoneClock, findFlags, indexBySeller, periodContaining, periodsEndingWith, SHORT_CALL_SECONDS, type Activity, type Calendar } from '../../../../shared/src/index';
import { activity } from '../../../support/builders';

// Oslo, August to October 2026: summer time until 25 October, so the window opens at 22:00Z and
// closes at 23:00Z. August ends on a Monday (its last two working days: Friday 28 and Monday 31).
const cal: Calendar = { clock: createZoneClock('Europe/Oslo'), weekStartsOn: 1, workingDays: [1, 2, 3, 4, 5], holidays: new Set() };
const months = periodsEndingWith(periodContaining('month', Date.parse('2026-10-15T12:00:00Z'), cal), 3, cal);
const email = (at: string, extra: Partial<Activity> = {}) => activity({ at, type: 'email', outcome: 'sent', ...extra });
const many = (count: number, at: (i: number) => string) => Array.from({ length: count }, (_, i) => email(at(i)));
const flagsOf = (records: Activity[]) => findFlags('s1', indexBySeller({ activities: records, deals: [], customers: [], checkIns: [] }).get('s1'), months, cal);

describe('data-quality flags at their edges', () => {
  it('reads the window in local time: its first instant counts, its end and what lies outside do not', () => {
    expect(months.map((m) => m.key)).toEqual(['2026-08', '2026-09', '2026-10']);
    const flags = flagsOf([
      email('2026-07-31T21:59:59.999Z'), // 31 July, 23:59 in Oslo
      email('2026-07-31T22:00:00.000Z'), // 1 August, 00:00
      email('2026-08-31T22:00:00.000Z'), // 1 September, 00:00: September's, not August's
      email('2026-10-31T22:59:59.999Z'), // 31 October, 23:59 (winter time)
      email('2026-10-31T23:00:00.000Z'), // 1 November
      email('2026-11-20T09:00:00.000Z'),
    ]);
    expect(flags.activities).toBe(3);
    expect(flags.burstsBeforeClose).toEqual([]);
  });

  it(`flags a month whose last two working days hold at least ${BURST_SHARE * 100} % of at least ${BURST_MINIMUM} activities, from the first instant of those days`, () => {
    const records = [
      // August: 14 mid-month, 6 at 00:00 on Friday 28 (weekend days are not working days): 6 of 20.
      ...many(14, (i) => `2026-08-${String(3 + i).padStart(2, '0')}T08:00:00Z`),
      ...many(6, () => '2026-08-27T22:00:00Z'),
      // September: 19, every one on its last day, too few to call a burst.
      ...many(19, (i) => `2026-09-30T0${i % 10}:00:00Z`),
      // October: 11 on its last two working days (Thursday 29, Friday 30) of 40, under 30 %; a
      // weekend day closes the month.
      ...many(29, (i) => `2026-10-${String(1 + (i % 20)).padStart(2, '0')}T08:00:00Z`),
      ...many(11, (i) => `2026-10-${i < 6 ? '29' : '30'}T10:00:00Z`),
      email('2026-10-31T10:00:00Z'),
      // Before August's last two working days, by a millisecond.
      email('2026-08-27T21:59:59.999Z'),
    ];
    const flags = flagsOf(records);
    expect(flags.activities).toBe(20 + 19 + 41 + 1);
    // August with one more activity outside its last days: 6 of 21 is under the share.
    expect(flags.burstsBeforeClose).toEqual([]);
    expect(flagsOf(records.slice(0, -1)).burstsBeforeClose).toEqual([{ periodKey: '2026-08', activities: 20, inLastDays: 6 }]);
  });

  it(`flags calls under ${SHORT_CALL_SECONDS} seconds, meetings without a contact, and calls and meetings without an outcome — only those`, () => {
    const at = '2026-10-06T09:00:00Z';
    const flags = flagsOf([
      activity({ at, type: 'call', durationMin: SHORT_CALL_SECONDS / 60, outcome: 'connected' }),
      activity({ at, type: 'call', durationMin: 9 / 60, outcome: 'connected' }),
      activity({ at, type: 'meeting', durationMin: 0.05, contactId: 'c1', outcome: 'completed' }),
      activity({ at, type: 'meeting', durationMin: 30, contactId: null, outcome: null }),
      activity({ at, type: 'call', durationMin: 3, outcome: null }),
      activity({ at, type: 'email', durationMin: 0.01, outcome: null }),
      activity({ at, type: 'task', durationMin: null, outcome: null }),
    ]);
    expect(flags).toEqual({ sellerId: 's1', shortCalls: 1, meetingsWithoutContact: 1, withoutOutcome: 2, activities: 7, burstsBeforeClose: [] });
    // No months to look at: nothing to flag.
    const none = findFlags('s1', indexBySeller({ activities: [activity({ at, type: 'call', durationMin: 0.01 })], deals: [], customers: [], checkIns: [] }).get('s1'), [], cal);
    expect(none).toEqual({ sellerId: 's1', shortCalls: 0, meetingsWithoutContact: 0, withoutOutcome: 0, activities: 0, burstsBeforeClose: [] });
  });
});
