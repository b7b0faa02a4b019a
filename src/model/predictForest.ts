import type { Forest } from './Forest.js';

/** Rows scored together, tree by tree: a block this size keeps a tree's nodes and the rows in cache. */
const BLOCK = 256;

/**
 * Scores rows with the compiled forest: mean over trees of the positive-class probability of the leaf each
 * row reaches. `x` is row-major with `forest.features` values per row, NaN for missing.
 *
 * @returns one probability per row (into `out` when given)
 */
export function predictForest(forest: Forest, x: Float64Array, out?: Float64Array): Float64Array {
  const features = forest.features;
  const rows = Math.floor(x.length / features);
  const result = out ?? new Float64Array(rows);
  const { treeStarts, feature, threshold, left, missingRight, value } = forest;
  const trees = treeStarts.length - 1;
  for (let start = 0; start < rows; start += BLOCK) {
    const end = Math.min(rows, start + BLOCK);
    for (let r = start; r < end; r++) result[r] = 0;
    for (let t = 0; t < trees; t++) {
      const root = treeStarts[t]!;
      for (let r = start; r < end; r++) {
        const base = r * features;
        let node = root;
        let f = feature[node]!;
        while (f >= 0) {
          const v = x[base + f]!;
          node = left[node]! + (v <= threshold[node]! ? 0 : v === v ? 1 : missingRight[node]!);
          f = feature[node]!;
        }
        result[r]! += value[node]!;
      }
    }
    for (let r = start; r < end; r++) result[r] = result[r]! / trees;
  }
  return result;
}
