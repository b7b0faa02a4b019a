import type { Forest } from './Forest.js';
import { gaussLegendre01 } from './_lib/gaussLegendre01.js';
import { forestExpectedValue } from './_lib/forestExpectedValue.js';

/** Exact path-dependent TreeSHAP for one forest, with the row-independent work done once. */
export interface TreeShap {
  /** Mean forest output over the training covers: the SHAP base value. */
  readonly expectedValue: number;
  /**
   * Adds the SHAP value of each feature for row `x` into `phi` (length `forest.features`, zeroed by the
   * caller); `expectedValue + Σ phi` equals the forest's probability for `x`.
   */
  explain(x: ArrayLike<number>, phi: Float64Array): void;
}

/**
 * Prepares exact path-dependent TreeSHAP (Lundberg et al. 2020) for a forest.
 *
 * The maths. For a leaf of value v whose path has distinct features P, with z_j the product of the cover
 * fractions of j's splits and o_j = 1 when the row meets all of j's conditions, Algorithm 2's sum over
 * coalitions with weights |S|!(d-|S|-1)!/d! is the Beta integral
 *   φ_i += v (o_i − z_i) ∫₀¹ Π_{j∈P, j≠i} (z_j + (o_j − z_j) t) dt,
 * a polynomial of degree < |P|, so Gauss–Legendre quadrature with ⌈d/2⌉ points, d the largest |P| in the
 * tree, is exact (the polynomial view of Yu et al. 2022, "Linear TreeShap"). Each feature is credited at its
 * deepest split on the path, so φ_f gains, per edge c below a split on f, w(c) · (R(c) − R(deeper f-splits)),
 * R being the sum over leaves below of v × the path product at the quadrature points.
 *
 * Why it is fast. Everything that does not depend on the row is built here, per tree in a breadth-first
 * local numbering (children adjacent, parents first), into arrays read in order: per split, its feature,
 * threshold and the local edge of the split above on the same feature, and per child two numbers A, B with
 * which the child's factor at point t is met·A t + B (1 − t) (the leaf value folded into A, B for leaves),
 * plus the credit of the child's edge when met minus when unmet (the unmet credit −w_k / (1 − t_k) is the
 * same for every edge). Only splits on a feature already split above carry a row of reciprocals of that old
 * factor. A row then costs flat loops per tree with multiplies and adds only: path products down (parents
 * first), splits over two leaves in one fused step, subtree sums and edge credits up (children first), and a
 * short correction loop. Four points (trees with 7 or 8 distinct features on a path) have an unrolled kernel.
 * No recursion, no division, no branch on the row's values, no allocation per row. All the tables and the
 * per-row scratch live in one Float64Array and one Int32Array at precomputed absolute offsets, because V8
 * re-checks every typed array a loop touches on each iteration (one array each: 1.3× faster).
 */
