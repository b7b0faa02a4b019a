import { createHash } from 'node:crypto';
import type { RenderReportOptions, ReportEntry } from './types.js';
import { checkEntries } from './_lib/checkEntries.js';
import { CLIENT_SCRIPT } from './_lib/clientScript.js';
import { formatNumber } from './_lib/format.js';
import { histogramSvg } from './_lib/histogramSvg.js';
import { embedJson, escapeHtml } from './_lib/html.js';
import { packCases } from './_lib/packCases.js';
import { STYLES } from './_lib/styles.js';
import { compareText, LANES, summarizeBatch, type BatchSummary } from './_lib/summarizeBatch.js';
import { ISF_LINE_COLUMNS, LINE_COLUMNS, toCaseData } from './_lib/toCaseData.js';

/** Default of `RenderReportOptions.maxCases`: the worklist size the page was measured with, doubled. */
export const DEFAULT_MAX_CASES = 20_000;
/** Most worklist rows the page prints; the screen list is windowed, a printout is not. */
const PRINT_LIMIT = 500;
/** Rules listed in the overview. */
const TOP_RULES = 15;

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

function checkOptions(options: RenderReportOptions): void {
  const { maxCases, title } = options;
  if (maxCases !== undefined && (!Number.isInteger(maxCases) || maxCases < 1)) {
    throw new RangeError(`renderReport: options.maxCases: expected a positive integer, received ${String(maxCases)}`);
  }
  if (title !== undefined && typeof title !== 'string') throw new TypeError('renderReport: options.title: expected a string');
}

function card(label: string, value: string, cls = ''): string {
  return `<div class="card${cls === '' ? '' : ` ${cls}`}" data-card="${escapeHtml(label)}"><b>${escapeHtml(value)}</b><span>${escapeHtml(label)}</span></div>`;
}

function overviewSection(summary: BatchSummary, flagged: number, options: RenderReportOptions): string {
  const cards = [
    card('rows', formatNumber(summary.rows, 0)),
    card('flagged', formatNumber(flagged, 0)),
    ...LANES.map((lane) => card(lane, formatNumber(summary.lanes[lane], 0), lane)),
    card('mean score', formatNumber(summary.meanScore, 1)),
  ].join('');
  const rules = summary.rules.slice(0, TOP_RULES);
  const ruleRows = rules
    .map(
      (rule) =>
        `<tr data-rule="${escapeHtml(rule.ruleId)}"><td>${escapeHtml(rule.ruleId)}</td><td>${escapeHtml(rule.title)}</td>` +
        `<td class="num">${formatNumber(rule.records, 0)}</td><td class="num">${formatNumber(rule.hits, 0)}</td></tr>`,
    )
    .join('');
  const moreRules = summary.rules.length > TOP_RULES ? `<p class="note">and ${summary.rules.length - TOP_RULES} more rules</p>` : '';
  const rulesTable =
    rules.length === 0
      ? '<p class="note">No rule fired.</p>'
      : `<table id="top-rules"><thead><tr><th>Rule</th><th>Title</th><th class="num">Records</th><th class="num">Hits</th></tr></thead><tbody>${ruleRows}</tbody></table>${moreRules}`;
  const packs = options.rulePacks ?? summary.rulePacks;
  const run: [string, string][] = [
    ['Model', options.modelVersion ?? (summary.models.length === 0 ? 'none' : summary.models.join(', '))],
    ['Rule packs', packs.length === 0 ? 'none named' : packs.join(', ')],
  ];
  for (const [key, value] of Object.entries(options.settings ?? {})) run.push([key, value === null ? 'null' : String(value)]);
  const runList = run.map(([key, value]) => `<dt>${escapeHtml(key)}</dt><dd>${escapeHtml(value)}</dd>`).join('');
  return (
    `<section id="overview" aria-labelledby="overview-h"><h2 id="overview-h">Overview</h2><div class="cards">${cards}</div>` +
    `<div class="overview-grid"><div><h3>Score distribution</h3>${histogramSvg(summary.histogram)}</div>` +
    `<div><h3>Top rules by records hit</h3>${rulesTable}</div>` +
    `<div><h3>Run</h3><dl class="facts" id="run">${runList}</dl></div></div></section>`
  );
}

