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
  let tableT = 0;
  let tableW = 0;
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
    tableT += layout.order.length * 3 * layout.q;
    tableW += (layout.order.length + 1) * layout.q;
  }

  // Flat per-internal-node arrays over all trees (each tree's slice in its breadth-first order).
  const nodeFeature = new Int32Array(internalTotal);
  const nodeThreshold = new Float64Array(internalTotal);
  const nodeMissingRight = new Uint8Array(internalTotal);
  const nodeLocal = new Int32Array(internalTotal);
  const nodeChild = new Int32Array(internalTotal);
  const nodePrevious = new Int32Array(internalTotal);
  // Splits on a feature already split above: local id, feature, local edge of the split above.
  const correctionNode = new Int32Array(correctionTotal);
  const correctionFeature = new Int32Array(correctionTotal);
  const correctionEdge = new Int32Array(correctionTotal);
  // ratio[(c·3 + s)·q + k], s = met(c) + met(previous edge of the feature): path-product update for edge c.
  const ratio = new Float64Array(tableT);
  // credit[(met·(c + 1))·q + k]: (o − z) w_k / factor; the first q entries are the met = 0 value, which is
  // −w_k / (1 − t_k) for every edge, so that one row serves them all and the table stays small.
  const credit = new Float64Array(tableW);
  const treeInternalStart = new Int32Array(trees + 1);
  const treeCorrectionStart = new Int32Array(trees + 1);
  const treeRatioStart = new Int32Array(trees);
  const treeCreditStart = new Int32Array(trees);
  const treeQ = new Int32Array(trees);
  const quadrature = new Map<number, { points: Float64Array; weights: Float64Array }>();

  let internalAt = 0;
  let correctionAt = 0;
  let ratioAt = 0;
  let creditAt = 0;
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
    treeRatioStart[t] = ratioAt;
    treeCreditStart[t] = creditAt;
    const size = order.length;
    for (let k = 0; k < q; k++) credit[creditAt + k] = -weights[k]! / (1 - points[k]!);
    // Merged cover fraction z of the edge's feature along the path, per local edge (the root's slot unused).
    const edgeZ = new Float64Array(size);
    for (let j = 0; j < internal.length; j++) {
      const p = internal[j]!;
      const node = order[p]!;
      const c = layout.child[p]!;
      const previous = layout.previous[p]!;
      const zPrevious = previous < 0 ? 1 : edgeZ[previous]!;
      nodeFeature[internalAt] = feature[node]!;
      nodeThreshold[internalAt] = threshold[node]!;
      nodeMissingRight[internalAt] = missingRight[node]!;
      nodeLocal[internalAt] = p;
      nodeChild[internalAt] = c;
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
        const childLocal = c + side;
        const childNode = order[childLocal]!;
        const z = zPrevious * (cover[childNode]! / cover[node]!);
        edgeZ[childLocal] = z;
        const scale = feature[childNode]! < 0 ? value[childNode]! * leafScale : 1;
        for (let k = 0; k < q; k++) {
          const x = points[k]!;
          const met = z + (1 - z) * x;
          const unmet = z * (1 - x);
          const previousMet = previous < 0 ? 1 : zPrevious + (1 - zPrevious) * x;
          const previousUnmet = zPrevious * (1 - x);
          const at = ratioAt + childLocal * 3 * q + k;
          ratio[at] = (scale * unmet) / previousUnmet;
          ratio[at + q] = (scale * unmet) / previousMet;
          ratio[at + 2 * q] = (scale * met) / previousMet;
          credit[creditAt + (childLocal + 1) * q + k] = ((1 - z) * weights[k]!) / met;
        }
      }
    }
    ratioAt += size * 3 * q;
    creditAt += (size + 1) * q;
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
      const ratioBase = treeRatioStart[t]!;
      const creditBase = treeCreditStart[t]!;
      for (let k = 0; k < q; k++) X[k] = 1;
      metOf[0] = 1;
      // Down: path products of both children from the parent's (parents come first).
      for (let j = first; j < end; j++) {
        const xv = row[nodeFeature[j]!]!;
        // Arithmetic, not a branch: real rows make the split direction unpredictable.
        const goesRight = +(xv > nodeThreshold[j]!) | (+(xv !== xv) & nodeMissingRight[j]!);
        const metAbove = metOf[nodePrevious[j]!]!;
        const p = nodeLocal[j]! * q;
        const c = nodeChild[j]!;
        const metLeft = (goesRight ^ 1) & metAbove;
        const metRight = goesRight & metAbove;
        metOf[c] = metLeft;
        metOf[c + 1] = metRight;
        const l = c * q;
        const r = l + q;
        const ratioLeft = ratioBase + (c * 3 + metLeft + metAbove) * q;
        const ratioRight = ratioBase + ((c + 1) * 3 + metRight + metAbove) * q;
        for (let k = 0; k < q; k++) {
          const h = X[p + k]!;
          X[l + k] = h * ratio[ratioLeft + k]!;
          X[r + k] = h * ratio[ratioRight + k]!;
        }
      }
      // Up: subtree sums, and each edge's credit to its split's feature (children come first).
      for (let j = end - 1; j >= first; j--) {
        const p = nodeLocal[j]! * q;
        const c = nodeChild[j]!;
        const l = c * q;
        const r = l + q;
        const creditLeft = creditBase + metOf[c]! * (c + 1) * q;
        const creditRight = creditBase + metOf[c + 1]! * (c + 2) * q;
        let sum = 0;
        for (let k = 0; k < q; k++) {
          const a = X[l + k]!;
          const b = X[r + k]!;
          X[p + k] = a + b;
          sum += credit[creditLeft + k]! * a + credit[creditRight + k]! * b;
        }
        const f = nodeFeature[j]!;
        phi[f] = phi[f]! + sum;
      }
      // Leaves below a deeper split on the same feature were credited there, not at the split above.
      const correctionEnd = treeCorrectionStart[t + 1]!;
      for (let j = treeCorrectionStart[t]!; j < correctionEnd; j++) {
        const p = correctionNode[j]! * q;
        const e = correctionEdge[j]!;
        const at = creditBase + metOf[e]! * (e + 1) * q;
        let sum = 0;
        for (let k = 0; k < q; k++) sum += credit[at + k]! * X[p + k]!;
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
