// Trains on train.csv with the given options and prints the evaluation on valid.csv (all rows and novel rows).
// Usage: npx tsx scripts/evaluate-model.ts [--trees 100] [--maxDepth 14] [--minSamplesLeaf 2] ...
import { evaluateModel } from '../src/model/evaluateModel.js';
import { trainModel, type TrainModelOptions } from '../src/model/trainModel.js';
import type { RankingMetrics } from '../src/model/_lib/metrics.js';
import { DEFAULT_MODEL_OPTIONS } from './build-default-model-options.js';
import { KCS_DIR, readLabelled } from './model-data.js';

const args = process.argv.slice(2);
const options: Record<string, unknown> = { ...DEFAULT_MODEL_OPTIONS };
for (let i = 0; i < args.length; i += 2) {
  const key = args[i]!.replace(/^--/, '');
  const raw = args[i + 1]!;
  options[key] = key === 'features' ? raw.split(',') : Number.isNaN(Number(raw)) ? raw : Number(raw);
}
const train = await readLabelled(`${KCS_DIR}/train.csv`);
const valid = await readLabelled(`${KCS_DIR}/valid.csv`);
const started = performance.now();
const model = trainModel(train.records, options as TrainModelOptions);
const seconds = (performance.now() - started) / 1000;
const result = evaluateModel(model, valid.records, { trainingRecords: train.records });
const row = (name: string, m: RankingMetrics) =>
  `| ${name} | ${m.rows} | ${m.positives} | ${m.auc?.toFixed(3)} | ${m.top.map((t) => `${t.precision.toFixed(3)} / ${t.recall.toFixed(3)}`).join(' | ')} | ${m.top[2]!.revenue?.toFixed(3)} |`;
console.log(`options ${JSON.stringify(options)}; train ${seconds.toFixed(1)} s; nodes ${model.forest.feature.length}; rejected train ${train.rejected}, valid ${valid.rejected}`);
console.log('| rows | n | positives | AUC | P / R @1 % | P / R @2 % | P / R @5 % | P / R @10 % | revenue@5 % |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
console.log(row('all', result.all));
if (result.novel !== null) console.log(row('novel', result.novel));
