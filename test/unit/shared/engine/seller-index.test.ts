import { computeScorecards, createRandom, defaultDefinition, generateDemoData, indexBySeller, type RecordSet } from '@balanced-scorecard/shared';

describe('indexBySeller', () => {
  const NOW = '2026-11-26T12:00:00.000Z';
  const data = generateDemoData({ tenantId: 'demo', seed: 5, now: NOW, teams: 1, sellersPerTeam: 4, months: 8 });
  const bySellerAndTime = <T extends { sellerId: string | null }>(list: readonly T[], time: (r: T) => string) =>
    [...list].sort((a, b) => (a.sellerId ?? '').localeCompare(b.sellerId ?? '') || time(a).localeCompare(time(b)));
  const shuffled = <T>(list: readonly T[], seed: number) => {
    const rng = createRandom(seed);
    const out = [...list];
    for (let i = out.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };
  const compute = (records: RecordSet) => {
    const definition = defaultDefinition();
    return computeScorecards({ definition, records, now: NOW, timeZone: definition.timeZone, period: 'month', trendLength: 6 });
  };

  it('gives the same scorecards whether records come in store order (seller, time) or in any other order', () => {
    const inStoreOrder: RecordSet = {
      ...data,
      activities: bySellerAndTime(data.activities, (a) => a.at),
      deals: bySellerAndTime(data.deals, (d) => d.createdAt),
      customers: bySellerAndTime(data.customers, (c) => c.createdAt),
    };
    const inAnyOrder: RecordSet = {
      ...data,
      activities: shuffled(data.activities, 1),
      deals: shuffled(data.deals, 2),
      customers: shuffled(data.customers, 3),
      checkIns: shuffled(data.checkIns, 4),
    };
    const expected = compute(inStoreOrder);
    expect(expected.sellers.filter((s) => s.balanceIndex !== null)).toHaveLength(4);
    expect(compute(inAnyOrder)).toEqual(expected);
  });

  it('gives each seller the same indicators as an index of that seller’s records alone', () => {
    const together = compute(data);
    for (const seller of data.sellers) {
      const own = <T extends { sellerId: string | null }>(list: readonly T[]) => list.filter((r) => r.sellerId === seller.id);
      const alone = compute({ ...data, sellers: [seller], activities: own(data.activities), deals: own(data.deals), customers: own(data.customers), checkIns: own(data.checkIns) });
      const card = together.sellers.find((s) => s.sellerId === seller.id)!;
      // October's meetings have had their 30 days by 26 November: the comparison is of real values.
      expect(card.indicators.find((i) => i.indicatorId === 'meeting_to_deal')!.trend.at(-2)!.actual).not.toBeNull();
      expect(card.indicators).toEqual(alone.sellers[0]!.indicators);
      expect(card.levels).toEqual(alone.sellers[0]!.levels);
    }
  });

  it('computes from a kept index exactly what it computes from the records, period after period', () => {
    const definition = defaultDefinition();
    const index = indexBySeller(data);
    const slim = { sellers: data.sellers, teams: data.teams };
    for (const [period, periodKey] of [['month', '2026-09'], ['month', '2026-11'], ['quarter', '2026-Q3'], ['week', '2026-W40']] as const) {
      const options = { definition, now: NOW, timeZone: definition.timeZone, period, periodKey, trendLength: 6 };
      expect(computeScorecards({ ...options, records: slim, index })).toEqual(computeScorecards({ ...options, records: data }));
    }
  });
});
