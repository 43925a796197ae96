import { assembleRun, buildCalendar, computeScorecards, computeSellerCard, PeriodKeyError, prepareRun, settlingMs, targetShare, periodFromKey, type SellerScorecard } from '@balanced-scorecard/shared';
import { activity, checkIn, deal, definitionWith, indicator, records, seller, team } from '../../../support/builders';

const HOUR = 3_600_000;
const NOW = '2026-11-20T12:00:00Z';
const month = (def: ReturnType<typeof definitionWith>, key = '2026-10') => ({ definition: def, now: NOW, timeZone: 'UTC', period: 'month' as const, periodKey: key });

const meetings = indicator({ id: 'meetings', measure: { kind: 'count', source: 'activities', filter: { types: ['meeting'] } }, target: { value: 10, per: 'month' } });
const motivation = indicator({ id: 'motivation', level: 'will', unit: 'score', measure: { kind: 'latest', itemId: 'motivation', by: 'self', lookbackDays: 92 }, target: { value: 4, per: 'month' } });
const skills = indicator({ id: 'skills', level: 'foundation', unit: 'score', measure: { kind: 'latest', itemId: 'sales_skills', by: 'self', lookbackDays: 92 }, target: { value: 4, per: 'month' } });
const revenue = indicator({ id: 'revenue', level: 'result', unit: 'currency', measure: { kind: 'sum', source: 'deals', field: 'amount', dateField: 'closedAt', filter: { isWon: true } }, target: { value: 1000, per: 'month' } });
const fourLevels = [revenue, meetings, motivation, skills];

describe('how long a closed period still settles', () => {
  const def = (...ms: object[]) => definitionWith(ms.map((measure, i) => indicator({ id: `i${i}`, measure: measure as never })));
  it('is the longest wait of its measures, and nothing for measures that do not wait', () => {
    expect(settlingMs(def({ kind: 'count', source: 'activities' }))).toBe(0);
    expect(settlingMs(def({ kind: 'meetingToDealConversion', withinDays: 3 }))).toBe(72 * HOUR);
    expect(settlingMs(def({ kind: 'leadResponseTime', capHours: 50 }))).toBe(50 * HOUR);
    expect(settlingMs(def({ kind: 'followUpAfterMeeting', withinHours: 6 }))).toBe(30 * HOUR);
    expect(settlingMs(def({ kind: 'leadResponseTime', capHours: 100 }, { kind: 'meetingToDealConversion', withinDays: 2 }, { kind: 'followUpAfterMeeting', withinHours: 24 }))).toBe(100 * HOUR);
    expect(settlingMs(def({ kind: 'followUpAfterMeeting', withinHours: 80 }, { kind: 'leadResponseTime', capHours: 10 }, { kind: 'meetingToDealConversion', withinDays: 1 }))).toBe(104 * HOUR);
    expect(settlingMs(def({ kind: 'meetingToDealConversion', withinDays: 9 }, { kind: 'followUpAfterMeeting', withinHours: 1 }))).toBe(216 * HOUR);
  });
});

