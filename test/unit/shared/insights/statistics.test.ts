import { benjaminiHochberg, cliffsDelta, median, midranks, permutationTest, spearman, spearmanPermutationTest } from '../../../../shared/src/insights/statistics';

describe('statistics of the top-seller analysis, against published values', () => {
  it("Spearman's ρ: Wikipedia's IQ against hours of TV a week, ρ = −29/165", () => {
    // https://en.wikipedia.org/wiki/Spearman%27s_rank_correlation_coefficient#Example
    const iq = [106, 100, 86, 101, 99, 103, 97, 113, 112, 110];
    const tv = [7, 27, 2, 50, 28, 29, 20, 12, 6, 17];
    expect(spearman(iq, tv)).toBeCloseTo(-29 / 165, 10);
    expect(spearman(tv, iq)).toBeCloseTo(-29 / 165, 10);
  });

  it("Spearman's ρ with ties is Pearson's r of the midranks, and null without spread", () => {
    // scipy.stats.spearmanr([1, 2, 2, 3], [1, 3, 2, 4]) = 0.9486832980505138
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(0.9486832980505138, 12);
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(spearman([1, 2], [2, 1])).toBeNull();
    expect(spearman([1, 2, 3], [4, 4, 4])).toBeNull();
    expect(spearman([1, 2, 3], [30, 20, 10])).toBe(-1);
    expect(() => spearman([1, 2, 3], [1, 2])).toThrow(new RangeError('spearman needs pairs'));
  });

  it('midranks average the ranks of ties', () => {
    expect([...midranks([10, 20, 20, 5, 20])]).toEqual([2, 4, 4, 1, 4]);
  });

  it("Cliff's delta: the effsize package's example, δ = −0.25", () => {
    // R, effsize::cliff.delta(treatment, control), the example in its manual
    const treatment = [10, 10, 20, 20, 20, 30, 30, 30, 40, 50];
    const control = [10, 20, 30, 40, 40, 50];
    expect(cliffsDelta(treatment, control)).toBeCloseTo(-0.25, 12);
    expect(cliffsDelta(control, treatment)).toBeCloseTo(0.25, 12);
    expect(cliffsDelta([5, 6], [1, 2, 3])).toBe(1);
    expect(cliffsDelta([], [1])).toBeNull();
    expect(cliffsDelta([1], [])).toBeNull();
  });

  it("Benjamini–Hochberg: R's p.adjust(p, 'BH')", () => {
    // p.adjust(c(0.01, 0.02, 0.03, 0.04, 0.05), "BH") = 0.05 0.05 0.05 0.05 0.05
    expect(benjaminiHochberg([0.01, 0.02, 0.03, 0.04, 0.05]).map((q) => +q.toFixed(10))).toEqual([0.05, 0.05, 0.05, 0.05, 0.05]);
    // p.adjust(c(0.005, 0.2, 0.01, 0.04, 0.03), "BH") = 0.025 0.200 0.025 0.050 0.050
    expect(benjaminiHochberg([0.005, 0.2, 0.01, 0.04, 0.03]).map((q) => +q.toFixed(10))).toEqual([0.025, 0.2, 0.025, 0.05, 0.05]);
    expect(benjaminiHochberg([0.9, 0.8])).toEqual([0.9, 0.9]);
    expect(benjaminiHochberg([])).toEqual([]);
  });

  it('the permutation test approaches the exact p: 3 against 3 fully apart is 2 of 20 splits', () => {
    const result = permutationTest([7, 8, 9], [1, 2, 3], 40_000, 11)!;
    expect(result.delta).toBe(1);
    expect(result.p).toBeGreaterThan(0.09);
    expect(result.p).toBeLessThan(0.11);
  });

  it('the permutation test is the same for a seed, never 0, and near 1 for groups alike', () => {
    const x = [3.1, 2.9, 4.2, 3.8, 3.3];
    const y = [3.0, 3.2, 2.8, 4.1, 3.9, 3.4, 3.6];
    expect(permutationTest(x, y, 2000, 5)).toEqual(permutationTest(x, y, 2000, 5));
    expect(permutationTest([1, 2, 3, 4], [1, 2, 3, 4], 2000, 5)!.p).toBe(1);
    const apart = permutationTest([100, 101, 102, 103, 104, 105, 106, 107], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 2000, 5)!;
    expect(apart.p).toBe(1 / 2001);
    expect(permutationTest([], [1, 2], 100, 5)).toBeNull();
    expect(permutationTest([1, 2], [], 100, 5)).toBeNull();
  });

  // The exact two-sided p of Spearman's ρ: every pairing of x with y, counted.
  const exactSpearmanP = (x: number[], y: number[]) => {
    const observed = Math.abs(spearman(x, y)!);
    let extreme = 0;
    let all = 0;
    const visit = (rest: number[], taken: number[]) => {
      if (rest.length === 0) {
        all++;
        if (Math.abs(spearman(x, taken) ?? 0) >= observed - 1e-12) extreme++;
        return;
      }
      rest.forEach((v, i) => visit([...rest.slice(0, i), ...rest.slice(i + 1)], [...taken, v]));
    };
    visit(y, []);
    return extreme / all;
  };

  it.each([
    ['perfect, 4 pairs: 2 of 24 pairings', [1, 2, 3, 4], [10, 20, 30, 40]],
    ['ρ = 0.9, 5 pairs: 10 of 120', [1, 2, 3, 4, 5], [1, 2, 3, 5, 4]],
    ['negative, with ties', [1, 2, 2, 3, 5, 8], [9, 7, 8, 3, 3, 1]],
    ['weak, 6 pairs', [3, 1, 4, 1, 5, 9], [2, 6, 5, 3, 5, 8]],
  ])("the permutation test of Spearman's ρ approaches the exact p: %s", (_, x, y) => {
    const exact = exactSpearmanP(x, y);
    const result = spearmanPermutationTest(x, y, 40_000, 3)!;
    expect(result.rho).toBe(spearman(x, y));
    // 40,000 shuffles: the standard error is at most 0.0025; five of them.
    expect(Math.abs(result.p - exact)).toBeLessThan(0.0125);
  });

  it("the permutation test of Spearman's ρ is the same for a seed, never 0, and null without a ρ", () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    const y = [2, 1, 4, 3, 6, 5, 8, 7, 10, 9, 12, 11];
    const first = spearmanPermutationTest(x, y, 500, 9)!;
    expect(spearmanPermutationTest(x, y, 500, 9)).toEqual(first);
    // No shuffle of 12 comes near ρ = 0.97 in 500 tries: p is its floor, 1 / 501.
    expect(first.p).toBe(1 / 501);
    expect(spearmanPermutationTest(x, y, 0, 9)!.p).toBe(1);
    // A pairing with no relation is as extreme as about every shuffle.
    const none = spearmanPermutationTest([1, 2, 3, 4, 5], [2, 5, 3, 1, 4], 4000, 9)!;
    expect(none.rho).toBe(0);
    expect(none.p).toBe(1);
    expect(spearmanPermutationTest([1, 2], [1, 2], 100, 9)).toBeNull();
    expect(spearmanPermutationTest([1, 1, 1], [1, 2, 3], 100, 9)).toBeNull();
  });

  it('the median of an even count is the middle pair’s mean', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});