export function createTreeShap(forest: Forest): TreeShap {
  const trees = forest.treeStarts.length - 1;
  const { feature, threshold, missingRight, value, cover } = forest;
  const leafScale = 1 / trees;

  // Per tree: breadth-first local numbering, internal nodes in that order, the largest number of distinct
  // features on a root-to-leaf path (it sets the tree's quadrature size).
  const treeInfo: TreeLayout[] = [];
  let maxNodes = 1;
  let maxQ = 1;
  let internalTotal = 0;
  let correctionTotal = 0;
  let tableSize = 0;
  for (let t = 0; t < trees; t++) {
    const root = forest.treeStarts[t]!;
    const layout = layoutTree(forest, root, forest.features);
    treeInfo.push(layout);
    maxNodes = Math.max(maxNodes, layout.order.length);
    maxQ = Math.max(maxQ, layout.q);
    internalTotal += layout.internal.length;
    correctionTotal += layout.corrections;
    tableSize += layout.internal.length * (4 + 2 * layout.q);
  }

  // Flat per-split arrays over all trees. Each tree's slice: the splits with an internal child in
  // breadth-first order, then those over two leaves (treeUpperEnd[t] is where they start). Local ids index
  // the per-row scratch: the split's own and its left child's (the right child is the next id), and the
  // edge below the split above on the same feature (maxNodes, a slot always met, when there is none).
  const nodeFeature = new Int32Array(internalTotal);
  const nodeThreshold = new Float64Array(internalTotal);
  const nodeMissingRight = new Uint8Array(internalTotal);
  const nodeLocal = new Int32Array(internalTotal);
  const nodeChild = new Int32Array(internalTotal);
  const nodePrevious = new Int32Array(internalTotal);
  const treeUpperEnd = new Int32Array(trees);
  // Offset of the node's row of 1 / (factor of the edge of the split above on the same feature), unmet then
  // met; 0 = the shared row of ones for splits on a feature not split above (most of them).
  const nodeInverse = new Int32Array(internalTotal);
  const inverse = new Float64Array(2 * maxQ * (correctionTotal + 1)).fill(1, 0, 2 * maxQ);
  // Splits on a feature already split above: local id, feature, local edge of the split above and where
  // that edge's met-minus-unmet credit is in `blocks`.
  const correctionNode = new Int32Array(correctionTotal);
  const correctionFeature = new Int32Array(correctionTotal);
  const correctionEdge = new Int32Array(correctionTotal);
  const correctionCredit = new Int32Array(correctionTotal);
  // Per split, read in order (so the hardware prefetches it), 4 + 2q numbers: for each child the
  // factor of its feature at point t is met·A t + B (1 − t) (A the leaf value for leaves, else 1, and
  // B = A z), then each child's credit when met minus its credit when unmet. The unmet credit
  // (o − z) w_k / factor = −w_k / (1 − t_k) is the same for every edge.
  const blocks = new Float64Array(tableSize);
  // Per tree: points t_k, 1 − t_k and the unmet credit, q each.
  const rules = new Float64Array(3 * trees * maxQ);
  const treeInternalStart = new Int32Array(trees + 1);
  const treeCorrectionStart = new Int32Array(trees + 1);
  const treeBlockStart = new Int32Array(trees);
  const treeQ = new Int32Array(trees);
  const quadrature = new Map<number, { points: Float64Array; weights: Float64Array }>();

  let internalAt = 0;
  let correctionAt = 0;
  let blockAt = 0;
  let inverseAt = 2 * maxQ;
  for (let t = 0; t < trees; t++) {
    const layout = treeInfo[t]!;
    const { order, internal, q } = layout;
    let rule = quadrature.get(q);
    if (rule === undefined) {
      rule = gaussLegendre01(q);
      quadrature.set(q, rule);
    }
    const { points, weights } = rule;
    const stride = 4 + 2 * q;
    treeQ[t] = q;
    treeInternalStart[t] = internalAt;
    treeCorrectionStart[t] = correctionAt;
    treeBlockStart[t] = blockAt;
    for (let k = 0; k < q; k++) {
      rules[3 * t * maxQ + k] = points[k]!;
      rules[3 * t * maxQ + maxQ + k] = 1 - points[k]!;
      rules[3 * t * maxQ + 2 * maxQ + k] = -weights[k]! / (1 - points[k]!);
    }
    // Merged cover fraction z of the edge's feature along the path, per local edge (the root's slot unused).
    const edgeZ = new Float64Array(order.length);
    // Splits whose children are both leaves go last: they need no path row below them, so a row handles
    // them in one loop that goes straight from the path product to the subtree sum and the credits.
    const isLeaf = (i: number) => feature[order[i]!]! < 0;
    const bottom = (i: number) => isLeaf(layout.child[i]!) && isLeaf(layout.child[i]! + 1);
    const upper = internal.filter((i) => !bottom(i));
    const sequence = [...upper, ...internal.filter(bottom)];
    treeUpperEnd[t] = internalAt + upper.length;
    const parentOf = new Int32Array(order.length);
    const blockOf = new Int32Array(order.length);
    for (const i of internal) parentOf[layout.child[i]!] = parentOf[layout.child[i]! + 1] = i;
    for (let j = 0; j < sequence.length; j++) {
      const p = sequence[j]!;
      const node = order[p]!;
      const c = layout.child[p]!;
      blockOf[p] = blockAt;
      const previous = layout.previous[p]!;
      const zPrevious = previous < 0 ? 1 : edgeZ[previous]!;
      nodeFeature[internalAt] = feature[node]!;
      nodeThreshold[internalAt] = threshold[node]!;
      nodeMissingRight[internalAt] = missingRight[node]!;
      nodeLocal[internalAt] = p;
      nodeChild[internalAt] = c;
      // The sentinel slot maxNodes always holds met = 1 (no split on the feature above).
      nodePrevious[internalAt] = previous < 0 ? maxNodes : previous;
      if (previous >= 0) {
        correctionNode[correctionAt] = p;
        correctionFeature[correctionAt] = feature[node]!;
        correctionEdge[correctionAt] = previous;
        const above = parentOf[previous]!;
        correctionCredit[correctionAt] = blockOf[above]! + 4 + (previous - layout.child[above]!) * q;
        correctionAt++;
        nodeInverse[internalAt] = inverseAt;
        for (let k = 0; k < q; k++) {
          inverse[inverseAt + k] = 1 / (zPrevious * (1 - points[k]!));
          inverse[inverseAt + q + k] = 1 / (zPrevious + (1 - zPrevious) * points[k]!);
        }
        inverseAt += 2 * q;
      }
      internalAt++;
      for (let side = 0; side < 2; side++) {
        const childNode = order[c + side]!;
        const z = zPrevious * (cover[childNode]! / cover[node]!);
        edgeZ[c + side] = z;
        const scale = feature[childNode]! < 0 ? value[childNode]! * leafScale : 1;
        blocks[blockAt + 2 * side] = scale;
        blocks[blockAt + 2 * side + 1] = scale * z;
        for (let k = 0; k < q; k++) {
          const x = points[k]!;
          blocks[blockAt + 4 + side * q + k] = ((1 - z) * weights[k]!) / (z + (1 - z) * x) + weights[k]! / (1 - x);
        }
      }
      blockAt += stride;
    }
  }
  treeInternalStart[trees] = internalAt;
  treeCorrectionStart[trees] = correctionAt;

  // Everything a row reads in its inner loops goes into one Float64Array and one Int32Array, at absolute
  // offsets: V8 re-checks a typed array's map and recomputes its data pointer on every loop iteration, so
  // the dozen arrays above cost more in checks than in arithmetic (measured: most of an explanation).
  const thresholdAt = 0;
  const blocksAt = thresholdAt + internalTotal;
  const reciprocalsAt = blocksAt + tableSize;
  const rulesAt = reciprocalsAt + inverse.length;
  const xAt = rulesAt + rules.length;
  const rowAt = xAt + (maxNodes + 1) * maxQ;
  const phiAt = rowAt + forest.features;
  const f64 = new Float64Array(phiAt + forest.features);
  f64.set(nodeThreshold, thresholdAt);
  f64.set(blocks, blocksAt);
  f64.set(inverse, reciprocalsAt);
  f64.set(rules, rulesAt);
  const metAt = SPLIT * internalTotal;
  const correctionsAt = metAt + maxNodes + 1;
  const i32 = new Int32Array(correctionsAt + CORRECTION * correctionTotal);
  i32[metAt + maxNodes] = 1;
  const treeBlock = new Int32Array(trees);
  for (let t = 0; t < trees; t++) {
    const q = treeQ[t]!;
    treeBlock[t] = blocksAt + treeBlockStart[t]!;
    for (let j = treeInternalStart[t]!; j < treeInternalStart[t + 1]!; j++) {
      const s = SPLIT * j;
      i32[s] = rowAt + nodeFeature[j]!;
      i32[s + 1] = xAt + nodeLocal[j]! * q;
      i32[s + 2] = metAt + nodeChild[j]!;
      i32[s + 3] = metAt + nodePrevious[j]!;
      i32[s + 4] = reciprocalsAt + nodeInverse[j]!;
      i32[s + 5] = phiAt + nodeFeature[j]!;
      i32[s + 6] = xAt + nodeChild[j]! * q;
      i32[s + 7] = nodeMissingRight[j]!;
    }
    for (let j = treeCorrectionStart[t]!; j < treeCorrectionStart[t + 1]!; j++) {
      const s = correctionsAt + CORRECTION * j;
      i32[s] = xAt + correctionNode[j]! * q;
      i32[s + 1] = metAt + correctionEdge[j]!;
      i32[s + 2] = blocksAt + correctionCredit[j]!;
      i32[s + 3] = phiAt + correctionFeature[j]!;
    }
  }
  const tables: Tables = {
    trees, features: forest.features, maxQ, f64, i32, rulesAt, xAt, rowAt, phiAt, metAt, correctionsAt,
    treeQ, treeBlock, treeInternalStart, treeUpperEnd, treeCorrectionStart,
  };
  return { expectedValue: forestExpectedValue(forest), explain: (row, phi) => explainRow(tables, row, phi) };
}

