// Report benchmark: how the HTML report behaves as the worklist grows, on real KCS rows scored by the
// bundled rule pack and model, rendered by `renderReport` and opened in Debian's headless Chromium.
//
//   npm run bench:report                         # 1,000 / 10,000 / 20,000 worklist rows, 3 rounds
//   npx tsx benchmarks/report.ts --sizes 1000,10000,40000 --rounds 5
//
// Built before anything is timed: the first max(sizes) declarations of the KCS train split (KCS_DIR,
// default /work/shared/data/kcs) are read, scored with full explanations, and joined with their
// declarations; each size is the first N of them, all in the worklist (`includeGreen`), so the page holds
// exactly N cases.
// Timed in Node: `renderReport` per size, the sizes taking turns round by round (interleaved), the output
// length summed and printed so that no call can be optimised away.
// Timed in the page (performance.now(), in Chromium): page ready (navigation start → the script's
// `data-ready`, which includes parsing the embedded JSON and drawing the first rows), the first text
// search (builds the search index), pressing End (scroll to row N and draw it), and opening a case (hash
// change → case view drawn). A fresh page per size per round, sizes interleaved. Medians are printed,
// with ratios against the smallest size.

import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { readRecords } from '../src/io/readRecords.js';
import { loadModel } from '../src/model/loadModel.js';
import { renderReport } from '../src/report/renderReport.js';
import type { ReportEntry } from '../src/report/types.js';
import { loadRulePack } from '../src/rules/loadRulePack.js';
import { createScorer } from '../src/scoring/createScorer.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? undefined : args[index + 1];
};
const SIZES = (flag('sizes') ?? '1000,10000,20000').split(',').map(Number);
const ROUNDS = Number(flag('rounds') ?? 3);
if (SIZES.some((size) => !Number.isInteger(size) || size < 1) || !Number.isInteger(ROUNDS) || ROUNDS < 1) {
  throw new RangeError('--sizes must be whole numbers separated by commas and --rounds a whole number');
}
const ROOT = new URL('..', import.meta.url).pathname;
const KCS = join(process.env['KCS_DIR'] ?? '/work/shared/data/kcs', 'train.csv');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

async function scoredKcs(limit: number): Promise<ReportEntry[]> {
  if (!existsSync(KCS)) throw new Error(`KCS train split not found at ${KCS}; set KCS_DIR`);
  const rules = loadRulePack(JSON.parse(readFileSync(join(ROOT, 'rules/default.json'), 'utf8')) as unknown);
  const model = loadModel(JSON.parse(readFileSync(join(ROOT, 'models/default.json'), 'utf8')) as unknown);
  const scorer = createScorer({ rules, model, reference: model.reference });
  const entries: ReportEntry[] = [];
  for await (const result of readRecords(createReadStream(KCS), { layout: 'kcs' })) {
    if (!result.ok) continue;
    entries.push({ ...scorer.scoreParsed(result.record), declaration: result.record });
    if (entries.length === limit) break;
  }
  if (entries.length < limit) throw new Error(`only ${entries.length} valid KCS declarations, ${limit} asked`);
  return entries;
}

interface PageTimes {
  readonly ready: number;
  readonly heapMb: number;
  readonly search: number;
  readonly end: number;
  readonly openCase: number;
}

async function main(): Promise<void> {
  const largest = Math.max(...SIZES);
  process.stdout.write(`scoring ${largest} KCS declarations (not timed)…\n`);
  const all = await scoredKcs(largest);
  const inputs = new Map(SIZES.map((size) => [size, all.slice(0, size)]));
  const renderMs = new Map<number, number[]>(SIZES.map((size) => [size, []]));
  const htmlBytes = new Map<number, number>();
  let consumed = 0;
  const dir = mkdtempSync(join(tmpdir(), 'customs-risk-bench-report-'));
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const size of SIZES) {
      const entries = inputs.get(size) ?? [];
      const start = process.hrtime.bigint();
      const html = renderReport(entries, { includeGreen: true, maxCases: largest, title: `KCS ${size}` });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      consumed += html.length;
      renderMs.get(size)?.push(ms);
      if (round === 0) {
        writeFileSync(join(dir, `report-${size}.html`), html);
        htmlBytes.set(size, Buffer.byteLength(html));
      }
    }
  }

  const executablePath = execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  const profile = mkdtempSync(join(tmpdir(), 'customs-risk-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1360, height: 900 } });
  const pageTimes = new Map<number, PageTimes[]>(SIZES.map((size) => [size, []]));
  try {
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const size of SIZES) {
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(error.message));
        await page.goto(pathToFileURL(join(dir, `report-${size}.html`)).href);
        await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
        // Page-side code as strings: the project's tsconfig has no DOM lib.
        const times = (await page.evaluate(`(async () => {
          const ready = performance.now();
          const heapMb = performance.memory ? performance.memory.usedJSHeapSize / 1048576 : NaN;
          const input = document.getElementById('f-text');
          let t = performance.now();
          input.value = 'kr';
          input.dispatchEvent(new Event('input'));
          const search = performance.now() - t;
          input.value = '';
          input.dispatchEvent(new Event('input'));
          const list = document.getElementById('list');
          list.focus();
          t = performance.now();
          list.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
          await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
          const end = performance.now() - t;
          const last = document.querySelector('#rows .row[aria-selected="true"]');
          if (!last || last.getAttribute('data-pos') !== String(${size - 1})) throw new Error('End did not reach the last row');
          t = performance.now();
          list.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
          await new Promise((resolve) => addEventListener('hashchange', resolve, { once: true }));
          const openCase = performance.now() - t;
          if (document.getElementById('case').hidden) throw new Error('the case did not open');
          return { ready, heapMb, search, end, openCase };
        })()`)) as PageTimes;
        if (errors.length > 0) throw new Error(`page errors at ${size} rows: ${errors.join('; ')}`);
        pageTimes.get(size)?.push(times);
        await page.close();
      }
    }
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }

  const base = SIZES[0] ?? 1;
  const med = (size: number, pick: (t: PageTimes) => number) => median((pageTimes.get(size) ?? []).map(pick));
  const fmt = (value: number, digits = 0) => value.toFixed(digits);
  process.stdout.write(`\nChromium ${execFileSync(executablePath, ['--version'], { encoding: 'utf8' }).trim()}, Node ${process.version}, ${ROUNDS} rounds, medians\n\n`);
  process.stdout.write('| worklist rows | HTML MB | renderReport ms | page ready ms | JS heap MB | first text search ms | End key ms | open case ms | render × | ready × |\n');
  process.stdout.write('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n');
  for (const size of SIZES) {
    const render = median(renderMs.get(size) ?? []);
    const ready = med(size, (t) => t.ready);
    process.stdout.write(
      `| ${size.toLocaleString('en')} | ${fmt((htmlBytes.get(size) ?? 0) / 1048576, 1)} | ${fmt(render)} | ${fmt(ready)} | ${fmt(med(size, (t) => t.heapMb))} | ` +
        `${fmt(med(size, (t) => t.search), 1)} | ${fmt(med(size, (t) => t.end), 1)} | ${fmt(med(size, (t) => t.openCase), 1)} | ` +
        `${fmt(render / median(renderMs.get(base) ?? []), 2)} | ${fmt(ready / med(base, (t) => t.ready), 2)} |\n`,
    );
  }
  process.stdout.write(`\n(${consumed} characters rendered in total)\n`);
}

await main();
