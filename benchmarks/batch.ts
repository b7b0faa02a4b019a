// Batch benchmark: generates a seeded KCS-shaped file (outside the timed part), then in one run times a
// bare read + write with fast-csv, the intake parser (readRecords), the hand-written result writer against
// fast-csv's formatter, and the `score` command (rules + model, CSV out) at 1 and 2 workers, plus JSONL
// with model explanations for flagged rows. The CLI runs from dist/ (run `npm run build` first) in child
// processes, whose peak RSS /usr/bin/time reports.
//
//   npm run bench:batch                    # 1,000,000 rows
//   npm run bench:batch -- --rows 200000   # a smaller file
//   npm run bench:batch -- --rounds 5      # best of 5 interleaved score runs per worker count (default 3)
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { format, parse } from 'fast-csv';
import { readRecords } from '../src/io/readRecords.js';
import { csvField } from '../src/batch/_lib/csvField.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { rows: { type: 'string' }, seed: { type: 'string' }, rounds: { type: 'string' } } });
const ROWS = Number(values.rows ?? 1_000_000);
const SEED = Number(values.seed ?? 7);
// This VM's speed varies by ±15 % from run to run (one thread alone, same GC work): best of several.
const ROUNDS = Math.max(1, Number(values.rounds ?? 3));
const folder = join(root, '.bench');
mkdirSync(folder, { recursive: true });
const input = join(folder, `kcs-${ROWS}-${SEED}.csv`);

