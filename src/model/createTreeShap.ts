import type { Forest } from './Forest.js';
import { gaussLegendre01 } from './_lib/gaussLegendre01.js';

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
 * Why it is fast. Everything that does not depend on the row is a table built here, per tree in its own
 * breadth-first numbering (children adjacent, parents first): for each edge and each of the three
 * (met here, met at the previous split on the same feature) states, the ratio that updates the path
 * product (leaf value folded in for leaf edges); and for each edge the quadrature weight × (o − z) / factor.
 * A row then costs three flat loops per tree with multiplies and adds only: path products down (parents
 * first), subtree sums and edge credits up (children first), and a short correction loop over the splits on
 * a feature already split above. No recursion, no division, no allocation per row.
 */
export function createTreeShap(forest: Forest): TreeShap {
  const trees = forest.treeStarts.length - 1;
  const { feature, threshold, missingRight, value, cover } = forest;
  const leafScale = 1 / trees;

  // Per tree: breadth-first local numbering, internal nodes in that order, the largest number of distinct
  // features on a root-to-leaf path (it sets the tree's quadrature size).
  const treeInfo: TreeLayout[] = [];
  let expectedValue = 0;
  let maxNodes = 1;
  let maxQ = 1;
  let internalTotal = 0;
  let correctionTotal = 0;
  let tableSize = 0;
  for (let t = 0; t < trees; t++) {
    const root = forest.treeStarts[t]!;
    const layout = layoutTree(forest, root, forest.features);
    for (let i = 0; i < layout.order.length; i++) {
      const node = layout.order[i]!;
      if (feature[node]! < 0) expectedValue += (value[node]! * cover[node]!) / cover[root]! / trees;
    }
    treeInfo.push(layout);
    maxNodes = Math.max(maxNodes, layout.order.length);
    maxQ = Math.max(maxQ, layout.q);
    internalTotal += layout.internal.length;
    correctionTotal += layout.corrections;
    tableSize += layout.internal.length * 12 * layout.q;
  }

  // Flat per-internal-node arrays over all trees (each tree's slice in its breadth-first order; the j-th
  // internal node of a tree has local children 2j + 1 and 2j + 2).
  const nodeFeature = new Int32Array(internalTotal);
  const nodeThreshold = new Float64Array(internalTotal);
  const nodeMissingRight = new Uint8Array(internalTotal);
  const nodeLocal = new Int32Array(internalTotal);
  const nodePrevious = new Int32Array(internalTotal);
  // Splits on a feature already split above: local id, feature, local edge of the split above.
  const correctionNode = new Int32Array(correctionTotal);
  const correctionFeature = new Int32Array(correctionTotal);
  const correctionEdge = new Int32Array(correctionTotal);
  // Per internal node a block of 3 rows, one per state: 0 = the feature's conditions above are unmet,
  // 1 = met and the row goes left, 2 = met and it goes right. A row holds, at the q points, the ratio that
  // turns the node's path product into the left child's and the right child's (the leaf value folded in
  // for leaves), then each edge's credit (o − z) w_k / factor. A row reads one state only, so the memory a
  // row touches is a quarter of the table and sits in consecutive lines.
  const blocks = new Float64Array(tableSize);
  const treeInternalStart = new Int32Array(trees + 1);
  const treeCorrectionStart = new Int32Array(trees + 1);
  const treeBlockStart = new Int32Array(trees);
  const treeQ = new Int32Array(trees);
  const quadrature = new Map<number, { points: Float64Array; weights: Float64Array }>();

  let internalAt = 0;
  let correctionAt = 0;
  let blockAt = 0;
  for (let t = 0; t < trees; t++) {
    const layout = treeInfo[t]!;
    const { order, internal, q } = layout;
    let rule = quadrature.get(q);
    if (rule === undefined) {
      rule = gaussLegendre01(q);
      quadrature.set(q, rule);
    }
    const { points, weights } = rule;
    treeQ[t] = q;
    treeInternalStart[t] = internalAt;
    treeCorrectionStart[t] = correctionAt;
    treeBlockStart[t] = blockAt;
    // Merged cover fraction z of the edge's feature along the path, per local edge (the root's slot unused).
    const edgeZ = new Float64Array(order.length);
    for (let j = 0; j < internal.length; j++) {
      const p = internal[j]!;
      const node = order[p]!;
      const c = 2 * j + 1;
      const previous = layout.previous[p]!;
      const zPrevious = previous < 0 ? 1 : edgeZ[previous]!;
      nodeFeature[internalAt] = feature[node]!;
      nodeThreshold[internalAt] = threshold[node]!;
      nodeMissingRight[internalAt] = missingRight[node]!;
      nodeLocal[internalAt] = p;
      // The sentinel slot maxNodes always holds met = 1 (no split on the feature above).
      nodePrevious[internalAt] = previous < 0 ? maxNodes : previous;
      internalAt++;
      if (previous >= 0) {
        correctionNode[correctionAt] = p;
        correctionFeature[correctionAt] = feature[node]!;
        correctionEdge[correctionAt] = previous;
        correctionAt++;
      }
      for (let side = 0; side < 2; side++) {
        const childNode = order[c + side]!;
        const z = zPrevious * (cover[childNode]! / cover[node]!);
        edgeZ[c + side] = z;
        const scale = feature[childNode]! < 0 ? value[childNode]! * leafScale : 1;
        for (let k = 0; k < q; k++) {
          const x = points[k]!;
          const met = z + (1 - z) * x;
          const unmet = z * (1 - x);
          const previousMet = previous < 0 ? 1 : zPrevious + (1 - zPrevious) * x;
          const previousUnmet = previous < 0 ? 1 : zPrevious * (1 - x);
          const unmetCredit = -weights[k]! / (1 - x);
          const metCredit = ((1 - z) * weights[k]!) / met;
          for (let state = 0; state < 3; state++) {
            const row = blockAt + state * 4 * q + side * q + k;
            const childMet = state === 1 + side;
            blocks[row] = (scale * (childMet ? met : unmet)) / (state === 0 ? previousUnmet : previousMet);
            blocks[row + 2 * q] = childMet ? metCredit : unmetCredit;
          }
        }
      }
      blockAt += 12 * q;
    }
  }
  treeInternalStart[trees] = internalAt;
  treeCorrectionStart[trees] = correctionAt;

  // Per row scratch: X holds the path product H while going down, then the subtree sum R going up.
  const X = new Float64Array((maxNodes + 1) * maxQ);
  const metOf = new Uint8Array(maxNodes + 1);
  metOf[maxNodes] = 1;

  const explain = (row: ArrayLike<number>, phi: Float64Array): void => {
    for (let t = 0; t < trees; t++) {
      const first = treeInternalStart[t]!;
      const end = treeInternalStart[t + 1]!;
      if (first === end) continue;
      const q = treeQ[t]!;
      const stride = 12 * q;
      for (let k = 0; k < q; k++) X[k] = 1;
      metOf[0] = 1;
      let block = treeBlockStart[t]!;
      let c = 1;
      if (q === 4) {
        // The usual case (trees of depth 7 or 8), unrolled: the point loops are too short for the loop overhead.
        for (let j = first; j < end; j++, c += 2, block += 48) {
          const xv = row[nodeFeature[j]!]!;
          const goesRight = +(xv > nodeThreshold[j]!) | (+(xv !== xv) & nodeMissingRight[j]!);
          const metAbove = metOf[nodePrevious[j]!]!;
          metOf[c] = (goesRight ^ 1) & metAbove;
          metOf[c + 1] = goesRight & metAbove;
          const p = nodeLocal[j]! * 4;
          const l = c * 4;
          const at = block + metAbove * (1 + goesRight) * 16;
          const h0 = X[p]!;
          const h1 = X[p + 1]!;
          const h2 = X[p + 2]!;
          const h3 = X[p + 3]!;
          X[l] = h0 * blocks[at]!;
          X[l + 1] = h1 * blocks[at + 1]!;
          X[l + 2] = h2 * blocks[at + 2]!;
          X[l + 3] = h3 * blocks[at + 3]!;
          X[l + 4] = h0 * blocks[at + 4]!;
          X[l + 5] = h1 * blocks[at + 5]!;
          X[l + 6] = h2 * blocks[at + 6]!;
          X[l + 7] = h3 * blocks[at + 7]!;
        }
        for (let j = end - 1; j >= first; j--) {
          c -= 2;
          block -= 48;
          const p = nodeLocal[j]! * 4;
          const l = c * 4;
          const at = block + (metOf[c]! + 2 * metOf[c + 1]!) * 16 + 8;
          const a0 = X[l]!;
          const a1 = X[l + 1]!;
          const a2 = X[l + 2]!;
          const a3 = X[l + 3]!;
          const b0 = X[l + 4]!;
          const b1 = X[l + 5]!;
          const b2 = X[l + 6]!;
          const b3 = X[l + 7]!;
          X[p] = a0 + b0;
          X[p + 1] = a1 + b1;
          X[p + 2] = a2 + b2;
          X[p + 3] = a3 + b3;
          const sum =
            blocks[at]! * a0 + blocks[at + 1]! * a1 + (blocks[at + 2]! * a2 + blocks[at + 3]! * a3) +
            (blocks[at + 4]! * b0 + blocks[at + 5]! * b1 + (blocks[at + 6]! * b2 + blocks[at + 7]! * b3));
          const f = nodeFeature[j]!;
          phi[f] = phi[f]! + sum;
        }
      } else {
        // Down: path products of both children from the parent's (parents come first).
        for (let j = first; j < end; j++, c += 2, block += stride) {
          const xv = row[nodeFeature[j]!]!;
          // Arithmetic, not a branch: real rows make the split direction unpredictable.
          const goesRight = +(xv > nodeThreshold[j]!) | (+(xv !== xv) & nodeMissingRight[j]!);
          const metAbove = metOf[nodePrevious[j]!]!;
          metOf[c] = (goesRight ^ 1) & metAbove;
          metOf[c + 1] = goesRight & metAbove;
          const p = nodeLocal[j]! * q;
          const l = c * q;
          const r = l + q;
          const at = block + metAbove * (1 + goesRight) * 4 * q;
          for (let k = 0; k < q; k++) {
            const h = X[p + k]!;
            X[l + k] = h * blocks[at + k]!;
            X[r + k] = h * blocks[at + q + k]!;
          }
        }
        // Up: subtree sums, and both edges' credit to the split's feature (children come first).
        for (let j = end - 1; j >= first; j--) {
          c -= 2;
          block -= stride;
          const p = nodeLocal[j]! * q;
          const l = c * q;
          const r = l + q;
          const at = block + (metOf[c]! + 2 * metOf[c + 1]!) * 4 * q + 2 * q;
          let sum = 0;
          for (let k = 0; k < q; k++) {
            const a = X[l + k]!;
            const b = X[r + k]!;
            X[p + k] = a + b;
            sum += blocks[at + k]! * a + blocks[at + q + k]! * b;
          }
          const f = nodeFeature[j]!;
          phi[f] = phi[f]! + sum;
        }
      }
      // Leaves below a deeper split on the same feature were credited there, not at the split above.
      const base = treeBlockStart[t]!;
      const correctionEnd = treeCorrectionStart[t + 1]!;
      for (let j = treeCorrectionStart[t]!; j < correctionEnd; j++) {
        const p = correctionNode[j]! * q;
        const e = correctionEdge[j]!;
        const side = 1 - (e & 1);
        const at = base + ((e - 1) >> 1) * stride + (metOf[e]! * (1 + side) * 4 + 2 + side) * q;
        let sum = 0;
        for (let k = 0; k < q; k++) sum += blocks[at + k]! * X[p + k]!;
        const f = correctionFeature[j]!;
        phi[f] = phi[f]! - sum;
      }
    }
  };

  return { expectedValue, explain };
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
