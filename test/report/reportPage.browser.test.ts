import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { renderReport } from '../../src/report/index.js';
import { launchChromium } from './_lib/browser.js';
import { buildBatch, buildDeclaration, buildEntry, buildHostileEntry, buildIsf, HOSTILE, RULES } from './_lib/buildEntries.js';
import { readEmbedded } from './_lib/readEmbedded.js';
import { scoreFixtures } from './_lib/scoreFixtures.js';

// Drives the rendered page in Debian's headless Chromium. Missing chromium fails these tests (see
// _lib/browser.ts): a report that was never opened in a browser is not tested.

const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

const tiles = buildEntry(
  'DEC-TILES',
  RULES.filter((rule) => rule.ruleId === 'ISF-LATE' || rule.ruleId === 'VAL-UNDERVALUED' || rule.ruleId === 'PTY-TRUSTED'),
  [6.4, -1.2],
  { declaration: buildDeclaration('DEC-TILES', ['Glazed ceramic tiles, 60 x 60 cm', 'Tile adhesive']), isf: buildIsf('ISF-TILES') },
);
const entries = [tiles, buildHostileEntry(), ...buildBatch(400, 9)];
const html = renderReport(entries, {
  title: 'Hamburg batch 2024-03-14',
  modelVersion: 'kcs-rf-2024.1',
  settings: { input: 'batch-2024-03-14.csv', seed: 9, thresholds: 'blue 30 · yellow 40 · red 60' },
});
const cases = readEmbedded(html).cases;

let context: BrowserContext;
let close: () => Promise<void>;
let dir: string;
let url: string;
/** What went wrong on each open page: script errors, console errors and warnings, dialogs, requests. */
const problems = new WeakMap<Page, string[]>();
const problemsOf = (page: Page) => problems.get(page) ?? ['page was not opened with openPage'];

