// Inference benchmark (npm run bench:predict). Not part of npm test. Scores the valid.csv feature rows with
//  - our compiled forest vs ml-random-forest's own predict on the very same trees (exported to its format),
//    A/B interleaved in one process, and scikit-learn's predict_proba on a forest trained with the same options;
//  - TreeSHAP: microseconds per explanation (the forest pass alone, and model.explain with features and wording).
import { readFileSync } from 'node:fs';
import { RandomForestClassifier } from 'ml-random-forest';
import { createTreeShap } from '../src/model/createTreeShap.js';
import { loadModel } from '../src/model/loadModel.js';
import { forestToMlRandomForest } from '../src/model/mlRandomForest.js';
import { predictForest } from '../src/model/predictForest.js';
import { trainForest } from '../src/model/trainForest.js';
import { featurizeTraining } from '../src/model/trainModel.js';
import type { Forest } from '../src/model/Forest.js';
import { KCS_DIR, readLabelled } from '../scripts/model-data.js';
import { runSklearn, sklearnVersion } from '../scripts/model-sklearn.js';

// CPU time of this process in ms: the machine is shared, so wall time would count other jobs' time slices.
const cpuNow = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const ROUNDS = 9;
/** Rounds run first and not counted, so that both sides are compiled by the JIT before timing. */
const WARMUP = 2;
const sklearn = sklearnVersion();
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const table = (head: string[], rows: (string | number)[][]) => {
  console.log(`| ${head.join(' | ')} |\n|${head.map(() => ' --- ').join('|')}|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  console.log('');
};

const model = loadModel(readFileSync(new URL('../models/default.json', import.meta.url), 'utf8'));
const valid = await readLabelled(`${KCS_DIR}/valid.csv`);
const train = await readLabelled(`${KCS_DIR}/train.csv`);
const F = model.featureIds.length;
const x = new Float64Array(valid.records.length * F);
valid.records.forEach((item, i) => x.set(model.featureRows(item.record), i * F));
// ml-random-forest sends NaN right where our trees may have learned left: time both on imputed rows.
const xImputed = x.map((v) => (Number.isNaN(v) ? -1 : v));
const rowsImputed = Array.from({ length: valid.records.length }, (_, i) => Array.from(xImputed.subarray(i * F, (i + 1) * F)));
const n = valid.records.length;
let sink = 0;

console.log(`# bench:predict — Node ${process.version}, scikit-learn ${sklearn ?? 'not installed'}; ${new Date().toISOString()}\n`);

function inferenceRows(name: string, forest: Forest, sklearnOptions: { maxDepth: number | null; minSamplesLeaf: number } | null) {
  const { json } = forestToMlRandomForest(forest);
  const rf = RandomForestClassifier.load(JSON.parse(JSON.stringify(json)) as never);
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    if (round === WARMUP) {
      ours.length = 0;
      theirs.length = 0;
    }
    let start = cpuNow();
    const p = predictForest(forest, xImputed);
    ours.push(cpuNow() - start);
    sink += p[0]!;
    start = cpuNow();
    const votes = rf.predict(rowsImputed);
    theirs.push(cpuNow() - start);
    sink += votes[0]!;
  }
  const usOurs = (median(ours) * 1000) / n;
  const usTheirs = (median(theirs) * 1000) / n;
  const rows: (string | number)[][] = [
    [name, 'ours, compiled (batch)', forest.feature.length, usOurs.toFixed(2), '1.0×'],
    [name, 'ml-random-forest predict, same trees', forest.feature.length, usTheirs.toFixed(1), `${(usTheirs / usOurs).toFixed(0)}× slower`],
  ];
  if (sklearn !== null && sklearnOptions !== null) {
    const prepared = featurizeTraining(train.records, {});
    const run = runSklearn(
      { x: prepared.x.map((v) => (Number.isNaN(v) ? -1 : v)), rows: prepared.labels.length, features: F, labels: prepared.labels },
      xImputed,
      { trees: forest.treeStarts.length - 1, ...sklearnOptions, seed: 1 },
    );
    rows.push([name, `scikit-learn predict_proba (batch, n_jobs=1), same options`, run.nodes, run.predictMicrosPerRow.toFixed(2), `${(run.predictMicrosPerRow / usOurs).toFixed(1)}× ours`]);
  }
  return rows;
}

function shapRow(name: string, forest: Forest) {
  const shap = createTreeShap(forest);
  const phi = new Float64Array(F);
  const count = 1000;
  for (let i = 0; i < 200; i++) {
    phi.fill(0);
    shap.explain(x.subarray((i % n) * F, ((i % n) + 1) * F), phi);
  }
  const start = cpuNow();
  for (let i = 0; i < count; i++) {
    phi.fill(0);
    shap.explain(x.subarray((i % n) * F, ((i % n) + 1) * F), phi);
    sink += phi[0]!;
  }
  const us = ((cpuNow() - start) * 1000) / count;
  let depth = 0;
  for (let t = 0; t < forest.treeStarts.length - 1; t++) {
    const stack: number[] = [forest.treeStarts[t]!, 0];
    while (stack.length > 0) {
      const d = stack.pop()!;
      const node = stack.pop()!;
      if (forest.feature[node]! < 0) depth = Math.max(depth, d);
      else stack.push(forest.left[node]!, d + 1, forest.left[node]! + 1, d + 1);
    }
  }
  return [name, forest.treeStarts.length - 1, depth, forest.feature.length, us.toFixed(0)];
}

const prepared = featurizeTraining(train.records, {});
const matrix = { x: prepared.x, rows: prepared.labels.length, features: F, labels: prepared.labels };
const deep = trainForest(matrix, { trees: 100, maxDepth: 10, minSamplesLeaf: 1, seed: 3 });

console.log(`## Inference on ${n} valid.csv rows (${F} features), median of ${ROUNDS} interleaved rounds, µs per row\n`);
table(
  ['forest', 'implementation', 'nodes', 'µs / row', 'ratio'],
  [...inferenceRows('default model (100 trees, depth 8)', model.forest, { maxDepth: 8, minSamplesLeaf: 50 }), ...inferenceRows('100 trees, depth 10, min leaf 1', deep, { maxDepth: 10, minSamplesLeaf: 1 })],
);

for (let i = 0; i < 200; i++) sink += model.explain(valid.records[i % n]!.record).probability;
const explainStart = cpuNow();
for (let i = 0; i < 1000; i++) sink += model.explain(valid.records[i % n]!.record).probability;
const explainUs = ((cpuNow() - explainStart) * 1000) / 1000;
console.log('## TreeSHAP (exact, path-dependent), µs per explanation over 1,000 rows\n');
table(
  ['forest', 'trees', 'max depth', 'nodes', 'µs / explanation'],
  [shapRow('default model', model.forest), shapRow('100 trees, depth 10, min leaf 1', deep), ['default model, `model.explain` (features, SHAP, wording, sorting)', 100, '', model.forest.feature.length, explainUs.toFixed(0)]],
);
if (sink === 42) console.log('');