describe('a prepared run', () => {
  it('refuses an instant that is not one, and a key of another kind of period, saying which', () => {
    expect(() => prepareRun({ ...month(definitionWith([meetings])), now: 'soon' })).toThrow(new RangeError('now is not a valid instant'));
    expect(() => prepareRun({ ...month(definitionWith([meetings])), periodKey: '2026-Q3' })).toThrow(new PeriodKeyError('"2026-Q3" is not a month key'));
  });

  it('holds, per period, its share of week, month and quarter targets', () => {
    const def = definitionWith([meetings]);
    const prepared = prepareRun(month(def));
    const cal = buildCalendar(def, 'UTC');
    const october = periodFromKey('2026-10', cal)!;
    expect(prepared.shares.at(-1)).toEqual({ week: targetShare(october, 'week', cal), month: 1, quarter: targetShare(october, 'quarter', cal) });
    expect(prepared.shares.at(-1)!.week).toBeGreaterThan(4);
    expect(prepared.shares.at(-1)!.quarter).toBeGreaterThan(0.3);
  });

  it('turns amounts into the display currency by multiplying with the rate, and leaves out a currency without one', () => {
    const def = definitionWith([revenue], { currency: 'EUR', exchangeRates: { USD: 0.5 } });
    const won = (amount: number, currency: string) => deal({ amount, currency, createdAt: '2026-09-01T00:00:00Z', closedAt: '2026-10-10T00:00:00Z', isClosed: true, isWon: true, stage: 'won' });
    const run = computeScorecards({ ...month(def), records: records({ deals: [won(100, 'EUR'), won(300, 'USD'), won(1000, 'SEK')] }) });
    expect(run.sellers[0]!.indicators[0]!.actual).toBe(250);
  });

  it("takes a seller's own target, else their team's, else the default — whichever kind of override the indicator has", () => {
    const sellers = [seller({ id: 's1', teamIds: ['t1'] }), seller({ id: 's2', teamIds: ['t2'] })];
    const teams = [team({ id: 't1' }), team({ id: 't2' })];
    const targetsOf = (target: { sellers?: Record<string, number>; teams?: Record<string, number> }) => {
      const def = definitionWith([{ ...meetings, target: { value: 10, per: 'month', ...target } }]);
      return computeScorecards({ ...month(def), records: records({ sellers, teams }) }).sellers.map((s) => s.indicators[0]!.target);
    };
    expect(targetsOf({})).toEqual([10, 10]);
    expect(targetsOf({ sellers: { s2: 20 } })).toEqual([10, 20]);
    expect(targetsOf({ teams: { t1: 30 } })).toEqual([30, 10]);
    expect(targetsOf({ sellers: { s1: 5 }, teams: { t1: 30, t2: 40 } })).toEqual([5, 40]);
  });

  it('scales additive targets to a quarter and leaves a rate’s target as it is', () => {
    const rate = indicator({ id: 'connect_rate', unit: 'percent', measure: { kind: 'ratio', numerator: { kind: 'count', source: 'activities', filter: { types: ['call'], outcomes: ['connected'] } }, denominator: { kind: 'count', source: 'activities', filter: { types: ['call'] } } }, target: { value: 0.3, per: 'month' } });
    const def = definitionWith([meetings, rate]);
    const run = computeScorecards({ definition: def, now: NOW, timeZone: 'UTC', period: 'quarter', periodKey: '2026-Q3', records: records({}) });
    expect(run.sellers[0]!.indicators.map((i) => i.target)).toEqual([30, 0.3]);
  });

  it('says which levels are withheld whole, leaves them out of the index, and gives their indicators no value', () => {
    const def = definitionWith(fourLevels);
    const data = records({
      deals: [deal({ amount: 800, createdAt: '2026-09-01T00:00:00Z', closedAt: '2026-10-10T00:00:00Z', isClosed: true, isWon: true, stage: 'won' })],
      activities: Array.from({ length: 8 }, (_, i) => activity({ type: 'meeting', outcome: 'completed', contactId: `k${i}`, at: `2026-10-${String(5 + i).padStart(2, '0')}T10:00:00Z` })),
      checkIns: [checkIn({ at: '2026-10-20T10:00:00Z', answers: { motivation: 2, sales_skills: 3 } })],
    });
    const shown = computeScorecards({ ...month(def), records: data }).sellers[0]!;
    expect(shown.withheldLevels).toEqual([]);
    expect(shown.levels.map((l) => l.score)).toEqual([80, 80, 50, 75]);
    const willHidden = computeScorecards({ ...month(def), records: data, withheld: new Set(['motivation']) }).sellers[0]!;
    expect(willHidden.withheldLevels).toEqual(['will']);
    expect(willHidden.indicators[2]!.trend.every((p) => p.actual === null)).toBe(true);
    expect(willHidden.levels.find((l) => l.level === 'will')!.score).toBeNull();
    // The index of the three levels left, not null for a level that is hidden rather than empty.
    expect(willHidden.balanceIndex).not.toBeNull();
    expect(willHidden.balanceIndex).toBeGreaterThan(shown.balanceIndex!);
    const oneOfTwo = computeScorecards({ ...month(definitionWith([...fourLevels, { ...motivation, id: 'energy', measure: { kind: 'latest', itemId: 'energy', by: 'self', lookbackDays: 92 } }])), records: data, withheld: new Set(['motivation']) }).sellers[0]!;
    expect(oneOfTwo.withheldLevels).toEqual([]);
    // A level without indicators is not withheld: it is missing, and the index with it.
    const noWill = computeScorecards({ ...month(definitionWith([revenue, meetings, skills])), records: data, withheld: new Set(['motivation']) }).sellers[0]!;
    expect(noWill.withheldLevels).toEqual([]);
    expect(noWill.balanceIndex).toBeNull();
    const allHidden = computeScorecards({ ...month(def), records: data, withheld: new Set(fourLevels.map((i) => i.id)) }).sellers[0]!;
    expect(allHidden.withheldLevels).toEqual(['result', 'activity', 'will', 'foundation']);
    expect(allHidden.balanceIndex).toBeNull();
    expect(allHidden.weightedAverage).toBeNull();
  });

  it('gives answers a 1–5 scale, satisfaction a 0–10 one, and other measures none', () => {
    const scale = (measure: object) => computeScorecards({ ...month(definitionWith([indicator({ id: 'x', unit: 'score', measure: measure as never })])), records: records({}) }).sellers[0]!.indicators[0]!.scaleMax;
    expect(scale({ kind: 'latest', itemId: 'motivation' })).toBe(5);
    expect(scale({ kind: 'average', source: 'customers', field: 'satisfaction' })).toBe(10);
    expect(scale({ kind: 'median', source: 'customers', field: 'satisfaction' })).toBe(10);
    expect(scale({ kind: 'average', source: 'customers', field: 'potential' })).toBeNull();
    expect(scale({ kind: 'median', source: 'deals', field: 'amount' })).toBeNull();
    expect(scale({ kind: 'sum', source: 'customers', field: 'satisfaction' })).toBeNull();
    expect(scale({ kind: 'count', source: 'customers' })).toBeNull();
  });

  it('reads records given in part, and a seller card has no standings until the run is assembled', () => {
    const def = definitionWith([meetings]);
    const run = computeScorecards({ ...month(def), records: { sellers: [seller()], teams: [team()] } });
    expect(run.sellers[0]!.indicators[0]!.actual).toBeNull();
    const card = computeSellerCard(prepareRun(month(def)), seller(), undefined);
    expect(card.standings).toEqual([]);
  });
});

