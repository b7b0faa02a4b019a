// Intake benchmark: which CSV parser for the hot path, and what read + validate costs.
//
//   npm run bench:intake                    # 1,000,000 rows, 5 rounds (fast-csv and zod: 2)
//   npx tsx benchmarks/intake.ts --rows 200000 --rounds 1 --fast-rounds 3 --all
//
// Part 1 (correctness): every CSV file of fixtures/bad through each parser; does the parser keep going,
// give each data row once, and let us tell which rows are broken?
// Part 2 (speed): the KCS train split repeated to N rows (ids made unique per repetition), written to a
// temp file before anything is timed; then, interleaved round by round in this one process: bare parsing
// by fast-csv and by our splitter (plus uDSV, csv-parse and papaparse with --all), and intake
// (readRecords: parse + map + validate + normalise) with the fast path (with and without the duplicate-id
// check), and with zod on every row (on a slice, it is slow). Each run streams the file and consumes every row. Wall time, CPU time and the peak
// RSS seen during the run are printed; on a shared machine CPU time is the steadier measure.

import { closeSync, createReadStream, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { parse as fastCsvParse } from 'fast-csv';
import { parse as csvParse } from 'csv-parse';
import Papa from 'papaparse';
import { initParser, inferSchema } from 'udsv';
import { CsvSplitter } from '../src/io/_lib/CsvSplitter.js';
import { readWith } from '../src/io/readRecords.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(args[index + 1]);
};
const ROWS = option('rows', 1_000_000);
const ROUNDS = option('rounds', 2);
/** Rounds of the contenders that take about a second (our splitter, uDSV, the fast intake): more rounds steady their best. */
const FAST_ROUNDS = Math.max(ROUNDS, option('fast-rounds', 5));
const ZOD_ROWS = option('zod-rows', 50_000);
const ALL = args.includes('--all');
/** Heap cap of the memory runs: a reader that held the file or its rows would fail under it. */
const HEAP_CAP_MB = 96;
const ROOT = new URL('..', import.meta.url).pathname;

// ---------------------------------------------------------------- parsers under test (bare: rows of strings)

type RowSink = (fields: readonly string[]) => void;
interface Outcome {
  rows: number;
  /** Rows the parser itself flagged as broken (error events, error lists). */
  flagged: number;
  /** Set when the parser stopped the whole input. */
  aborted?: string;
}

function decoded(source: AsyncIterable<Buffer | string>): AsyncIterable<string> {
  return (async function* () {
    const decoder = new TextDecoder();
    for await (const chunk of source) yield typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    const tail = decoder.decode();
    if (tail !== '') yield tail;
  })();
}

const parsers: Record<string, (open: () => Readable, sink: RowSink) => Promise<Outcome>> = {
  'fast-csv': (open, sink) =>
    new Promise((resolve) => {
      const outcome: Outcome = { rows: 0, flagged: 0 };
      const stream = open().pipe(fastCsvParse({ headers: false, ignoreEmpty: true }));
      stream.on('data', (row: string[]) => {
        outcome.rows++;
        sink(row);
      });
      stream.on('error', (error: Error) => resolve({ ...outcome, aborted: error.message.slice(0, 60) }));
      stream.on('end', () => resolve(outcome));
    }),
  'csv-parse': (open, sink) =>
    new Promise((resolve) => {
      const outcome: Outcome = { rows: 0, flagged: 0 };
      const stream = open().pipe(csvParse({ relax_column_count: true, skip_empty_lines: true, skip_records_with_error: true }));
      stream.on('data', (row: string[]) => {
        outcome.rows++;
        sink(row);
      });
      stream.on('skip', () => outcome.flagged++);
      stream.on('error', (error: Error) => resolve({ ...outcome, aborted: error.message.slice(0, 60) }));
      stream.on('end', () => resolve(outcome));
    }),
  papaparse: (open, sink) =>
    new Promise((resolve) => {
      const outcome: Outcome = { rows: 0, flagged: 0 };
      const stream = open().pipe(Papa.parse(Papa.NODE_STREAM_INPUT, { skipEmptyLines: true }));
      stream.on('data', (row: string[]) => {
        outcome.rows++;
        sink(row);
      });
      stream.on('error', (error: Error) => resolve({ ...outcome, aborted: error.message.slice(0, 60) }));
      stream.on('end', () => resolve(outcome));
    }),
  uDSV: async (open, sink) => {
    const outcome: Outcome = { rows: 0, flagged: 0 };
    let parser: ReturnType<typeof initParser> | undefined;
    const onData = (row: string[]) => {
      outcome.rows++;
      sink(row);
    };
    try {
      for await (const text of decoded(open())) {
        if (parser === undefined) {
          const schema = inferSchema(text, { col: ',', encl: '"' });
          // uDSV takes the header into its schema; count it as a row, like the other parsers here.
          onData(schema.cols.map((col) => col.name));
          parser = initParser(schema);
        }
        parser.chunk<string[]>(text, parser.stringArrs, onData);
      }
      parser?.end();
    } catch (error) {
      return { ...outcome, aborted: (error as Error).message.slice(0, 60) };
    }
    return outcome;
  },
  'ours (CsvSplitter)': async (open, sink) => {
    const outcome: Outcome = { rows: 0, flagged: 0 };
    const splitter = new CsvSplitter((row) => {
      outcome.rows++;
      if (row.fields === undefined) outcome.flagged++;
      else sink(row.fields);
    }, 1 << 20);
    for await (const text of decoded(open())) splitter.push(text);
    splitter.end();
    return outcome;
  },
};

