import { MISSING_BIN, type BinnedMatrix } from './binning.js';
import type { Prng } from './prng.js';

/** Settings of one tree, resolved from the forest options. */
export interface TreeSettings {
  readonly maxDepth: number;
  readonly minSamplesLeaf: number;
  readonly featuresPerSplit: number;
  /** Weight of a sample of class 0 and of class 1. */
  readonly classWeight: readonly [number, number];
}

/** Node arrays of one tree, ids local to the tree. */
export interface GrownTree {
  readonly feature: number[];
  readonly threshold: number[];
  readonly left: number[];
  readonly missingRight: number[];
  readonly value: number[];
  readonly cover: number[];
}

/** Reusable buffers of one worker: a tree is grown without allocating per node. */
export interface GrowBuffers {
  readonly multiplicity: Uint32Array;
  readonly weight: Float64Array;
  readonly rowsInBag: Int32Array;
  readonly histogram: Float64Array;
  readonly counts: Int32Array;
  readonly order: Int32Array;
}

/** Allocates the buffers for growing trees on `rows` rows and `features` features. */
export function createGrowBuffers(rows: number, features: number): GrowBuffers {
  return {
    multiplicity: new Uint32Array(rows),
    weight: new Float64Array(rows),
    rowsInBag: new Int32Array(rows),
    histogram: new Float64Array(512),
    counts: new Int32Array(256),
    order: new Int32Array(features),
  };
}

interface Pending {
  node: number;
  start: number;
  end: number;
  depth: number;
  w0: number;
  w1: number;
  count: number;
}

/**
 * Grows one gini tree on a bootstrap sample of the binned rows. Split search accumulates a histogram of
 * class weights per bin (one pass over the node's rows per candidate feature), then scans the bins; the
 * candidate features are drawn anew at every split, as in Breiman's forest.
 */
export function growTree(data: BinnedMatrix, labels: Uint8Array, settings: TreeSettings, rng: Prng, buffers: GrowBuffers): GrownTree {
  const { rows, features, bins, cuts } = data;
  const { multiplicity, weight, rowsInBag, histogram, counts, order } = buffers;
  const [cw0, cw1] = settings.classWeight;

  multiplicity.fill(0);
  for (let i = 0; i < rows; i++) multiplicity[rng.nextInt(rows)]!++;
  let inBag = 0;
  let w0 = 0;
  let w1 = 0;
  for (let i = 0; i < rows; i++) {
    const m = multiplicity[i]!;
    if (m === 0) continue;
    rowsInBag[inBag++] = i;
    const w = m * (labels[i] === 1 ? cw1 : cw0);
    weight[i] = w;
    if (labels[i] === 1) w1 += w;
    else w0 += w;
  }
  for (let f = 0; f < features; f++) order[f] = f;

  const tree: GrownTree = { feature: [], threshold: [], left: [], missingRight: [], value: [], cover: [] };
  const addNode = (c0: number, c1: number): number => {
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.left.push(-1);
    tree.missingRight.push(0);
    tree.value.push(c1 / (c0 + c1));
    tree.cover.push(c0 + c1);
    return tree.feature.length - 1;
  };

  const stack: Pending[] = [{ node: addNode(w0, w1), start: 0, end: inBag, depth: 0, w0, w1, count: inBag }];
  const minLeaf = settings.minSamplesLeaf;
  while (stack.length > 0) {
    const task = stack.pop()!;
    if (task.depth >= settings.maxDepth || task.count < 2 * minLeaf || task.w0 === 0 || task.w1 === 0) continue;

    const total = task.w0 + task.w1;
    const parentScore = (task.w0 * task.w0 + task.w1 * task.w1) / total;
    let bestScore = parentScore + 1e-12 * total;
    let bestFeature = -1;
    let bestBin = 0;
    let bestMissingRight = 0;
    let bestL0 = 0;
    let bestL1 = 0;
    let bestLCount = 0;

    for (let k = 0; k < features; k++) {
      if (k >= settings.featuresPerSplit && bestFeature >= 0) break;
      const swap = k + rng.nextInt(features - k);
      const f = order[swap]!;
      order[swap] = order[k]!;
      order[k] = f;

      histogram.fill(0);
      counts.fill(0);
      const column = f * rows;
      for (let p = task.start; p < task.end; p++) {
        const row = rowsInBag[p]!;
        const b = bins[column + row]!;
        histogram[(b << 1) | labels[row]!]! += weight[row]!;
        counts[b]!++;
      }

      const m0 = histogram[MISSING_BIN << 1]!;
      const m1 = histogram[(MISSING_BIN << 1) | 1]!;
      const mCount = counts[MISSING_BIN]!;
      const lastBin = cuts[f]!.length;
      let l0 = 0;
      let l1 = 0;
      let lCount = 0;
      // Bin b as the last left bin; b === lastBin puts every present value left, which only splits off the missing ones.
      for (let b = 0; b <= lastBin; b++) {
        l0 += histogram[b << 1]!;
        l1 += histogram[(b << 1) | 1]!;
        lCount += counts[b]!;
        for (let missingRight = 1; missingRight >= 0; missingRight--) {
          if (missingRight === 0 && mCount === 0) continue;
          const a0 = missingRight === 1 ? l0 : l0 + m0;
          const a1 = missingRight === 1 ? l1 : l1 + m1;
          const aCount = missingRight === 1 ? lCount : lCount + mCount;
          const bCount = task.count - aCount;
          if (aCount < minLeaf || bCount < minLeaf) continue;
          const aw = a0 + a1;
          const r0 = task.w0 - a0;
          const r1 = task.w1 - a1;
          const bw = r0 + r1;
          if (aw <= 0 || bw <= 0) continue;
          const score = (a0 * a0 + a1 * a1) / aw + (r0 * r0 + r1 * r1) / bw;
          if (score > bestScore) {
            bestScore = score;
            bestFeature = f;
            bestBin = b;
            bestL0 = a0;
            bestL1 = a1;
            bestLCount = aCount;
            // With no missing values in the node, missing values later follow the heavier child.
            bestMissingRight = mCount === 0 ? (aw >= bw ? 0 : 1) : missingRight;
          }
        }
      }
    }
    if (bestFeature < 0) continue;

    // Partition the node's rows in place: left rows first.
    const column = bestFeature * rows;
    let i = task.start;
    let j = task.end - 1;
    while (i <= j) {
      const b = bins[column + rowsInBag[i]!]!;
      const goesLeft = b === MISSING_BIN ? bestMissingRight === 0 : b <= bestBin;
      if (goesLeft) i++;
      else {
        const t = rowsInBag[i]!;
        rowsInBag[i] = rowsInBag[j]!;
        rowsInBag[j] = t;
        j--;
      }
    }

    const featureCuts = cuts[bestFeature]!;
    const node = task.node;
    const leftId = addNode(bestL0, bestL1);
    addNode(task.w0 - bestL0, task.w1 - bestL1);
    tree.feature[node] = bestFeature;
    tree.threshold[node] = bestBin < featureCuts.length ? featureCuts[bestBin]! : Infinity;
    tree.left[node] = leftId;
    tree.missingRight[node] = bestMissingRight;
    const depth = task.depth + 1;
    stack.push({ node: leftId + 1, start: i, end: task.end, depth, w0: task.w0 - bestL0, w1: task.w1 - bestL1, count: task.count - bestLCount });
    stack.push({ node: leftId, start: task.start, end: i, depth, w0: bestL0, w1: bestL1, count: bestLCount });
  }
  return tree;
}
