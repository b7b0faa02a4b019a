import type { NormStats } from '../ReferenceData.js';

/** Percentile of an ascending array by linear interpolation between closest ranks (R type 7, numpy default). */
export function percentile(sorted: readonly number[], p: number): number {
  const position = (sorted.length - 1) * p;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  const a = sorted[low] ?? Number.NaN;
  const b = sorted[high] ?? Number.NaN;
  return a + (b - a) * (position - low);
}

/** Count, p5, median and p95 of the values; sorts the array in place. */
export function normStats(values: number[]): NormStats {
  values.sort((x, y) => x - y);
  return { count: values.length, p5: percentile(values, 0.05), median: percentile(values, 0.5), p95: percentile(values, 0.95) };
}

/** Number of entries of an ascending array strictly below `limit` (binary search). */
export function countBelow(sorted: readonly number[], limit: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] ?? Number.POSITIVE_INFINITY) < limit) low = mid + 1;
    else high = mid;
  }
  return low;
}
