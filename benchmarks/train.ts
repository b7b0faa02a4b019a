// Training benchmark (npm run bench:train). Not part of npm test. Sections, each printed as a table:
//  1. ml-random-forest on 5,000 × 20 (confirming the numbers; few trees, extrapolated),
//  2. accuracy side by side on the same KCS feature rows: ours vs ml-random-forest (tuned) vs scikit-learn,
//  3. 100 trees on the full KCS train split: ours vs scikit-learn in the same run,
//  4. 1,000,000 rows × 20 features, 100 trees (skip with --skip-million).
// scikit-learn columns need Debian's python3-sklearn; they are skipped when it is absent.
import { RandomForestClassifier } from 'ml-random-forest';
import { predictForest } from '../src/model/predictForest.js';
import { forestFromMlRandomForest, type MlRandomForestJson } from '../src/model/mlRandomForest.js';
import { trainForest, type TrainingMatrix } from '../src/model/trainForest.js';
import { featurizeTraining, trainModel } from '../src/model/trainModel.js';
import { createPrng } from '../src/model/_lib/prng.js';
import { rankingMetrics, type RankingMetrics } from '../src/model/_lib/metrics.js';
import { KCS_DIR, readLabelled } from '../scripts/model-data.js';
import { runSklearn, sklearnVersion } from '../scripts/model-sklearn.js';

