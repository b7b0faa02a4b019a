import type { Forest } from './Forest.js';

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
 * Why it is fast. For a leaf of value v whose path has distinct features P, with z_j the product of the
 * cover fractions of j's splits and o_j = 1 when the row meets all of j's conditions, Algorithm 2's sum
 * over coalitions with weights |S|!(d-|S|-1)!/d! is the Beta integral
 *   φ_i += v (o_i − z_i) ∫₀¹ Π_{j∈P, j≠i} (z_j + (o_j − z_j) t) dt,
 * a polynomial of degree < d, so Gauss–Legendre quadrature with ⌈depth/2⌉ points is exact (the polynomial
 * view of Yu et al. 2022, "Linear TreeShap"). One depth-first pass per tree carries the path product at
 * the quadrature points and credits each feature at its deepest split, so a row costs O(nodes × points)
 * instead of O(leaves × depth²), with no allocation per row.
 */
export function createTreeShap(forest: Forest): TreeShap {
  const trees = forest.treeStarts.length - 1;
  const { feature, threshold, left, missingRight, value, cover } = forest;
  const features = forest.features;

  let maxDepth = 0;
  let expectedValue = 0;
  for (let t = 0; t < trees; t++) {
    const root = forest.treeStarts[t]!;
    const depthStack: number[] = [root, 0];
    while (depthStack.length > 0) {
      const depth = depthStack.pop()!;
      const node = depthStack.pop()!;
      if (feature[node]! < 0) {
        maxDepth = Math.max(maxDepth, depth);
        expectedValue += (value[node]! * cover[node]!) / cover[root]! / trees;
      } else depthStack.push(left[node]!, depth + 1, left[node]! + 1, depth + 1);
    }
  }

  const q = Math.max(1, Math.ceil(maxDepth / 2));
  const { points, weights } = gaussLegendre01(q);
  // Row-independent tables per edge (the edge into node c, merged z of its feature along the path) and per
  // "met" state m, at each quadrature point t_k — slot(c, m) = (2c + m) q:
  //   factorValue = m ? z + (1 − z) t : z (1 − t),  reciprocal = 1 / factorValue,  weighted = w_k × reciprocal.
  // The per-row pass then multiplies and adds only, with no branch on the row's values beyond one comparison.
  const nodes = feature.length;
  const edgeZ = new Float64Array(nodes + 1).fill(1);
  const factorValue = new Float64Array((nodes + 1) * 2 * q);
  const reciprocal = new Float64Array((nodes + 1) * 2 * q);
  const weighted = new Float64Array((nodes + 1) * 2 * q);
  const fillTables = (edge: number, z: number) => {
    for (let m = 0; m < 2; m++) {
      const slot = (2 * edge + m) * q;
      for (let k = 0; k < q; k++) {
        const t = points[k]!;
        const value = m === 1 ? z + (1 - z) * t : z * (1 - t);
        factorValue[slot + k] = value;
        reciprocal[slot + k] = 1 / value;
        weighted[slot + k] = weights[k]! / value;
      }
    }
  };
  fillTables(nodes, 1);
  const lastEdgeOf = new Int32Array(features).fill(nodes);
  // Row-independent flags per split: is its feature split on an ancestor / again below it? Without such
  // splits the per-feature accumulator needs no saving, zeroing or subtracting.
  const splitAbove = new Uint8Array(nodes);
  const splitBelow = new Uint8Array(nodes);
  const splitsSeen = new Int32Array(features);
  const fillEdges = (node: number): void => {
    const f = feature[node]!;
    if (f < 0) return;
    const previous = lastEdgeOf[f]!;
    splitAbove[node] = previous === nodes ? 0 : 1;
    const before = ++splitsSeen[f]!;
    for (let side = 0; side < 2; side++) {
      const child = left[node]! + side;
      const z = edgeZ[previous]! * (cover[child]! / cover[node]!);
      edgeZ[child] = z;
      fillTables(child, z);
      lastEdgeOf[f] = child;
      fillEdges(child);
    }
    lastEdgeOf[f] = previous;
    splitBelow[node] = splitsSeen[f]! > before ? 1 : 0;
  };
  for (let t = 0; t < trees; t++) fillEdges(forest.treeStarts[t]!);

  const leafScale = 1 / trees;
  // Per depth: path product H, subtree sum R, saved accumulator; per feature: last edge, whether met, accumulator.
  const pathProduct = new Float64Array((maxDepth + 2) * q);
  const subtreeSum = new Float64Array((maxDepth + 2) * q);
  const savedAccumulator = new Float64Array((maxDepth + 2) * q);
  const accumulator = new Float64Array(features * q);
  const edgeOf = new Int32Array(features).fill(nodes);
  const metOf = new Uint8Array(features).fill(1);
  let row: ArrayLike<number> = [];
  let phi: Float64Array = new Float64Array(features);

  // Visits split `node` at `depth` (its path product is in pathProduct[depth]); leaves its subtree sum R in
  // subtreeSum[depth]. Leaf children are handled inline: half the nodes, no call and no path row for them.
  const visit = (node: number, depth: number): void => {
    const here = depth * q;
    const below = here + q;
    const f = feature[node]!;
    const acc = f * q;
    const above = splitAbove[node]!;
    const deeper = splitBelow[node]!;
    const oldEdge = edgeOf[f]!;
    const oldMet = metOf[f]!;
    const oldSlot = (2 * oldEdge + oldMet) * q;
    for (let k = 0; k < q; k++) subtreeSum[here + k] = 0;
    if (above === 1 && deeper === 1) for (let k = 0; k < q; k++) savedAccumulator[here + k] = accumulator[acc + k]!;
    const xv = row[f]!;
    // Arithmetic, not a branch: real rows make the split direction unpredictable.
    const goesRight = +(xv > threshold[node]!) | (+(xv !== xv) & missingRight[node]!);
    for (let side = 0; side < 2; side++) {
      const child = left[node]! + side;
      const met = +(side === goesRight) & oldMet;
      const slot = (2 * child + met) * q;
      let integral = 0;
      if (feature[child]! < 0) {
        const v = value[child]! * leafScale;
        for (let k = 0; k < q; k++) {
          const r = v * pathProduct[here + k]! * factorValue[slot + k]! * reciprocal[oldSlot + k]!;
          subtreeSum[here + k] = subtreeSum[here + k]! + r;
          integral += weighted[slot + k]! * r;
        }
      } else {
        for (let k = 0; k < q; k++) pathProduct[below + k] = pathProduct[here + k]! * factorValue[slot + k]! * reciprocal[oldSlot + k]!;
        if (deeper === 1) for (let k = 0; k < q; k++) accumulator[acc + k] = 0;
        edgeOf[f] = child;
        metOf[f] = met;
        visit(child, depth + 1);
        edgeOf[f] = oldEdge;
        metOf[f] = oldMet;
        // Leaves under this edge whose deepest split on f is this one: the subtree minus deeper f-subtrees.
        if (deeper === 1) {
          for (let k = 0; k < q; k++) {
            const r = subtreeSum[below + k]!;
            subtreeSum[here + k] = subtreeSum[here + k]! + r;
            integral += weighted[slot + k]! * (r - accumulator[acc + k]!);
          }
        } else {
          for (let k = 0; k < q; k++) {
            const r = subtreeSum[below + k]!;
            subtreeSum[here + k] = subtreeSum[here + k]! + r;
            integral += weighted[slot + k]! * r;
          }
        }
      }
      // (o − z) ∫ Π_{j≠f} …: the integrand's 1 / (factor of f) is in `weighted`.
      phi[f] = phi[f]! + (met - edgeZ[child]!) * integral;
    }
    if (above === 1) {
      if (deeper === 1) for (let k = 0; k < q; k++) accumulator[acc + k] = savedAccumulator[here + k]! + subtreeSum[here + k]!;
      else for (let k = 0; k < q; k++) accumulator[acc + k] = accumulator[acc + k]! + subtreeSum[here + k]!;
    }
  };

  const explain = (x: ArrayLike<number>, out: Float64Array): void => {
    row = x;
    phi = out;
    for (let k = 0; k < q; k++) pathProduct[k] = 1;
    for (let t = 0; t < trees; t++) {
      const root = forest.treeStarts[t]!;
      if (feature[root]! >= 0) visit(root, 0);
    }
  };

  return { expectedValue, explain };
}

/** Gauss–Legendre points and weights on [0, 1]: exact for polynomials of degree < 2n. */
function gaussLegendre01(n: number): { points: Float64Array; weights: Float64Array } {
  const points = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // Newton iteration on the Legendre polynomial P_n from the Chebyshev-like initial guess.
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let derivative = 1;
    for (let iteration = 0; iteration < 100; iteration++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      if (n === 1) p0 = 1;
      derivative = (n * (x * p1 - p0)) / (x * x - 1);
      const step = p1 / derivative;
      x -= step;
      if (Math.abs(step) < 1e-16) break;
    }
    points[i] = (1 - x) / 2;
    weights[i] = 1 / ((1 - x * x) * derivative * derivative);
  }
  return { points, weights };
}