function worklistSection(kept: readonly ReportEntry[], flagged: number, maxCases: number, includeGreen: boolean): string {
  const laneCounts = new Map<string, number>();
  const ruleTitles = new Map<string, { title: string; records: number }>();
  for (const entry of kept) {
    laneCounts.set(entry.lane, (laneCounts.get(entry.lane) ?? 0) + 1);
    const seen = new Set<string>();
    for (const hit of entry.hits) {
      let rule = ruleTitles.get(hit.ruleId);
      if (rule === undefined) {
        rule = { title: hit.title, records: 0 };
        ruleTitles.set(hit.ruleId, rule);
      }
      if (!seen.has(hit.ruleId)) rule.records += 1;
      seen.add(hit.ruleId);
    }
  }
  const laneOptions = LANES.filter((lane) => laneCounts.has(lane))
    .map((lane) => `<option value="${lane}">${lane} (${formatNumber(laneCounts.get(lane) ?? 0, 0)})</option>`)
    .join('');
  const ruleOptions = [...ruleTitles.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([ruleId, rule]) => `<option value="${escapeHtml(ruleId)}">${escapeHtml(`${ruleId} — ${rule.title} (${formatNumber(rule.records, 0)})`)}</option>`)
    .join('');
  const lanes = includeGreen ? 'all lanes' : 'red, yellow and blue lanes';
  const cut =
    flagged > kept.length
      ? ` <strong>${formatNumber(flagged - kept.length, 0)} lower-scored record${flagged - kept.length === 1 ? ' was' : 's were'} left out</strong> to stay within the limit of ${formatNumber(maxCases, 0)} (option <code>maxCases</code>).`
      : '';
  return (
    `<section id="worklist" aria-labelledby="worklist-h"><h2 id="worklist-h">Worklist</h2>` +
    `<p class="note">Records in the ${lanes}, highest score first. The list draws only the rows in view; ` +
    `it holds at most ${formatNumber(maxCases, 0)} record${maxCases === 1 ? '' : 's'} and was checked at 10,000 (docs/report.md).${cut} ` +
    `<kbd>↑</kbd><kbd>↓</kbd> or <kbd>j</kbd><kbd>k</kbd> move, <kbd>Enter</kbd> opens, <kbd>/</kbd> searches, <kbd>Esc</kbd> returns.</p>` +
    `<div class="filters"><label>Lane<select id="f-lane"><option value="">all</option>${laneOptions}</select></label>` +
    `<label>Rule<select id="f-rule"><option value="">any</option>${ruleOptions}</select></label>` +
    `<label>Text<input id="f-text" type="search" placeholder="id, party, HS code, description…" autocomplete="off"></label>` +
    `<span id="count" aria-live="polite"></span></div>` +
    `<div class="cols" aria-hidden="true"><span class="num">#</span><span>Id</span><span class="num">Score</span><span>Lane</span><span>Main reason</span><span>Importer</span></div>` +
    `<div id="list" class="list" tabindex="0" role="listbox" aria-label="Worklist"><div id="spacer" class="spacer"><div id="rows"></div></div></div>` +
    `<noscript><p class="warning">The worklist and case views need JavaScript; the overview above is complete without it.</p></noscript>` +
    `<div id="print-list" class="print-only"></div></section>`
  );
}

