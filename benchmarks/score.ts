// Scoring benchmark: latency of one `scorer.scoreParsed` call with the full explanation (structured reasons
// and text), and batch throughput, for five scorers side by side in one process: default pack + default
// model; the same with `modelReasons: 'flagged'` (TreeSHAP only for records outside the green lane); the
// pack alone; the model alone; and the scorer's own work alone (pack and model answers precomputed:
// combination, calibration, lanes, explanation and its text).
//
//   npm run bench:score                      # 100,000 timed calls per scorer
//   npx tsx benchmarks/score.ts --calls 20000 --pool 2000 --block 500
//
// Built before anything is timed: the default pack and model are loaded, reference data is built from the
// KCS train split, and a pool of declarations is read and validated from the KCS valid split (KCS_DIR,
// default /work/shared/data/kcs; without it the 2,000-row fixtures/kcs-sample.csv serves for both).
// Timed: calls cycle through the pool; the three scorers take turns in blocks of `--block` calls, so that
// load from other processes falls on all three alike. Each call's score is summed and printed so that no
// call can be optimised away. Latency is per call (process.hrtime.bigint around one call); throughput is
// one untimed-per-call pass over the whole pool, also interleaved.

import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRecords } from '../src/io/readRecords.js';
import { loadModel } from '../src/model/loadModel.js';
import type { Declaration } from '../src/records/declarationSchema.js';
import { buildReferenceData, type HistoricalRecord } from '../src/reference/buildReferenceData.js';
import { loadRulePack } from '../src/rules/loadRulePack.js';
import { evaluateRules } from '../src/rules/evaluateRules.js';
import { createScorer, type Scorer } from '../src/scoring/createScorer.js';
import type { RiskModelSource, RuleSource } from '../src/scoring/ScorerOptions.js';
import type { ModelExplanation } from '../src/types/ModelExplanation.js';
import type { RuleEvaluation } from '../src/types/RuleHit.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const index = args.indexOf(`--${name}`);
  const value = index === -1 ? fallback : Number(args[index + 1]);
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`--${name} must be a whole number of 1 or more`);
  return value;
};
const CALLS = option('calls', 100_000);
const POOL = option('pool', 2_000);
const BLOCK = option('block', 1_000);
const ROOT = new URL('..', import.meta.url).pathname;
const KCS_DIR = process.env['KCS_DIR'] ?? '/work/shared/data/kcs';

async function readKcs(path: string, limit: number): Promise<HistoricalRecord[]> {
  const records: HistoricalRecord[] = [];
  for await (const result of readRecords(createReadStream(path), { layout: 'kcs' })) {
    if (!result.ok) continue;
    records.push(result.label === undefined ? { record: result.record } : { record: result.record, label: result.label });
    if (records.length >= limit) break;
  }
  return records;
}

// ---------------------------------------------------------------- setup (not timed)

const haveKcs = existsSync(join(KCS_DIR, 'train.csv')) && existsSync(join(KCS_DIR, 'valid.csv'));
const historyPath = haveKcs ? join(KCS_DIR, 'train.csv') : join(ROOT, 'fixtures/kcs-sample.csv');
const poolPath = haveKcs ? join(KCS_DIR, 'valid.csv') : join(ROOT, 'fixtures/kcs-sample.csv');
const reference = buildReferenceData(await readKcs(historyPath, Number.POSITIVE_INFINITY));
const pool: Declaration[] = (await readKcs(poolPath, POOL)).map((entry) => entry.record);
const pack = loadRulePack(readFileSync(join(ROOT, 'rules/default.json'), 'utf8'));
const model = loadModel(readFileSync(join(ROOT, 'models/default.json'), 'utf8'));

// The scorer's own share (combination, lanes, explanation, text): the pack's and the model's answers for
// each pool declaration are computed here, untimed, and handed back by id.
const evaluations = new Map(pool.map((declaration) => [declaration.id, evaluateRules(pack, declaration, { reference })]));
const explanations = new Map(pool.map((declaration) => [declaration.id, model.explain(declaration)]));
const precomputed: { rules: RuleSource; model: RiskModelSource } = {
  rules: { id: pack.id, version: pack.version, evaluate: (declaration) => evaluations.get(declaration.id) as RuleEvaluation },
  model: { version: model.modelVersion, explain: (declaration) => explanations.get(declaration.id) as ModelExplanation },
};

const scorers: { readonly name: string; readonly scorer: Scorer }[] = [
  { name: 'pack + model', scorer: createScorer({ rules: pack, model, reference }) },
  { name: 'pack + model, model reasons for non-green only', scorer: createScorer({ rules: pack, model, reference, modelReasons: 'flagged' }) },
  { name: 'pack alone', scorer: createScorer({ rules: pack, reference }) },
  { name: 'model alone', scorer: createScorer({ model }) },
  { name: 'scorer only (answers precomputed)', scorer: createScorer(precomputed) },
];

// Warm-up: every declaration of the pool through every scorer once, so that the JIT has seen them all.
let checksum = 0;
for (const { scorer } of scorers) for (const declaration of pool) checksum += scorer.scoreParsed(declaration).score;

// ---------------------------------------------------------------- timed

const latencies = scorers.map(() => new Float64Array(CALLS));
const position = scorers.map(() => 0);
for (let done = 0; done < CALLS; done += BLOCK) {
  const count = Math.min(BLOCK, CALLS - done);
  scorers.forEach(({ scorer }, index) => {
    const times = latencies[index] as Float64Array;
    let at = position[index] as number;
    for (let call = 0; call < count; call += 1) {
      const declaration = pool[at % pool.length] as Declaration;
      const start = process.hrtime.bigint();
      const result = scorer.scoreParsed(declaration);
      times[done + call] = Number(process.hrtime.bigint() - start) / 1000;
      checksum += result.score + result.explanation.text.length;
      at += 1;
    }
    position[index] = at;
  });
}

const PASSES = 3;
const throughput = scorers.map(() => 0);
for (let pass = 0; pass < PASSES; pass += 1) {
  scorers.forEach(({ scorer }, index) => {
    const start = process.hrtime.bigint();
    for (const declaration of pool) checksum += scorer.scoreParsed(declaration).score;
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    throughput[index] = Math.max(throughput[index] as number, pool.length / seconds);
  });
}

// ---------------------------------------------------------------- report

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

const rows = scorers.map(({ name }, index) => {
  const sorted = (latencies[index] as Float64Array).slice().sort();
  return { name, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] as number, perSecond: throughput[index] as number };
});
const baseline = rows[0] as (typeof rows)[number];
const fixed = (value: number, digits = 0) => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

console.log(`scoring latency, one declaration per call, full explanation (structured + text)`);
console.log(`${fixed(CALLS)} timed calls per scorer over a pool of ${fixed(pool.length)} KCS declarations (${poolPath}),`);
console.log(`reference from ${historyPath}; model ${model.modelVersion}, pack ${pack.id} ${pack.version}; blocks of ${BLOCK}, interleaved`);
console.log('');
console.log('| scorer | p50 µs | p99 µs | max µs | p99 vs pack + model | batch decl/s |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) {
  console.log(`| ${row.name} | ${fixed(row.p50, 1)} | ${fixed(row.p99, 1)} | ${fixed(row.max)} | ${fixed(row.p99 / baseline.p99, 2)}× | ${fixed(row.perSecond)} |`);
}
console.log('');
console.log(`target: p99 < 1,000 µs for pack + model: ${baseline.p99 < 1000 ? 'met' : 'NOT met'}`);
console.log(`(checksum ${fixed(checksum)})`);
