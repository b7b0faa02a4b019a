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
  // Row-independent reciprocals, so that the per-row pass has no division per quadrature point:
  // reciprocalMet[c·q + k] = 1 / (z_c + (1 − z_c) t_k) for the merged z of the edge into node c when the row
  // meets the edge's feature conditions; an unmet factor z (1 − t) only needs 1 / z and weightOverRest.
  const nodes = feature.length;
  const edgeZ = new Float64Array(nodes + 1).fill(1);
  const reciprocalMet = new Float64Array((nodes + 1) * q).fill(1);
  const lastEdgeOf = new Int32Array(features).fill(nodes);
  const fillEdges = (node: number): void => {
    const f = feature[node]!;
    if (f < 0) return;
    const previous = lastEdgeOf[f]!;
    for (let side = 0; side < 2; side++) {
      const child = left[node]! + side;
      const z = edgeZ[previous]! * (cover[child]! / cover[node]!);
      edgeZ[child] = z;
      for (let k = 0; k < q; k++) reciprocalMet[child * q + k] = 1 / (z + (1 - z) * points[k]!);
      lastEdgeOf[f] = child;
      fillEdges(child);
    }
    lastEdgeOf[f] = previous;
  };
  for (let t = 0; t < trees; t++) fillEdges(forest.treeStarts[t]!);
  const weightOverRest = weights.map((w, k) => w / (1 - points[k]!));

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

  const visit = (node: number, depth: number): void => {
    const here = depth * q;
    const f = feature[node]!;
    if (f < 0) {
      const v = value[node]! * leafScale;
      for (let k = 0; k < q; k++) subtreeSum[here + k] = v * pathProduct[here + k]!;
      return;
    }
    const below = here + q;
    const acc = f * q;
    const oldEdge = edgeOf[f]!;
    const oldMet = metOf[f]!;
    const oldZ = edgeZ[oldEdge]!;
    const oldTable = oldEdge * q;
    for (let k = 0; k < q; k++) {
      savedAccumulator[here + k] = accumulator[acc + k]!;
      subtreeSum[here + k] = 0;
    }
    const xv = row[f]!;
    const goesRight = xv <= threshold[node]! ? 0 : xv === xv ? 1 : missingRight[node]!;
    for (let side = 0; side < 2; side++) {
      const child = left[node]! + side;
      const z = edgeZ[child]!;
      const met = side === goesRight ? oldMet : 0;
      edgeOf[f] = child;
      metOf[f] = met;
      // H below = H here × (new factor of f) / (old factor of f).
      if (oldMet === 0) {
        const ratio = z / oldZ;
        for (let k = 0; k < q; k++) pathProduct[below + k] = pathProduct[here + k]! * ratio;
      } else if (met === 1) {
        for (let k = 0; k < q; k++) {
          pathProduct[below + k] = pathProduct[here + k]! * reciprocalMet[oldTable + k]! * (z + (1 - z) * points[k]!);
        }
      } else {
        for (let k = 0; k < q; k++) {
          pathProduct[below + k] = pathProduct[here + k]! * reciprocalMet[oldTable + k]! * z * (1 - points[k]!);
        }
      }
      for (let k = 0; k < q; k++) accumulator[acc + k] = 0;
      visit(child, depth + 1);
      // Leaves under this edge whose deepest split on f is this one: the subtree minus deeper f-subtrees.
      let integral = 0;
      if (met === 1) {
        const table = child * q;
        for (let k = 0; k < q; k++) {
          integral += weights[k]! * (subtreeSum[below + k]! - accumulator[acc + k]!) * reciprocalMet[table + k]!;
          subtreeSum[here + k] = subtreeSum[here + k]! + subtreeSum[below + k]!;
        }
        phi[f] = phi[f]! + (1 - z) * integral;
      } else {
        for (let k = 0; k < q; k++) {
          integral += weightOverRest[k]! * (subtreeSum[below + k]! - accumulator[acc + k]!);
          subtreeSum[here + k] = subtreeSum[here + k]! + subtreeSum[below + k]!;
        }
        // (0 − z) × integral / z
        phi[f] = phi[f]! - integral;
      }
    }
    edgeOf[f] = oldEdge;
    metOf[f] = oldMet;
    for (let k = 0; k < q; k++) accumulator[acc + k] = savedAccumulator[here + k]! + subtreeSum[here + k]!;
  };

  const explain = (x: ArrayLike<number>, out: Float64Array): void => {
    row = x;
    phi = out;
    for (let k = 0; k < q; k++) pathProduct[k] = 1;
    for (let t = 0; t < trees; t++) visit(forest.treeStarts[t]!, 0);
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