describe('team medians', () => {
  it("are over the sellers with a value, every level and the two indices, and a team without sellers has none", () => {
    const def = definitionWith(fourLevels);
    const sellers = [seller({ id: 's1' }), seller({ id: 's2' }), seller({ id: 's3' })];
    const wonFor = (sellerId: string, amount: number) => deal({ sellerId, amount, createdAt: '2026-09-01T00:00:00Z', closedAt: '2026-10-10T00:00:00Z', isClosed: true, isWon: true, stage: 'won' });
    const meetingsFor = (sellerId: string, n: number) => Array.from({ length: n }, (_, i) => activity({ sellerId, type: 'meeting', outcome: 'completed', contactId: `k${i}`, at: `2026-10-${String(5 + i).padStart(2, '0')}T10:00:00Z` }));
    const data = records({
      sellers,
      teams: [team({ id: 't1' }), team({ id: 'empty', name: 'Nobody yet' })],
      deals: [wonFor('s1', 1000), wonFor('s2', 500), wonFor('s3', 600)],
      activities: [...meetingsFor('s1', 10), ...meetingsFor('s2', 6), ...meetingsFor('s3', 2)],
      // s3 answered nothing: no will, no foundation, no index.
      checkIns: [checkIn({ sellerId: 's1', at: '2026-10-20T10:00:00Z', answers: { motivation: 4, sales_skills: 4 } }), checkIn({ sellerId: 's2', at: '2026-10-20T10:00:00Z', answers: { motivation: 2, sales_skills: 3 } })],
    });
    const run = computeScorecards({ ...month(def), records: data });
    const [s1, s2] = run.sellers as [SellerScorecard, SellerScorecard, SellerScorecard];
    expect(run.sellers[2]!.balanceIndex).toBeNull();
    const mid = (a: number, b: number) => Math.round(((a + b) / 2) * 100) / 100;
    expect(run.teams[0]!.medians).toEqual({
      levels: { result: 60, activity: 60, will: 75, foundation: 87.5 },
      balanceIndex: mid(s1.balanceIndex!, s2.balanceIndex!),
      weightedAverage: mid(s1.weightedAverage!, s2.weightedAverage!),
    });
    expect(run.teams[1]).toEqual({ teamId: 'empty', name: 'Nobody yet', sellerIds: [], medians: { levels: { result: null, activity: null, will: null, foundation: null }, balanceIndex: null, weightedAverage: null } });
  });
});

