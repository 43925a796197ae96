import fc from 'fast-check';
import { computeAttainment, levelScore, median, rankDescending, statusOf, weightedGeometricMean, weightedMean } from '@balanced-scorecard/shared';

describe('attainment and status', () => {
  it('is actual / target for "up" and target / actual for "down", capped at 1.5', () => {
    expect(computeAttainment(8, 10, 'up')).toBe(0.8);
    expect(computeAttainment(30, 10, 'up')).toBe(1.5);
    expect(computeAttainment(8, 4, 'down')).toBe(0.5);
    expect(computeAttainment(1, 4, 'down')).toBe(1.5);
    expect(computeAttainment(0, 4, 'down')).toBe(1.5);
    expect(computeAttainment(0, 0, 'up')).toBe(1);
    expect(computeAttainment(3, 0, 'up')).toBe(1.5);
  });

  it('turns attainment into green / amber / red by the thresholds, grey without data', () => {
    const t = { green: 1, amber: 0.8 };
    expect(statusOf(1, t)).toBe('green');
    expect(statusOf(0.8, t)).toBe('amber');
    expect(statusOf(0.7999, t)).toBe('red');
    expect(statusOf(null, t)).toBe('grey');
  });

  const amount = fc.double({ min: 0, max: 1e9, noNaN: true });
  it('attainment never falls when the actual rises (up) and never rises when it rises (down)', () => {
    fc.assert(
      fc.property(amount, amount, fc.double({ min: 0, max: 1e9, noNaN: true }), (a, b, target) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(computeAttainment(hi, target, 'up')).toBeGreaterThanOrEqual(computeAttainment(lo, target, 'up'));
        expect(computeAttainment(hi, target, 'down')).toBeLessThanOrEqual(computeAttainment(lo, target, 'down'));
      }),
    );
  });

  it('attainment is always a finite number between 0 and 1.5, whatever the input', () => {
    fc.assert(
      fc.property(fc.double(), fc.double(), fc.constantFrom('up' as const, 'down' as const), (actual, target, dir) => {
        const a = computeAttainment(actual, target, dir);
        expect(Number.isFinite(a)).toBe(true);
        expect(a).toBeGreaterThanOrEqual(0);
        expect(a).toBeLessThanOrEqual(1.5);
      }),
    );
  });
});

describe('level score and balance index', () => {
  it('level score is the weighted mean of attainments capped at 1, times 100', () => {
    expect(levelScore([{ value: 1.5, weight: 1 }, { value: 0.5, weight: 1 }])).toBe(75);
    expect(levelScore([{ value: 0.5, weight: 3 }, { value: 1, weight: 1 }])).toBe(62.5);
    expect(levelScore([])).toBeNull();
  });

  it('balance index is the weighted geometric mean: a weak level pulls the whole down', () => {
    const levels = [
      { value: 100, weight: 1 },
      { value: 100, weight: 1 },
      { value: 25, weight: 1 },
      { value: 100, weight: 1 },
    ];
    expect(weightedMean(levels)).toBe(81.25);
    expect(weightedGeometricMean(levels)).toBeCloseTo(70.7106781, 6);
    expect(weightedGeometricMean([{ value: 50, weight: 1 }, { value: 50, weight: 1 }])).toBeCloseTo(50, 10);
    expect(weightedGeometricMean([{ value: 0, weight: 1 }, { value: 90, weight: 3 }])).toBe(0);
    expect(weightedGeometricMean([{ value: 16, weight: 1 }, { value: 1, weight: 3 }])).toBeCloseTo(2, 10);
  });

  const level = fc.record({ value: fc.double({ min: 0, max: 100, noNaN: true }), weight: fc.double({ min: 0.01, max: 100, noNaN: true }) });
  it('balance index is never above the weighted average and never NaN or Infinity', () => {
    fc.assert(
      fc.property(fc.array(level, { minLength: 1, maxLength: 4 }), (levels) => {
        const g = weightedGeometricMean(levels)!;
        const a = weightedMean(levels)!;
        expect(Number.isFinite(g)).toBe(true);
        expect(g).toBeLessThanOrEqual(a);
        expect(g).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe('team statistics', () => {
  it('takes medians', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('ranks by descending value with shared ranks for ties and leaves sellers without data unranked', () => {
    const ranked = rankDescending([
      { id: 'a', value: 50 },
      { id: 'b', value: 80 },
      { id: 'c', value: 50 },
      { id: 'd', value: null },
      { id: 'e', value: 10 },
    ]);
    expect(ranked.map((r) => [r.id, r.rank, r.of, r.percentile])).toEqual([
      ['b', 1, 4, 100],
      ['a', 2, 4, (1 / 3) * 100],
      ['c', 2, 4, (1 / 3) * 100],
      ['e', 4, 4, 0],
    ]);
  });
});
