import { createHash } from 'node:crypto';
import { computeScorecards, defaultDefinition, generateDemoData, RecordSetSchema } from '@balanced-scorecard/shared';

const NOW = '2026-11-26T12:00:00.000Z';
const data = generateDemoData({ tenantId: 'demo', seed: 42, now: NOW });

function spearman(xs: number[], ys: number[]): number {
  const rank = (v: number[]) => {
    const order = v.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
    const r = new Array<number>(v.length);
    order.forEach(([, i], k) => (r[i] = k));
    return r;
  };
  const rx = rank(xs);
  const ry = rank(ys);
  const n = xs.length;
  const d2 = rx.reduce((s, r, i) => s + (r - ry[i]!) ** 2, 0);
  return 1 - (6 * d2) / (n * (n * n - 1));
}

describe('the demo data generator', () => {
  it('is deterministic for a seed and different for another', () => {
    const hash = (d: unknown) => createHash('sha256').update(JSON.stringify(d)).digest('hex');
    expect(hash(generateDemoData({ tenantId: 'demo', seed: 42, now: NOW }))).toBe(hash(data));
    expect(hash(generateDemoData({ tenantId: 'demo', seed: 43, now: NOW }))).not.toBe(hash(data));
  });

  it('yields valid normalized records: 3 teams × 8 sellers over 12 months', () => {
    const { sellers, teams, activities, deals, customers, checkIns } = data;
    expect(() => RecordSetSchema.parse({ sellers, teams, activities, deals, customers, checkIns })).not.toThrow();
    expect(data.teams).toHaveLength(3);
    expect(data.sellers).toHaveLength(24);
    const first = Math.min(...data.activities.map((a) => Date.parse(a.at)));
    expect(Date.parse(NOW) - first).toBeGreaterThan(350 * 86_400_000);
  });

  it('has realistic volumes of every kind of record', () => {
    const perSellerMonth = (n: number) => n / 24 / 12;
    const byType = (t: string) => data.activities.filter((a) => a.type === t).length;
    expect(perSellerMonth(byType('call'))).toBeGreaterThan(60);
    expect(perSellerMonth(byType('meeting'))).toBeGreaterThan(8);
    expect(perSellerMonth(byType('email'))).toBeGreaterThan(60);
    expect(byType('task')).toBeGreaterThan(0);
    expect(byType('social')).toBeGreaterThan(0);
    const won = data.deals.filter((d) => d.isWon).length;
    const lost = data.deals.filter((d) => d.isClosed && !d.isWon).length;
    expect(won).toBeGreaterThan(100);
    expect(lost).toBeGreaterThan(100);
    expect(data.customers.filter((c) => c.kind === 'company' && c.potential !== null).length).toBeGreaterThan(24 * 20);
    expect(data.customers.some((c) => c.satisfaction !== null)).toBe(true);
    expect(data.checkIns.length).toBeGreaterThan(24 * 10);
  });

  it('plants causes: results follow follow-up discipline and skill, not email volume', () => {
    const def = defaultDefinition({ timeZone: 'UTC' });
    const wonBySeller = new Map<string, number>();
    for (const d of data.deals) if (d.isWon) wonBySeller.set(d.sellerId, (wonBySeller.get(d.sellerId) ?? 0) + (d.amount ?? 0));
    const established = data.traits.filter((t) => data.sellers.find((s) => s.id === t.sellerId)!.startedAt! < '2026-01-01');
    const won = established.map((t) => wonBySeller.get(t.sellerId) ?? 0);
    const causal = established.map((t) => t.followUp + t.skill + 0.5 * t.will);
    expect(spearman(causal, won)).toBeGreaterThan(0.5);
    expect(Math.abs(spearman(established.map((t) => t.emailsPerDay), won))).toBeLessThan(0.4);
    // And the engine sees the planted follow-up habit in the behaviour measure.
    const run = computeScorecards({ definition: def, records: data, now: NOW, timeZone: 'UTC', period: 'quarter', periodKey: '2026-Q3' });
    const measured = established.map((t) => run.sellers.find((s) => s.sellerId === t.sellerId)!.indicators.find((i) => i.indicatorId === 'follow_up_24h')!.actual ?? 0);
    expect(spearman(established.map((t) => t.followUp), measured)).toBeGreaterThan(0.7);
  });
});
