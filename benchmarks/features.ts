// Feature-building benchmark (npm run bench:features). Not part of npm test. Where one record's model
// score spends its time, per row of valid.csv (read through the kcs layout): context derivation with the
// bundled reference (what the rules see) and with the model's own reference (what the model sees), the
// feature rows, the single-record predict and explain, and the forest walk alone on the same rows.
// All cases run interleaved, round by round, in one process; the table gives the median CPU time per row.
import { readFileSync } from 'node:fs';
import { deriveContext } from '../src/context/deriveContext.js';
import type { DeclarationContext } from '../src/context/DeclarationContext.js';
import { loadModel } from '../src/model/loadModel.js';
import { predictForest } from '../src/model/predictForest.js';
import { parseReferenceData } from '../src/reference/parseReferenceData.js';
import { KCS_DIR, readLabelled } from '../scripts/model-data.js';

// CPU time of this process in ms: the machine is shared, so wall time would count other jobs' time slices.
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const ROUNDS = Number(process.env.ROUNDS ?? 11);
/** Rounds run first and not counted, so that every case is compiled by the JIT before timing. */
const WARMUP = 3;
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const root = new URL('../models/', import.meta.url);
const model = loadModel(readFileSync(new URL('default.json', root), 'utf8'));
const bundled = parseReferenceData(readFileSync(new URL('reference.json', root), 'utf8'));
const valid = await readLabelled(`${KCS_DIR}/valid.csv`);
const records = valid.records.map((item) => item.record);
const n = records.length;
const F = model.featureIds.length;

// Built outside the timed bodies: contexts for the "features from a given context" case, and each
// record's feature rows for the forest-walk-alone case (the same one-record calls predict makes).
const contexts: DeclarationContext[] = records.map((record) => deriveContext(record, { reference: model.reference }));
const rowsOf: Float64Array[] = records.map((record) => model.featureRows(record));
const lineCount = rowsOf.reduce((sum, x) => sum + x.length / F, 0);

let sink = 0;
interface Case {
  readonly name: string;
  run(): void;
}
const cases: Case[] = [
  {
    name: 'deriveContext, bundled reference (models/reference.json)',
    run: () => {
      for (let i = 0; i < n; i++) sink += deriveContext(records[i]!, { reference: bundled }).totalValue;
    },
  },
  {
    name: 'deriveContext, model.reference',
    run: () => {
      for (let i = 0; i < n; i++) sink += deriveContext(records[i]!, { reference: model.reference }).totalValue;
    },
  },
  {
    name: 'model.featureRows(record), context derived inside',
    run: () => {
      for (let i = 0; i < n; i++) sink += model.featureRows(records[i]!)[0]!;
    },
  },
  {
    name: 'model.featureRows(record, { context }), features only',
    run: () => {
      for (let i = 0; i < n; i++) sink += model.featureRows(records[i]!, { context: contexts[i]! })[0]!;
    },
  },
  {
    name: 'model.predict(record)',
    run: () => {
      for (let i = 0; i < n; i++) sink += model.predict(records[i]!);
    },
  },
  {
    name: 'predictForest alone (per record, rows prebuilt)',
    run: () => {
      for (let i = 0; i < n; i++) sink += predictForest(model.forest, rowsOf[i]!)[0]!;
    },
  },
  {
    name: 'model.explain(record)',
    run: () => {
      for (let i = 0; i < n; i++) sink += model.explain(records[i]!).probability;
    },
  },
];

const times: number[][] = cases.map(() => []);
for (let round = 0; round < WARMUP + ROUNDS; round++) {
  // Rotate the order each round so that no case always runs right after the same neighbour (GC, caches).
  for (let k = 0; k < cases.length; k++) {
    const c = (k + round) % cases.length;
    const start = cpuNow();
    cases[c]!.run();
    const elapsed = cpuNow() - start;
    if (round >= WARMUP) times[c]!.push(elapsed);
  }
}

const perRow = times.map((t) => (median(t) * 1000) / n);
const predictUs = perRow[cases.findIndex((c) => c.name === 'model.predict(record)')]!;
console.log(
  `# bench:features — Node ${process.version}; ${n} valid.csv records (${lineCount} goods lines), ${F} features; ` +
    `median CPU time of ${ROUNDS} interleaved rounds after ${WARMUP} warm-up rounds; ${new Date().toISOString()}\n`,
);
console.log('| step | µs / record | share of model.predict |\n| --- | ---: | ---: |');
cases.forEach((c, i) => console.log(`| ${c.name} | ${perRow[i]!.toFixed(2)} | ${((perRow[i]! / predictUs) * 100).toFixed(0)} % |`));
console.log(`\n(sink ${sink.toFixed(3)})`);
