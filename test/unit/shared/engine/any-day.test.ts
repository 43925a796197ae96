import fc from 'fast-check';
import { buildCalendar, computeScorecards, defaultDefinition, defaultPeriod, generateDemoData, type ScorecardRun } from '@balanced-scorecard/shared';
import { activity, checkIn, customer, deal, definitionWith, indicator, records } from '../../../support/builders';

/**
 * A scorecard is true on any day (DESIGN §5): on the 1st of a month at 08:00, on the 2nd and on
 * the 20th, in months with a daylight-saving change, the running period shows what is known by
 * now and nothing is 0 merely because the period has just begun.
 */
const ZONE = 'Europe/Oslo';
// 08:00 in Oslo: CET (UTC+1) before 29 March and after 25 October 2026, CEST (UTC+2) between.
const MORNINGS = [
  ['1 March, 08:00 CET', '2026-03-01T07:00:00.000Z'],
  ['2 March, 08:00 CET', '2026-03-02T07:00:00.000Z'],
  ['20 March, 08:00 CET', '2026-03-20T07:00:00.000Z'],
  ['30 March, 08:00 CEST, the day after the change', '2026-03-30T06:00:00.000Z'],
  ['1 October, 08:00 CEST', '2026-10-01T06:00:00.000Z'],
  ['26 October, 08:00 CET, the day after the change', '2026-10-26T07:00:00.000Z'],
] as const;

function runAt(now: string, periodKey?: string): ScorecardRun {
  const definition = defaultDefinition({ timeZone: ZONE });
  const data = generateDemoData({ tenantId: 'demo', seed: 11, now, teams: 2, sellersPerTeam: 6, months: 4 });
  return computeScorecards({ definition, records: data, now, timeZone: ZONE, period: 'month', ...(periodKey ? { periodKey } : {}) });
}

describe('the running month on any day', () => {
  it.each(MORNINGS)('on %s no level is 0 and no indicator shows a pace it cannot judge yet', (_when, now) => {
    const run = runAt(now);
    expect(run.period.running).toBe(true);
    for (const card of run.sellers) {
      for (const level of card.levels) {
        // Grey ("not enough data yet") is honest; a red 0 built from a few hours is not.
        if (level.score !== null) expect(level.score).toBeGreaterThan(0);
        if (level.score === null) expect(level.status).toBe('grey');
      }
      if (card.balanceIndex !== null) expect(card.balanceIndex).toBeGreaterThan(0);
      for (const i of card.indicators) if (i.statusBasis === 'pace' && run.period.elapsedShare < 0.2) expect([i.attainment, i.status]).toEqual([null, 'grey']);
    }
  });

  it('on the 1st, measures with a window ending at the period end look back from now: last month’s contacts, answers and open deals count', () => {
    const first = runAt('2026-03-01T07:00:00.000Z');
    const value = (run: ScorecardRun, id: string) => run.sellers.map((s) => s.indicators.find((i) => i.indicatorId === id)!.actual);
    // Every demo seller has open deals and recent check-ins: as of now they have values, not 0 or grey.
    expect(value(first, 'contacts_per_open_deal').every((v) => v !== null && v > 0)).toBe(true);
    expect(value(first, 'motivation').every((v) => v !== null)).toBe(true);
    // Values keep their scales: answers 1–5, satisfaction 0–10.
    const scale = (id: string) => first.sellers[0]!.indicators.find((i) => i.indicatorId === id)!.scaleMax;
    expect([scale('motivation'), scale('customer_satisfaction'), scale('won_revenue')]).toEqual([5, 10, null]);
    // The will level is there from the first hour: its answers are as of now.
    expect(first.sellers.every((s) => s.levels.find((l) => l.level === 'will')!.score !== null)).toBe(true);
  });

  it('opens on the last complete month while less than a fifth of the running one is behind it, with a spread of real scores', () => {
    const cal = buildCalendar(defaultDefinition({ timeZone: ZONE }), ZONE);
    expect(defaultPeriod('month', Date.parse('2026-03-01T07:00:00.000Z'), cal).key).toBe('2026-02');
    expect(defaultPeriod('month', Date.parse('2026-03-02T07:00:00.000Z'), cal).key).toBe('2026-02');
    // 1 December 2026 at 08:00 (a Tuesday): the month that just ended.
    expect(defaultPeriod('month', Date.parse('2026-12-01T07:00:00.000Z'), cal).key).toBe('2026-11');
    expect(defaultPeriod('month', Date.parse('2026-03-20T07:00:00.000Z'), cal).key).toBe('2026-03');
    // March 2026 has 22 working days: a fifth (4.4) is behind it during Friday 6 March.
    expect(defaultPeriod('month', Date.parse('2026-03-06T07:00:00.000Z'), cal).key).toBe('2026-02');
    expect(defaultPeriod('month', Date.parse('2026-03-06T22:00:00.000Z'), cal).key).toBe('2026-03');
    // A week: Monday shows last week, from Tuesday on this one; a quarter's first weeks show the last quarter.
    expect(defaultPeriod('week', Date.parse('2026-03-02T07:00:00.000Z'), cal).key).toBe('2026-W09');
    expect(defaultPeriod('week', Date.parse('2026-03-03T07:00:00.000Z'), cal).key).toBe('2026-W10');
    expect(defaultPeriod('quarter', Date.parse('2026-04-02T06:00:00.000Z'), cal).key).toBe('2026-Q1');

    const february = runAt('2026-03-01T07:00:00.000Z', '2026-02');
    const indices = february.sellers.map((s) => s.balanceIndex);
    expect(indices.every((v) => v !== null && v > 0)).toBe(true);
    expect(new Set(indices).size).toBeGreaterThan(6);
  });
});

