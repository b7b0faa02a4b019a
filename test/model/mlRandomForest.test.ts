import { RandomForestClassifier } from 'ml-random-forest';
import { describe, expect, test } from 'vitest';
import { forestFromMlRandomForest, forestToMlRandomForest, trainWithMlRandomForest, type MlCartNode, type MlRandomForestJson } from '../../src/model/mlRandomForest.js';
import { predictForest } from '../../src/model/predictForest.js';
import { trainForest } from '../../src/model/trainForest.js';
import { syntheticMatrix } from './_synthetic.js';

/** Mean leaf probability of an ml-random-forest JSON model, walking its trees the way ml-cart does. */
function mlMeanLeafProbability(json: MlRandomForestJson, row: ArrayLike<number>): number {
  let sum = 0;
  json.baseModel.estimators.forEach((estimator, t) => {
    let node: MlCartNode = estimator.root;
    while (node.distribution === undefined) {
      const column = json.baseModel.indexes[t]![node.splitColumn!]!;
      node = row[column]! < node.splitValue! ? node.left! : node.right!;
    }
    sum += node.distribution[0]![1] ?? 0;
  });
  return sum / json.baseModel.estimators.length;
}

function withoutMissing(rows: number, seed: number) {
  const data = syntheticMatrix(rows, 5, seed);
  const x = data.x.map((v) => (Number.isNaN(v) ? -1 : v));
  return { ...data, x };
}

describe('forestFromMlRandomForest', () => {
  test('scores every row with the mean leaf probability of the ml-random-forest trees', () => {
    const data = withoutMissing(300, 61);
    const forest = trainWithMlRandomForest(data, { trees: 5, maxDepth: 5, minSamplesLeaf: 3, featuresPerSplit: 3, seed: 3 });
    const rf = new RandomForestClassifier({ nEstimators: 5, maxFeatures: 3, replacement: false, useSampleBagging: true, noOOB: true, seed: 3, treeOptions: { maxDepth: 5, minNumSamples: 3, gainThreshold: 0 } } as never);
    rf.train(Array.from({ length: 300 }, (_, i) => Array.from(data.x.subarray(i * 5, i * 5 + 5))), Array.from(data.labels));
    const json = JSON.parse(JSON.stringify(rf.toJSON())) as MlRandomForestJson;
    const p = predictForest(forest, data.x);
    for (let i = 0; i < 300; i++) expect(Math.abs(p[i]! - mlMeanLeafProbability(json, data.x.subarray(i * 5, i * 5 + 5)))).toBeLessThan(1e-12);
    // Covers come from the rows: every root covers all 300 rows.
    expect(Array.from(forest.treeStarts.subarray(0, 5), (root) => forest.cover[root])).toEqual([300, 300, 300, 300, 300]);
  });
});

describe('forestToMlRandomForest', () => {
  test('exports trees that ml-random-forest loads and that convert back to the same probabilities', () => {
    const data = withoutMissing(400, 71);
    const forest = trainForest(data, { trees: 7, maxDepth: 6, seed: 2 });
    const { json } = forestToMlRandomForest(forest);
    const loaded = RandomForestClassifier.load(JSON.parse(JSON.stringify(json)) as never);
    const votes = loaded.predict(Array.from({ length: 400 }, (_, i) => Array.from(data.x.subarray(i * 5, i * 5 + 5))));
    const back = forestFromMlRandomForest(JSON.parse(JSON.stringify(json)) as MlRandomForestJson, { features: 5, coverRows: data.x });
    const ours = predictForest(forest, data.x);
    const roundTrip = predictForest(back, data.x);
    for (let i = 0; i < 400; i++) {
      expect(Math.abs(ours[i]! - roundTrip[i]!)).toBeLessThan(1e-12);
      expect([0, 1]).toContain(votes[i]);
    }
  });
});
