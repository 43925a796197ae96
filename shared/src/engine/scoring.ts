import type { Status } from '../model/scorecard';

export const ATTAINMENT_CAP = 1.5;

/**
 * actual / target, or target / actual when lower is better; capped at 1.5, never NaN.
 * A target of 0 is met by anything for "up"; an actual of 0 beats any target for "down".
 */
export function computeAttainment(actual: number, target: number, direction: 'up' | 'down'): number {
  if (!Number.isFinite(actual) || !Number.isFinite(target) || actual < 0 || target < 0) return 0;
  let ratio: number;
  if (direction === 'up') ratio = target === 0 ? (actual > 0 ? ATTAINMENT_CAP : 1) : actual / target;
  else ratio = actual === 0 ? ATTAINMENT_CAP : target / actual;
  return Math.min(ATTAINMENT_CAP, ratio);
}

export function statusOf(attainment: number | null, thresholds: { green: number; amber: number }): Status {
  if (attainment === null) return 'grey';
  if (attainment >= thresholds.green) return 'green';
  if (attainment >= thresholds.amber) return 'amber';
  return 'red';
}

export interface Weighted {
  value: number;
  weight: number;
}

/** Weighted arithmetic mean of the items with a positive weight; null when there are none. */
export function weightedMean(items: readonly Weighted[]): number | null {
  let sum = 0;
  let weights = 0;
  for (const { value, weight } of items) {
    if (!(weight > 0) || !Number.isFinite(value)) continue;
    sum += value * weight;
    weights += weight;
  }
  return weights > 0 ? sum / weights : null;
}

/**
 * Weighted geometric mean: any value at 0 makes it 0 ("half times half is not a whole").
 * Never above the weighted arithmetic mean of the same items.
 */
export function weightedGeometricMean(items: readonly Weighted[]): number | null {
  let logSum = 0;
  let weights = 0;
  let zero = false;
  for (const { value, weight } of items) {
    if (!(weight > 0) || !Number.isFinite(value)) continue;
    weights += weight;
    if (value <= 0) zero = true;
    else logSum += weight * Math.log(value);
  }
  if (weights === 0) return null;
  if (zero) return 0;
  const geometric = Math.exp(logSum / weights);
  const arithmetic = weightedMean(items) ?? geometric;
  // exp/log round-off can lift the result a hair above the arithmetic mean.
  return Math.min(geometric, arithmetic);
}

/** Level score 0–100: weighted mean of attainments capped at 1. */
export function levelScore(items: readonly Weighted[]): number | null {
  const mean = weightedMean(items.map((i) => ({ value: Math.min(1, Math.max(0, i.value)), weight: i.weight })));
  return mean === null ? null : mean * 100;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  // A typed array sorts numbers natively, without a comparator call per pair.
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The Kaplan–Meier median of times of which some are censored (`observed[i]` false: only known to
 * be at least `times[i]`): the first time at which the estimated share still waiting falls to a
 * half. Where it is exactly a half, the middle between that time and the next observed one, so
 * that without censoring it is the plain median. Null when there is no time, or when too many are
 * censored for the share to reach a half.
 */
export function kaplanMeierMedian(times: readonly number[], observed: readonly boolean[]): number | null {
  const n = times.length;
  if (n === 0) return null;
  // Ascending; at equal times the observed ones first (a censored time is at risk at its own time).
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => times[a]! - times[b]! || Number(observed[b]) - Number(observed[a]));
  let atRisk = n;
  let waiting = 1;
  for (let k = 0; k < n; ) {
    const t = times[order[k]!]!;
    let events = 0;
    let leaving = 0;
    while (k < n && times[order[k]!] === t) {
      if (observed[order[k]!]) events++;
      leaving++;
      k++;
    }
    if (events > 0) {
      waiting *= 1 - events / atRisk;
      if (Math.abs(waiting - 0.5) < 1e-12) {
        let next = k;
        while (next < n && !observed[order[next]!]) next++;
        return next < n ? (t + times[order[next]!]!) / 2 : t;
      }
      if (waiting < 0.5) return t;
    }
    atRisk -= leaving;
  }
  return null;
}

export interface RankedEntry {
  id: string;
  rank: number;
  of: number;
  percentile: number;
}

/**
 * Competition ranking (1, 2, 2, 4) by descending value; entries with no value are not ranked.
 * Percentile: the share of the others this entry is strictly ahead of.
 */
export function rankDescending(entries: readonly { id: string; value: number | null }[]): RankedEntry[] {
  const ranked = entries.filter((e): e is { id: string; value: number } => e.value !== null && Number.isFinite(e.value));
  const sorted = [...ranked].sort((a, b) => b.value - a.value || a.id.localeCompare(b.id));
  const n = sorted.length;
  return sorted.map((entry) => {
    const ahead = sorted.filter((o) => o.value > entry.value).length;
    const behind = sorted.filter((o) => o.value < entry.value).length;
    return { id: entry.id, rank: ahead + 1, of: n, percentile: n > 1 ? (behind / (n - 1)) * 100 : 100 };
  });
}

export function round(value: number | null, digits = 4): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
