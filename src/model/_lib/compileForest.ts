import type { Forest } from '../Forest.js';

/**
 * A forest compiled for scoring: every tree padded to a complete binary tree of the forest's depth D, in
 * heap order (node i has children 2i and 2i + 1, root 1), so a walk is exactly D steps
 * `i = 2i + (row[feature[i]] > threshold[i])` with no leaf test and no child array.
 *
 * Missing values cost nothing per step: a prepared row holds every feature twice, NaN read as −∞ in the
 * first half (splits sending missing values left read it there: −∞ > t is false) and as +∞ in the second
 * (splits sending them right: +∞ > t is true). A real +∞ in that half is read as the largest double, and a
 * right-going split at t = +∞ ("is it missing?") compares with the largest double instead, so every real
 * value still takes the side it took in the tree. Padding splits have t = +∞ and always go left; a leaf
 * above depth D fills all the leaf slots below it.
 */
export interface CompiledForest {
  readonly trees: number;
  readonly features: number;
  /** D (at least 1): every walk takes exactly this many steps. */
  readonly depth: number;
  /** Values a prepared row holds: 2 × features. */
  readonly rowWidth: number;
  /**
   * Thresholds of tree t at `t · 2^D + i` (i = 1 … 2^D − 1), followed by room for `blockRows` prepared rows
   * from `rowsAt`: one array, because V8 checks the map of every typed array a loop reads on each iteration.
   */
  readonly values: Float64Array;
  /** Where prepared rows start in `values`. */
  readonly rowsAt: number;
  /** Rows that fit in `values` after `rowsAt`. */
  readonly blockRows: number;
  /** Per node, the offset in `values` of the value it tests for row 0 (`rowsAt` + column in the prepared row). */
  readonly column: Int32Array;
  /** Leaf values of tree t at `t · 2^D + j` (j = 0 … 2^D − 1, left to right). */
  readonly leaf: Float64Array;
}

/** Rows prepared and walked together: their prepared rows and a tree's nodes stay in the L1/L2 caches. */
export const BLOCK_ROWS = 128;
/** Deepest forest compiled this way (2^D slots per tree). */
const MAX_DEPTH = 16;
/**
 * Largest padded size, as a multiple of the real node count: a guess at where padding a sparse, deep forest
 * costs more memory and steps than it saves (the benchmark's two forests pad to 1.3×).
 */
const MAX_PADDING = 8;

/**
 * Compiles a forest into the padded layout, or returns null when that layout would not pay (deep or very
 * unbalanced trees) or would not be exact (a threshold the row preparation cannot represent, or a structure
 * that is not a valid forest); the caller then walks the forest as it is.
 */
export function compileForest(forest: Forest): CompiledForest | null {
  const { treeStarts, feature, threshold, left, missingRight, value } = forest;
  const trees = treeStarts.length - 1;
  const features = forest.features;
  const nodes = feature.length;
  if (trees < 1 || features < 1 || treeStarts[0] !== 0 || treeStarts[trees] !== nodes) return null;
  // Depth, walking each tree from its root, with the checks that make the padding below safe: children
  // after their parent and inside the tree, and each node reached once (a shared child would be visited
  // again: more visits than nodes means the tree is not a tree).
  let depth = 0;
  const stackNode: number[] = [];
  const stackDepth: number[] = [];
  for (let t = 0; t < trees; t++) {
    const start = treeStarts[t]!;
    const end = treeStarts[t + 1]!;
    if (!(end > start)) return null;
    let visits = 0;
    stackNode.push(start);
    stackDepth.push(0);
    while (stackNode.length > 0) {
      const n = stackNode.pop()!;
      const d = stackDepth.pop()!;
      if (++visits > end - start) return null;
      const f = feature[n]!;
      if (f < 0) {
        if (d > depth) depth = d;
        continue;
      }
      const l = left[n]!;
      const th = threshold[n]!;
      if (f >= features || l <= n || l + 1 >= end || d + 1 > MAX_DEPTH) return null;
      if (th !== th || (missingRight[n] === 1 && th === Number.MAX_VALUE)) return null;
      stackNode.push(l, l + 1);
      stackDepth.push(d + 1, d + 1);
    }
  }
  // At least one split level, so that the kernel can take the root's split out of its loop.
  depth = Math.max(depth, 1);
  const width = 1 << depth;
  if (trees * width > MAX_PADDING * nodes + 1024) return null;

  const rowWidth = 2 * features;
  const rowsAt = trees * width;
  const values = new Float64Array(rowsAt + BLOCK_ROWS * rowWidth).fill(Number.POSITIVE_INFINITY, 0, rowsAt);
  const column = new Int32Array(trees * width).fill(rowsAt);
  const leaf = new Float64Array(trees * width);
  const stackSlot: number[] = [];
  for (let t = 0; t < trees; t++) {
    const base = t * width;
    stackNode.push(treeStarts[t]!);
    stackSlot.push(1);
    while (stackNode.length > 0) {
      const n = stackNode.pop()!;
      const slot = stackSlot.pop()!;
      const f = feature[n]!;
      if (f < 0) {
        // A leaf at depth d (slot 2^d … 2^(d+1) − 1) owns the 2^(D−d) leaf slots below its slot; padding
        // splits lead to the first.
        const span = width >> (31 - Math.clz32(slot));
        const first = slot * span - width;
        leaf.fill(value[n]!, base + first, base + first + span);
        continue;
      }
      const right = missingRight[n] === 1;
      const th = threshold[n]!;
      values[base + slot] = right && th === Number.POSITIVE_INFINITY ? Number.MAX_VALUE : th;
      column[base + slot] = rowsAt + (right ? features + f : f);
      stackNode.push(left[n]!, left[n]! + 1);
      stackSlot.push(2 * slot, 2 * slot + 1);
    }
  }
  return { trees, features, depth, rowWidth, values, rowsAt, blockRows: BLOCK_ROWS, column, leaf };
}

/**
 * Writes rows `first … first + count − 1` of `x` prepared (see {@link CompiledForest}) into
 * `compiled.values` from `rowsAt`.
 */
export function prepareRows(compiled: CompiledForest, x: Float64Array, first: number, count: number): void {
  const { features, values } = compiled;
  let at = compiled.rowsAt;
  let from = first * features;
  for (let r = 0; r < count; r++, at += 2 * features, from += features) {
    for (let f = 0; f < features; f++) {
      const v = x[from + f]!;
      if (v !== v) {
        values[at + f] = Number.NEGATIVE_INFINITY;
        values[at + features + f] = Number.POSITIVE_INFINITY;
      } else {
        values[at + f] = v;
        values[at + features + f] = v === Number.POSITIVE_INFINITY ? Number.MAX_VALUE : v;
      }
    }
  }
}
