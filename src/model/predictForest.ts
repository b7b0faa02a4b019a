import type { Forest } from './Forest.js';
import { compileForest, prepareRows, type CompiledForest } from './_lib/compileForest.js';
import { walkForest } from './_lib/walkForest.js';

/** Calls with at most this many rows (fewer than the eight rows the block kernel walks at once) score row by row. */
const FEW_ROWS = 7;

// Compiled once per forest object, on its first scoring; null = walk it as it is.
const compiledForests = new WeakMap<Forest, CompiledForest | null>();

function compiledFor(forest: Forest): CompiledForest | null {
  let compiled = compiledForests.get(forest);
  if (compiled === undefined) {
    compiled = compileForest(forest);
    compiledForests.set(forest, compiled);
  }
  return compiled;
}

/**
 * Scores rows: mean over trees of the positive-class probability of the leaf each row reaches. `x` is
 * row-major with `forest.features` values per row, NaN for missing. Gives exactly the result of walking
 * each tree node by node (same leaves, same summation order).
 *
 * The first call compiles the forest (kept per forest object, see `compileForest`): trees padded to
 * complete trees of the forest's depth, so every walk is a fixed number of branch-free steps. Deep or very
 * unbalanced forests keep the general walk. A forest's arrays must not change after it first scores.
 *
 * @returns one probability per row (into `out` when given)
 */
export function predictForest(forest: Forest, x: Float64Array, out?: Float64Array): Float64Array {
  const rows = Math.floor(x.length / forest.features);
  const result = out ?? new Float64Array(rows);
  const compiled = compiledFor(forest);
  if (compiled === null) {
    walkForest(forest, x, rows, result);
    return result;
  }
  if (rows <= FEW_ROWS) {
    for (let r = 0; r < rows; r++) {
      prepareRows(compiled, x, r, 1);
      result[r] = scoreOneRow(compiled);
    }
    return result;
  }
  const trees = compiled.trees;
  for (let start = 0; start < rows; start += compiled.blockRows) {
    const count = Math.min(compiled.blockRows, rows - start);
    prepareRows(compiled, x, start, count);
    for (let r = start; r < start + count; r++) result[r] = 0;
    scoreBlock(compiled, result, start, count);
    for (let r = start; r < start + count; r++) result[r] = result[r]! / trees;
  }
  return result;
}

/**
 * Adds each tree's leaf value, tree by tree, to `result[start …]` for the `count` prepared rows.
 *
 * Why eight rows in lock-step: a walk is a chain of dependent loads, and eight independent chains keep the
 * core busy (measured 1.2× faster than four). The `| 0` keep V8's index arithmetic in int32 without
 * overflow checks; threshold and row value come from one array (V8 checks the map of every typed array a
 * loop reads on each iteration).
 */
function scoreBlock(compiled: CompiledForest, result: Float64Array, start: number, count: number): void {
  const { trees, depth, rowWidth, values, column, leaf } = compiled;
  const width = 1 << depth;
  for (let t = 0; t < trees; t++) {
    const base = t * width;
    const leafBase = base - width;
    // Every row starts at the root: its split is read once per tree, not once per row (about 5 % faster).
    const rootColumn = column[base + 1]!;
    const rootThreshold = values[base + 1]!;
    let r = 0;
    for (; r + 8 <= count; r += 8) {
      const b0 = r * rowWidth;
      const b1 = b0 + rowWidth;
      const b2 = b1 + rowWidth;
      const b3 = b2 + rowWidth;
      const b4 = b3 + rowWidth;
      const b5 = b4 + rowWidth;
      const b6 = b5 + rowWidth;
      const b7 = b6 + rowWidth;
      let i0 = 2 + +(values[(b0 + rootColumn) | 0]! > rootThreshold);
      let i1 = 2 + +(values[(b1 + rootColumn) | 0]! > rootThreshold);
      let i2 = 2 + +(values[(b2 + rootColumn) | 0]! > rootThreshold);
      let i3 = 2 + +(values[(b3 + rootColumn) | 0]! > rootThreshold);
      let i4 = 2 + +(values[(b4 + rootColumn) | 0]! > rootThreshold);
      let i5 = 2 + +(values[(b5 + rootColumn) | 0]! > rootThreshold);
      let i6 = 2 + +(values[(b6 + rootColumn) | 0]! > rootThreshold);
      let i7 = 2 + +(values[(b7 + rootColumn) | 0]! > rootThreshold);
      for (let d = 1; d < depth; d++) {
        const k0 = (base + i0) | 0;
        const k1 = (base + i1) | 0;
        const k2 = (base + i2) | 0;
        const k3 = (base + i3) | 0;
        const k4 = (base + i4) | 0;
        const k5 = (base + i5) | 0;
        const k6 = (base + i6) | 0;
        const k7 = (base + i7) | 0;
        i0 = (i0 + i0 + +(values[(b0 + column[k0]!) | 0]! > values[k0]!)) | 0;
        i1 = (i1 + i1 + +(values[(b1 + column[k1]!) | 0]! > values[k1]!)) | 0;
        i2 = (i2 + i2 + +(values[(b2 + column[k2]!) | 0]! > values[k2]!)) | 0;
        i3 = (i3 + i3 + +(values[(b3 + column[k3]!) | 0]! > values[k3]!)) | 0;
        i4 = (i4 + i4 + +(values[(b4 + column[k4]!) | 0]! > values[k4]!)) | 0;
        i5 = (i5 + i5 + +(values[(b5 + column[k5]!) | 0]! > values[k5]!)) | 0;
        i6 = (i6 + i6 + +(values[(b6 + column[k6]!) | 0]! > values[k6]!)) | 0;
        i7 = (i7 + i7 + +(values[(b7 + column[k7]!) | 0]! > values[k7]!)) | 0;
      }
      const at = start + r;
      result[at] = result[at]! + leaf[leafBase + i0]!;
      result[at + 1] = result[at + 1]! + leaf[leafBase + i1]!;
      result[at + 2] = result[at + 2]! + leaf[leafBase + i2]!;
      result[at + 3] = result[at + 3]! + leaf[leafBase + i3]!;
      result[at + 4] = result[at + 4]! + leaf[leafBase + i4]!;
      result[at + 5] = result[at + 5]! + leaf[leafBase + i5]!;
      result[at + 6] = result[at + 6]! + leaf[leafBase + i6]!;
      result[at + 7] = result[at + 7]! + leaf[leafBase + i7]!;
    }
    for (; r < count; r++) {
      const b0 = r * rowWidth;
      let i0 = 1;
      for (let d = 0; d < depth; d++) {
        const k0 = (base + i0) | 0;
        i0 = (i0 + i0 + +(values[(b0 + column[k0]!) | 0]! > values[k0]!)) | 0;
      }
      result[start + r] = result[start + r]! + leaf[leafBase + i0]!;
    }
  }
}

