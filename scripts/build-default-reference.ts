// Rebuilds models/reference.json, the reference data the CLI scores with by default, from the KCS train
// split with its fraud labels as past inspection outcomes. Same data → byte-identical file.
// Usage: npm run build:reference
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildReferenceData } from '../src/reference/buildReferenceData.js';
import { serializeReferenceData } from '../src/reference/serializeReferenceData.js';
import { KCS_DIR, readLabelled } from './model-data.js';

// The file ships in the npm package and every worker parses it: keep it small.
const MAX_BYTES = 5 * 1024 * 1024;
const out = resolve(dirname(fileURLToPath(import.meta.url)), '../models/reference.json');

const train = await readLabelled(`${KCS_DIR}/train.csv`);
const reference = buildReferenceData(train.records);
const text = serializeReferenceData(reference);
const bytes = Buffer.byteLength(text);
if (bytes > MAX_BYTES) throw new Error(`reference file is ${bytes} bytes, above the ${MAX_BYTES} bytes allowed`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, text);
const b = reference.builtFrom;
console.log(
  `wrote ${out}: ${(bytes / 1e6).toFixed(2)} MB from ${b.declarations} declarations (${train.rejected} rows rejected), ` +
    `${b.withOutcome} with outcome, ${b.from} to ${b.to}; ${reference.importers.size} importers, ` +
    `${reference.consignees.size} consignees, ${reference.hs6.size} HS6 norms, currency ${reference.currency}`,
);
