import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { runReportCommand } from '../../src/report/node/reportCommand.js';
import type { ReportEntry } from '../../src/report/types.js';
import { fixturePath, loadFixture } from '../_helpers/fixtures.js';
import { buildEntry, HOSTILE, RULES } from './_lib/buildEntries.js';
import { readEmbedded } from './_lib/readEmbedded.js';

function captureIo() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return { io: { stdout, stderr }, out: () => out, err: () => err };
}

const late = RULES.filter((rule) => rule.ruleId === 'ISF-LATE' || rule.ruleId === 'GDS-VAGUE');
const jsonl = (rows: readonly unknown[]) => `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`;
const withoutRecords = ({ declaration: _d, isf: _i, ...result }: ReportEntry) => result;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'customs-risk-report-cmd-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('runReportCommand', () => {
  test('writes the report from a scored JSONL file whose lines carry their declarations, and nothing else', async () => {
    const declaration = loadFixture('declarations/clean.json');
    const scored = join(dir, 'scored.jsonl');
    const green = { ...withoutRecords(buildEntry('DEC-2', [RULES[7]!])), lane: 'green' };
    writeFileSync(scored, jsonl([{ ...withoutRecords(buildEntry('DEC-2024-000101', late)), declaration }, green]));
    const out = join(dir, 'report.html');
    const { io, out: stdout, err } = captureIo();
    const code = await runReportCommand([scored, '--out', out, '--setting', 'seed=42', '--model-version', 'm-1'], io);
    expect(err()).toBe('');
    expect(code).toBe(0);
    expect(stdout()).toBe(`${out}: 2 records, 1 in the worklist\n`);
    expect(readdirSync(dir).sort()).toEqual(['report.html', 'scored.jsonl']);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<dt>Model</dt><dd>m-1</dd><dt>Rule packs</dt><dd>default@1.0.0</dd><dt>results</dt><dd>scored.jsonl</dd><dt>seed</dt><dd>42</dd>');
    // The green record is counted in the overview (lanes, rules) though only the flagged one is a case.
    expect(html).toContain('data-card="green"><b>1</b>');
    expect(html).toMatch(/<tr data-rule="TRM-CASH"><td>TRM-CASH<\/td><td>Cash in advance<\/td><td class="num">1<\/td>/);
    const [c, ...others] = readEmbedded(html).cases;
    expect(others).toEqual([]);
    expect(c?.id).toBe('DEC-2024-000101');
    expect(c?.facts).toContainEqual(['Lodged', '2024-03-14 08:30 UTC']);
    expect(c?.lines[0]?.[2]).toBe("Men's cotton knitted T-shirts, crew neck, assorted sizes");
  });

  test('joins the scored declarations from --input and their ISF filings from --isf by bill of lading', async () => {
    const names = ['clean', 'mismatch', 'multi-line', 'risky', 'us-ocean'];
    const declarations = names.map((name) => loadFixture(`declarations/${name}.json`));
    const filings = readdirSync(fixturePath('isf')).filter((name) => name.endsWith('.json')).sort().map((name) => loadFixture(`isf/${name}`));
    const input = join(dir, 'declarations.jsonl');
    const isf = join(dir, 'isf.jsonl');
    const scored = join(dir, 'scored.jsonl');
    writeFileSync(input, jsonl(declarations));
    writeFileSync(isf, jsonl(filings));
    writeFileSync(scored, jsonl(declarations.map((declaration) => withoutRecords(buildEntry(String(declaration['id']), late)))));
    const out = join(dir, 'report.html');
    const { io, err } = captureIo();
    expect(await runReportCommand([scored, '--out', out, '--input', input, '--isf', isf], io)).toBe(0);
    expect(err()).toBe('');
    const cases = readEmbedded(readFileSync(out, 'utf8')).cases;
    expect(cases.map((c) => c.facts[0]?.[1])).toEqual(cases.map((c) => c.id));
    // Each declaration gets the ISF whose bill matches its house bill (or master bill when it has no house bill).
    for (const declaration of declarations) {
      const bill = declaration['billOfLading'] as { master?: string; house?: string } | undefined;
      const match = filings.filter((filing) =>
        (filing['billsOfLading'] as { master?: string; house?: string }[]).some((b) =>
          bill?.house !== undefined ? b.house === bill.house : bill?.master !== undefined && b.master === bill.master,
        ),
      );
      const shown = cases.find((c) => c.id === declaration['id'])?.isf?.facts[0]?.[1];
      if (match.length === 1) expect(shown).toBe(`${String(match[0]?.['id'])} (${String(match[0]?.['type'])})`);
      if (match.length === 0) expect(shown).toBeUndefined();
    }
    expect(cases.some((c) => c.isf !== null)).toBe(true);
  });

  test('reads KCS declarations with --layout kcs and says which worklist records it did not find', async () => {
    const ids = readFileSync(fixturePath('kcs-sample.csv'), 'utf8').split('\n').slice(1, 4).map((row) => row.split(',')[0] ?? '');
    const scored = join(dir, 'scored.jsonl');
    writeFileSync(scored, jsonl([...ids, 'NOT-IN-INPUT'].map((id) => withoutRecords(buildEntry(id, late)))));
    const out = join(dir, 'report.html');
    const { io, err } = captureIo();
    expect(await runReportCommand([scored, '--out', out, '--input', fixturePath('kcs-sample.csv'), '--layout', 'kcs'], io)).toBe(0);
    expect(err()).toBe(`customs-risk report: 1 worklist record not found in ${fixturePath('kcs-sample.csv')}; shown without declaration facts\n`);
    const cases = readEmbedded(readFileSync(out, 'utf8')).cases;
    expect(cases.find((c) => c.id === ids[0])?.lines[0]?.[1]).toBe('440890');
    expect(cases.find((c) => c.id === 'NOT-IN-INPUT')?.facts).toEqual([]);
  });

  test('keeps the highest-scored records within --max-cases and puts green ones in with --include-green', async () => {
    const scored = join(dir, 'scored.jsonl');
    const rows = [buildEntry('A', late), buildEntry('B', late.slice(1)), { ...buildEntry('C', []), lane: 'green' as const }];
    writeFileSync(scored, jsonl(rows.map(withoutRecords)));
    const out = join(dir, 'report.html');
    const { io } = captureIo();
    expect(await runReportCommand([scored, '--out', out, '--max-cases', '1'], io)).toBe(0);
    const limited = readFileSync(out, 'utf8');
    expect(readEmbedded(limited).cases.map((c) => c.id)).toEqual(['A']);
    expect(limited).toContain('1 lower-scored record was left out</strong> to stay within the limit of 1');
    expect(await runReportCommand([scored, '--out', out, '--include-green'], io)).toBe(0);
    expect(readEmbedded(readFileSync(out, 'utf8')).cases.map((c) => c.id)).toEqual(['A', 'B', 'C']);
  });

  test('refuses a file with a bad line, naming the line, the id and the field, and writes no report', async () => {
    const scored = join(dir, 'scored.jsonl');
    const bad = { ...withoutRecords(buildEntry('DEC-7', late)), score: 'high' };
    writeFileSync(scored, `${JSON.stringify(withoutRecords(buildEntry('DEC-6', late)))}\n${JSON.stringify(bad)}\n{not json\n`);
    const out = join(dir, 'report.html');
    const { io, err } = captureIo();
    expect(await runReportCommand([scored, '--out', out], io)).toBe(65);
    expect(err()).toMatch(
      new RegExp(`^customs-risk report: ${scored.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: 2 bad lines, no report written; line 2 \\(id "DEC-7"\\): score: expected number, received string; line 3: invalid JSON`),
    );
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual(['scored.jsonl']);
  });

  test('refuses a declaration on a line that fails validation', async () => {
    const scored = join(dir, 'scored.jsonl');
    const declaration = { ...loadFixture('declarations/clean.json'), currency: 'XYZ', lines: [{ description: HOSTILE }] };
    writeFileSync(scored, jsonl([{ ...withoutRecords(buildEntry('DEC-2024-000101', late)), declaration }]));
    const { io, err } = captureIo();
    expect(await runReportCommand([scored, '--out', join(dir, 'r.html')], io)).toBe(65);
    expect(err()).toContain('line 1 (id "DEC-2024-000101"): declaration.currency: expected an ISO 4217 currency code');
  });

  test('answers usage errors with one line, the usage and exit code 64', async () => {
    const scored = join(dir, 'scored.jsonl');
    writeFileSync(scored, '');
    for (const [args, message] of [
      [[scored], 'missing --out <report.html>'],
      [['--out', 'x.html'], 'missing the scored JSONL file'],
      [[scored, '--out', 'x.html', '--max-cases', '0'], '--max-cases expects a positive integer, got "0"'],
      [[scored, '--out', 'x.html', '--setting', 'seed'], '--setting expects key=value, got "seed"'],
      [[scored, '--out', 'x.html', '--isf', 'isf.jsonl'], '--isf and --layout need --input'],
      [[scored, '--out', 'x.html', '--colour'], 'unknown option --colour'],
    ] as const) {
      const { io, err } = captureIo();
      expect(await runReportCommand(args, io)).toBe(64);
      expect(err()).toMatch(new RegExp(`^customs-risk report: ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\nusage: customs-risk report`));
    }
  });

  test('reports a missing input file as a file error', async () => {
    const { io, err } = captureIo();
    expect(await runReportCommand([join(dir, 'nope.jsonl'), '--out', join(dir, 'r.html')], io)).toBe(74);
    expect(err()).toContain('no such file or directory');
  });
});
