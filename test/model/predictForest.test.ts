import { describe, expect, test } from 'vitest';
import { compileForest } from '../../src/model/_lib/compileForest.js';
import { createPrng } from '../../src/model/_lib/prng.js';
import { predictForest } from '../../src/model/predictForest.js';
import { trainForest } from '../../src/model/trainForest.js';
import type { Forest } from '../../src/model/Forest.js';
import { syntheticMatrix } from './_synthetic.js';

/** Plain walk of every tree, summed in tree order: the result the compiled forest must reproduce exactly. */
function walkedProbability(forest: Forest, row: ArrayLike<number>): number {
  const trees = forest.treeStarts.length - 1;
  let sum = 0;
  for (let t = 0; t < trees; t++) {
    let node = forest.treeStarts[t]!;
    while (forest.feature[node]! >= 0) {
      const v = row[forest.feature[node]!]!;
      const left = forest.left[node]!;
      node = Number.isNaN(v) ? left + forest.missingRight[node]! : v <= forest.threshold[node]! ? left : left + 1;
    }
    sum += forest.value[node]!;
  }
  return sum / trees;
}

/** A split or a leaf, to write small forests by hand. */
type Tree = number | { f: number; t: number; missingRight?: boolean; left: Tree; right: Tree };

function forestOf(features: number, trees: Tree[]): Forest {
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const missingRight: number[] = [];
  const value: number[] = [];
  const starts: number[] = [];
  for (const tree of trees) {
    starts.push(feature.length);
    // Breadth-first so the children of a node are adjacent and after it.
    const queue: Tree[] = [tree];
    const ids: number[] = [];
    for (let i = 0; i < queue.length; i++) {
      const node = queue[i]!;
      const id = feature.length;
      ids.push(id);
      if (typeof node === 'number') {
        feature.push(-1);
        threshold.push(0);
        left.push(-1);
        missingRight.push(0);
        value.push(node);
      } else {
        feature.push(node.f);
        threshold.push(node.t);
        left.push(-2);
        missingRight.push(node.missingRight === true ? 1 : 0);
        value.push(0.5);
        queue.push(node.left, node.right);
      }
    }
    // Children were queued in order, so the k-th split's children are at positions 2k+1, 2k+2 of the queue.
    let next = 1;
    for (let i = 0; i < queue.length; i++) {
      if (typeof queue[i] !== 'number') {
        left[ids[i]!] = ids[next]!;
        next += 2;
      }
    }
  }
  starts.push(feature.length);
  return {
    features,
    treeStarts: Int32Array.from(starts),
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    left: Int32Array.from(left),
    missingRight: Uint8Array.from(missingRight),
    value: Float64Array.from(value),
    cover: new Float64Array(feature.length).fill(1),
  };
}

function expectWalked(forest: Forest, x: Float64Array): void {
  const p = predictForest(forest, x);
  const F = forest.features;
  const expected = Array.from({ length: x.length / F }, (_, i) => walkedProbability(forest, x.subarray(i * F, (i + 1) * F)));
  expect(Array.from(p)).toEqual(expected);
}

