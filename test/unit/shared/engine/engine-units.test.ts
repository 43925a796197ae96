import { buildCalendar, civilDayFromDate, computeAttainment, createZoneClock, defaultDefinition, lastCompletePeriod, periodFromKey, periodKindOfKey, periodName, rankDescending, recentPeriods, round, weightedGeometricMean } from '@balanced-scorecard/shared';

const oslo = buildCalendar(defaultDefinition(), 'Europe/Oslo');

describe('period keys and names', () => {
  it('tells the kind of a key, and nothing for what is not one', () => {
    expect(periodKindOfKey('2026-10')).toBe('month');
    expect(periodKindOfKey('2026-W05')).toBe('week');
    expect(periodKindOfKey('2026-Q3')).toBe('quarter');
    expect(periodKindOfKey('October')).toBeNull();
    expect(periodFromKey('2026-W05', oslo)!.kind).toBe('week');
  });

  it('names a period for people in their locale, and leaves what is not a key as it is', () => {
    expect(periodName('2026-01', 'en-GB')).toBe('January 2026');
    expect(periodName('2026-12', 'de-DE')).toBe('Dezember 2026');
    expect(periodName('2026-W05', 'en-GB')).toBe('Week 5, 2026');
    expect(periodName('2026-Q3', 'en-GB')).toBe('Q3 2026');
    expect(periodName('soon', 'en-GB')).toBe('soon');
  });

  it('finds the last complete period and the recent ones, newest first, in local time', () => {
    // 08:00 in Oslo on 1 December is 07:00Z: November has just ended there.
    const now = Date.parse('2026-12-01T07:00:00Z');
    expect(lastCompletePeriod('month', now, oslo).key).toBe('2026-11');
    expect(lastCompletePeriod('quarter', now, oslo).key).toBe('2026-Q3');
    expect(recentPeriods('month', now, 3, oslo).map((p) => p.key)).toEqual(['2026-12', '2026-11', '2026-10']);
    // 23:30Z on 30 November is already December in Oslo.
    expect(recentPeriods('month', Date.parse('2026-11-30T23:30:00Z'), 1, oslo).map((p) => p.key)).toEqual(['2026-12']);
  });
});

describe('scoring at its edges', () => {
  it('gives no attainment for values that are not finite, and full credit to a "down" actual of 0', () => {
    expect(computeAttainment(NaN, 10, 'up')).toBe(0);
    expect(computeAttainment(5, NaN, 'up')).toBe(0);
    expect(computeAttainment(5, Infinity, 'down')).toBe(0);
    expect(computeAttainment(0, 0, 'down')).toBe(1.5);
    expect(computeAttainment(0, 4, 'down')).toBe(1.5);
  });

  it('leaves out of the geometric mean what has no weight, and is 0 at any value of 0 or below', () => {
    expect(weightedGeometricMean([])).toBeNull();
    expect(weightedGeometricMean([{ value: 50, weight: 0 }])).toBeNull();
    expect(weightedGeometricMean([{ value: 0, weight: 0 }, { value: 50, weight: 1 }])).toBeCloseTo(50, 10);
    expect(weightedGeometricMean([{ value: -5, weight: 1 }, { value: 50, weight: 1 }])).toBe(0);
  });

  it('ranks only entries with a finite value, and rounds nothing that is not a number', () => {
    expect(rankDescending([{ id: 'a', value: NaN }, { id: 'b', value: null }, { id: 'c', value: 3 }])).toEqual([{ id: 'c', rank: 1, of: 1, percentile: 100 }]);
    expect(round(NaN)).toBeNull();
    expect(round(Infinity)).toBeNull();
    expect(round(null)).toBeNull();
    expect(round(1.23456)).toBe(1.2346);
  });
});

describe('the zone clock', () => {
  it('reads local parts to the second', () => {
    expect(createZoneClock('Europe/Oslo').partsAt(Date.parse('2026-10-25T01:02:03Z'))).toEqual({ year: 2026, month: 10, day: 25, hour: 2, minute: 2, second: 3 });
  });

  it('finds midnight on a day whose noon is past the end of summer time (Auckland, 5 April 2026)', () => {
    // Summer time ends at 03:00 local (14:00Z the day before): that midnight is still at +13.
    const auckland = createZoneClock('Pacific/Auckland');
    expect(new Date(auckland.startOfCivilDay(civilDayFromDate(2026, 4, 5))).toISOString()).toBe('2026-04-04T11:00:00.000Z');
    expect(new Date(auckland.startOfCivilDay(civilDayFromDate(2026, 4, 6))).toISOString()).toBe('2026-04-05T12:00:00.000Z');
  });
});
