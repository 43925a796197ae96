import {
  buildCalendar,
  computeScorecards,
  createZoneClock,
  defaultDefinition,
  evaluateMeasure,
  indexBySeller,
  MeasureSpecSchema,
  periodContaining,
  periodFromKey,
  rankDescending,
  weightedGeometricMean,
  weightedMean,
  type RecordSet,
} from '@balanced-scorecard/shared';
import { activity, checkIn, deal, definitionWith, indicator, records, seller, team } from '../../../support/builders';

/**
 * Edges an independent mutation run found unguarded: each test names the change it catches.
 * Values are worked out by hand in the comments.
 */
const MARCH = { startMs: Date.parse('2026-03-01T00:00:00Z'), endMs: Date.parse('2026-04-01T00:00:00Z') };
const LATER = Date.parse('2026-06-01T00:00:00Z');

function measure(spec: unknown, parts: Partial<RecordSet>, toBase = (a: number, c: string) => (c === 'EUR' ? a : c === 'NOK' ? a * 0.1 : null)) {
  const records = indexBySeller({ activities: [], deals: [], customers: [], checkIns: [], ...parts }).get('s1')!;
  return evaluateMeasure(MeasureSpecSchema.parse(spec), records, { ...MARCH, nowMs: LATER, asOfMs: MARCH.endMs, toBaseCurrency: toBase });
}

describe('scoring', () => {
  it('weighs the geometric mean: 25 with weight 3 and 100 with weight 1 is 25^¾ × 100^¼ ≈ 35.36, not the unweighted 50', () => {
    expect(weightedGeometricMean([{ value: 25, weight: 3 }, { value: 100, weight: 1 }])).toBeCloseTo(35.3553, 3);
  });

  it('leaves out zero and negative weights from both means', () => {
    const items = [{ value: 80, weight: 1 }, { value: 10, weight: 0 }, { value: 0, weight: -1 }];
    expect(weightedMean(items)).toBe(80);
    expect(weightedGeometricMean(items)).toBeCloseTo(80, 10);
  });

  it('gives a lone seller the 100th percentile, and shares a rank between equal values; grey sellers are not ranked', () => {
    expect(rankDescending([{ id: 'a', value: 40 }])).toEqual([{ id: 'a', rank: 1, of: 1, percentile: 100 }]);
    expect(rankDescending([{ id: 'a', value: 40 }, { id: 'b', value: 40 }, { id: 'c', value: 10 }, { id: 'd', value: null }])).toEqual([
      { id: 'a', rank: 1, of: 3, percentile: 50 },
      { id: 'b', rank: 1, of: 3, percentile: 50 },
      { id: 'c', rank: 3, of: 3, percentile: 0 },
    ]);
  });

  it('turns level statuses at 90 and 70 exactly', () => {
    const meetings = indicator({ id: 'm', measure: { kind: 'count', source: 'activities', filter: { types: ['meeting'] } }, target: { value: 10, per: 'month', teams: {}, sellers: {} } });
    const statusWith = (n: number) => {
      const acts = Array.from({ length: n }, (_, i) => activity({ at: `2026-03-${String(2 + i).padStart(2, '0')}T10:00:00Z`, type: 'meeting' }));
      return computeScorecards({ definition: definitionWith([meetings]), records: records({ activities: acts }), now: LATER, timeZone: 'UTC', period: 'month', periodKey: '2026-03' }).sellers[0]!.levels.find((l) => l.level === 'activity')!;
    };
    expect([statusWith(9).score, statusWith(9).status]).toEqual([90, 'green']);
    expect(statusWith(8).status).toBe('amber');
    expect(statusWith(7).status).toBe('amber');
    expect(statusWith(6).status).toBe('red');
  });

  it('takes team medians from the team’s own sellers only', () => {
    const def = definitionWith([indicator({ id: 'm', measure: { kind: 'count', source: 'activities' }, target: { value: 4, per: 'month', teams: {}, sellers: {} } })]);
    const acts = (sellerId: string, n: number) => Array.from({ length: n }, (_, i) => activity({ sellerId, at: `2026-03-${String(2 + i).padStart(2, '0')}T10:00:00Z` }));
    const run = computeScorecards({
      definition: def,
      records: records({ sellers: [seller({ id: 's1' }), seller({ id: 's2' }), seller({ id: 's3', teamIds: ['t2'] })], teams: [team(), team({ id: 't2' })], activities: [...acts('s1', 1), ...acts('s2', 3), ...acts('s3', 4)] }),
      now: LATER,
      timeZone: 'UTC',
      period: 'month',
      periodKey: '2026-03',
    });
    // t1: 25 and 75 → 50; t2: 100 alone.
    expect(run.teams.map((t) => [t.teamId, t.medians.levels.activity])).toEqual([
      ['t1', 50],
      ['t2', 100],
    ]);
  });
});