/** Int32s per split in `Tables.i32`: see the packing in `createTreeShap`. */
const SPLIT = 8;
/** Int32s per correction in `Tables.i32`. */
const CORRECTION = 4;

/** The row-independent tables of one forest, packed for `explainRow`. */
interface Tables {
  readonly trees: number;
  readonly features: number;
  readonly maxQ: number;
  /**
   * Thresholds, per-split factor and credit blocks, reciprocal rows, quadrature rules, then the per-row
   * scratch: path products / subtree sums X, the row, and the SHAP values being summed.
   */
  readonly f64: Float64Array;
  /**
   * Per split (SPLIT each): offset of its feature's value in f64, of its X row, of its left child's met flag
   * (the right child's is next), of the met flag of the edge below the split above on the same feature, of
   * its reciprocal row, of its feature's SHAP value, of its left child's X row, and its missing direction;
   * then the met flags; then per correction (CORRECTION each): X row, met flag of the edge above, credit
   * offset and SHAP value offset.
   */
  readonly i32: Int32Array;
  readonly rulesAt: number;
  readonly xAt: number;
  readonly rowAt: number;
  readonly phiAt: number;
  readonly metAt: number;
  readonly correctionsAt: number;
  readonly treeQ: Int32Array;
  /** Offset in f64 of the tree's first block. */
  readonly treeBlock: Int32Array;
  readonly treeInternalStart: Int32Array;
  readonly treeUpperEnd: Int32Array;
  readonly treeCorrectionStart: Int32Array;
}

