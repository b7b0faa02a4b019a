/**
 * A trained random forest in a flat layout: node arrays indexed by a global node id, trees back to back.
 * An internal node sends a row to `left[n]` when `x[feature[n]] <= threshold[n]`, to `left[n] + 1` when it is
 * greater, and to `left[n] + missingRight[n]` when it is missing (NaN): the direction for missing values is
 * learned at training time, never an accident of a comparison with NaN.
 */
export interface Forest {
  /** Number of input features a row must have. */
  readonly features: number;
  /** `treeStarts[t]` is the root of tree t; `treeStarts[trees]` is the node count. */
  readonly treeStarts: Int32Array;
  /** Split feature, -1 for a leaf. */
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  /** Left child id (the right child is the next id), -1 for a leaf. */
  readonly left: Int32Array;
  /** 1 when missing values go right. */
  readonly missingRight: Uint8Array;
  /** Probability of the positive class among the (weighted) training samples in the node. */
  readonly value: Float64Array;
  /** Weighted training samples that reached the node (the cover TreeSHAP needs). */
  readonly cover: Float64Array;
}

/** Number of trees in a forest. */
export function treeCount(forest: Forest): number {
  return forest.treeStarts.length - 1;
}
