import { RandomForestClassifier } from 'ml-random-forest';
import type { Forest } from './Forest.js';
import { assembleForest, featuresPerSplitCount, resolveForestOptions, type ForestOptions, type TrainingMatrix } from './trainForest.js';
import type { GrownTree } from './_lib/growTree.js';

// ml-random-forest 2.1 stays the reference implementation: its JSON models convert to and from our flat
// forest. Facts designed around: a node sends x left when x < splitValue (so NaN goes right), a leaf's
// `distribution` is [[p0, p1]] (or [[1]] when only class 0 reached it), tree i sees the columns
// `indexes[i]`, and per-node sample counts are missing on many nodes, so covers are recomputed from rows.

/** A node of an ml-cart tree as serialised by `toJSON`. */
export interface MlCartNode {
  readonly splitValue?: number;
  readonly splitColumn?: number;
  readonly distribution?: readonly (readonly number[])[];
  readonly left?: MlCartNode;
  readonly right?: MlCartNode;
  readonly [other: string]: unknown;
}

/** An ml-random-forest classifier as serialised by `toJSON` (the parts this module reads and writes). */
export interface MlRandomForestJson {
  readonly name: 'RFClassifier';
  readonly baseModel: {
    readonly indexes: readonly (readonly number[])[];
    readonly estimators: readonly { readonly name: 'DTClassifier'; readonly options: unknown; readonly root: MlCartNode }[];
    readonly [other: string]: unknown;
  };
}

/** Options of `forestFromMlRandomForest`. */
export interface FromMlRandomForestOptions {
  /** Number of input features (columns of the training matrix). */
  readonly features: number;
  /** Row-major rows (e.g. the training matrix) routed through the trees to count node covers for TreeSHAP. */
  readonly coverRows: Float64Array;
}

const nextDown = (value: number): number => {
  if (!Number.isFinite(value) || value === 0) return value === 0 ? -Number.MIN_VALUE : value;
  const buffer = new Float64Array([value]);
  const bits = new BigInt64Array(buffer.buffer);
  bits[0] = bits[0]! + (value > 0 ? -1n : 1n);
  return buffer[0]!;
};
const nextUp = (value: number): number => -nextDown(-value);

/**
 * Converts an ml-random-forest classifier (its `toJSON()`) to our forest, scoring with the mean leaf
 * probability (not ml-random-forest's vote fraction). `x < v` becomes `x <= nextDown(v)`, exactly the same
 * test; missing values go right as they did there. Covers are counts of `coverRows` per node (a leaf no
 * row reaches gets 1e-6, so that fractions stay defined).
 *
 * @example
 * const forest = forestFromMlRandomForest(rf.toJSON(), { features: 20, coverRows: x });
 */
export function forestFromMlRandomForest(json: MlRandomForestJson, options: FromMlRandomForestOptions): Forest {
  const { features, coverRows } = options;
  const rows = Math.floor(coverRows.length / features);
  const trees: GrownTree[] = json.baseModel.estimators.map((estimator, t) => {
    const columns = json.baseModel.indexes[t] ?? [];
    const tree: GrownTree = { feature: [], threshold: [], left: [], missingRight: [], value: [], cover: [] };
    const add = () => {
      tree.feature.push(-1);
      tree.threshold.push(0);
      tree.left.push(-1);
      tree.missingRight.push(0);
      tree.value.push(0);
      tree.cover.push(0);
      return tree.feature.length - 1;
    };
    const fill = (source: MlCartNode, id: number): void => {
      if (source.distribution !== undefined || source.left === undefined || source.right === undefined) {
        // Its distributions are sums of 1/n shares: 1 + 2e-16 happens, so clamp to a probability.
        tree.value[id] = Math.min(1, Math.max(0, source.distribution?.[0]?.[1] ?? 0));
        return;
      }
      const column = columns[source.splitColumn ?? -1];
      if (column === undefined || column < 0 || column >= features) throw new RangeError(`ml-random-forest tree ${t}: split column ${source.splitColumn} is not an input feature`);
      const left = add();
      add();
      tree.feature[id] = column;
      tree.threshold[id] = nextDown(source.splitValue ?? Number.NaN);
      tree.left[id] = left;
      tree.missingRight[id] = 1;
      fill(source.left, left);
      fill(source.right, left + 1);
    };
    fill(estimator.root, add());
    // Covers: rows reaching each leaf, summed up to the parents.
    for (let r = 0; r < rows; r++) {
      let node = 0;
      while (tree.feature[node]! >= 0) {
        const v = coverRows[r * features + tree.feature[node]!]!;
        node = tree.left[node]! + (v <= tree.threshold[node]! ? 0 : v === v ? 1 : tree.missingRight[node]!);
      }
      tree.cover[node]!++;
    }
    for (let n = tree.feature.length - 1; n >= 0; n--) {
      if (tree.feature[n]! < 0) tree.cover[n] = Math.max(tree.cover[n]!, 1e-6);
      else tree.cover[n] = tree.cover[tree.left[n]!]! + tree.cover[tree.left[n]! + 1]!;
    }
    for (let n = tree.feature.length - 1; n >= 0; n--) {
      if (tree.feature[n]! >= 0) {
        const l = tree.left[n]!;
        tree.value[n] = Math.min(1, (tree.value[l]! * tree.cover[l]! + tree.value[l + 1]! * tree.cover[l + 1]!) / tree.cover[n]!);
      }
    }
    return tree;
  });
  return assembleForest(trees, features);
}

