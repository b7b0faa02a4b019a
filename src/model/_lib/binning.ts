import { createPrng } from './prng.js';

/** Bin index reserved for missing values (NaN): every feature has it, and each split learns where it goes. */
export const MISSING_BIN = 255;

/** Features binned once before training: one Uint8Array column per feature, stored back to back. */
export interface BinnedMatrix {
  readonly rows: number;
  readonly features: number;
  /** `bins[f * rows + i]`: bin of row i for feature f; `MISSING_BIN` when the value is NaN. */
  readonly bins: Uint8Array;
  /** Per feature, ascending cut points: value bin b holds values v with cut[b-1] < v <= cut[b]. */
  readonly cuts: readonly Float64Array[];
}

/** Largest number of rows whose values are sorted to find the quantile cut points of one feature. */
const SAMPLE_FOR_CUTS = 200_000;

/**
 * Bins each column of a row-major matrix into at most `maxBins` quantile bins (plus the missing bin).
 * Cut points are midpoints between neighbouring distinct values, so that `value <= cut` at prediction time
 * sends a value exactly where its bin went during training.
 */
export function binMatrix(x: Float64Array, rows: number, features: number, maxBins: number, seed: number): BinnedMatrix {
  const bins = new Uint8Array(rows * features);
  const cuts: Float64Array[] = [];
  const rng = createPrng(seed);
  const sampleRows = rows > SAMPLE_FOR_CUTS ? Array.from({ length: SAMPLE_FOR_CUTS }, () => rng.nextInt(rows)) : null;
  const column = new Float64Array(sampleRows === null ? rows : SAMPLE_FOR_CUTS);
  for (let f = 0; f < features; f++) {
    let present = 0;
    if (sampleRows === null) {
      for (let i = 0; i < rows; i++) {
        const v = x[i * features + f]!;
        if (v === v) column[present++] = v;
      }
    } else {
      for (const i of sampleRows) {
        const v = x[i * features + f]!;
        if (v === v) column[present++] = v;
      }
    }
    const featureCuts = quantileCuts(column.subarray(0, present).sort(), maxBins);
    cuts.push(featureCuts);
    const offset = f * rows;
    for (let i = 0; i < rows; i++) {
      const v = x[i * features + f]!;
      bins[offset + i] = v === v ? lowerBound(featureCuts, v) : MISSING_BIN;
    }
  }
  return { rows, features, bins, cuts };
}

/** Index of the first cut >= value (the value's bin). */
export function lowerBound(cuts: Float64Array, value: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cuts[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function quantileCuts(sorted: Float64Array, maxBins: number): Float64Array {
  const n = sorted.length;
  const distinct: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = sorted[i]!;
    if (distinct.length === 0 || v !== distinct[distinct.length - 1]) distinct.push(v);
  }
  const result: number[] = [];
  if (distinct.length <= maxBins) {
    for (let k = 1; k < distinct.length; k++) result.push(midpoint(distinct[k - 1]!, distinct[k]!));
    return Float64Array.from(result);
  }
  // Equal-frequency cut positions; a cut falls between the value at the position and the next larger value.
  for (let b = 1; b < maxBins; b++) {
    const at = sorted[Math.min(n - 1, Math.floor((b * n) / maxBins) - 1)]!;
    const nextIndex = upperBoundIndex(sorted, at);
    if (nextIndex >= n) break;
    const cut = midpoint(at, sorted[nextIndex]!);
    if (result.length === 0 || cut > result[result.length - 1]!) result.push(cut);
  }
  return Float64Array.from(result);
}

function upperBoundIndex(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Midpoint that stays strictly below `b`, so the lower value's bin never swallows the upper value. */
function midpoint(a: number, b: number): number {
  const m = a / 2 + b / 2;
  return m >= b ? a : m;
}
