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
 * Why it is fast. Everything that does not depend on the row is built here, per tree in a breadth-first
 * local numbering (children adjacent, parents first), into arrays read in order: per split, its feature,
 * threshold and the local edge of the split above on the same feature, and per child two numbers A, B with
 * which the child's factor at point t is met·A t + B (1 − t) (the leaf value folded into A, B for leaves),
 * plus the credit of the child's edge when met minus when unmet (the unmet credit −w_k / (1 − t_k) is the
 * same for every edge). Only splits on a feature already split above carry a row of reciprocals of that old
 * factor. A row then costs flat loops per tree with multiplies and adds only: path products down (parents
 * first), splits over two leaves in one fused step, subtree sums and edge credits up (children first), and a
 * short correction loop. Four points (trees with 7 or 8 distinct features on a path) have an unrolled kernel.
 * No recursion, no division, no branch on the row's values, no allocation per row.
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

  // Per row scratch: X holds the path product H while going down, then the subtree sum R going up.
  const X = new Float64Array((maxNodes + 1) * maxQ);
  const metOf = new Uint8Array(maxNodes + 1);
  metOf[maxNodes] = 1;

  const explain = (row: ArrayLike<number>, phi: Float64Array): void => {
    for (let t = 0; t < trees; t++) {
      const first = treeInternalStart[t]!;
      const end = treeInternalStart[t + 1]!;
      if (first === end) continue;
      const upperEnd = treeUpperEnd[t]!;
      const q = treeQ[t]!;
      const stride = 4 + 2 * q;
      const ruleAt = 3 * t * maxQ;
      for (let k = 0; k < q; k++) X[k] = 1;
      metOf[0] = 1;
      let block = treeBlockStart[t]!;
      if (q === 4) {
        // The usual case (trees of depth 7 or 8), unrolled: the point loops are too short for the loop overhead.
        const t0 = rules[ruleAt]!;
        const t1 = rules[ruleAt + 1]!;
        const t2 = rules[ruleAt + 2]!;
        const t3 = rules[ruleAt + 3]!;
        const u0 = rules[ruleAt + maxQ]!;
        const u1 = rules[ruleAt + maxQ + 1]!;
        const u2 = rules[ruleAt + maxQ + 2]!;
        const u3 = rules[ruleAt + maxQ + 3]!;
        const w0 = rules[ruleAt + 2 * maxQ]!;
        const w1 = rules[ruleAt + 2 * maxQ + 1]!;
        const w2 = rules[ruleAt + 2 * maxQ + 2]!;
        const w3 = rules[ruleAt + 2 * maxQ + 3]!;
        // Down: path products of both children from the parent's (parents come first).
        for (let j = first; j < upperEnd; j++, block += 12) {
          const xv = row[nodeFeature[j]!]!;
          // Arithmetic, not a branch: real rows make the split direction unpredictable.
          const goesRight = +(xv > nodeThreshold[j]!) | (+(xv !== xv) & nodeMissingRight[j]!);
          const metAbove = metOf[nodePrevious[j]!]!;
          const metLeft = (goesRight ^ 1) & metAbove;
          const metRight = goesRight & metAbove;
          const c = nodeChild[j]!;
          metOf[c] = metLeft;
          metOf[c + 1] = metRight;
          const p = nodeLocal[j]! * 4;
          const l = c * 4;
          const i = nodeInverse[j]! + metAbove * 4;
          const al = metLeft * blocks[block]!;
          const bl = blocks[block + 1]!;
          const ar = metRight * blocks[block + 2]!;
          const br = blocks[block + 3]!;
          const h0 = X[p]! * inverse[i]!;
          const h1 = X[p + 1]! * inverse[i + 1]!;
          const h2 = X[p + 2]! * inverse[i + 2]!;
          const h3 = X[p + 3]! * inverse[i + 3]!;
          X[l] = h0 * (al * t0 + bl * u0);
          X[l + 1] = h1 * (al * t1 + bl * u1);
          X[l + 2] = h2 * (al * t2 + bl * u2);
          X[l + 3] = h3 * (al * t3 + bl * u3);
          X[l + 4] = h0 * (ar * t0 + br * u0);
          X[l + 5] = h1 * (ar * t1 + br * u1);
          X[l + 6] = h2 * (ar * t2 + br * u2);
          X[l + 7] = h3 * (ar * t3 + br * u3);
        }
        const upperBlock = block;
        // Splits over two leaves: leaf terms, subtree sum and credits at once, no leaf rows written.
        for (let j = upperEnd; j < end; j++, block += 12) {
          const xv = row[nodeFeature[j]!]!;
          const goesRight = +(xv > nodeThreshold[j]!) | (+(xv !== xv) & nodeMissingRight[j]!);
          const metAbove = metOf[nodePrevious[j]!]!;
          const metLeft = (goesRight ^ 1) & metAbove;
          const metRight = goesRight & metAbove;
          const p = nodeLocal[j]! * 4;
          const i = nodeInverse[j]! + metAbove * 4;
          const al = metLeft * blocks[block]!;
          const bl = blocks[block + 1]!;
          const ar = metRight * blocks[block + 2]!;
          const br = blocks[block + 3]!;
          const h0 = X[p]! * inverse[i]!;
          const h1 = X[p + 1]! * inverse[i + 1]!;
          const h2 = X[p + 2]! * inverse[i + 2]!;
          const h3 = X[p + 3]! * inverse[i + 3]!;
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
          X[p] = s0;
          X[p + 1] = s1;
          X[p + 2] = s2;
          X[p + 3] = s3;
          // At most one child is met: its credit differs from the unmet one shared by every edge.
          const d = block + 4 + metRight * 4;
          const m0 = metLeft * a0 + metRight * b0;
          const m1 = metLeft * a1 + metRight * b1;
          const m2 = metLeft * a2 + metRight * b2;
          const m3 = metLeft * a3 + metRight * b3;
          const sum =
            w0 * s0 + w1 * s1 + (w2 * s2 + w3 * s3) +
            (blocks[d]! * m0 + blocks[d + 1]! * m1 + (blocks[d + 2]! * m2 + blocks[d + 3]! * m3));
          const f = nodeFeature[j]!;
          phi[f] = phi[f]! + sum;
        }
        // Up: subtree sums, and both edges' credit to the split's feature (children come first).
        block = upperBlock;
        for (let j = upperEnd - 1; j >= first; j--) {
          block -= 12;
          const c = nodeChild[j]!;
          const p = nodeLocal[j]! * 4;
          const l = c * 4;
          const a0 = X[l]!;
          const a1 = X[l + 1]!;
          const a2 = X[l + 2]!;
          const a3 = X[l + 3]!;
          const b0 = X[l + 4]!;
          const b1 = X[l + 5]!;
          const b2 = X[l + 6]!;
          const b3 = X[l + 7]!;
          const s0 = a0 + b0;
          const s1 = a1 + b1;
          const s2 = a2 + b2;
          const s3 = a3 + b3;
          X[p] = s0;
          X[p + 1] = s1;
          X[p + 2] = s2;
          X[p + 3] = s3;
          const metLeft = metOf[c]!;
          const metRight = metOf[c + 1]!;
          const d = block + 4 + metRight * 4;
          const m0 = metLeft * a0 + metRight * b0;
          const m1 = metLeft * a1 + metRight * b1;
          const m2 = metLeft * a2 + metRight * b2;
          const m3 = metLeft * a3 + metRight * b3;
          const sum =
            w0 * s0 + w1 * s1 + (w2 * s2 + w3 * s3) +
            (blocks[d]! * m0 + blocks[d + 1]! * m1 + (blocks[d + 2]! * m2 + blocks[d + 3]! * m3));
          const f = nodeFeature[j]!;
          phi[f] = phi[f]! + sum;
        }
      } else {
        // The same three loops for any number of points.
        for (let j = first; j < end; j++, block += stride) {
          const xv = row[nodeFeature[j]!]!;
          const goesRight = +(xv > nodeThreshold[j]!) | (+(xv !== xv) & nodeMissingRight[j]!);
          const metAbove = metOf[nodePrevious[j]!]!;
          const metLeft = (goesRight ^ 1) & metAbove;
          const metRight = goesRight & metAbove;
          const c = nodeChild[j]!;
          metOf[c] = metLeft;
          metOf[c + 1] = metRight;
          const p = nodeLocal[j]! * q;
          const l = c * q;
          const r = l + q;
          const i = nodeInverse[j]! + metAbove * q;
          const al = metLeft * blocks[block]!;
          const bl = blocks[block + 1]!;
          const ar = metRight * blocks[block + 2]!;
          const br = blocks[block + 3]!;
          for (let k = 0; k < q; k++) {
            const h = X[p + k]! * inverse[i + k]!;
            const tk = rules[ruleAt + k]!;
            const uk = rules[ruleAt + maxQ + k]!;
            X[l + k] = h * (al * tk + bl * uk);
            X[r + k] = h * (ar * tk + br * uk);
          }
        }
        // Up over every split here (bottom ones included): simpler, and this path is the rare one.
        for (let j = end - 1; j >= first; j--) {
          block -= stride;
          const c = nodeChild[j]!;
          const p = nodeLocal[j]! * q;
          const l = c * q;
          const r = l + q;
          const d = block + 4;
          const metLeft = metOf[c]!;
          const metRight = metOf[c + 1]!;
          let sum = 0;
          for (let k = 0; k < q; k++) {
            const a = X[l + k]!;
            const b = X[r + k]!;
            X[p + k] = a + b;
            sum += rules[ruleAt + 2 * maxQ + k]! * (a + b) + metLeft * blocks[d + k]! * a + metRight * blocks[d + q + k]! * b;
          }
          const f = nodeFeature[j]!;
          phi[f] = phi[f]! + sum;
        }
      }
      // Leaves below a deeper split on the same feature were credited there, not at the split above.
      const correctionEnd = treeCorrectionStart[t + 1]!;
      for (let j = treeCorrectionStart[t]!; j < correctionEnd; j++) {
        const p = correctionNode[j]! * q;
        const e = correctionEdge[j]!;
        const met = metOf[e]!;
        const d = correctionCredit[j]!;
        let sum = 0;
        if (q === 4) {
          const w = ruleAt + 2 * maxQ;
          sum =
            (rules[w]! + met * blocks[d]!) * X[p]! + (rules[w + 1]! + met * blocks[d + 1]!) * X[p + 1]! +
            ((rules[w + 2]! + met * blocks[d + 2]!) * X[p + 2]! + (rules[w + 3]! + met * blocks[d + 3]!) * X[p + 3]!);
        } else for (let k = 0; k < q; k++) sum += (rules[ruleAt + 2 * maxQ + k]! + met * blocks[d + k]!) * X[p + k]!;
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
