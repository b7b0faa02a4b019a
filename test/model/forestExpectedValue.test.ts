import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { createTreeShap } from '../../src/model/createTreeShap.js';
import type { Forest } from '../../src/model/Forest.js';
import { loadModel } from '../../src/model/loadModel.js';
import { forestExpectedValue } from '../../src/model/_lib/forestExpectedValue.js';
import { parseDeclaration } from '../../src/records/parseDeclaration.js';
import { loadFixture } from '../_helpers/fixtures.js';

const model = loadModel(readFileSync(fileURLToPath(new URL('../../models/default.json', import.meta.url)), 'utf8'));

/** The cover-weighted mean of a tree's leaf values, by a plain recursive walk. */
function treeMean(forest: Forest, node: number, root: number): number {
  if (forest.feature[node]! < 0) return (forest.value[node]! * forest.cover[node]!) / forest.cover[root]!;
  const left = forest.left[node]!;
  return treeMean(forest, left, root) + treeMean(forest, left + 1, root);
}

describe('forestExpectedValue', () => {
  test('is the mean over trees of the cover-weighted leaf values', () => {
    const forest = model.forest;
    const trees = forest.treeStarts.length - 1;
    let mean = 0;
    for (let t = 0; t < trees; t++) mean += treeMean(forest, forest.treeStarts[t]!, forest.treeStarts[t]!) / trees;
    expect(forestExpectedValue(forest)).toBeCloseTo(mean, 14);
  });

  test("gives TreeSHAP's base value bit for bit, and the model explanation's", () => {
    expect(forestExpectedValue(model.forest)).toBe(createTreeShap(model.forest).expectedValue);
    expect(forestExpectedValue(model.forest)).toBe(model.explain(parseDeclaration(loadFixture('declarations/clean.json'))).expectedValue);
  });
});
