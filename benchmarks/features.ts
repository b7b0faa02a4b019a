// Feature-building benchmark (npm run bench:features). Not part of npm test. Where one record's model
// score spends its time, per record of valid.csv (read through the kcs layout): context derivation with
// the bundled reference (what the rules see) and with the model's own reference (what the model sees),
// the feature rows (the registry definitions against the compiled writer), the single-record predict and
// explain, and the forest walk alone on the same rows.
//
// Two columns, because most of this work is reading a record's objects and the lookup tables:
//  - cold: each step runs over all 8,134 records in turn, so a record's objects come from memory (the
//    pessimistic case, and the way the issue's profile measured);
//  - warm: each record is processed 4 times in a row and the time divided by 4: after the first time its
//    objects are in cache, as in the scorer right after a row is parsed (the optimistic case).
// The cold pass and the warm pass of a block run back to back, so the warm pass starts on a cold record.
// All cases run interleaved, round by round, in one process; the table gives the median CPU time.
//
// A/B mode (`npm run bench:features -- --baseline <git ref> [--file <kcs csv>] [--records N]`): the per-record
// cost of deriving a context with the bundled reference and of the model's feature rows from that context
// (where the history lookups are), for src/ of the working tree and src/ of <ref> (extracted with git
// archive and imported as a second copy of the library), interleaved round by round in one process, on the
// first N records (default 100,000) of a KCS-shaped file (default .bench/kcs-1000000-7.csv, else valid.csv):
// a working set far larger than the caches, as in a batch run. Then, in a fresh process per copy, the heap
// and the CPU time of loading models/reference.json and models/default.json and deriving the first context.
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
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { readRecords } from '../src/io/readRecords.js';

if (process.argv.includes('--baseline') || process.argv.includes('--memory-of')) {
  await abMain();
  process.exit(0);
}

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

// ---------------------------------------------------------------------------------------------------------
// A/B mode. Function declarations only (they are hoisted; the guard at the top calls abMain before the
// module's own constants exist).

type Lib = typeof import('../src/index.js');

function argValue(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at < 0 ? undefined : process.argv[at + 1];
}

/** src/ of `ref` extracted to a temporary folder (node_modules linked), imported as a second library copy. */
async function baselineCopy(ref: string): Promise<{ lib: Lib; dir: string; label: string }> {
  const root = new URL('..', import.meta.url).pathname;
  const dir = mkdtempSync(join(tmpdir(), 'features-baseline-'));
  const archive = execFileSync('git', ['-C', root, 'archive', '--format=tar', ref, 'src'], { maxBuffer: 1 << 28 });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  const sha = execFileSync('git', ['-C', root, 'rev-parse', '--short', ref], { encoding: 'utf8' }).trim();
  const lib = (await import(pathToFileURL(join(dir, 'src/index.ts')).href)) as Lib;
  return { lib, dir, label: `src at ${ref} (${sha})` };
}

/** Child process: heap and CPU of loading the bundled reference and model with the copy of src/ in `srcDir`. */
async function memoryOf(srcDir: string): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('--memory-of needs node --expose-gc');
  const lib = (await import(pathToFileURL(join(srcDir, 'index.ts')).href)) as Lib;
  const root = new URL('../models/', import.meta.url);
  const referenceText = readFileSync(new URL('reference.json', root), 'utf8');
  const modelText = readFileSync(new URL('default.json', root), 'utf8');
  // A record to derive a first context from (lazily built indexes count as loading).
  const first = await (async () => {
    for await (const result of lib.readRecords(`${KCS_DIR}/valid.csv`, { layout: 'kcs' })) if (result.ok) return result.record;
    throw new Error('no record');
  })();
  gc();
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  // `external` includes the array buffers (typed arrays of a loaded model and reference data).
  const ext0 = process.memoryUsage().external;
  const cpu0 = process.cpuUsage();
  const reference = lib.parseReferenceData(referenceText);
  const cpu1 = process.cpuUsage(cpu0);
  const model = lib.loadModel(modelText);
  const cpu2 = process.cpuUsage(cpu0);
  const context = lib.deriveContext(first, { reference });
  model.featureRows(first, { context });
  const cpu3 = process.cpuUsage(cpu0);
  // Freed array buffers are released after the collection: give that a moment before reading.
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const usage = process.memoryUsage();
  const ms = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
  console.log(
    JSON.stringify({
      heapMB: (usage.heapUsed - heap0) / 2 ** 20,
      externalMB: (usage.external - ext0) / 2 ** 20,
      referenceMs: ms(cpu1),
      modelMs: ms(cpu2) - ms(cpu1),
      firstRecordMs: ms(cpu3) - ms(cpu2),
      totalHeapMB: getHeapStatistics().used_heap_size / 2 ** 20,
      keep: reference.currency.length + model.featureIds.length,
    }),
  );
}

function memoryRuns(srcDir: string, runs: number): Record<string, number>[] {
  const script = new URL(import.meta.url).pathname;
  const out: Record<string, number>[] = [];
  for (let i = 0; i < runs; i++) {
    const text = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', script, '--memory-of', srcDir], { encoding: 'utf8' });
    out.push(JSON.parse(text.trim().split('\n').pop()!) as Record<string, number>);
  }
  return out;
}

