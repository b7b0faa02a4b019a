// Rebuilds models/default.json from the KCS train split with a fixed seed; valid.csv metrics go into the
// file's training metadata. Same data → byte-identical file. Usage: npm run build:model
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serializeModel, trainModel } from '../src/model/trainModel.js';
import { DEFAULT_MODEL_OPTIONS } from './build-default-model-options.js';
import { KCS_DIR, readLabelled } from './model-data.js';

const MAX_BYTES = 5 * 1024 * 1024;
const out = resolve(dirname(fileURLToPath(import.meta.url)), '../models/default.json');

const train = await readLabelled(`${KCS_DIR}/train.csv`);
const valid = await readLabelled(`${KCS_DIR}/valid.csv`);
const started = performance.now();
const model = trainModel(train.records, { ...DEFAULT_MODEL_OPTIONS, validation: valid.records, modelVersion: 'kcs-default-1' });
const text = serializeModel(model);
if (Buffer.byteLength(text) > MAX_BYTES) throw new Error(`model file is ${Buffer.byteLength(text)} bytes, above the ${MAX_BYTES} bytes allowed`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, text);
const v = model.file.training.validation!;
console.log(
  `wrote ${out}: ${(Buffer.byteLength(text) / 1e6).toFixed(2)} MB, ${model.forest.feature.length} nodes, ` +
    `trained in ${((performance.now() - started) / 1000).toFixed(1)} s; valid AUC ${v.all.auc?.toFixed(3)} ` +
    `(novel ${v.novel?.auc?.toFixed(3)}), precision@5 % ${v.all.top[2]!.precision.toFixed(3)}`,
);