function explainRow(tables: Tables, row: ArrayLike<number>, phi: Float64Array): void {
  const { trees, features, maxQ, f64, i32, rulesAt, xAt, rowAt, phiAt, metAt, correctionsAt } = tables;
  const { treeQ, treeBlock, treeInternalStart, treeUpperEnd, treeCorrectionStart } = tables;
  for (let f = 0; f < features; f++) {
    f64[rowAt + f] = row[f]!;
    f64[phiAt + f] = 0;
  }
  for (let t = 0; t < trees; t++) {
    const first = treeInternalStart[t]!;
    const end = treeInternalStart[t + 1]!;
    if (first === end) continue;
    const upperEnd = treeUpperEnd[t]!;
    const q = treeQ[t]!;
    const stride = 4 + 2 * q;
    const ruleAt = rulesAt + 3 * t * maxQ;
    for (let k = 0; k < q; k++) f64[xAt + k] = 1;
    i32[metAt] = 1;
    let block = treeBlock[t]!;
    if (q === 4) {
      // The usual case (trees of depth 7 or 8), unrolled: the point loops are too short for the loop overhead.
      const t0 = f64[ruleAt]!;
      const t1 = f64[ruleAt + 1]!;
      const t2 = f64[ruleAt + 2]!;
      const t3 = f64[ruleAt + 3]!;
      const u0 = f64[ruleAt + maxQ]!;
      const u1 = f64[ruleAt + maxQ + 1]!;
      const u2 = f64[ruleAt + maxQ + 2]!;
      const u3 = f64[ruleAt + maxQ + 3]!;
      const w0 = f64[ruleAt + 2 * maxQ]!;
      const w1 = f64[ruleAt + 2 * maxQ + 1]!;
      const w2 = f64[ruleAt + 2 * maxQ + 2]!;
      const w3 = f64[ruleAt + 2 * maxQ + 3]!;
      // Down: path products of both children from the parent's (parents come first).
      for (let j = first; j < upperEnd; j++, block += 12) {
        const s = SPLIT * j;
        const xv = f64[i32[s]!]!;
        // Arithmetic, not a branch: real rows make the split direction unpredictable.
        const goesRight = +(xv > f64[j]!) | (+(xv !== xv) & i32[s + 7]!);
        const metAbove = i32[i32[s + 3]!]!;
        const metLeft = (goesRight ^ 1) & metAbove;
        const metRight = goesRight & metAbove;
        const m = i32[s + 2]!;
        i32[m] = metLeft;
        i32[m + 1] = metRight;
        const p = i32[s + 1]!;
        const l = i32[s + 6]!;
        const i = i32[s + 4]! + metAbove * 4;
        const al = metLeft * f64[block]!;
        const bl = f64[block + 1]!;
        const ar = metRight * f64[block + 2]!;
        const br = f64[block + 3]!;
        const h0 = f64[p]! * f64[i]!;
        const h1 = f64[p + 1]! * f64[i + 1]!;
        const h2 = f64[p + 2]! * f64[i + 2]!;
        const h3 = f64[p + 3]! * f64[i + 3]!;
        f64[l] = h0 * (al * t0 + bl * u0);
        f64[l + 1] = h1 * (al * t1 + bl * u1);
        f64[l + 2] = h2 * (al * t2 + bl * u2);
        f64[l + 3] = h3 * (al * t3 + bl * u3);
        f64[l + 4] = h0 * (ar * t0 + br * u0);
        f64[l + 5] = h1 * (ar * t1 + br * u1);
        f64[l + 6] = h2 * (ar * t2 + br * u2);
        f64[l + 7] = h3 * (ar * t3 + br * u3);
      }
      const upperBlock = block;
      // Splits over two leaves: leaf terms, subtree sum and credits at once, no leaf rows written.
      for (let j = upperEnd; j < end; j++, block += 12) {
        const s = SPLIT * j;
        const xv = f64[i32[s]!]!;
        const goesRight = +(xv > f64[j]!) | (+(xv !== xv) & i32[s + 7]!);
        const metAbove = i32[i32[s + 3]!]!;
        const metLeft = (goesRight ^ 1) & metAbove;
        const metRight = goesRight & metAbove;
        const p = i32[s + 1]!;
        const i = i32[s + 4]! + metAbove * 4;
        const al = metLeft * f64[block]!;
        const bl = f64[block + 1]!;
        const ar = metRight * f64[block + 2]!;
        const br = f64[block + 3]!;
        const h0 = f64[p]! * f64[i]!;
        const h1 = f64[p + 1]! * f64[i + 1]!;
        const h2 = f64[p + 2]! * f64[i + 2]!;
        const h3 = f64[p + 3]! * f64[i + 3]!;
        const a0 = h0 * (al * t0 + bl * u0);
        const a1 = h1 * (al * t1 + bl * u1);
        const a2 = h2 * (al * t2 + bl * u2);
        const a3 = h3 * (al * t3 + bl * u3);
        const b0 = h0 * (ar * t0 + br * u0);
        const b1 = h1 * (ar * t1 + br * u1);
        const b2 = h2 * (ar * t2 + br * u2);
        const b3 = h3 * (ar * t3 + br * u3);
        const s0 = a0 + b0;
        const s1 = a1 + b1;
        const s2 = a2 + b2;
        const s3 = a3 + b3;
        f64[p] = s0;
        f64[p + 1] = s1;
        f64[p + 2] = s2;
        f64[p + 3] = s3;
        // At most one child is met: its credit differs from the unmet one shared by every edge.
        const d = block + 4 + metRight * 4;
        const m0 = metLeft * a0 + metRight * b0;
        const m1 = metLeft * a1 + metRight * b1;
        const m2 = metLeft * a2 + metRight * b2;
        const m3 = metLeft * a3 + metRight * b3;
        const sum =
          w0 * s0 + w1 * s1 + (w2 * s2 + w3 * s3) +
          (f64[d]! * m0 + f64[d + 1]! * m1 + (f64[d + 2]! * m2 + f64[d + 3]! * m3));
        const f = i32[s + 5]!;
        f64[f] = f64[f]! + sum;
      }
      // Up: subtree sums, and both edges' credit to the split's feature (children come first).
      block = upperBlock;
      for (let j = upperEnd - 1; j >= first; j--) {
        block -= 12;
        const s = SPLIT * j;
        const p = i32[s + 1]!;
        const l = i32[s + 6]!;
        const a0 = f64[l]!;
        const a1 = f64[l + 1]!;
        const a2 = f64[l + 2]!;
        const a3 = f64[l + 3]!;
        const b0 = f64[l + 4]!;
        const b1 = f64[l + 5]!;
        const b2 = f64[l + 6]!;
        const b3 = f64[l + 7]!;
        const s0 = a0 + b0;
        const s1 = a1 + b1;
        const s2 = a2 + b2;
        const s3 = a3 + b3;
        f64[p] = s0;
        f64[p + 1] = s1;
        f64[p + 2] = s2;
        f64[p + 3] = s3;
        const m = i32[s + 2]!;
        const metLeft = i32[m]!;
        const metRight = i32[m + 1]!;
        const d = block + 4 + metRight * 4;
        const m0 = metLeft * a0 + metRight * b0;
        const m1 = metLeft * a1 + metRight * b1;
        const m2 = metLeft * a2 + metRight * b2;
        const m3 = metLeft * a3 + metRight * b3;
        const sum =
          w0 * s0 + w1 * s1 + (w2 * s2 + w3 * s3) +
          (f64[d]! * m0 + f64[d + 1]! * m1 + (f64[d + 2]! * m2 + f64[d + 3]! * m3));
        const f = i32[s + 5]!;
        f64[f] = f64[f]! + sum;
      }
    } else {
      // The same three loops for any number of points.
      for (let j = first; j < end; j++, block += stride) {
        const s = SPLIT * j;
        const xv = f64[i32[s]!]!;
        const goesRight = +(xv > f64[j]!) | (+(xv !== xv) & i32[s + 7]!);
        const metAbove = i32[i32[s + 3]!]!;
        const metLeft = (goesRight ^ 1) & metAbove;
        const metRight = goesRight & metAbove;
        const m = i32[s + 2]!;
        i32[m] = metLeft;
        i32[m + 1] = metRight;
        const p = i32[s + 1]!;
        const l = i32[s + 6]!;
        const r = l + q;
        const i = i32[s + 4]! + metAbove * q;
        const al = metLeft * f64[block]!;
        const bl = f64[block + 1]!;
        const ar = metRight * f64[block + 2]!;
        const br = f64[block + 3]!;
        for (let k = 0; k < q; k++) {
          const h = f64[p + k]! * f64[i + k]!;
          const tk = f64[ruleAt + k]!;
          const uk = f64[ruleAt + maxQ + k]!;
          f64[l + k] = h * (al * tk + bl * uk);
          f64[r + k] = h * (ar * tk + br * uk);
        }
      }
      // Up over every split here (bottom ones included): simpler, and this path is the rare one.
      for (let j = end - 1; j >= first; j--) {
        block -= stride;
        const s = SPLIT * j;
        const p = i32[s + 1]!;
        const l = i32[s + 6]!;
        const r = l + q;
        const d = block + 4;
        const m = i32[s + 2]!;
        const metLeft = i32[m]!;
        const metRight = i32[m + 1]!;
        let sum = 0;
        for (let k = 0; k < q; k++) {
          const a = f64[l + k]!;
          const b = f64[r + k]!;
          f64[p + k] = a + b;
          sum += f64[ruleAt + 2 * maxQ + k]! * (a + b) + metLeft * f64[d + k]! * a + metRight * f64[d + q + k]! * b;
        }
        const f = i32[s + 5]!;
        f64[f] = f64[f]! + sum;
      }
    }
    // Leaves below a deeper split on the same feature were credited there, not at the split above.
    const correctionEnd = correctionsAt + CORRECTION * treeCorrectionStart[t + 1]!;
    const w = ruleAt + 2 * maxQ;
    for (let c = correctionsAt + CORRECTION * treeCorrectionStart[t]!; c < correctionEnd; c += CORRECTION) {
      const p = i32[c]!;
      const met = i32[i32[c + 1]!]!;
      const d = i32[c + 2]!;
      let sum = 0;
      if (q === 4) {
        sum =
          (f64[w]! + met * f64[d]!) * f64[p]! + (f64[w + 1]! + met * f64[d + 1]!) * f64[p + 1]! +
          ((f64[w + 2]! + met * f64[d + 2]!) * f64[p + 2]! + (f64[w + 3]! + met * f64[d + 3]!) * f64[p + 3]!);
      } else for (let k = 0; k < q; k++) sum += (f64[w + k]! + met * f64[d + k]!) * f64[p + k]!;
      const f = i32[c + 3]!;
      f64[f] = f64[f]! - sum;
    }
  }
  for (let f = 0; f < features; f++) phi[f] = phi[f]! + f64[phiAt + f]!;
}

