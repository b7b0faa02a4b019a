import { describe, expect, test } from 'vitest';
import { createTreeShap } from '../../src/model/createTreeShap.js';
import { predictForest } from '../../src/model/predictForest.js';
import { trainForest } from '../../src/model/trainForest.js';
import type { Forest } from '../../src/model/Forest.js';
import { syntheticMatrix } from './_synthetic.js';

/** Path-dependent conditional expectation of one tree when only the features in `known` are known. */
function expectation(forest: Forest, node: number, row: ArrayLike<number>, known: number): number {
  const f = forest.feature[node]!;
  if (f < 0) return forest.value[node]!;
  const left = forest.left[node]!;
  if ((known >> f) & 1) {
    const v = row[f]!;
    const next = Number.isNaN(v) ? left + forest.missingRight[node]! : v <= forest.threshold[node]! ? left : left + 1;
    return expectation(forest, next, row, known);
  }
  const cl = forest.cover[left]!;
  const cr = forest.cover[left + 1]!;
  return (cl * expectation(forest, left, row, known) + cr * expectation(forest, left + 1, row, known)) / (cl + cr);
}

/** Shapley values by enumerating every coalition: exponential, only for checking on few features. */
function bruteForceShap(forest: Forest, row: ArrayLike<number>): number[] {
  const n = forest.features;
  const trees = forest.treeStarts.length - 1;
  const value = (known: number) => {
    let sum = 0;
    for (let t = 0; t < trees; t++) sum += expectation(forest, forest.treeStarts[t]!, row, known);
    return sum / trees;
  };
  const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
  const phi = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < 1 << n; s++) {
      if ((s >> i) & 1) continue;
      let size = 0;
      for (let k = 0; k < n; k++) size += (s >> k) & 1;
      const weight = (fact(size) * fact(n - size - 1)) / fact(n);
      phi[i]! += weight * (value(s | (1 << i)) - value(s));
    }
  }
  return phi;
}

/** Largest number of distinct split features on a root-to-leaf path of any tree. */
function maxDistinctFeaturesOnAPath(forest: Forest): number {
  const uses = new Int32Array(forest.features);
  let distinct = 0;
  let most = 0;
  const walk = (node: number): void => {
    const f = forest.feature[node]!;
    if (f < 0) {
      most = Math.max(most, distinct);
      return;
    }
    if (uses[f]!++ === 0) distinct++;
    walk(forest.left[node]!);
    walk(forest.left[node]! + 1);
    if (--uses[f]! === 0) distinct--;
  };
  for (let t = 0; t < forest.treeStarts.length - 1; t++) walk(forest.treeStarts[t]!);
  return most;
}

describe('createTreeShap', () => {
  test('matches Shapley values computed by enumerating all coalitions', () => {
    const data = syntheticMatrix(600, 5, 31);
    const forest = trainForest(data, { trees: 4, maxDepth: 6, minSamplesLeaf: 3, featuresPerSplit: 3, seed: 4 });
    const shap = createTreeShap(forest);
    for (let i = 0; i < 25; i++) {
      const row = data.x.subarray(i * 5, i * 5 + 5);
      const phi = new Float64Array(5);
      shap.explain(row, phi);
      const expected = bruteForceShap(forest, row);
      for (let f = 0; f < 5; f++) expect(Math.abs(phi[f]! - expected[f]!)).toBeLessThan(1e-12);
    }
  });

  test('matches enumerated Shapley values on deep trees whose paths have 7 or 8 distinct features', () => {
    // Paths this long take the four-point kernel, and deep paths repeat features (the correction step).
    const data = syntheticMatrix(2000, 8, 33);
    const forest = trainForest(data, { trees: 3, maxDepth: 10, minSamplesLeaf: 2, featuresPerSplit: 8, seed: 5 });
    expect(maxDistinctFeaturesOnAPath(forest)).toBeGreaterThanOrEqual(7);
    const shap = createTreeShap(forest);
    for (let i = 0; i < 8; i++) {
      const row = data.x.subarray(i * 8, i * 8 + 8);
      const phi = new Float64Array(8);
      shap.explain(row, phi);
      const expected = bruteForceShap(forest, row);
      for (let f = 0; f < 8; f++) expect(Math.abs(phi[f]! - expected[f]!)).toBeLessThan(1e-12);
    }
  });

  test('is locally accurate: expected value plus contributions equals the probability on 1,000 rows', () => {
    const train = syntheticMatrix(3000, 8, 41);
    const forest = trainForest(train, { trees: 40, maxDepth: 10, minSamplesLeaf: 2, seed: 8 });
    const rows = syntheticMatrix(1000, 8, 42);
    const p = predictForest(forest, rows.x);
    const shap = createTreeShap(forest);
    const phi = new Float64Array(8);
    let worst = 0;
    for (let i = 0; i < rows.rows; i++) {
      phi.fill(0);
      shap.explain(rows.x.subarray(i * 8, i * 8 + 8), phi);
      const total = phi.reduce((sum, v) => sum + v, shap.expectedValue);
      worst = Math.max(worst, Math.abs(total - p[i]!));
    }
    expect(worst).toBeLessThan(1e-9);
  });

  test('gives the mean training prediction as the expected value', () => {
    const data = syntheticMatrix(500, 4, 51);
    const forest = trainForest(data, { trees: 3, seed: 1 });
    const roots = Array.from(forest.treeStarts.subarray(0, 3));
    const meanRootValue = roots.reduce((sum, root) => sum + forest.value[root]!, 0) / 3;
    expect(createTreeShap(forest).expectedValue).toBeCloseTo(meanRootValue, 12);
  });
});