describe('reassembling a run', () => {
  // Prepared inside each test, not when the suite loads: a mutant is then tested by the tests that ran it.
  let prepared: ReturnType<typeof prepareRun>;
  let base: SellerScorecard;
  beforeEach(() => {
    prepared = prepareRun(month(definitionWith([meetings])));
    base = computeSellerCard(prepared, seller(), undefined);
  });
  const card = (sellerId: string, balanceIndex: number, teamIds = ['t1']): SellerScorecard => ({ ...base, sellerId, balanceIndex, teamIds });
  const teams = [team({ id: 't1' }), team({ id: 't2' })];

  it('keeps the very card of a seller whose card and standings did not change', () => {
    const cards = [card('a', 5), card('b', 5), card('c', 3)];
    const first = assembleRun(prepared, teams, cards);
    const again = assembleRun(prepared, teams, cards, first);
    again.sellers.forEach((s, i) => expect(s).toBe(first.sellers[i]));
    // A card computed anew is another card, even with the same standings.
    const recomputed = assembleRun(prepared, teams, [{ ...cards[0]!, levels: [...cards[0]!.levels] }, cards[1]!, cards[2]!], first);
    expect(recomputed.sellers[0]).not.toBe(first.sellers[0]);
    expect(recomputed.sellers[0]).toEqual(first.sellers[0]);
    expect(recomputed.sellers[1]).toBe(first.sellers[1]);
  });

  it.each([
    ['the rank alone', { a: 5, b: 5, c: 3 }, { a: 5, b: 7, c: 3 }, { rank: 2, of: 3, percentile: 50 }],
    ['the count alone', { a: 9, b: 5 }, { a: 9, b: 5, c: 1 }, { rank: 1, of: 3, percentile: 100 }],
    ['the percentile alone', { a: 5, b: 5, c: 5 }, { a: 5, b: 5, c: 3 }, { rank: 1, of: 3, percentile: 50 }],
  ])('gives a seller new standings when %s changed', (_, before: Record<string, number>, after: Record<string, number>, expected) => {
    const cards = (balances: Record<string, number>) => Object.entries(balances).map(([id, balance]) => card(id, balance));
    const [a] = cards(before);
    const first = assembleRun(prepared, teams, [a!, ...cards(before).slice(1)]);
    const second = assembleRun(prepared, teams, [a!, ...cards(after).slice(1)], first);
    expect(second.sellers[0]!.standings).toEqual([{ teamId: 't1', ...expected }]);
    expect(second.sellers[0]).not.toBe(first.sellers[0]);
  });

  it('gives a seller new standings when only the order of their teams changed', () => {
    const cards = [card('a', 5, ['t1', 't2'])];
    const first = assembleRun(prepared, teams, cards);
    const second = assembleRun(prepared, [...teams].reverse(), cards, first);
    expect(second.sellers[0]!.standings.map((s) => s.teamId)).toEqual(['t2', 't1']);
    expect(second.sellers[0]).not.toBe(first.sellers[0]);
  });
});
