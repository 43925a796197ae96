import fc from 'fast-check';
import { ACTIVITY_TYPES, assembleRun, isAdditiveMeasure, computeScorecards, computeSellerCard, defaultDefinition, indexBySeller, PeriodKeyError, prepareRun, ScorecardRunSchema } from '@balanced-scorecard/shared';
import { activity, checkIn, customer, deal, definitionWith, indicator, records, seller, team } from '../../../support/builders';

const round2 = (x: number) => Math.round(x * 100) / 100;
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

const meetings = indicator({ id: 'meetings', measure: { kind: 'count', source: 'activities', filter: { types: ['meeting'] } }, target: { value: 10, per: 'month', teams: {}, sellers: {} } });
const motivation = indicator({ id: 'motivation', level: 'will', unit: 'score', measure: { kind: 'latest', itemId: 'motivation', by: 'self', lookbackDays: 92 }, target: { value: 4, per: 'month', teams: {}, sellers: {} } });

function meetingsIn(month: string, n: number, sellerId = 's1') {
  return Array.from({ length: n }, (_, i) =>
    activity({ sellerId, type: 'meeting', outcome: 'completed', contactId: `k${i}`, at: `${month}-${String(2 + i).padStart(2, '0')}T10:00:00.000Z` }),
  );
}