const CASE_SECTION =
  `<section id="case" hidden tabindex="-1" aria-labelledby="case-id">` +
  `<button id="back" type="button">← Worklist <kbd>Esc</kbd></button> <span class="note noprint"><kbd>j</kbd><kbd>k</kbd> next / previous case</span>` +
  `<div class="case-head"><h2 id="case-id"></h2><span class="case-score" id="case-score"></span><span id="case-lane"></span>` +
  `<span id="case-why"></span><span class="note" id="case-prob"></span></div>` +
  `<div class="case-grid"><div><h3>Why: from the base to the score</h3><div id="chart"></div><p id="case-warning" class="warning" hidden></p>` +
  `<h3>Reasons</h3><div id="case-reasons"></div><p class="note" id="case-zero"></p><div id="case-not-run-block"><h3>Checks that did not run</h3><ul id="case-not-run"></ul></div>` +
  `<div id="case-text-block"><h3>Explanation</h3><pre class="explanation" id="case-text"></pre></div></div>` +
  `<div><div id="case-declaration-block"><h3>Declaration</h3><div id="case-facts"></div><h3>Lines</h3><div id="case-lines"></div></div>` +
  `<div id="case-isf-block"><h3>ISF</h3><div id="case-isf-facts"></div><h3>ISF lines</h3><div id="case-isf-lines"></div>` +
  `<div id="case-isf-amendments-block"><h3>Amendments</h3><ul id="case-isf-amendments"></ul></div></div></div></div></section>`;

/**
 * Renders a batch of score results as one self-contained HTML page for officers: an overview, a worklist
 * of flagged records (windowed, filterable, keyboard-driven) and a case view per record with a waterfall
 * of its contributions. No network, no external files; every value from the data is escaped or placed
 * with `textContent`. Pure: the same results and options give the same bytes.
 *
 * @param results - score results, optionally with the `declaration` and `isf` they were scored from
 * @param options - title, run facts and limits; see `RenderReportOptions`
 * @returns the HTML document
 * @example
 * const html = renderReport(declarations.map((d) => ({ ...scorer.score(d), declaration: d })), { title: 'Batch 42' });
 * //=> '<!DOCTYPE html>\n<html lang="en">…'
 */
export function renderReport(results: Iterable<ReportEntry>, options: RenderReportOptions = {}): string {
  checkOptions(options);
  const entries = [...results];
  checkEntries(entries);
  const includeGreen = options.includeGreen ?? false;
  const maxCases = options.maxCases ?? DEFAULT_MAX_CASES;
  const title = options.title ?? 'Customs risk review';
  const summary = summarizeBatch(entries);
  const flagged = entries
    .filter((entry) => includeGreen || entry.lane !== 'green')
    .sort((a, b) => b.score - a.score || compareText(a.id, b.id));
  const kept = flagged.slice(0, maxCases);
  const cases = kept.map(toCaseData);
  const packed = packCases(cases);
  const data = embedJson({ strings: packed.strings, cases: packed.cases, printLimit: PRINT_LIMIT, lineColumns: LINE_COLUMNS, isfLineColumns: ISF_LINE_COLUMNS });
  const csp = `default-src 'none'; style-src ${sha256(STYLES)}; script-src ${sha256(CLIENT_SCRIPT)}; img-src data:; base-uri 'none'; form-action 'none'`;
  // Flagged means outside the green lane, whether or not green records are in the worklist too.
  const flaggedCount = summary.rows - summary.lanes.green;
  const meta = [`${formatNumber(summary.rows, 0)} records`, `${formatNumber(flaggedCount, 0)} flagged`];
  if (options.generatedAt !== undefined) meta.push(`generated ${options.generatedAt}`);
  return (
    `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n` +
    `<meta http-equiv="Content-Security-Policy" content="${csp}">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="generator" content="customs-risk">\n` +
    `<title>${escapeHtml(title)}</title>\n<style>${STYLES}</style>\n</head>\n<body>\n` +
    `<header><h1>${escapeHtml(title)}</h1><p class="meta">${escapeHtml(meta.join(' · '))}</p></header>\n<main>\n` +
    `${overviewSection(summary, flaggedCount, options)}\n${worklistSection(kept, flagged.length, maxCases, includeGreen)}\n${CASE_SECTION}\n</main>\n` +
    `<script type="application/json" id="report-data">${data}</script>\n<script>${CLIENT_SCRIPT}</script>\n</body>\n</html>\n`
  );
}
