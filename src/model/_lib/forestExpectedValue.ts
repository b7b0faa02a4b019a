import type { Forest } from '../Forest.js';

/**
 * The forest's mean prediction over its training data: per tree, the leaves' values weighted by their
 * share of the root's cover, averaged over the trees. It is TreeSHAP's base value; the scorer needs it
 * alone when it scores without the per-feature breakdown. The leaves are summed tree by tree in
 * breadth-first order, the order TreeSHAP lays a tree out in, so both give the same bits.
 */
export function forestExpectedValue(forest: Forest): number {
  const { feature, left, value, cover, treeStarts } = forest;
  const trees = treeStarts.length - 1;
  const order: number[] = [];
  let expectedValue = 0;
  for (let t = 0; t < trees; t++) {
    const root = treeStarts[t]!;
    order.length = 0;
    order.push(root);
    for (let i = 0; i < order.length; i++) {
      const node = order[i]!;
      if (feature[node]! >= 0) order.push(left[node]!, left[node]! + 1);
      else expectedValue += (value[node]! * cover[node]!) / cover[root]! / trees;
    }
  }
  return expectedValue;
}