describe('measures', () => {
  it('multiplies by the exchange rate, and leaves out an amount in a currency without one (never 1:1)', () => {
    const won = { kind: 'sum', source: 'deals', field: 'amount', filter: { isWon: true } };
    const deals = [
      deal({ createdAt: '2026-02-01T00:00:00Z', closedAt: '2026-03-05T00:00:00Z', isClosed: true, isWon: true, amount: 1000, currency: 'NOK' }),
      deal({ createdAt: '2026-02-01T00:00:00Z', closedAt: '2026-03-06T00:00:00Z', isClosed: true, isWon: true, amount: 5000, currency: 'SEK' }),
      deal({ createdAt: '2026-02-01T00:00:00Z', closedAt: '2026-03-07T00:00:00Z', isClosed: true, isWon: true, amount: 200, currency: 'EUR' }),
    ];
    // 1000 NOK × 0.1 = 100, SEK unknown: left out, EUR 200 → 300.
    expect(measure(won, { deals })).toBe(300);
  });

  it('keeps an isWon: false filter: lost deals only', () => {
    const lost = { kind: 'count', source: 'deals', filter: { isClosed: true, isWon: false } };
    const deals = [
      deal({ createdAt: '2026-02-01T00:00:00Z', closedAt: '2026-03-05T00:00:00Z', isClosed: true, isWon: true }),
      deal({ createdAt: '2026-02-01T00:00:00Z', closedAt: '2026-03-06T00:00:00Z', isClosed: true, isWon: false }),
    ];
    expect(measure(lost, { deals })).toBe(1);
  });

  it('filters by duration at the boundary: 5 minutes counts for "at least 5", 4 does not, none does not', () => {
    const spec = { kind: 'count', source: 'activities', filter: { types: ['call'], minDurationMin: 5 } };
    const activities = [activity({ at: '2026-03-02T10:00:00Z', durationMin: 5 }), activity({ at: '2026-03-02T11:00:00Z', durationMin: 4 }), activity({ at: '2026-03-02T12:00:00Z', durationMin: null })];
    expect(measure(spec, { activities })).toBe(1);
  });

  it('counts a deal’s contacts once, however often the deal lists them', () => {
    const deals = [deal({ createdAt: '2026-02-01T00:00:00Z', contactIds: ['k1', 'k1', 'k2'] })];
    const activities = [activity({ at: '2026-03-20T00:00:00Z', contactId: 'k1' }), activity({ at: '2026-03-21T00:00:00Z', contactId: 'k2' })];
    expect(measure({ kind: 'contactsPerOpenDeal' }, { deals, activities })).toBe(2);
  });

  it('lead response at the cap boundary: answered exactly at the cap counts its hours, a minute later counts at the cap', () => {
    const customers = [{ tenantId: 'acme', id: 'lead', kind: 'contact' as const, sellerId: 's1', createdAt: '2026-03-02T08:00:00Z', becameCustomerAt: null, potential: null, satisfaction: null }];
    expect(measure({ kind: 'leadResponseTime', capHours: 4 }, { customers, activities: [activity({ at: '2026-03-02T12:00:00Z', contactId: 'lead' })] })).toBe(4);
    expect(measure({ kind: 'leadResponseTime', capHours: 4 }, { customers, activities: [activity({ at: '2026-03-02T11:59:00Z', contactId: 'lead' })] })).toBeCloseTo(3.9833, 3);
    expect(measure({ kind: 'leadResponseTime', capHours: 4 }, { customers, activities: [activity({ at: '2026-03-02T12:01:00Z', contactId: 'lead' })] })).toBe(4);
  });

  it('takes the latest answer in the period and not one given exactly at its end', () => {
    const spec = { kind: 'latest', itemId: 'motivation' };
    const checkIns = [checkIn({ at: '2026-03-10T00:00:00Z', answers: { motivation: 2 } }), checkIn({ at: '2026-04-01T00:00:00Z', answers: { motivation: 5 } })];
    expect(measure(spec, { checkIns })).toBe(2);
  });
});