// ---------------------------------------------------------------- part 1: correctness on fixtures/bad

interface Expectation {
  file: string;
  layout?: string;
  format?: string;
  options?: { maxRowLength?: number };
  results: string[];
}

const STRUCTURAL = new Set(['malformed_row', 'wrong_column_count', 'invalid_encoding', 'field_too_large']);

async function correctness(): Promise<void> {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'fixtures/bad/expected.json'), 'utf8')) as Expectation[];
  // KCS-layout files: one physical row = one expected result.
  const files = manifest.filter((entry) => entry.layout === 'kcs' && entry.options === undefined);
  const names = Object.keys(parsers);
  let header = `| file | rows | broken |`;
  for (const name of names) header += ` ${name} |`;
  console.log('\nCorrectness on fixtures/bad (rows out / broken rows detected; ✓ = every row once, every broken row detectable)\n');
  console.log(header);
  console.log(`|${' --- |'.repeat(3 + names.length)}`);
  const score: Record<string, number> = {};
  for (const entry of files) {
    const bytes = readFileSync(join(ROOT, 'fixtures/bad', entry.file));
    const expectedRows = entry.results.length + 1; // + header
    const broken = entry.results.filter((code) => STRUCTURAL.has(code)).length;
    let line = `| ${entry.file} | ${entry.results.length} | ${broken} |`;
    for (const name of names) {
      const widths: number[] = [];
      const odd: boolean[] = [];
      const parser = parsers[name];
      if (parser === undefined) continue;
      const outcome = await parser(
        () => Readable.from([bytes]),
        (fields) => {
          widths.push(fields.length);
          odd.push(fields.some((field) => field.includes('\uFFFD') || field.includes('\uFEFF')));
        },
      );
      // A broken row is detectable when the parser flags it, or its width or its characters give it away.
      const width = widths[0] ?? 0;
      const detected = outcome.flagged + widths.filter((w, index) => index > 0 && (w !== width || odd[index])).length;
      const good = outcome.aborted === undefined && outcome.rows === expectedRows && detected === broken;
      if (good) score[name] = (score[name] ?? 0) + 1;
      const cell = outcome.aborted !== undefined ? `aborted after ${outcome.rows}` : `${outcome.rows - 1} / ${detected}`;
      line += ` ${good ? '✓' : '✗'} ${cell} |`;
    }
    console.log(line);
  }
  console.log(`| **files right** | | |${names.map((name) => ` ${score[name] ?? 0} / ${files.length} |`).join('')}`);
}

// ---------------------------------------------------------------- part 2: speed

/**
 * Writes the KCS train split repeated to ROWS rows, and its first ZOD_ROWS rows to a second file, without
 * holding the output in memory. Repetition r > 0 appends two digits to the (8-digit) ids, so ids stay
 * unique and numeric like the real ones.
 */
