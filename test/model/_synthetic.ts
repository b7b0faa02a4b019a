import { createPrng } from '../../src/model/_lib/prng.js';
import type { TrainingMatrix } from '../../src/model/trainForest.js';

/**
 * A small labelled matrix whose label depends on the first three features (with noise); feature 2 is
 * missing in about 15 % of rows, and a missing value raises the chance of a positive label.
 */
export function syntheticMatrix(rows: number, features: number, seed: number): TrainingMatrix {
  const rng = createPrng(seed);
  const x = new Float64Array(rows * features);
  const labels = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let f = 0; f < features; f++) x[i * features + f] = Math.round(rng.nextFloat() * 1000) / 10;
    const missing = rng.nextFloat() < 0.15;
    if (missing) x[i * features + 2] = Number.NaN;
    const score = x[i * features]! / 100 + (x[i * features + 1]! > 70 ? 0.6 : 0) + (missing ? 0.5 : 0) + rng.nextFloat() * 0.6;
    labels[i] = score > 1.2 ? 1 : 0;
  }
  return { x, rows, features, labels };
}