/**
 * Probability of the one prepared row, summed in tree order. A single row reads every tree, more than the
 * L1 cache holds, so each step waits on an L2 load: eight trees walked in lock-step keep eight of those
 * loads in flight (measured faster than four).
 */
function scoreOneRow(compiled: CompiledForest): number {
  const { trees, depth, values, column, leaf } = compiled;
  const width = 1 << depth;
  let sum = 0;
  let t = 0;
  for (; t + 8 <= trees; t += 8) {
    const n0 = t * width;
    const n1 = n0 + width;
    const n2 = n1 + width;
    const n3 = n2 + width;
    const n4 = n3 + width;
    const n5 = n4 + width;
    const n6 = n5 + width;
    const n7 = n6 + width;
    let i0 = 1;
    let i1 = 1;
    let i2 = 1;
    let i3 = 1;
    let i4 = 1;
    let i5 = 1;
    let i6 = 1;
    let i7 = 1;
    for (let d = 0; d < depth; d++) {
      const k0 = (n0 + i0) | 0;
      const k1 = (n1 + i1) | 0;
      const k2 = (n2 + i2) | 0;
      const k3 = (n3 + i3) | 0;
      const k4 = (n4 + i4) | 0;
      const k5 = (n5 + i5) | 0;
      const k6 = (n6 + i6) | 0;
      const k7 = (n7 + i7) | 0;
      i0 = (i0 + i0 + +(values[column[k0]!]! > values[k0]!)) | 0;
      i1 = (i1 + i1 + +(values[column[k1]!]! > values[k1]!)) | 0;
      i2 = (i2 + i2 + +(values[column[k2]!]! > values[k2]!)) | 0;
      i3 = (i3 + i3 + +(values[column[k3]!]! > values[k3]!)) | 0;
      i4 = (i4 + i4 + +(values[column[k4]!]! > values[k4]!)) | 0;
      i5 = (i5 + i5 + +(values[column[k5]!]! > values[k5]!)) | 0;
      i6 = (i6 + i6 + +(values[column[k6]!]! > values[k6]!)) | 0;
      i7 = (i7 + i7 + +(values[column[k7]!]! > values[k7]!)) | 0;
    }
    sum = sum + leaf[n0 - width + i0]!;
    sum = sum + leaf[n1 - width + i1]!;
    sum = sum + leaf[n2 - width + i2]!;
    sum = sum + leaf[n3 - width + i3]!;
    sum = sum + leaf[n4 - width + i4]!;
    sum = sum + leaf[n5 - width + i5]!;
    sum = sum + leaf[n6 - width + i6]!;
    sum = sum + leaf[n7 - width + i7]!;
  }
  for (; t < trees; t++) {
    const n0 = t * width;
    let i0 = 1;
    for (let d = 0; d < depth; d++) {
      const k0 = (n0 + i0) | 0;
      i0 = (i0 + i0 + +(values[column[k0]!]! > values[k0]!)) | 0;
    }
    sum = sum + leaf[n0 - width + i0]!;
  }
  return sum / trees;
}