describe('periods and time zones', () => {
  const calendar = (timeZone: string, weekStartsOn: 0 | 1 | 6 = 1) => buildCalendar({ ...defaultDefinition({ timeZone }), weekStartsOn }, timeZone);

  it('starts weeks on the tenant’s day, also when that day comes later in the week than the date (no negative modulo)', () => {
    // Monday 2 March 2026: a week starting on Saturday began on 28 February; on Sunday, on 1 March.
    const monday = Date.parse('2026-03-02T12:00:00Z');
    expect(new Date(periodContaining('week', monday, calendar('UTC', 6)).startMs).toISOString()).toBe('2026-02-28T00:00:00.000Z');
    expect(new Date(periodContaining('week', monday, calendar('UTC', 0)).startMs).toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(new Date(periodContaining('week', monday, calendar('UTC', 1)).startMs).toISOString()).toBe('2026-03-02T00:00:00.000Z');
  });

  it('refuses month 00 and 13', () => {
    expect(periodFromKey('2026-00', calendar('UTC'))).toBeNull();
    expect(periodFromKey('2026-13', calendar('UTC'))).toBeNull();
    expect(periodFromKey('2026-12', calendar('UTC'))?.key).toBe('2026-12');
  });

  it('finds local midnight on both sides of a DST change, in a zone whose change skips midnight, and in zones at :30 and :45', () => {
    // Oslo: 29 March 2026 02:00 → 03:00; midnights are at 23:00 UTC before and 22:00 UTC after.
    const oslo = createZoneClock('Europe/Oslo');
    const mar29 = oslo.civilDayAt(Date.parse('2026-03-29T12:00:00Z'));
    expect(new Date(oslo.startOfCivilDay(mar29)).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(new Date(oslo.startOfCivilDay(mar29 + 1)).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    // Santiago: on 6 September 2026 clocks go from 00:00 to 01:00, so the day starts at 01:00 local (04:00 UTC).
    const santiago = createZoneClock('America/Santiago');
    const sep6 = santiago.civilDayAt(Date.parse('2026-09-06T12:00:00Z'));
    expect(new Date(santiago.startOfCivilDay(sep6)).toISOString()).toBe('2026-09-06T04:00:00.000Z');
    // Kolkata (+5:30) and Kathmandu (+5:45): offsets within the hour.
    expect(new Date(createZoneClock('Asia/Kolkata').startOfCivilDay(createZoneClock('Asia/Kolkata').civilDayAt(Date.parse('2026-03-10T12:00:00Z')))).toISOString()).toBe('2026-03-09T18:30:00.000Z');
    const kathmandu = createZoneClock('Asia/Kathmandu');
    // 18:14 UTC is 23:59 local, 18:15 UTC is 00:00 the next day: a memo per hour would get one of them wrong.
    expect(kathmandu.civilDayAt(Date.parse('2026-03-10T18:14:00Z'))).toBe(kathmandu.civilDayAt(Date.parse('2026-03-10T12:00:00Z')));
    expect(kathmandu.civilDayAt(Date.parse('2026-03-10T18:15:00Z'))).toBe(kathmandu.civilDayAt(Date.parse('2026-03-10T12:00:00Z')) + 1);
  });
});
