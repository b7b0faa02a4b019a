// Feature-building benchmark (npm run bench:features). Not part of npm test. Where one record's model
// score spends its time, per record of valid.csv (read through the kcs layout): context derivation with
// the bundled reference (what the rules see) and with the model's own reference (what the model sees),
// the feature rows (the registry definitions against the compiled writer), the single-record predict and
// explain, and the forest walk alone on the same rows.
//
// Two columns, because most of this work is reading a record's objects and the lookup tables:
//  - cold: each step runs over all 8,134 records in turn, so a record's objects come from memory (the
//    pessimistic case, and the way the profile measured);
//  - warm: each record is processed 4 times in a row and the time divided by 4: after the first time its
//    objects are in cache, as in the scorer right after a row is parsed (the optimistic case).
// The cold pass and the warm pass of a block run back to back, so the warm pass starts on a cold record.
// All cases run interleaved, round by round, in one process; the table gives the median CPU time.
import { readFileSync } from 'node:fs';
import { deriveContext } from '../src/context/deriveContext.js';
import type { DeclarationContext } from '../src/context/DeclarationContext.js';
import { loadModel } from '../src/model/loadModel.js';
import { predictForest } from '../src/model/predictForest.js';
import { FEATURE_REGISTRY } from '../src/model/_lib/featureRegistry.js';
import { featureRowsByDefinition } from '../src/model/_lib/featureRowsByDefinition.js';
import { createHistoryLookup } from '../src/model/_lib/historyEncoders.js';
import type { Declaration } from '../src/records/declarationSchema.js';
import { parseReferenceData } from '../src/reference/parseReferenceData.js';
import { KCS_DIR, readLabelled } from '../scripts/model-data.js';

// CPU time of this process in ms: the machine is shared, so wall time would count other jobs' time slices.
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const ROUNDS = Number(process.env.ROUNDS ?? 9);
/** Rounds run first and not counted, so that every case is compiled by the JIT before timing. */
const WARMUP = 2;
const REPEAT = 4;
/** explain costs a hundred times more than the rest: timed on the first records only. */
const EXPLAIN_RECORDS = 1000;
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const root = new URL('../models/', import.meta.url);
const model = loadModel(readFileSync(new URL('default.json', root), 'utf8'));
const bundled = parseReferenceData(readFileSync(new URL('reference.json', root), 'utf8'));
const valid = await readLabelled(`${KCS_DIR}/valid.csv`);
const records = valid.records.map((item) => item.record);
const F = model.featureIds.length;

// Inputs some cases need (contexts derived with model.reference, a record's feature rows) are built
// outside the timed bodies, one block of records at a time: keeping them for all 8,134 records alive
// made every case several times slower (a larger heap to mark while the timed code allocates).
const BLOCK = 256;
const definitions = model.featureIds.map((id) => FEATURE_REGISTRY.get(id)!);
const history = createHistoryLookup(model.file.features.encoders);
const out = new Float64Array(64);
const lineCount = records.reduce((sum, record) => sum + record.lines.length, 0);