async function openPage(target = url): Promise<Page> {
  const page = await context.newPage();
  const seen: string[] = [];
  problems.set(page, seen);
  page.on('pageerror', (error) => seen.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') seen.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('dialog', (dialog) => {
    seen.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('request', (request) => {
    if (!request.url().startsWith('file://')) seen.push(`network request: ${request.url()}`);
  });
  await page.goto(target);
  await page.waitForSelector('body[data-ready="true"]');
  return page;
}

// Page-side code is passed as strings where it needs DOM globals: the project's tsconfig has no DOM lib.
// Polled from here: page.waitForFunction evaluates its predicate in the page when it polls, which the
// report's Content-Security-Policy (no 'unsafe-eval') refuses, so the test failed whenever the case had
// not rendered at the first check.
const waitForCase = (page: Page, id: string | undefined) =>
  vi.waitFor(async () => expect(await page.textContent('#case-id')).toBe(id ?? null), { timeout: 10_000, interval: 20 });
const shownCount = (page: Page) => page.textContent('#count');
const visibleIds = (page: Page) => page.$$eval('#rows .row', (rows) => rows.map((row) => row.getAttribute('data-id')));

beforeAll(async () => {
  ({ context, close } = await launchChromium());
  dir = mkdtempSync(join(tmpdir(), 'customs-risk-report-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, html);
  url = pathToFileURL(file).href;
});

afterAll(async () => {
  await close?.();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe('report page in Chromium', () => {
  test('opens from disk without a network request, a script error or a CSP violation', async () => {
    const page = await openPage();
    expect(await page.title()).toBe('Hamburg batch 2024-03-14');
    expect(await shownCount(page)).toBe(`${cases.length} of ${cases.length} shown`);
    const ids = await visibleIds(page);
    expect(ids.slice(0, 5)).toEqual(cases.slice(0, 5).map((c) => c.id));
    // Windowed: only the rows in view (plus a margin) exist in the DOM.
    expect(ids.length).toBeLessThan(60);
    expect(problemsOf(page)).toEqual([]);
    await page.close();
  });

  test('filters by lane, by rule and by text, and combines the filters', async () => {
    const page = await openPage();
    const red = cases.filter((c) => c.lane === 'red');
    await page.selectOption('#f-lane', 'red');
    expect(await shownCount(page)).toBe(`${red.length} of ${cases.length} shown`);
    expect(new Set(await page.$$eval('#rows .row .lane', (badges) => badges.map((badge) => badge.textContent)))).toEqual(new Set(['red']));

    await page.selectOption('#f-lane', '');
    await page.selectOption('#f-rule', 'ISF-LATE');
    const late = cases.filter((c) => c.rules.includes('ISF-LATE'));
    expect(await shownCount(page)).toBe(`${late.length} of ${cases.length} shown`);
    expect(await visibleIds(page)).toEqual(late.slice(0, (await visibleIds(page)).length).map((c) => c.id));

    await page.fill('#f-text', 'CERAMIC tiles');
    expect(await shownCount(page)).toBe(`1 of ${cases.length} shown`);
    expect(await visibleIds(page)).toEqual(['DEC-TILES']);
    await page.selectOption('#f-rule', 'GDS-HS-RISK');
    expect(await shownCount(page)).toBe(`0 of ${cases.length} shown`);
    expect(await page.textContent('#rows')).toBe('No records match the filters.');
    expect(problemsOf(page)).toEqual([]);
    await page.close();
  });

  test('moves with the arrow keys and j / k, opens the case with Enter and returns with Escape', async () => {
    const page = await openPage();
    await page.focus('#list');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    expect(await page.getAttribute('#rows .row[aria-selected="true"]', 'data-id')).toBe(cases[2]?.id);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#case:not([hidden])');
    expect(await page.textContent('#case-id')).toBe(cases[2]?.id);
    expect(await page.isHidden('#worklist')).toBe(true);
    await page.keyboard.press('j');
    await waitForCase(page, cases[3]?.id);
    await page.keyboard.press('Escape');
    await page.waitForSelector('#worklist:not([hidden])');
    expect(await page.getAttribute('#rows .row[aria-selected="true"]', 'data-id')).toBe(cases[3]?.id);
    await page.click(`#rows .row[data-id="${cases[0]?.id}"]`);
    await waitForCase(page, cases[0]?.id);
    expect(problemsOf(page)).toEqual([]);
    await page.close();
  });

  test("draws the waterfall from the base to the score: the bars add up to the case's score", async () => {
    const page = await openPage(`${url}#case=DEC-TILES`);
    await page.waitForSelector('#case:not([hidden])');
    const tilesCase = cases.find((c) => c.id === 'DEC-TILES');
    const chart = await page.$eval('#chart svg', (svg) => {
      const unit = Number(svg.getAttribute('data-unit'));
      const bars = [...svg.querySelectorAll('rect.bar:not(.total)')].map((rect) => ({
        kind: rect.getAttribute('class'),
        points: Number(rect.getAttribute('data-points')),
        start: Number(rect.getAttribute('data-start')),
        end: Number(rect.getAttribute('data-end')),
        x: Number(rect.getAttribute('x')),
        width: Number(rect.getAttribute('width')),
      }));
      const total = svg.querySelector('rect.bar.total');
      return {
        unit,
        origin: Number(svg.getAttribute('data-origin')),
        bars,
        total: { points: Number(total?.getAttribute('data-points')), x: Number(total?.getAttribute('x')), width: Number(total?.getAttribute('width')) },
      };
    });
    expect(chart.bars.map((bar) => bar.kind)).toEqual(['bar base', 'bar up', 'bar up', 'bar down', 'bar up', 'bar down']);
    expect(chart.bars.map((bar) => bar.points)).toEqual(tilesCase?.reasons.map((reason) => reason[3]));
    const sum = chart.bars.reduce((acc, bar) => acc + bar.points, 0);
    expect(sum).toBeCloseTo(tiles.score, 9);
    expect(chart.total.points).toBe(tiles.score);
    expect(await page.textContent('#case-score')).toBe(String(Math.round(tiles.score * 100) / 100));
    // Each bar starts where the previous ended, is as wide as its points, and the last ends at the score.
    let running = 0;
    for (const bar of chart.bars) {
      expect(bar.start).toBeCloseTo(running, 9);
      running += bar.points;
      expect(bar.end).toBeCloseTo(running, 9);
      expect(bar.width).toBeCloseTo(Math.abs(bar.points) * chart.unit, 6);
    }
    const last = chart.bars.at(-1);
    const lastRight = last === undefined ? Number.NaN : last.points < 0 ? last.x : last.x + last.width;
    expect(lastRight).toBeCloseTo(chart.total.x + chart.total.width, 6);
    expect(chart.total.x).toBeCloseTo(chart.origin, 6);
    expect(await page.isHidden('#case-warning')).toBe(true);
    // Reasons in words and numbers, as in the explanation.
    const reasons = await page.$$eval('#case-reasons tbody tr', (rows) => rows.map((row) => [...row.children].map((cell) => cell.textContent)));
    expect(reasons[1]).toEqual([
      '+20',
      'Unit value below the HS6 reference',
      'Declared unit value 1.20 USD/kg is 12 % of the HS 610910 reference median 10.00 USD/kg',
      'rule VAL-UNDERVALUED',
    ]);
    expect(reasons[2]?.[2]).toBe('ISF filed 9 h before lading; 24 h required');
    expect(await page.textContent('#case-isf-facts')).toContain('ISF-TILES (ISF-10)');
    expect(await page.textContent('#case-lines')).toContain('Glazed ceramic tiles, 60 x 60 cm');
    expect(problemsOf(page)).toEqual([]);
    await page.close();
  });

  test('shows hostile text from the data as text and never runs it', async () => {
    const page = await openPage(`${url}#case=DEC-HOSTILE`);
    await page.waitForSelector('#case:not([hidden])');
    expect(await page.$eval('#case-lines tbody td:nth-child(3)', (cell) => cell.textContent)).toBe(HOSTILE);
    expect(await page.textContent('#case-facts')).toContain(`${HOSTILE} (IMP-X)`);
    expect(await page.textContent('#case-reasons')).toContain(`Description ${HOSTILE}`);
    expect(await page.$$eval('img', (images) => images.length)).toBe(0);
    expect(await page.$$eval('script', (scripts) => scripts.length)).toBe(2);
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    // Text the server wrote into the page (overview, filter options) is escaped, not parsed either.
    expect(await page.textContent('#top-rules tr[data-rule="GDS-HOSTILE"] td:nth-child(2)')).toBe(`Vague ${HOSTILE}`);
    expect(await page.$eval('#f-rule option[value="GDS-HOSTILE"]', (option) => option.textContent)).toContain(`Vague ${HOSTILE}`);
    await page.keyboard.press('Escape');
    await page.fill('#f-text', '<script>');
    expect(await visibleIds(page)).toEqual(['DEC-HOSTILE']);
    expect(await page.textContent('#rows .row .party')).toBe(`${HOSTILE} (IMP-X)`);
    expect(problemsOf(page)).toEqual([]);
    await page.close();
  });

  test('prints the overview and the first worklist rows without the interactive parts', async () => {
    const page = await openPage();
    await page.emulateMedia({ media: 'print' });
    await page.evaluate("window.dispatchEvent(new Event('beforeprint'))");
    expect(await page.evaluate("getComputedStyle(document.getElementById('list')).display")).toBe('none');
    expect(await page.evaluate("getComputedStyle(document.querySelector('.filters')).display")).toBe('none');
    expect(await page.$$eval('#print-list tbody tr', (rows) => rows.length)).toBe(Math.min(cases.length, 500));
    expect(await page.isVisible('#print-list')).toBe(true);
    await page.close();
  });

  test('stays usable with 10,000 worklist rows: draws only what is in view and reaches the last row', async () => {
    const big = renderReport(buildBatch(10_000, 4), { includeGreen: true });
    const file = join(dir, 'big.html');
    writeFileSync(file, big);
    const page = await openPage(pathToFileURL(file).href);
    expect(await shownCount(page)).toBe('10000 of 10000 shown');
    expect((await visibleIds(page)).length).toBeLessThan(60);
    await page.focus('#list');
    await page.keyboard.press('End');
    await page.waitForSelector('#rows .row[data-pos="9999"][aria-selected="true"]');
    expect(await page.textContent('#rows .row[data-pos="9999"] .num')).toBe('10000');
    expect((await visibleIds(page)).length).toBeLessThan(60);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#case:not([hidden])');
    expect(await page.textContent('#case-id')).toBe(readEmbedded(big).cases[9999]?.id);
    expect(problemsOf(page)).toEqual([]);
    await page.close();
  });

  test('opens every fixture scored by the bundled pack and model: each chart adds up to its score', async () => {
    const { results, entries, modelVersion } = scoreFixtures();
    const file = join(dir, 'fixtures.html');
    writeFileSync(file, renderReport(entries, { title: 'Fixtures, scored', includeGreen: true, settings: { rules: 'rules/default.json', model: 'models/default.json' } }));
    const page = await openPage(pathToFileURL(file).href);
    expect(await page.textContent('#run')).toContain(modelVersion);
    for (const result of results) {
      await page.evaluate(`location.hash = ${JSON.stringify(`#case=${encodeURIComponent(result.id)}`)}`);
      await waitForCase(page, result.id);
      const bars = await page.$$eval('#chart rect.bar:not(.total)', (rects) => rects.map((rect) => Number(rect.getAttribute('data-points'))));
      const listed = result.contributions.filter((c) => c.source !== 'model' || c.points !== 0);
      expect(await page.$$eval('#case-reasons tbody tr', (rows) => rows.length)).toBe(listed.length);
      expect(bars.reduce((sum, points) => sum + Math.round(points * 10), 0) / 10).toBe(result.score);
      expect(await page.textContent('#case-score')).toBe(String(result.score));
      expect(await page.isHidden('#case-warning')).toBe(true);
      expect(await page.textContent('#case-text')).toBe(result.explanation.text);
    }
    // The case the docs show: red, ISF linked, ISF and entry disagree, score capped at 100.
    await page.evaluate(`location.hash = '#case=DEC-US-2024-000233'`);
    await waitForCase(page, 'DEC-US-2024-000233');
    expect(await page.textContent('#case-isf-facts')).toContain('ISF-2024-000233');
    expect(await page.$$eval('#chart rect.bar.clip', (rects) => rects.length)).toBe(1);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'report-case.png'), fullPage: true });
    expect(problemsOf(page)).toEqual([]);
    await page.close();
  });

  test('renders the worklist screenshot for the docs', async () => {
    const page = await openPage();
    await page.selectOption('#f-lane', 'red');
    await page.focus('#list');
    await page.keyboard.press('j');
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'report.png'), fullPage: true });
    expect(problemsOf(page)).toEqual([]);
    await page.close();
  });
});
