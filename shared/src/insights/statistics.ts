import { createRandom } from '../demo/random';

export { median } from '../engine/scoring';

/**
 * The statistics of the top-seller analysis (DESIGN §6.1), on midranks: Spearman's ρ, Cliff's
 * delta, a seeded permutation test (a permutation costs one pass over the top group, not a
 * comparison of every pair) and Benjamini–Hochberg. simple-statistics was the library of choice
 * for ranks and correlation; its ESM-only typings cannot be imported from this CommonJS package
 * (TypeScript's node16 resolution), and these few lines are checked against textbook values.
 */

/** Spearman's ρ: Pearson's r of the midranks (ties averaged); null below 3 pairs or without spread. */
export function spearman(x: readonly number[], y: readonly number[]): number | null {
  if (x.length !== y.length) throw new RangeError('spearman needs pairs');
  if (x.length < 3) return null;
  const rx = midranks(x);
  const ry = midranks(y);
  const mean = (x.length + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = rx[i]! - mean;
    const dy = ry[i]! - mean;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

/** Midranks (1-based, ties get the mean of the ranks they span) of the values, in their order. */
export function midranks(values: readonly number[]): Float64Array {
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]!] === values[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]!] = rank;
    i = j + 1;
  }
  return ranks;
}

/**
 * Cliff's delta of x over y: P(x > y) − P(x < y), from −1 (every x below every y) to 1. From
 * the Mann–Whitney U of x on midranks: δ = 2U / (n·m) − 1.
 */
export function cliffsDelta(x: readonly number[], y: readonly number[]): number | null {
  if (x.length === 0 || y.length === 0) return null;
  const ranks = midranks([...x, ...y]);
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += ranks[i]!;
  return deltaFromRankSum(sum, x.length, y.length);
}

function deltaFromRankSum(rankSumX: number, n: number, m: number): number {
  const u = rankSumX - (n * (n + 1)) / 2;
  return (2 * u) / (n * m) - 1;
}

/**
 * Two-sided permutation test of Cliff's delta: the group labels shuffled `permutations` times
 * with a seeded PRNG; p = (1 + the shuffles at least as extreme) / (1 + permutations), which is
 * never 0 (Phipson & Smyth, 2010).
 */
export function permutationTest(x: readonly number[], y: readonly number[], permutations: number, seed: number): { delta: number; p: number } | null {
  const n = x.length;
  const m = y.length;
  if (n === 0 || m === 0) return null;
  const ranks = midranks([...x, ...y]);
  let observedSum = 0;
  for (let i = 0; i < n; i++) observedSum += ranks[i]!;
  const delta = deltaFromRankSum(observedSum, n, m);
  const observed = Math.abs(delta) - 1e-12;
  const pool = Float64Array.from(ranks);
  const random = createRandom(seed);
  const total = n + m;
  let extreme = 0;
  for (let b = 0; b < permutations; b++) {
    // A partial Fisher–Yates shuffle: the first n places are a uniform random top group.
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(random.next() * (total - i));
      const t = pool[i]!;
      pool[i] = pool[j]!;
      pool[j] = t;
      sum += pool[i]!;
    }
    if (Math.abs(deltaFromRankSum(sum, n, m)) >= observed) extreme++;
  }
  return { delta, p: (1 + extreme) / (1 + permutations) };
}

/**
 * Two-sided permutation test of Spearman's ρ: the pairing of x and y shuffled `permutations`
 * times with a seeded PRNG. With midranks fixed, ρ moves with Σ rank(x)·rank(y) alone, so each
 * shuffle costs one pass. p = (1 + the shuffles at least as extreme) / (1 + permutations).
 */
export function spearmanPermutationTest(x: readonly number[], y: readonly number[], permutations: number, seed: number): { rho: number; p: number } | null {
  const rho = spearman(x, y);
  if (rho === null) return null;
  const n = x.length;
  const rx = midranks(x);
  const ry = Float64Array.from(midranks(y));
  const mean = (n + 1) / 2;
  for (let i = 0; i < n; i++) ry[i] = ry[i]! - mean;
  let observed = 0;
  for (let i = 0; i < n; i++) observed += rx[i]! * ry[i]!;
  const threshold = Math.abs(observed) - 1e-9;
  const random = createRandom(seed);
  let extreme = 0;
  for (let b = 0; b < permutations; b++) {
    let sum = 0;
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random.next() * (i + 1));
      const t = ry[i]!;
      ry[i] = ry[j]!;
      ry[j] = t;
      sum += rx[i]! * ry[i]!;
    }
    sum += rx[0]! * ry[0]!;
    if (Math.abs(sum) >= threshold) extreme++;
  }
  return { rho, p: (1 + extreme) / (1 + permutations) };
}

/** Benjamini–Hochberg q-values, in the order of the p-values given (R's p.adjust(p, "BH")). */
export function benjaminiHochberg(p: readonly number[]): number[] {
  const m = p.length;
  const order = p.map((_, i) => i).sort((a, b) => p[b]! - p[a]!);
  const q = new Array<number>(m);
  let running = 1;
  order.forEach((index, k) => {
    const rank = m - k;
    running = Math.min(running, (p[index]! * m) / rank);
    q[index] = Math.min(1, running);
  });
  return q;
}