/** One tree in breadth-first local numbering (children adjacent), with what the tables need. */
interface TreeLayout {
  /** Global node id of each local id. */
  readonly order: number[];
  /** Local ids of the internal nodes, increasing. */
  readonly internal: number[];
  /** Local id of the left child, per local id (-1 for leaves). */
  readonly child: Int32Array;
  /** Local id of the edge below the nearest ancestor split on the same feature, -1 if none. */
  readonly previous: Int32Array;
  /** Number of splits on a feature already split above. */
  readonly corrections: number;
  /** Quadrature points: ⌈d/2⌉ for d the largest number of distinct features on a path (at least 1). */
  readonly q: number;
}

function layoutTree(forest: Forest, root: number, features: number): TreeLayout {
  const { feature, left } = forest;
  const order: number[] = [root];
  for (let i = 0; i < order.length; i++) {
    const node = order[i]!;
    if (feature[node]! >= 0) order.push(left[node]!, left[node]! + 1);
  }
  const size = order.length;
  const child = new Int32Array(size).fill(-1);
  const internal: number[] = [];
  let next = 1;
  for (let i = 0; i < size; i++) {
    if (feature[order[i]!]! >= 0) {
      internal.push(i);
      child[i] = next;
      next += 2;
    }
  }
  // Depth-first over local ids to find, per split, the edge below the nearest split on its feature above,
  // and the largest count of distinct features on a path.
  const previous = new Int32Array(size).fill(-1);
  const lastEdge = new Int32Array(features).fill(-1);
  const uses = new Int32Array(features);
  let distinct = 0;
  let maxDistinct = 0;
  let corrections = 0;
  const walk = (i: number): void => {
    const f = feature[order[i]!]!;
    if (f < 0) {
      maxDistinct = Math.max(maxDistinct, distinct);
      return;
    }
    const before = lastEdge[f]!;
    previous[i] = before;
    if (before >= 0) corrections++;
    if (uses[f]!++ === 0) distinct++;
    for (let side = 0; side < 2; side++) {
      lastEdge[f] = child[i]! + side;
      walk(child[i]! + side);
    }
    lastEdge[f] = before;
    if (--uses[f]! === 0) distinct--;
  };
  walk(0);
  return { order, internal, child, previous, corrections, q: Math.max(1, Math.ceil(maxDistinct / 2)) };
}
