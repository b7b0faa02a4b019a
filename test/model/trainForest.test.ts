import { describe, expect, test } from 'vitest';
import { predictForest } from '../../src/model/predictForest.js';
import { trainForest } from '../../src/model/trainForest.js';
import type { Forest } from '../../src/model/Forest.js';
import { syntheticMatrix } from './_synthetic.js';

/** Plain recursive walk of one tree, the reference the compiled inference must match. */
function walk(forest: Forest, node: number, row: ArrayLike<number>): number {
  const f = forest.feature[node]!;
  if (f < 0) return forest.value[node]!;
  const v = row[f]!;
  const left = forest.left[node]!;
  if (Number.isNaN(v)) return walk(forest, left + forest.missingRight[node]!, row);
  return walk(forest, v <= forest.threshold[node]! ? left : left + 1, row);
}

describe('trainForest', () => {
  const data = syntheticMatrix(1500, 6, 11);

  test('gives the same forest for the same seed and a different one for another seed', () => {
    const a = trainForest(data, { trees: 5, seed: 3 });
    const b = trainForest(data, { trees: 5, seed: 3 });
    const c = trainForest(data, { trees: 5, seed: 4 });
    expect(Array.from(a.threshold)).toEqual(Array.from(b.threshold));
    expect(Array.from(a.value)).toEqual(Array.from(b.value));
    expect(Array.from(a.threshold)).not.toEqual(Array.from(c.threshold));
  });

  test('respects the depth limit and the minimum leaf size, and stores covers that add up', () => {
    const forest = trainForest(data, { trees: 3, maxDepth: 4, minSamplesLeaf: 20, seed: 1 });
    for (let t = 0; t < 3; t++) {
      const depthOf = new Map<number, number>([[forest.treeStarts[t]!, 0]]);
      for (let n = forest.treeStarts[t]!; n < forest.treeStarts[t + 1]!; n++) {
        const depth = depthOf.get(n)!;
        expect(depth).toBeLessThanOrEqual(4);
        const left = forest.left[n]!;
        if (left < 0) continue;
        depthOf.set(left, depth + 1);
        depthOf.set(left + 1, depth + 1);
        expect(forest.cover[left]! + forest.cover[left + 1]!).toBeCloseTo(forest.cover[n]!, 9);
      }
    }
  });

  test('learns the signal: positives score higher than negatives on fresh rows', () => {
    const forest = trainForest(data, { trees: 30, seed: 2 });
    const fresh = syntheticMatrix(800, 6, 12);
    const p = predictForest(forest, fresh.x);
    let pos = 0;
    let neg = 0;
    let nPos = 0;
    for (let i = 0; i < fresh.rows; i++) {
      if (fresh.labels[i] === 1) {
        pos += p[i]!;
        nPos++;
      } else neg += p[i]!;
    }
    expect(pos / nPos - neg / (fresh.rows - nPos)).toBeGreaterThan(0.4);
  });

  test('learns where missing values go instead of sending them right by accident', () => {
    const forest = trainForest(data, { trees: 10, seed: 5 });
    const splitsOnMissingFeature = [...forest.feature.keys()].filter((n) => forest.feature[n] === 2);
    const directions = new Set(splitsOnMissingFeature.map((n) => forest.missingRight[n]));
    expect(directions).toEqual(new Set([0, 1]));
  });

  test('rejects labels other than 0 and 1 and out-of-range options', () => {
    expect(() => trainForest({ x: new Float64Array([1, 2]), rows: 2, features: 1, labels: new Uint8Array([0, 2]) })).toThrow(
      'trainForest: label of row 1 must be 0 or 1, received 2',
    );
    expect(() => trainForest(data, { trees: 0 })).toThrow('options.trees: expected an integer from 1 to 100000, received 0');
  });
});

describe('predictForest', () => {
  test('returns the mean leaf probability of the tree walk for every row, missing values included', () => {
    const data = syntheticMatrix(1003, 6, 21);
    const forest = trainForest(data, { trees: 20, seed: 9 });
    const p = predictForest(forest, data.x);
    const trees = forest.treeStarts.length - 1;
    for (let i = 0; i < data.rows; i++) {
      const row = data.x.subarray(i * 6, i * 6 + 6);
      let sum = 0;
      for (let t = 0; t < trees; t++) sum += walk(forest, forest.treeStarts[t]!, row);
      expect(Math.abs(p[i]! - sum / trees)).toBeLessThan(1e-12);
    }
  });
});