/** KCS-shaped rows: sample rows of fixtures/kcs-sample.csv as templates, with new ids, dates, masses and prices. */
async function generate(): Promise<void> {
  if (existsSync(input)) return;
  const [header, ...templates] = readFileSync(join(root, 'fixtures', 'kcs-sample.csv'), 'utf8').trimEnd().split('\n');
  let state = SEED >>> 0;
  const next = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const out = createWriteStream(input);
  out.write(`${header}\n`);
  for (let row = 0; row < ROWS; row++) {
    const cells = (templates[Math.floor(next() * templates.length)] ?? '').split(',');
    const scale = 0.5 + next();
    cells[0] = String(10_000_000 + row);
    cells[1] = `2020-${String(1 + Math.floor(next() * 12)).padStart(2, '0')}-${String(1 + Math.floor(next() * 28)).padStart(2, '0')}`;
    cells[18] = (Number(cells[18]) * scale).toFixed(1);
    cells[19] = (Number(cells[19]) * scale).toFixed(1);
    if (!out.write(`${cells.join(',')}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
}

interface Line {
  readonly name: string;
  readonly seconds: number;
  readonly peakMb: number | null;
}

async function timed(name: string, body: () => Promise<void>): Promise<Line> {
  const started = process.hrtime.bigint();
  await body();
  return { name, seconds: Number(process.hrtime.bigint() - started) / 1e9, peakMb: null };
}

async function fastCsvReadWrite(): Promise<void> {
  await pipeline(createReadStream(input), parse({ headers: true }), format({ headers: true }), createWriteStream(join(folder, 'fast-csv.out.csv')));
}

async function intakeRead(): Promise<void> {
  const out = createWriteStream(join(folder, 'intake.out.csv'));
  let text = '';
  for await (const result of readRecords(input, { layout: 'kcs', rejectDuplicateIds: false })) {
    text += result.ok ? `${result.record.id},${result.record.lines[0]?.hsCode ?? ''}\n` : `${result.row},rejected\n`;
    if (text.length > 1 << 16) {
      if (!out.write(text)) await once(out, 'drain');
      text = '';
    }
  }
  out.end(text);
  await once(out, 'close');
}

const resultRow = (index: number): (string | number)[] => [String(10_000_000 + index), (index % 1000) / 10, 'yellow', 'threshold', 'High-risk HS chapter (+10)', 'risk model (all features) (+7.5)', ''];

async function fastCsvWriter(): Promise<void> {
  const stream = format({ headers: ['id', 'score', 'lane', 'lane_reason', 'reason_1', 'reason_2', 'reason_3'] });
  const done = pipeline(stream, createWriteStream(join(folder, 'writer-fast-csv.out.csv')));
  for (let index = 0; index < ROWS; index++) if (!stream.write(resultRow(index))) await once(stream, 'drain');
  stream.end();
  await done;
}

async function handWrittenWriter(): Promise<void> {
  const out = createWriteStream(join(folder, 'writer-hand.out.csv'));
  let text = 'id,score,lane,lane_reason,reason_1,reason_2,reason_3\n';
  for (let index = 0; index < ROWS; index++) {
    text += `${resultRow(index).map(csvField).join(',')}\n`;
    if (text.length > 1 << 16) {
      if (!out.write(text)) await once(out, 'drain');
      text = '';
    }
  }
  out.end(text);
  await once(out, 'close');
}

/** Runs the built CLI under /usr/bin/time for its peak RSS. */
function cli(name: string, args: string[]): Line {
  const bin = join(root, 'bin', 'customs-risk.js');
  const started = process.hrtime.bigint();
  const child = spawnSync('/usr/bin/time', ['-f', 'peak-rss-kb %M', process.execPath, bin, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (child.status !== 0 && child.status !== 3) throw new Error(`${name} failed (${child.status}): ${child.stderr}`);
  const kb = /peak-rss-kb (\d+)/.exec(child.stderr)?.[1];
  return { name, seconds, peakMb: kb === undefined ? null : Number(kb) / 1024 };
}

/**
 * How many cores this process really gets now: the same CPU-bound loop in 1 and in 2 threads. On an idle
 * 2-core machine 2 threads take as long as 1 (capacity 2.0); on a shared or loaded one, up to twice as long
 * (capacity 1.0), and then no worker count can show a speed-up.
 */
async function parallelCapacity(): Promise<number> {
  const code = `const { parentPort } = require('node:worker_threads'); let x = 0; for (let i = 0; i < 2e8; i++) x = (x + i * 7) % 1000003; parentPort.postMessage(x);`;
  const run = async (threads: number): Promise<number> => {
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: threads }, () => new Promise<void>((resolve) => {
        const worker = new Worker(code, { eval: true });
        worker.on('message', () => void worker.terminate().then(() => resolve()));
      })),
    );
    return Number(process.hrtime.bigint() - started) / 1e9;
  };
  let one = Number.POSITIVE_INFINITY;
  let two = Number.POSITIVE_INFINITY;
  for (let round = 0; round < ROUNDS; round++) {
    one = Math.min(one, await run(1));
    two = Math.min(two, await run(2));
  }
  return (2 * one) / two;
}

async function main(): Promise<void> {
  if (!existsSync(join(root, 'dist', 'cli.js')) || !existsSync(join(root, 'dist', 'batchWorker.js'))) {
    throw new Error('dist/ is missing: run `npm run build` first (the benchmark runs the CLI as users do)');
  }
  await generate();
  const megabytes = statSync(input).size / 1e6;
  console.log(`input: ${ROWS.toLocaleString('en-US')} KCS-shaped rows (${megabytes.toFixed(0)} MB), seed ${SEED}; ${availableParallelism()} cores; node ${process.version}`);
  const out = (name: string) => join(folder, name);
  const score = (workers: number, extra: string[] = [], file = `score-w${workers}.out.csv`) => [
    'score', input, '--layout', 'kcs', '--workers', String(workers), '--out', out(file), '--quiet', ...extra,
  ];
  const lines: Line[] = [];
  // In-process baselines first, then the CLI runs interleaved (1, 2, 1, 2 workers) so that a change of
  // load on the machine hits both; the faster run of each pair counts.
  lines.push(await timed('bare read + write, fast-csv (parse → format)', fastCsvReadWrite));
  lines.push(await timed('read with the intake parser (readRecords, kcs) + write ids', intakeRead));
  lines.push(await timed('write results, fast-csv formatter', fastCsvWriter));
  lines.push(await timed('write results, hand-written csvField', handWrittenWriter));
  const capacity = await parallelCapacity();
  const rounds: Line[][] = [[], []];
  for (let round = 0; round < ROUNDS; round++) {
    rounds[0]?.push(cli('score, rules + model, CSV out, --workers 1', score(1)));
    rounds[1]?.push(cli('score, rules + model, CSV out, --workers 2', score(2)));
  }
  const best = (runs: Line[] | undefined): Line => [...(runs ?? [])].sort((a, b) => a.seconds - b.seconds)[0] as Line;
  const one = best(rounds[0]);
  const two = best(rounds[1]);
  lines.push(one, two);
  lines.push(cli('score, rules + model, JSONL, --explain flagged, --workers 2', score(2, ['--explain', 'flagged'], 'score-flagged.out.jsonl')));
  const same = readFileSync(out('score-w1.out.csv')).equals(readFileSync(out('score-w2.out.csv')));

  const base = lines[0] as Line;
  const header = ['run', 'seconds', 'rows/s', 'vs fast-csv', 'peak RSS'];
  const rows = lines.map((line) => [
    line.name,
    line.seconds.toFixed(2),
    Math.round(ROWS / line.seconds).toLocaleString('en-US'),
    `${(base.seconds / line.seconds).toFixed(2)}×`,
    line.peakMb === null ? '(in process)' : `${line.peakMb.toFixed(0)} MB`,
  ]);
  const widths = header.map((_, column) => Math.max(header[column]?.length ?? 0, ...rows.map((row) => row[column]?.length ?? 0)));
  console.log(`| ${header.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`);
  console.log(`| ${widths.map((width, column) => (column === 0 ? '-'.repeat(width) : `${'-'.repeat(width - 1)}:`)).join(' | ')} |`);
  for (const row of rows) console.log(`| ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join(' | ')} |`);
  console.log(`speed-up with 2 workers: ${(one.seconds / two.seconds).toFixed(2)}× (best of ${ROUNDS} interleaved runs each)`);
  const all = (runs: Line[] | undefined) => (runs ?? []).map((run) => `${run.seconds.toFixed(2)} s / ${run.peakMb?.toFixed(0) ?? '?'} MB`).join(', ');
  console.log(`every run: --workers 1: ${all(rounds[0])}; --workers 2: ${all(rounds[1])}`);
  console.log(`cores this process got (a CPU-bound loop in 2 threads vs 1): ${capacity.toFixed(2)} of ${availableParallelism()}`);
  console.log(`hand-written writer vs fast-csv formatter: ${((lines[2] as Line).seconds / (lines[3] as Line).seconds).toFixed(1)}× faster`);
  console.log(`output of --workers 1 and 2 byte-identical: ${same ? 'yes' : 'NO'}`);
}

await main();