async function abMain(): Promise<void> {
  const memoryDir = argValue('--memory-of');
  if (memoryDir !== undefined) return memoryOf(memoryDir);
  const ref = argValue('--baseline')!;
  const rounds = Number(process.env.ROUNDS ?? 7);
  const warmup = 2;
  const limit = Number(argValue('--records') ?? 100_000);
  const big = new URL('../.bench/kcs-1000000-7.csv', import.meta.url).pathname;
  const file = argValue('--file') ?? (existsSync(big) ? big : `${KCS_DIR}/valid.csv`);
  const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };

  const records: Declaration[] = [];
  for await (const result of readRecords(file, { layout: 'kcs' })) {
    if (result.ok) records.push(result.record);
    if (records.length >= limit) break;
  }
  const base = await baselineCopy(ref);
  const here = { lib: (await import('../src/index.js')) as Lib, dir: '', label: 'src (working tree)' };
  const copies = [here, base];
  const root = new URL('../models/', import.meta.url);
  const referenceText = readFileSync(new URL('reference.json', root), 'utf8');
  const modelText = readFileSync(new URL('default.json', root), 'utf8');
  const loaded = copies.map(({ lib }) => ({ lib, reference: lib.parseReferenceData(referenceText), model: lib.loadModel(modelText) }));

  // Same results: contexts compared as JSON (Dates as ISO text, NaN-free by contract), rows bit for bit.
  let differing = 0;
  for (let i = 0; i < records.length; i += 7) {
    const [a, b] = loaded.map(({ lib, reference, model }) => {
      const context = lib.deriveContext(records[i]!, { reference });
      return { json: JSON.stringify({ ...context, reference: null }), rows: model.featureRows(records[i]!, { context }) };
    });
    const rowsDiffer = a!.rows.length !== b!.rows.length || a!.rows.some((v, k) => !Object.is(v, b!.rows[k]));
    if (a!.json !== b!.json || rowsDiffer) differing++;
  }

  // Blocks of records: contexts for the feature-row case are derived untimed, a block at a time (keeping
  // 100,000 contexts alive would time the garbage collector more than the lookups); the records and contexts
  // of a block are then in cache, as in a batch, and the reference data and the model's tables are not.
  const BLOCK = 256;
  const names = ['deriveContext (bundled reference)', 'model.featureRows(record, { context })'];
  const times = copies.map(() => names.map((): number[] => []));
  let sink = 0;
  for (let round = 0; round < warmup + rounds; round++) {
    for (let k = 0; k < copies.length * names.length; k++) {
      const slot = (k + round) % (copies.length * names.length);
      const copy = slot % copies.length;
      const kind = Math.floor(slot / copies.length);
      const { lib, reference, model } = loaded[copy]!;
      let ms = 0;
      for (let from = 0; from < records.length; from += BLOCK) {
        const to = Math.min(records.length, from + BLOCK);
        if (kind === 0) {
          // In a batch the record was parsed just before: read it once untimed (a context without reference
          // data reads every field), so that the timed pass measures the reference lookups, not the record.
          for (let i = from; i < to; i++) sink += lib.deriveContext(records[i]!).totalValue;
          const start = cpu();
          for (let i = from; i < to; i++) sink += lib.deriveContext(records[i]!, { reference }).totalValue;
          ms += cpu() - start;
        } else {
          const contexts: DeclarationContext[] = [];
          for (let i = from; i < to; i++) contexts.push(lib.deriveContext(records[i]!, { reference }));
          const start = cpu();
          for (let i = from; i < to; i++) sink += model.featureRows(records[i]!, { context: contexts[i - from]! })[0]!;
          ms += cpu() - start;
        }
      }
      if (round >= warmup) times[copy]![kind]!.push((ms * 1000) / records.length);
    }
  }

  const memory = copies.map(({ lib: _, dir }) => memoryRuns(dir === '' ? new URL('../src/', import.meta.url).pathname : join(dir, 'src'), 5));
  rmSync(base.dir, { recursive: true, force: true });

  const load = (await import('node:os')).loadavg().map((v) => v.toFixed(2)).join(' ');
  console.log(
    `# bench:features A/B — Node ${process.version}; first ${records.length.toLocaleString('en-US')} records of ${file}; ` +
      `median CPU µs per record of ${rounds} interleaved rounds after ${warmup} warm-up rounds; load average ${load}; ${new Date().toISOString()}\n`,
  );
  console.log(`Results compared on every 7th record: ${differing === 0 ? 'identical contexts and feature rows' : `${differing} records DIFFER`}.\n`);
  console.log(`| step | ${copies.map((c) => c.label).join(' | ')} | speed-up |\n| --- | ${copies.map(() => '---:').join(' | ')} | ---: |`);
  names.forEach((name, kind) => {
    const us = times.map((t) => median(t[kind]!));
    console.log(`| ${name} | ${us.map((u) => u.toFixed(2)).join(' | ')} | ${(us[1]! / us[0]!).toFixed(2)}× |`);
  });
  const fields = ['heapMB', 'externalMB', 'referenceMs', 'modelMs', 'firstRecordMs'] as const;
  console.log(
    `\nLoading models/reference.json + models/default.json and the first record, fresh process per copy, median of 5 ` +
      `(heap growth after gc; CPU ms):\n\n| copy | ${fields.join(' | ')} |\n| --- | ${fields.map(() => '---:').join(' | ')} |`,
  );
  copies.forEach((c, i) => console.log(`| ${c.label} | ${fields.map((f) => median(memory[i]!.map((m) => m[f]!)).toFixed(1)).join(' | ')} |`));
  console.log(`(sink ${sink.toFixed(3)})`);
}