function generate(path: string, slicePath: string): number {
  const text = readFileSync(join(ROOT, '../shared/data/kcs/train.csv'), 'utf8');
  const [header = '', ...body] = text.split('\n').filter((line) => line !== '');
  const out = openSync(path, 'w');
  const slice = openSync(slicePath, 'w');
  writeSync(out, `${header}\n`);
  writeSync(slice, `${header}\n`);
  let count = 0;
  for (let repetition = 0; count < ROWS; repetition++) {
    let batch = '';
    for (const line of body) {
      if (count >= ROWS) break;
      const comma = line.indexOf(',');
      const row = repetition === 0 ? line : `${line.slice(0, comma)}${String(repetition).padStart(2, '0')}${line.slice(comma)}`;
      batch += `${row}\n`;
      if (count < ZOD_ROWS) writeSync(slice, `${row}\n`);
      count++;
    }
    writeSync(out, batch);
  }
  closeSync(out);
  closeSync(slice);
  return count;
}

interface Measure {
  wall: number;
  cpu: number;
  rows: number;
  rss: number;
}

async function measure(run: () => Promise<number>): Promise<Measure> {
  global.gc?.();
  let rss = process.memoryUsage().rss;
  const timer = setInterval(() => {
    rss = Math.max(rss, process.memoryUsage().rss);
  }, 20);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const rows = await run();
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(timer);
  rss = Math.max(rss, process.memoryUsage().rss);
  return { wall, cpu: (cpu.user + cpu.system) / 1e6, rows, rss };
}