// CPU time of this process in ms: the machine is shared, so wall time would count other jobs' time slices.
const cpuNow = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const args = new Set(process.argv.slice(2));
const sklearn = sklearnVersion();
const seconds = (start: number) => (cpuNow() - start) / 1000;
const table = (head: string[], rows: (string | number)[][]) => {
  console.log(`| ${head.join(' | ')} |\n|${head.map(() => ' --- ').join('|')}|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  console.log('');
};
const imputed = (x: Float64Array) => x.map((v) => (Number.isNaN(v) ? -1 : v));
const toRows = (x: Float64Array, features: number) => Array.from({ length: x.length / features }, (_, i) => Array.from(x.subarray(i * features, (i + 1) * features)));
const nodesOf = (node: { left?: unknown; right?: unknown; distribution?: unknown }): number =>
  node.distribution !== undefined || node.left === undefined ? 1 : 1 + nodesOf(node.left as never) + nodesOf(node.right as never);

/** Synthetic rows: label from a noisy score over 4 of the features, about `rate` positives. */
function synthetic(rows: number, features: number, rate: number, seed: number): TrainingMatrix {
  const rng = createPrng(seed);
  const x = new Float64Array(rows * features);
  const score = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let f = 0; f < features; f++) x[i * features + f] = rng.nextFloat();
    score[i] = x[i * features]! * 2 + x[i * features + 1]! - x[i * features + 2]! + (x[i * features + 3]! > 0.8 ? 1 : 0) + rng.nextFloat() * 1.5;
  }
  const cut = Float64Array.from(score).sort()[Math.floor(rows * (1 - rate))]!;
  return { x, rows, features, labels: Uint8Array.from(score, (s) => (s >= cut ? 1 : 0)) };
}

console.log(`# bench:train — Node ${process.version}, scikit-learn ${sklearn ?? 'not installed'}; ${new Date().toISOString()}\n`);

// 1. ml-random-forest at 5,000 × 20, 5 % positives.
if (!args.has('--only-million')) {
  const data = synthetic(5000, 20, 0.05, 1);
  const matrix = toRows(data.x, 20);
  const labels = Array.from(data.labels);
  const runs: (string | number)[][] = [];
  const configs = [
    // With OOB on and few trees some rows are never out of bag and its OOB vote crashes; OOB off here.
    { name: 'default tree options, noOOB', trees: 3, target: 100, options: { nEstimators: 3, seed: 3, noOOB: true } },
    { name: 'gainThreshold 0, maxDepth 10, noOOB', trees: 2, target: 50, options: { nEstimators: 2, seed: 3, noOOB: true, treeOptions: { gainThreshold: 0, maxDepth: 10 } } },
  ];
  for (const config of configs) {
    const start = cpuNow();
    const rf = new RandomForestClassifier(config.options as never);
    rf.train(matrix, labels);
    const took = seconds(start);
    const json = JSON.parse(JSON.stringify(rf.toJSON())) as MlRandomForestJson;
    const nodes = json.baseModel.estimators.map((e) => nodesOf(e.root as never));
    runs.push([`ml-random-forest, ${config.name}`, config.trees, took.toFixed(1), (took / config.trees).toFixed(2), `${((took / config.trees) * config.target).toFixed(0)} s for ${config.target} trees (extrapolated)`, nodes.join(', ')]);
  }
  const start = cpuNow();
  const ours = trainForest(data, { trees: 100, maxDepth: 10, minSamplesLeaf: 1, seed: 3 });
  const took = seconds(start);
  runs.push(['ours, maxDepth 10, minSamplesLeaf 1', 100, took.toFixed(2), (took / 100).toFixed(3), `${took.toFixed(1)} s for 100 trees (measured)`, `${Math.round(ours.feature.length / 100)} per tree (mean)`]);
  console.log('## 1. ml-random-forest 2.1 on 5,000 rows × 20 features, 5 % positives (few trees measured, extrapolated linearly)\n');
  table(['trainer', 'trees', 'seconds', 's / tree', 'projection', 'nodes per tree'], runs);
}

// 2 and 3 need the KCS feature rows.
if (!args.has('--only-million')) await kcsSections();

async function kcsSections() {
const train = await readLabelled(`${KCS_DIR}/train.csv`);
const valid = await readLabelled(`${KCS_DIR}/valid.csv`);
const prepared = featurizeTraining(train.records, {});
const F = prepared.width;
const encoderModel = trainModel(train.records, { trees: 1, maxDepth: 1 });
const validX = new Float64Array(valid.records.length * F);
valid.records.forEach((item, i) => validX.set(encoderModel.featureRows(item.record), i * F));
const validLabels = Uint8Array.from(valid.records, (item) => (item.label.fraud ? 1 : 0));
const seen = new Set(train.records.map((item) => `${item.record.lines[0]!.netMassKg}|${item.record.lines[0]!.customsValue}`));
const novel = valid.records.flatMap((item, i) => (seen.has(`${item.record.lines[0]!.netMassKg}|${item.record.lines[0]!.customsValue}`) ? [] : [i]));
const metricsOf = (p: ArrayLike<number>): [RankingMetrics, RankingMetrics] => [
  rankingMetrics(p, validLabels),
  rankingMetrics(novel.map((i) => p[i]!), novel.map((i) => validLabels[i]!)),
];
const metricCells = ([all, nov]: [RankingMetrics, RankingMetrics]) => [
  all.auc!.toFixed(3),
  ...all.top.map((t) => t.precision.toFixed(3)),
  nov.auc!.toFixed(3),
  nov.top[2]!.precision.toFixed(3),
];

// 2. Accuracy on the same rows: 2,000 training rows (ml-random-forest is quadratic), 20 trees, depth 10,
//    three seeds (each seed draws its own 2,000 rows); cells are means over the seeds.
{
  const SMALL = 2000;
  const TREES = 20;
  const SEEDS = [5, 6, 7];
  const scoreX = imputed(validX);
  const names = ['ours (histogram, sqrt features per split)', 'ml-random-forest (all features per tree, gainThreshold 0), mean leaf probability', 'ml-random-forest, its own predictProbability (vote fraction)'];
  if (sklearn !== null) names.push(`scikit-learn ${sklearn}`);
  const cells = names.map(() => [] as number[][]);
  const fit = names.map(() => 0);
  const numbers = ([all, nov]: [RankingMetrics, RankingMetrics]) => [all.auc!, ...all.top.map((t) => t.precision), nov.auc!, nov.top[2]!.precision];
  for (const seed of SEEDS) {
    const rng = createPrng(seed);
    const pick = Array.from({ length: SMALL }, () => rng.nextInt(prepared.labels.length));
    const x = new Float64Array(SMALL * F);
    pick.forEach((row, i) => x.set(prepared.x.subarray(row * F, (row + 1) * F), i * F));
    const small: TrainingMatrix = { x: imputed(x), rows: SMALL, features: F, labels: Uint8Array.from(pick, (row) => prepared.labels[row]!) };
    let start = cpuNow();
    const ours = trainForest(small, { trees: TREES, maxDepth: 10, minSamplesLeaf: 3, seed });
    fit[0]! += seconds(start);
    cells[0]!.push(numbers(metricsOf(predictForest(ours, scoreX))));
    start = cpuNow();
    const rf = new RandomForestClassifier({ nEstimators: TREES, maxFeatures: 1.0, replacement: false, useSampleBagging: true, noOOB: true, seed, treeOptions: { gainThreshold: 0, maxDepth: 10, minNumSamples: 3 } } as never);
    rf.train(toRows(small.x, F), Array.from(small.labels));
    fit[1]! += seconds(start);
    const imported = forestFromMlRandomForest(JSON.parse(JSON.stringify(rf.toJSON())) as MlRandomForestJson, { features: F, coverRows: small.x });
    cells[1]!.push(numbers(metricsOf(predictForest(imported, scoreX))));
    cells[2]!.push(numbers(metricsOf(rf.predictProbability(toRows(scoreX, F), 1))));
    if (sklearn !== null) {
      const run = runSklearn(small, scoreX, { trees: TREES, maxDepth: 10, minSamplesLeaf: 3, seed });
      fit[3]! += run.fitSeconds;
      cells[3]!.push(numbers(metricsOf(run.probabilities)));
    }
  }
  const mean = (runs: number[][], k: number) => runs.reduce((sum, run) => sum + run[k]!, 0) / runs.length;
  const rows = names.map((name, i) => [name, i === 2 ? '' : (fit[i]! / SEEDS.length).toFixed(1), ...Array.from({ length: 7 }, (_, k) => mean(cells[i]!, k).toFixed(3))]);
  console.log(`## 2. Accuracy on the same rows: ${SMALL} KCS train rows (${F} features, missing imputed as -1), ${TREES} trees, depth 10, min leaf 3; scored on valid.csv (${valid.records.length} rows, ${novel.length} novel); mean of seeds ${SEEDS.join(', ')}\n`);
  table(['trainer', 'fit s (mean)', 'AUC', 'P@1 %', 'P@2 %', 'P@5 %', 'P@10 %', 'novel AUC', 'novel P@5 %'], rows);
}

// 3. 100 trees on the full KCS train split, same options for both (sklearn defaults: full depth, min leaf 1, sqrt).
{
  const full: TrainingMatrix = { x: imputed(prepared.x), rows: prepared.labels.length, features: F, labels: prepared.labels };
  const rows: (string | number)[][] = [];
  const start = cpuNow();
  const ours = trainForest(full, { trees: 100, maxDepth: 64, minSamplesLeaf: 1, seed: 5 });
  const oursSeconds = seconds(start);
  const oursMetrics = metricsOf(predictForest(ours, imputed(validX)));
  rows.push(['ours', full.rows, 100, oursSeconds.toFixed(1), ours.feature.length, ...metricCells(oursMetrics), '']);
  if (sklearn !== null) {
    const run = runSklearn(full, imputed(validX), { trees: 100, maxDepth: null, minSamplesLeaf: 1, seed: 5 });
    rows.push([`scikit-learn ${sklearn} (1 core)`, full.rows, 100, run.fitSeconds.toFixed(1), run.nodes, ...metricCells(metricsOf(run.probabilities)), '']);
    rows[0]![rows[0]!.length - 1] = `${(oursSeconds / run.fitSeconds).toFixed(2)}× sklearn`;
  }
  console.log(`## 3. 100 full-depth trees on the KCS train split (${full.rows} rows × ${F} features), scored on valid.csv\n`);
  table(['trainer', 'rows', 'trees', 'fit s', 'nodes', 'AUC', 'P@1 %', 'P@2 %', 'P@5 %', 'P@10 %', 'novel AUC', 'novel P@5 %', 'time ratio'], rows);
}

}

// 4. One million rows.
if (!args.has('--skip-million')) {
  const data = synthetic(1_000_000, 20, 0.05, 2);
  const rows: (string | number)[][] = [];
  for (const options of [{ maxDepth: 12, minSamplesLeaf: 5 }]) {
    const start = cpuNow();
    const forest = trainForest(data, { trees: 100, ...options, seed: 1 });
    const took = seconds(start);
    rows.push([data.rows, 100, `depth ${options.maxDepth}, min leaf ${options.minSamplesLeaf}`, took.toFixed(1), forest.feature.length, (process.resourceUsage().maxRSS / 1024).toFixed(0)]);
  }
  console.log('## 4. 1,000,000 rows × 20 features, 100 trees, one thread\n');
  table(['rows', 'trees', 'options', 'seconds', 'nodes', 'peak RSS MB (process)'], rows);
}