describe('predictForest', () => {
  const data = syntheticMatrix(1500, 6, 21);
  const forest = trainForest(data, { trees: 30, maxDepth: 8, minSamplesLeaf: 2, seed: 9 });

  test('gives exactly the walked probabilities for 1 to 300 rows in one call, missing and infinite values included', () => {
    expect(compileForest(forest)).not.toBeNull();
    const rng = createPrng(7);
    for (const rows of [1, 3, 4, 5, 8, 9, 127, 128, 129, 300]) {
      const x = new Float64Array(rows * 6);
      for (let i = 0; i < x.length; i++) {
        const u = rng.nextFloat();
        // Values on the thresholds themselves, missing values and infinities, besides ordinary values.
        x[i] = u < 0.1 ? Number.NaN : u < 0.13 ? Number.POSITIVE_INFINITY : u < 0.16 ? Number.NEGATIVE_INFINITY : u < 0.4 ? forest.threshold[Math.floor(rng.nextFloat() * forest.threshold.length)]! : data.x[Math.floor(rng.nextFloat() * data.x.length)]!;
      }
      expectWalked(forest, x);
    }
  });

  test('writes into the given output array', () => {
    const out = new Float64Array(20);
    const p = predictForest(forest, data.x.subarray(0, 20 * 6), out);
    expect(p).toBe(out);
    expect(out[19]).toBe(walkedProbability(forest, data.x.subarray(19 * 6, 20 * 6)));
  });

  test('keeps a "missing?" split (threshold +∞, missing right) apart from a real +∞, with leaves above the full depth', () => {
    const isMissing = forestOf(2, [
      { f: 0, t: Number.POSITIVE_INFINITY, missingRight: true, left: { f: 1, t: 0, left: 0.1, right: { f: 1, t: 5, missingRight: true, left: 0.2, right: 0.3 } }, right: 0.9 },
      { f: 1, t: Number.NEGATIVE_INFINITY, left: 0.4, right: { f: 0, t: Number.NEGATIVE_INFINITY, missingRight: true, left: 0.5, right: 0.6 } },
      0.7,
    ]);
    expect(compileForest(isMissing)?.depth).toBe(3);
    const rows = [
      [Number.NaN, 1], [Number.POSITIVE_INFINITY, 1], [Number.NEGATIVE_INFINITY, Number.NaN], [3, Number.POSITIVE_INFINITY],
      [0, 5], [0, Number.NEGATIVE_INFINITY], [Number.MAX_VALUE, 0], [-0, Number.NaN], [Number.NaN, Number.NaN],
    ];
    for (const count of [1, rows.length]) expectWalked(isMissing, Float64Array.from(rows.slice(0, count).flat()));
    const p = predictForest(isMissing, Float64Array.from(rows.flat()));
    expect(p[0]).toBeCloseTo((0.9 + 0.6 + 0.7) / 3, 15);
    expect(p[1]).toBeCloseTo((0.2 + 0.6 + 0.7) / 3, 15);
  });

  test('scores a forest whose trees are single leaves', () => {
    const leaves = forestOf(2, [0.3, 0.6, 0.2]);
    expect(compileForest(leaves)?.depth).toBe(1);
    const x = Float64Array.from({ length: 20 }, (_, i) => (i % 3 === 0 ? Number.NaN : i));
    expectWalked(leaves, x);
    expectWalked(leaves, x.subarray(0, 2));
    expect(predictForest(leaves, x.subarray(0, 2))[0]).toBeCloseTo(1.1 / 3, 15);
  });

  test('walks deep or very unbalanced forests, shared children and thresholds the compiled rows cannot represent as they are', () => {
    // A chain 20 splits deep: padding it would take 2^20 slots per tree.
    let chain: Tree = 0.25;
    for (let d = 0; d < 20; d++) chain = { f: d % 3, t: d, missingRight: d % 2 === 0, left: d / 40, right: chain };
    const deep = forestOf(3, [chain, 0.5]);
    const odd = forestOf(1, [{ f: 0, t: Number.MAX_VALUE, missingRight: true, left: 0.1, right: 0.8 }]);
    // Two splits sharing their children: a valid walk, but not a tree to pad.
    const shared: Forest = {
      features: 1,
      treeStarts: Int32Array.from([0, 5]),
      feature: Int32Array.from([0, 0, 0, -1, -1]),
      threshold: Float64Array.from([0, -1, 1, 0, 0]),
      left: Int32Array.from([1, 3, 3, -1, -1]),
      missingRight: Uint8Array.from([0, 1, 0, 0, 0]),
      value: Float64Array.from([0.5, 0.5, 0.5, 0.25, 0.75]),
      cover: new Float64Array(5).fill(1),
    };
    expect(compileForest(deep)).toBeNull();
    expect(compileForest(odd)).toBeNull();
    expect(compileForest(shared)).toBeNull();
    expectWalked(shared, Float64Array.from([-2, -0.5, 0.5, 2, Number.NaN, 0, 1, 9, Number.NEGATIVE_INFINITY]));
    const x = Float64Array.from([0, 1, 2, 30, 30, 30, Number.NaN, 25, 3, 19, Number.NaN, Number.NaN, 5, 5, 5, -1, -1, -1]);
    expectWalked(deep, x);
    expectWalked(deep, x.subarray(0, 3));
    expectWalked(odd, Float64Array.from([Number.POSITIVE_INFINITY, Number.MAX_VALUE, Number.NaN, 0, 1, 2]));
  });
});