describe('the coverage rule', () => {
  const sources = ['activities', 'deals', 'customers'] as const;
  it('never gives a level a score from indicators holding less than half its weight', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ source: fc.constantFrom(...sources, 'answer' as const), weight: fc.integer({ min: 1, max: 5 }) }), { minLength: 1, maxLength: 6 }),
        fc.subarray([...sources, 'answer' as const]),
        (specs, present) => {
          const indicators = specs.map((spec, k) =>
            indicator({
              id: `i${k}`,
              weight: spec.weight,
              measure: spec.source === 'answer' ? { kind: 'latest', itemId: 'motivation' } : { kind: 'count', source: spec.source },
              ...(spec.source === 'answer' ? { unit: 'score' as const, target: { value: 4, per: 'month' as const } } : {}),
            }),
          );
          const has = (s: string) => present.includes(s as never);
          const card = computeScorecards({
            definition: definitionWith(indicators),
            records: records({
              activities: has('activities') ? [activity({ at: '2026-03-03T10:00:00Z' })] : [],
              deals: has('deals') ? [deal({ createdAt: '2026-03-04T10:00:00Z' })] : [],
              customers: has('customers') ? [customer({ createdAt: '2026-03-05T10:00:00Z' })] : [],
              checkIns: has('answer') ? [checkIn({ at: '2026-03-06T10:00:00Z', answers: { motivation: 3 } })] : [],
            }),
            now: '2026-05-01T00:00:00Z',
            timeZone: 'UTC',
            period: 'month',
            periodKey: '2026-03',
          }).sellers[0]!;
          const level = card.levels.find((l) => l.level === 'activity')!;
          const total = card.indicators.reduce((w, i) => w + i.weight, 0);
          const covered = card.indicators.filter((i) => i.actual !== null).reduce((w, i) => w + i.weight, 0);
          expect(level.coverage).toBeCloseTo(covered / total, 4);
          expect(level.score !== null).toBe(covered * 2 >= total);
        },
      ),
      { numRuns: 300, seed: 20261202 },
    );
  });
});