async function speed(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'intake-bench-'));
  const file = join(dir, 'kcs.csv');
  const sliceFile = join(dir, 'kcs-slice.csv');
  try {
    const rows = generate(file, sliceFile);
    const open = () => createReadStream(file, { highWaterMark: 1 << 16 });
    let checksum = 0;
    const sink: RowSink = (fields) => {
      checksum += fields.length;
    };
    const bare = (name: string) => async () => {
      const parser = parsers[name];
      if (parser === undefined) throw new Error(name);
      const outcome = await parser(open, sink);
      return outcome.rows - 1;
    };
    const intake = (path: string, validation: 'fast' | 'zod', rejectDuplicateIds = true) => async () => {
      let ok = 0;
      let rejected = 0;
      for await (const result of readWith(path, { layout: 'kcs', rejectDuplicateIds }, validation)) {
        if (result.ok) ok += result.record.lines.length;
        else rejected++;
      }
      if (rejected > 0) throw new Error(`${rejected} rows rejected`);
      return ok;
    };
    // The slow contenders (fast-csv, csv-parse, papaparse, zod on every row) run ROUNDS times, the others FAST_ROUNDS.
    const slow = new Set(['fast-csv (bare parse)', 'csv-parse (bare parse)', 'papaparse (bare parse)', `intake: readRecords kcs, zod every row (${ZOD_ROWS} rows)`]);
    const contenders: [string, () => Promise<number>][] = [
      ['fast-csv (bare parse)', bare('fast-csv')],
      ['ours: CsvSplitter (bare parse)', bare('ours (CsvSplitter)')],
      ['uDSV (bare parse)', bare('uDSV')],
      ...(ALL
        ? ([
            ['csv-parse (bare parse)', bare('csv-parse')],
            ['papaparse (bare parse)', bare('papaparse')],
          ] as [string, () => Promise<number>][])
        : []),
      ['intake: readRecords kcs, fast path', intake(file, 'fast')],
      ['intake, rejectDuplicateIds: false', intake(file, 'fast', false)],
      [`intake: readRecords kcs, zod every row (${ZOD_ROWS} rows)`, intake(sliceFile, 'zod')],
    ];
    const results = new Map<string, Measure[]>();
    for (let round = 0; round < FAST_ROUNDS; round++) {
      // Interleaved: every contender once per round, in rotating order.
      for (let k = 0; k < contenders.length; k++) {
        const [name, run] = contenders[(k + round) % contenders.length] ?? contenders[0]!;
        if (round >= ROUNDS && slow.has(name)) continue;
        const m = await measure(run);
        results.set(name, [...(results.get(name) ?? []), m]);
      }
    }
    const best = (name: string): Measure => {
      const list = results.get(name) ?? [];
      return list.reduce((a, b) => (b.cpu < a.cpu ? b : a));
    };
    const ourBare = best('ours: CsvSplitter (bare parse)');
    const perCpu = (m: Measure) => m.rows / m.cpu;
    console.log(
      `\nSpeed: ${rows.toLocaleString('en')} KCS rows (${(statSync(file).size / 1e6).toFixed(0)} MB), best of ${FAST_ROUNDS} interleaved rounds (the slow parsers and zod: ${ROUNDS}), Node ${process.version}\n`,
    );
    console.log('| run | rows | wall s | rows/s (wall) | CPU s | rows/CPU-s | CPU vs ours bare | peak RSS MB |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const [name] of contenders) {
      const m = best(name);
      const ratio = perCpu(ourBare) / perCpu(m);
      console.log(
        `| ${name} | ${m.rows.toLocaleString('en')} | ${m.wall.toFixed(2)} | ${Math.round(m.rows / m.wall).toLocaleString('en')} | ${m.cpu.toFixed(2)} | ${Math.round(perCpu(m)).toLocaleString('en')} | ${ratio.toFixed(2)}× | ${Math.round(m.rss / 1e6)} |`,
      );
    }
    const intakeFast = best('intake: readRecords kcs, fast path');
    const intakeZod = best(`intake: readRecords kcs, zod every row (${ZOD_ROWS} rows)`);
    console.log(`\nintake / ours bare (CPU time per row): ${(perCpu(ourBare) / perCpu(intakeFast)).toFixed(2)}× (target ≤ 1.5×)`);
    console.log(`intake rows per CPU-second: ${Math.round(perCpu(intakeFast)).toLocaleString('en')} (target ≥ 300,000)`);
    const intakeNoIds = best('intake, rejectDuplicateIds: false');
    console.log(`without the duplicate-id check: ${(perCpu(ourBare) / perCpu(intakeNoIds)).toFixed(2)}× bare, ${Math.round(perCpu(intakeNoIds)).toLocaleString('en')} rows/CPU-s`);
    console.log(`zod on every row costs ${(1e6 / perCpu(intakeZod) - 1e6 / perCpu(intakeFast)).toFixed(1)} µs more per row than the fast path`);
    console.log(`(checksum ${checksum})`);
    memory(sliceFile, file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs one contender on one file in this (child) process and prints its row count and peak RSS. */
async function child(name: string, path: string): Promise<void> {
  let rows = 0;
  if (name === 'bare') {
    // The fields are asked for, so that the row is split as a bare parse does.
    const splitter = new CsvSplitter((row) => {
      if (row.fields !== undefined) rows++;
    }, 1 << 20);
    for await (const text of decoded(createReadStream(path, { highWaterMark: 1 << 16 }))) splitter.push(text);
    splitter.end();
    rows--;
  } else {
    for await (const result of readWith(path, { layout: 'kcs', rejectDuplicateIds: name === 'intake' }, 'fast')) if (result.ok) rows++;
  }
  process.stdout.write(JSON.stringify({ rows, maxRss: process.resourceUsage().maxRSS * 1024 }));
}

/**
 * Peak RSS of each reader in a fresh process (in this one, earlier runs leave their heap behind), on a
 * small and on the full file: flat memory means the same peak for both.
 */
function memory(small: string, large: string): void {
  const script = new URL(import.meta.url).pathname;
  const run = (name: string, path: string) => {
    const outcome = spawnSync(process.execPath, [...process.execArgv, `--max-old-space-size=${HEAP_CAP_MB}`, script, '--child', name, path], {
      encoding: 'utf8',
    });
    if (outcome.status !== 0) throw new Error(`${name} on ${path} failed under a ${HEAP_CAP_MB} MB heap cap: ${outcome.stderr.slice(-300)}`);
    const json = JSON.parse(outcome.stdout) as { rows: number; maxRss: number };
    return json;
  };
  console.log(`\nMemory: peak RSS of a fresh process (old space capped at ${HEAP_CAP_MB} MB) reading the small and the full file\n`);
  console.log('| reader | rows | peak RSS MB | rows | peak RSS MB |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const [name, label] of [
    ['bare', 'ours: CsvSplitter (bare parse)'],
    ['intake-no-ids', 'intake, rejectDuplicateIds: false'],
    ['intake', 'intake (default: remembers ids for duplicate_id)'],
  ] as const) {
    const a = run(name, small);
    const b = run(name, large);
    console.log(`| ${label} | ${a.rows.toLocaleString('en')} | ${Math.round(a.maxRss / 1e6)} | ${b.rows.toLocaleString('en')} | ${Math.round(b.maxRss / 1e6)} |`);
  }
}

if (args[0] === '--child') await child(args[1] ?? '', args[2] ?? '');
else {
  await correctness();
  if (!args.includes('--correctness-only')) await speed();
}