describe('computeScorecards', () => {
  it('computes actual, target, attainment and status for a closed period, with a 6-period trend', () => {
    const def = definitionWith([meetings]);
    const run = computeScorecards({
      definition: def,
      records: records({ activities: [...meetingsIn('2026-02', 4), ...meetingsIn('2026-03', 8)] }),
      now: '2026-05-15T12:00:00Z',
      timeZone: 'UTC',
      period: 'month',
      periodKey: '2026-03',
    });
    const ind = run.sellers[0]!.indicators[0]!;
    expect(ind).toMatchObject({ actual: 8, target: 10, attainment: 0.8, status: 'amber', expected: null, statusBasis: 'target' });
    expect(ind.trend.map((p) => [p.periodKey, p.actual, p.status])).toEqual([
      ['2025-10', null, 'grey'],
      ['2025-11', null, 'grey'],
      ['2025-12', null, 'grey'],
      ['2026-01', null, 'grey'],
      ['2026-02', 4, 'red'],
      ['2026-03', 8, 'amber'],
    ]);
    expect(() => ScorecardRunSchema.parse(run)).not.toThrow();
  });

  it('paces the running period: expected = target × elapsed share of working days; the attainment shown is the one the score uses', () => {
    // 2026-03-16 12:00 UTC: 10.5 of 22 working days done.
    const run = computeScorecards({
      definition: definitionWith([meetings]),
      records: records({ activities: meetingsIn('2026-03', 5) }),
      now: '2026-03-16T12:00:00Z',
      timeZone: 'UTC',
      period: 'month',
    });
    const ind = run.sellers[0]!.indicators[0]!;
    expect(run.period).toMatchObject({ key: '2026-03', running: true });
    expect(ind.expected).toBeCloseTo((10 * 10.5) / 22, 4);
    // 5 against 4.77 expected so far (not 5 of the month's 10): what the level score is built from.
    expect(ind.attainment).toBe(round4(5 / ((10 * 10.5) / 22)));
    expect(ind.statusBasis).toBe('pace');
    expect(ind.status).toBe('green');
    expect(run.sellers[0]!.levels.find((l) => l.level === 'activity')!.score).toBe(100);
    expect(run.period.elapsedShare).toBeCloseTo(10.5 / 22, 10);
  });

  it('keeps rates, medians and answers against their full target in the running period (no pacing, no scaled target)', () => {
    const rate = indicator({ id: 'rate', measure: { kind: 'ratio', numerator: { kind: 'count', source: 'activities', filter: { types: ['meeting'] } }, denominator: { kind: 'count', source: 'activities' }, scale: 100 }, unit: 'percent', target: { value: 50, per: 'month', teams: {}, sellers: {} } });
    const run = computeScorecards({
      definition: definitionWith([rate, motivation]),
      records: records({ activities: [...meetingsIn('2026-03', 2), activity({ at: '2026-03-05T10:00:00Z', type: 'call' }), activity({ at: '2026-03-06T10:00:00Z', type: 'call' })], checkIns: [checkIn({ at: '2026-03-10T00:00:00Z', answers: { motivation: 3 } })] }),
      now: '2026-03-16T12:00:00Z',
      timeZone: 'UTC',
      period: 'month',
    });
    const [r, m] = run.sellers[0]!.indicators;
    expect([r!.actual, r!.target, r!.expected, r!.attainment, r!.statusBasis]).toEqual([50, 50, null, 1, 'target']);
    expect([m!.actual, m!.target, m!.expected, m!.attainment, m!.statusBasis]).toEqual([3, 4, null, 0.75, 'target']);
    // Answers are on a 1–5 scale, shown with it; a rate has none.
    expect([m!.scaleMax, r!.scaleMax]).toEqual([5, null]);
  });

  it('adds up targets: a quarter holds its three months’ targets, a week its share of working days', () => {
    const won = indicator({ id: 'won', level: 'result', unit: 'currency', measure: { kind: 'sum', source: 'deals', field: 'amount', filter: { isWon: true } }, target: { value: 60_000, per: 'month', teams: {}, sellers: {} } });
    const at = (period: 'quarter' | 'week', periodKey: string, holidays: string[] = []) =>
      computeScorecards({ definition: definitionWith([won], { holidays }), records: records({}), now: '2026-12-01T07:00:00Z', timeZone: 'UTC', period, periodKey }).sellers[0]!.indicators[0]!.target;
    expect(at('quarter', '2026-Q1')).toBe(180_000);
    // Week 10 of 2026 (2–6 March): 5 of March's 22 working days.
    expect(at('week', '2026-W10')).toBe(round4((60_000 * 5) / 22));
    // Week 1 (29 Dec 2025 – 2 Jan 2026) spans two months: 3 of December's 23 days and 2 of January's 22, with 1 January a holiday (21).
    expect(at('week', '2026-W01', ['2026-01-01'])).toBe(round4(60_000 * (3 / 23) + 60_000 * (1 / 21)));
    // A holiday in March leaves the month holding its own target: each of its 21 days carries more.
    expect(at('quarter', '2026-Q1', ['2026-03-10'])).toBe(180_000);
  });

  it('gives a level a score only when indicators holding half its weight have data; otherwise grey, with the coverage', () => {
    const heavy = indicator({ id: 'heavy', measure: { kind: 'count', source: 'deals' }, weight: 3 });
    const light = indicator({ id: 'light', measure: meetings.measure, weight: 1 });
    const other = indicator({ id: 'other', measure: { kind: 'count', source: 'customers' }, weight: 2 });
    const card = (parts: Parameters<typeof records>[0]) =>
      computeScorecards({ definition: definitionWith([heavy, light, other]), records: records(parts), now: '2026-05-01T00:00:00Z', timeZone: 'UTC', period: 'month', periodKey: '2026-03' }).sellers[0]!;
    // Only the meetings (1 of 6): no score, not a red number built from one indicator.
    const thin = card({ activities: meetingsIn('2026-03', 10) }).levels.find((l) => l.level === 'activity')!;
    expect([thin.score, thin.status, thin.coverage]).toEqual([null, 'grey', round4(1 / 6)]);
    // Meetings and customers (3 of 6): exactly half is enough.
    const half = card({ activities: meetingsIn('2026-03', 10), customers: [customer({ createdAt: '2026-02-01T00:00:00Z' })] }).levels.find((l) => l.level === 'activity')!;
    expect([half.score, half.coverage]).toEqual([round2(((1 * 1 + 0 * 2) / 3) * 100), 0.5]);
    expect(card({ activities: meetingsIn('2026-03', 10) }).balanceIndex).toBeNull();
  });

  it('takes the seller override before the team override before the default, and scales additive targets to the period', () => {
    const ind = indicator({ id: 'meetings', measure: meetings.measure, target: { value: 5, per: 'week', teams: { t2: 7 }, sellers: { s3: 2 } } });
    const run = computeScorecards({
      definition: definitionWith([ind]),
      records: records({
        sellers: [seller(), seller({ id: 's2', teamIds: ['t2'] }), seller({ id: 's3', teamIds: ['t2'] })],
        teams: [team(), team({ id: 't2', name: 'Two' })],
        activities: [...meetingsIn('2026-03', 1), ...meetingsIn('2026-03', 1, 's2'), ...meetingsIn('2026-03', 1, 's3')],
      }),
      now: '2026-05-01T00:00:00Z',
      timeZone: 'UTC',
      period: 'month',
      periodKey: '2026-03',
    });
    // A weekly target times the month's 22 working days over 5 working days a week.
    expect(run.sellers.map((s) => s.indicators[0]!.target)).toEqual([22, 30.8, 8.8]);
  });

  it('scores levels, the balance index beside the weighted average, and stays grey where a level has no data', () => {
    const def = definitionWith([meetings, motivation], { levelWeights: { result: 1, activity: 1, will: 1, foundation: 1 } });
    const run = computeScorecards({
      definition: def,
      records: records({ activities: meetingsIn('2026-03', 5), checkIns: [checkIn({ at: '2026-03-20T00:00:00Z', answers: { motivation: 2 } })] }),
      now: '2026-05-01T00:00:00Z',
      timeZone: 'UTC',
      period: 'month',
      periodKey: '2026-03',
    });
    const s = run.sellers[0]!;
    expect(s.levels.map((l) => [l.level, l.score, l.status])).toEqual([
      ['result', null, 'grey'],
      ['activity', 50, 'red'],
      ['will', 50, 'red'],
      ['foundation', null, 'grey'],
    ]);
    // Without all four levels there is no honest balance index.
    expect(s.balanceIndex).toBeNull();
    expect(s.weightedAverage).toBeNull();
  });

  it('makes the balance index 0 when one level is 0, however good the others are', () => {
    // The activity level's counts only, so that a seller with activity but no meeting or call has it at 0 with full coverage.
    const base = defaultDefinition({ timeZone: 'UTC' });
    const def = { ...base, indicators: base.indicators.filter((i) => i.level !== 'activity' || isAdditiveMeasure(i.measure)) };
    const answers = Object.fromEntries(def.checkInItems.map((i) => [i.id, 5]));
    const run = computeScorecards({
      definition: def,
      // Check-ins and a logged note, but no meeting, call or conversation: the activity level is 0.
      records: records({
        activities: [activity({ at: '2026-03-03T10:00:00Z', type: 'note' })],
        deals: [deal({ createdAt: '2026-01-01T00:00:00Z', closedAt: '2026-03-10T00:00:00Z', isClosed: true, isWon: true, amount: 90000 })],
        checkIns: [checkIn({ at: '2026-03-20T00:00:00Z', answers })],
      }),
      now: '2026-05-01T00:00:00Z',
      timeZone: 'UTC',
      period: 'month',
      periodKey: '2026-03',
    });
    const s = run.sellers[0]!;
    expect(s.levels.find((l) => l.level === 'activity')!.score).toBe(0);
    expect(s.levels.find((l) => l.level === 'result')!.score).toBeGreaterThan(50);
    expect(s.weightedAverage).toBeGreaterThan(50);
    expect(s.balanceIndex).toBe(0);
  });

  it('gives team medians, ranks and percentiles by balance index', () => {
    const def = defaultDefinition({ timeZone: 'UTC' });
    const people = ['s1', 's2', 's3'].map((id) => seller({ id }));
    const full = (sellerId: string, motivationAnswer: number) =>
      checkIn({
        sellerId,
        at: '2026-03-20T00:00:00Z',
        answers: Object.fromEntries(def.checkInItems.map((i) => [i.id, i.level === 'will' ? motivationAnswer : 4])),
      });
    const acts = people.flatMap((p) => meetingsIn('2026-03', 3, p.id));
    const deals = people.map((p) => ({
      tenantId: 'acme',
      id: `d-${p.id}`,
      sellerId: p.id,
      amount: 1000,
      currency: 'EUR',
      createdAt: '2026-01-01T00:00:00Z',
      closedAt: '2026-03-10T00:00:00Z',
      stage: 'won',
      isClosed: true,
      isWon: true,
      companyId: null,
      contactIds: [],
    }));
    const run = computeScorecards({
      definition: def,
      records: records({ sellers: people, activities: acts, deals, checkIns: [full('s1', 5), full('s2', 1), full('s3', 3)] }),
      now: '2026-05-01T00:00:00Z',
      timeZone: 'UTC',
      period: 'month',
      periodKey: '2026-03',
    });
    const byId = Object.fromEntries(run.sellers.map((s) => [s.sellerId, s]));
    expect(byId.s1!.balanceIndex).toBeGreaterThan(byId.s3!.balanceIndex!);
    expect(byId.s3!.balanceIndex).toBeGreaterThan(byId.s2!.balanceIndex!);
    expect(byId.s1!.standings).toEqual([{ teamId: 't1', rank: 1, of: 3, percentile: 100 }]);
    expect(byId.s2!.standings).toEqual([{ teamId: 't1', rank: 3, of: 3, percentile: 0 }]);
    expect(run.teams[0]!.medians.balanceIndex).toBe(byId.s3!.balanceIndex);
    expect(run.teams[0]!.medians.levels.will).toBe(byId.s3!.levels.find((l) => l.level === 'will')!.score);
  });

  it('reassembled with the previous run, keeps a card object only when its parts and its standings are unchanged', () => {
    const def = defaultDefinition({ timeZone: 'UTC' });
    const people = [seller({ id: 's1' }), seller({ id: 's2' }), seller({ id: 's3', teamIds: ['t2'] })];
    const teams = [team({ id: 't1' }), team({ id: 't2' })];
    const prepared = prepareRun({ definition: def, now: '2026-05-01T00:00:00Z', timeZone: 'UTC', period: 'month', periodKey: '2026-03' });
    const answers = (sellerId: string, v: number) => checkIn({ sellerId, at: '2026-03-20T00:00:00Z', answers: Object.fromEntries(def.checkInItems.map((i) => [i.id, v])) });
    const acts = people.flatMap((p) => meetingsIn('2026-03', 3, p.id));
    const won = (sellerId: string) => deal({ id: `d-${sellerId}`, sellerId, amount: 1000, createdAt: '2026-01-01T00:00:00Z', closedAt: '2026-03-10T00:00:00Z', isClosed: true, isWon: true });
    const index = indexBySeller({ activities: acts, deals: people.map((p) => won(p.id)), customers: [], checkIns: [answers('s1', 4), answers('s2', 2), answers('s3', 3)] });
    const cards = people.map((p) => computeSellerCard(prepared, p, index.get(p.id)));
    const first = assembleRun(prepared, teams, cards);
    expect(first.sellers[0]!.standings[0]!.rank).toBe(1);
    // s2 is recomputed from other records: its card changes, and with it s1's standing; s3 in another team keeps its card.
    const moved = indexBySeller({ activities: meetingsIn('2026-03', 3, 's2'), deals: [won('s2')], customers: [], checkIns: [answers('s2', 5)] });
    const s2 = computeSellerCard(prepared, people[1]!, moved.get('s2'));
    const second = assembleRun(prepared, teams, [cards[0]!, s2, cards[2]!], first);
    expect(second.sellers[2]).toBe(first.sellers[2]);
    expect(second.sellers[1]).not.toBe(first.sellers[1]);
    expect(second.sellers[0]!.standings).not.toEqual(first.sellers[0]!.standings);
    expect(second.sellers[0]).not.toBe(first.sellers[0]);
    // The same cards again: every card object is kept.
    const third = assembleRun(prepared, teams, [cards[0]!, s2, cards[2]!], second);
    expect(third.sellers.every((s, i) => s === second.sellers[i])).toBe(true);
    expect(assembleRun(prepared, teams, [cards[0]!, s2, cards[2]!]).sellers[2]).not.toBe(second.sellers[2]);
  });

  it('refuses a period key of another kind', () => {
    expect(() =>
      computeScorecards({ definition: definitionWith([meetings]), records: records({}), now: '2026-05-01T00:00:00Z', timeZone: 'UTC', period: 'month', periodKey: '2026-Q1' }),
    ).toThrow(PeriodKeyError);
  });

  it('never yields NaN or Infinity, whatever the records (empty data included)', () => {
    const def = defaultDefinition({ timeZone: 'Europe/Oslo' });
    const instant = fc.integer({ min: Date.parse('2025-06-01T00:00:00Z'), max: Date.parse('2026-06-01T00:00:00Z') }).map((t) => new Date(t).toISOString());
    const act = fc.record({
      at: instant,
      type: fc.constantFrom(...ACTIVITY_TYPES),
      outcome: fc.constantFrom(null, 'completed' as const, 'connected' as const, 'no_show' as const),
      durationMin: fc.option(fc.double({ min: 0, max: 600, noNaN: true })),
      contactId: fc.option(fc.constantFrom('k1', 'k2', 'k3')),
      companyId: fc.option(fc.constantFrom('co1', 'co2')),
    });
    fc.assert(
      fc.property(fc.array(act, { maxLength: 40 }), fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 3 }), (acts, answers) => {
        const run = computeScorecards({
          definition: def,
          records: records({
            activities: acts.map((a) => activity(a)),
            checkIns: answers.map((v, i) => checkIn({ at: `2026-0${i + 3}-10T00:00:00.000Z`, answers: { motivation: v, energy: v } })),
          }),
          now: '2026-05-20T00:00:00Z',
          timeZone: def.timeZone,
          period: 'month',
        });
        const numbers: number[] = [];
        JSON.stringify(run, (_k, v: unknown) => {
          if (typeof v === 'number') numbers.push(v);
          return v;
        });
        expect(numbers.every(Number.isFinite)).toBe(true);
        expect(() => ScorecardRunSchema.parse(run)).not.toThrow();
      }),
      { numRuns: 60 },
    );
  });
});