let sink = 0;
interface Prepared {
  readonly contexts: DeclarationContext[];
  readonly rows: Float64Array[];
}
interface Case {
  readonly name: string;
  readonly records: number;
  /** Builds the block's inputs, untimed; most cases need none. */
  readonly prepare?: (block: readonly Declaration[]) => Prepared;
  step(record: Declaration, i: number, prepared: Prepared): void;
}
const none: Prepared = { contexts: [], rows: [] };
const withContexts = (block: readonly Declaration[]): Prepared => ({ contexts: block.map((record) => deriveContext(record, { reference: model.reference })), rows: [] });
const withRows = (block: readonly Declaration[]): Prepared => ({ contexts: [], rows: block.map((record) => model.featureRows(record)) });
const all = records.length;
const cases: Case[] = [
  { name: 'deriveContext, bundled reference (models/reference.json)', records: all, step: (r) => (sink += deriveContext(r, { reference: bundled }).totalValue) },
  { name: 'deriveContext, model.reference', records: all, step: (r) => (sink += deriveContext(r, { reference: model.reference }).totalValue) },
  {
    name: 'feature rows from a context: registry value(input) per feature',
    records: all,
    prepare: withContexts,
    step: (_, i, p) => (sink += featureRowsByDefinition(definitions, history, p.contexts[i]!)[0]!),
  },
  {
    name: 'feature rows from a context: model.featureRows(record, { context })',
    records: all,
    prepare: withContexts,
    step: (r, i, p) => (sink += model.featureRows(r, { context: p.contexts[i]! })[0]!),
  },
  { name: 'model.featureRows(record) (context derived inside)', records: all, step: (r) => (sink += model.featureRows(r)[0]!) },
  { name: 'model.predict(record, { context })', records: all, prepare: withContexts, step: (r, i, p) => (sink += model.predict(r, { context: p.contexts[i]! })) },
  { name: 'model.predict(record)', records: all, step: (r) => (sink += model.predict(r)) },
  { name: "predictForest alone (one record's rows, as predict calls it)", records: all, prepare: withRows, step: (_, i, p) => (sink += predictForest(model.forest, p.rows[i]!, out)[0]!) },
  { name: `model.explain(record) (first ${EXPLAIN_RECORDS} records)`, records: Math.min(all, EXPLAIN_RECORDS), step: (r) => (sink += model.explain(r).probability) },
];

const cold: number[][] = cases.map(() => []);
const warm: number[][] = cases.map(() => []);
for (let round = 0; round < WARMUP + ROUNDS; round++) {
  // Rotate the order each round so that no case always runs right after the same neighbour (GC, caches).
  for (let k = 0; k < cases.length; k++) {
    const c = (k + round) % cases.length;
    const { step, records: n, prepare } = cases[c]!;
    let coldMs = 0;
    let warmMs = 0;
    for (let from = 0; from < n; from += BLOCK) {
      const block = records.slice(from, Math.min(n, from + BLOCK));
      const prepared = prepare === undefined ? none : prepare(block);
      let start = cpuNow();
      for (let i = 0; i < block.length; i++) step(block[i]!, i, prepared);
      coldMs += cpuNow() - start;
      start = cpuNow();
      for (let i = 0; i < block.length; i++) for (let j = 0; j < REPEAT; j++) step(block[i]!, i, prepared);
      warmMs += cpuNow() - start;
    }
    if (round >= WARMUP) {
      cold[c]!.push((coldMs * 1000) / n);
      warm[c]!.push((warmMs * 1000) / (n * REPEAT));
    }
  }
}

const us = (values: readonly number[]) => median(values);
const predictAt = cases.findIndex((c) => c.name === 'model.predict(record)');
console.log(
  `# bench:features — Node ${process.version}; ${records.length} valid.csv records (${lineCount} goods lines), ${F} features; ` +
    `median CPU time of ${ROUNDS} interleaved rounds after ${WARMUP} warm-up rounds; ${new Date().toISOString()}\n`,
);
console.log('| step | cold µs / record | warm µs / record | cold share of predict |\n| --- | ---: | ---: | ---: |');
cases.forEach((c, i) =>
  console.log(`| ${c.name} | ${us(cold[i]!).toFixed(2)} | ${us(warm[i]!).toFixed(2)} | ${((us(cold[i]!) / us(cold[predictAt]!)) * 100).toFixed(0)} % |`),
);
const registry = cases.findIndex((c) => c.name.includes('registry value'));
console.log(
  `\nCompiled feature rows against the registry path: ${(us(cold[registry]!) / us(cold[registry + 1]!)).toFixed(1)}× faster cold, ` +
    `${(us(warm[registry]!) / us(warm[registry + 1]!)).toFixed(1)}× warm.`,
);
console.log(`(sink ${sink.toFixed(3)})`);