/**
 * Converts our forest to an ml-random-forest classifier JSON (`RandomForestClassifier.load` reads it).
 * ml-random-forest sends missing values right: nodes that learned to send them left cannot keep that, and
 * are counted in `missingLeftNodes`.
 */
export function forestToMlRandomForest(forest: Forest): { json: MlRandomForestJson; missingLeftNodes: number } {
  const trees = forest.treeStarts.length - 1;
  let missingLeftNodes = 0;
  const toNode = (n: number): MlCartNode => {
    if (forest.feature[n]! < 0) {
      const p = forest.value[n]!;
      return { distribution: [[1 - p, p]] };
    }
    if (forest.missingRight[n] === 0) missingLeftNodes++;
    const left = forest.left[n]!;
    return {
      splitValue: nextUp(forest.threshold[n]!),
      splitColumn: forest.feature[n]!,
      gain: null,
      left: toNode(left),
      right: toNode(left + 1),
    };
  };
  const columns = Array.from({ length: forest.features }, (_, f) => f);
  const options = { gainFunction: 'gini', splitFunction: 'mean', minNumSamples: 3, maxDepth: 64, gainThreshold: 0, kind: 'classifier' };
  const json: MlRandomForestJson = {
    name: 'RFClassifier',
    baseModel: {
      indexes: Array.from({ length: trees }, () => columns),
      n: forest.features,
      replacement: false,
      maxFeatures: forest.features,
      nEstimators: trees,
      treeOptions: {},
      isClassifier: true,
      seed: 0,
      estimators: Array.from({ length: trees }, (_, t) => ({ name: 'DTClassifier' as const, options, root: toNode(forest.treeStarts[t]!) })),
      useSampleBagging: true,
    },
  };
  return { json, missingLeftNodes };
}

/** Stands in for a missing value when training with ml-random-forest: its sort and split search cannot take NaN. */
const MISSING_STAND_IN = -1e300;

/**
 * Trains with ml-random-forest (the reference implementation; fine for small data, see docs/model.md for
 * how it scales) and converts the result to our forest. Maps `featuresPerSplit` to its per-tree
 * `maxFeatures`, `minSamplesLeaf` to `minNumSamples` (nodes with that many rows or fewer are not split),
 * uses `gainThreshold: 0` (its default 0.01 leaves trees unsplit on rare positives) and `noOOB: true`.
 * Missing values train as the smallest possible value, and the converted forest sends them left, exactly
 * where those stand-ins went.
 */
export function trainWithMlRandomForest(data: TrainingMatrix, options: ForestOptions = {}): Forest {
  const resolved = resolveForestOptions(options);
  const { rows, features, labels } = data;
  const x = data.x.map((v) => (Number.isNaN(v) ? MISSING_STAND_IN : v));
  const matrix = Array.from({ length: rows }, (_, i) => Array.from(x.subarray(i * features, (i + 1) * features)));
  const rf = new RandomForestClassifier({
    nEstimators: resolved.trees,
    maxFeatures: featuresPerSplitCount(resolved.featuresPerSplit, features),
    replacement: false,
    useSampleBagging: true,
    noOOB: true,
    seed: resolved.seed,
    treeOptions: { maxDepth: resolved.maxDepth, minNumSamples: resolved.minSamplesLeaf, gainThreshold: 0 },
  } as unknown as ConstructorParameters<typeof RandomForestClassifier>[0]);
  rf.train(matrix, Array.from(labels));
  const forest = forestFromMlRandomForest(JSON.parse(JSON.stringify(rf.toJSON())) as MlRandomForestJson, { features, coverRows: x });
  forest.missingRight.fill(0);
  return forest;
}
