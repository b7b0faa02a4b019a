import { binMatrix } from './_lib/binning.js';
import { createGrowBuffers, growTree, type GrownTree } from './_lib/growTree.js';
import { createPrng, deriveSeed } from './_lib/prng.js';
import type { Forest } from './Forest.js';

/** Options of `trainForest`. */
export interface ForestOptions {
  /** Number of trees. @default 100 */
  readonly trees?: number;
  /** Deepest level a node may sit at (root = 0). @default 12 */
  readonly maxDepth?: number;
  /** Fewest distinct training rows in a leaf. @default 5 */
  readonly minSamplesLeaf?: number;
  /** Features tried at each split: a count, a fraction of all features, `'sqrt'` or `'log2'`. @default 'sqrt' */
  readonly featuresPerSplit?: number | 'sqrt' | 'log2';
  /** `'balanced'` weighs each class by rows / (2 × class rows); a pair gives the weights of class 0 and 1. @default 'none' */
  readonly classWeight?: 'none' | 'balanced' | readonly [number, number];
  /** Most value bins per feature (the missing bin comes on top). @default 255 */
  readonly maxBins?: number;
  /** Seed of the bootstrap and feature draws. @default 1 */
  readonly seed?: number;
}

/** Options with every default filled in, as recorded in a model file. */
export interface ResolvedForestOptions {
  readonly trees: number;
  readonly maxDepth: number;
  readonly minSamplesLeaf: number;
  readonly featuresPerSplit: number | 'sqrt' | 'log2';
  readonly classWeight: 'none' | 'balanced' | readonly [number, number];
  readonly maxBins: number;
  readonly seed: number;
}

/** A numeric training set: row-major values (NaN = missing) and 0/1 labels. */
export interface TrainingMatrix {
  readonly x: Float64Array;
  readonly rows: number;
  readonly features: number;
  readonly labels: Uint8Array;
}

/** Fills in the defaults of forest options and checks their ranges. */
export function resolveForestOptions(options: ForestOptions = {}): ResolvedForestOptions {
  const resolved: ResolvedForestOptions = {
    trees: options.trees ?? 100,
    maxDepth: options.maxDepth ?? 12,
    minSamplesLeaf: options.minSamplesLeaf ?? 5,
    featuresPerSplit: options.featuresPerSplit ?? 'sqrt',
    classWeight: options.classWeight ?? 'none',
    maxBins: options.maxBins ?? 255,
    seed: options.seed ?? 1,
  };
  const integer = (name: string, value: number, min: number, max: number) => {
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new RangeError(`options.${name}: expected an integer from ${min} to ${max}, received ${value}`);
    }
  };
  integer('trees', resolved.trees, 1, 100_000);
  integer('maxDepth', resolved.maxDepth, 0, 64);
  integer('minSamplesLeaf', resolved.minSamplesLeaf, 1, 2 ** 31 - 1);
  integer('maxBins', resolved.maxBins, 2, 255);
  integer('seed', resolved.seed, 0, 2 ** 32 - 1);
  const fps = resolved.featuresPerSplit;
  if (typeof fps === 'number' && !(fps > 0 && (fps <= 1 || Number.isInteger(fps)))) {
    throw new RangeError(`options.featuresPerSplit: expected a fraction in (0, 1], a whole count, 'sqrt' or 'log2', received ${fps}`);
  }
  const cw = resolved.classWeight;
  if (typeof cw !== 'string' && !(cw.length === 2 && cw.every((w) => Number.isFinite(w) && w > 0))) {
    throw new RangeError(`options.classWeight: expected two positive weights, received ${JSON.stringify(cw)}`);
  }
  return resolved;
}

/** Number of features tried per split for `features` inputs. */
export function featuresPerSplitCount(option: ResolvedForestOptions['featuresPerSplit'], features: number): number {
  if (option === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(features)));
  if (option === 'log2') return Math.max(1, Math.floor(Math.log2(features)));
  if (option <= 1 && !Number.isInteger(option)) return Math.max(1, Math.floor(option * features));
  return Math.min(features, option);
}

/**
 * Trains a histogram-based random forest (gini, bootstrap per tree, features drawn per split). Each tree has
 * its own seed derived from `seed` and its index, so the forest does not depend on how trees are scheduled.
 *
 * @example
 * const forest = trainForest({ x, rows: 1000, features: 4, labels }, { trees: 50, seed: 7 });
 */
export function trainForest(data: TrainingMatrix, options: ForestOptions = {}): Forest {
  const resolved = resolveForestOptions(options);
  const { x, rows, features, labels } = data;
  if (x.length !== rows * features || labels.length !== rows) {
    throw new RangeError(`trainForest: expected ${rows} × ${features} values and ${rows} labels, received ${x.length} values and ${labels.length} labels`);
  }
  if (rows === 0) throw new RangeError('trainForest: expected at least one training row');
  let positives = 0;
  for (let i = 0; i < rows; i++) {
    const label = labels[i]!;
    if (label !== 0 && label !== 1) throw new RangeError(`trainForest: label of row ${i} must be 0 or 1, received ${label}`);
    positives += label;
  }
  const classWeight: readonly [number, number] =
    resolved.classWeight === 'none'
      ? [1, 1]
      : resolved.classWeight === 'balanced'
        ? [rows / (2 * Math.max(1, rows - positives)), rows / (2 * Math.max(1, positives))]
        : resolved.classWeight;

  const binned = binMatrix(x, rows, features, resolved.maxBins, deriveSeed(resolved.seed, 0xb1));
  const settings = {
    maxDepth: resolved.maxDepth,
    minSamplesLeaf: resolved.minSamplesLeaf,
    featuresPerSplit: featuresPerSplitCount(resolved.featuresPerSplit, features),
    classWeight,
  };
  const buffers = createGrowBuffers(rows, features);
  const trees: GrownTree[] = [];
  for (let t = 0; t < resolved.trees; t++) {
    trees.push(growTree(binned, labels, settings, createPrng(deriveSeed(resolved.seed, t)), buffers));
  }
  return assembleForest(trees, features);
}

/** Concatenates trees with local node ids into one flat forest with global ids. */
export function assembleForest(trees: readonly GrownTree[], features: number): Forest {
  const total = trees.reduce((sum, tree) => sum + tree.feature.length, 0);
  const forest: Forest = {
    features,
    treeStarts: new Int32Array(trees.length + 1),
    feature: new Int32Array(total),
    threshold: new Float64Array(total),
    left: new Int32Array(total),
    missingRight: new Uint8Array(total),
    value: new Float64Array(total),
    cover: new Float64Array(total),
  };
  let offset = 0;
  trees.forEach((tree, t) => {
    forest.treeStarts[t] = offset;
    for (let n = 0; n < tree.feature.length; n++) {
      const id = offset + n;
      forest.feature[id] = tree.feature[n]!;
      forest.threshold[id] = tree.threshold[n]!;
      forest.left[id] = tree.left[n]! < 0 ? -1 : tree.left[n]! + offset;
      forest.missingRight[id] = tree.missingRight[n]!;
      forest.value[id] = tree.value[n]!;
      forest.cover[id] = tree.cover[n]!;
    }
    offset += tree.feature.length;
  });
  forest.treeStarts[trees.length] = offset;
  return forest;
}
