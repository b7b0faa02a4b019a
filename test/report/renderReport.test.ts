import { describe, expect, test } from 'vitest';
import { renderReport } from '../../src/report/index.js';
import { buildBatch, buildDeclaration, buildEntry, buildHostileEntry, buildIsf, HOSTILE, RULES } from './_lib/buildEntries.js';
import { cardValue, chartBars, histogramCounts, readEmbedded } from './_lib/readEmbedded.js';

const rule = (id: string) => {
  const found = RULES.find((candidate) => candidate.ruleId === id);
  if (found === undefined) throw new Error(`no rule ${id}`);
  return found;
};

describe('renderReport', () => {
  test('gives byte-identical HTML for the same input and no timestamp unless one is passed', () => {
    const batch = buildBatch(300, 7);
    const first = renderReport(batch, { settings: { seed: 7 } });
    expect(renderReport(buildBatch(300, 7), { settings: { seed: 7 } })).toBe(first);
    expect(first).not.toMatch(/generated/);
    expect(first).not.toMatch(/20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/);
    const stamped = renderReport(batch, { generatedAt: '2026-11-23 12:00 UTC' });
    expect(stamped).toContain('generated 2026-11-23 12:00 UTC');
  });

  test('counts rows, flagged records and lanes in the overview', () => {
    const batch = buildBatch(500, 3);
    const html = renderReport(batch);
    const count = (lane: string) => batch.filter((entry) => entry.lane === lane).length;
    expect(cardValue(html, 'rows')).toBe('500');
    expect(cardValue(html, 'flagged')).toBe(String(500 - count('green')));
    for (const lane of ['red', 'yellow', 'blue', 'green']) expect(cardValue(html, lane)).toBe(String(count(lane)));
    expect(count('green')).toBeGreaterThan(0);
    expect(count('red')).toBeGreaterThan(0);
  });

  test('puts each score in one ten-point histogram bin, 100 in the last', () => {
    const scores = [0, 9.99, 10, 55, 90, 100];
    const entries = scores.map((score, index) => ({ ...buildEntry(`D${index}`, [], [], { base: score }), lane: 'green' as const }));
    const html = renderReport(entries);
    expect(histogramCounts(html)).toEqual([2, 1, 0, 0, 0, 1, 0, 0, 0, 2]);
    expect(histogramCounts(renderReport(buildBatch(400, 5))).reduce((a, b) => a + b, 0)).toBe(400);
  });

  test('lists the rules by records hit, then hits, with the rule packs of the hits', () => {
    const entries = [
      buildEntry('A', [rule('GDS-VAGUE'), rule('ISF-LATE')]),
      buildEntry('B', [rule('GDS-VAGUE')]),
      buildEntry('C', [rule('TRM-CASH'), rule('TRM-CASH')]),
    ];
    const html = renderReport(entries);
    const rows = [...html.matchAll(/<tr data-rule="([^"]+)"><td>[^<]*<\/td><td>[^<]*<\/td><td class="num">(\d+)<\/td><td class="num">(\d+)<\/td>/g)];
    expect(rows.map((match) => [match[1], match[2], match[3]])).toEqual([
      ['GDS-VAGUE', '2', '2'],
      ['TRM-CASH', '1', '2'],
      ['ISF-LATE', '1', '1'],
    ]);
    expect(html).toContain('<dt>Rule packs</dt><dd>default@1.0.0</dd>');
    expect(html).toContain('<dt>Model</dt><dd>none</dd>');
  });

  test('names the model version given by the explanations when the options do not', () => {
    expect(renderReport(buildBatch(5))).toContain('<dt>Model</dt><dd>test-forest 1</dd>');
  });

  test('falls back to the rule message when a result carries no explanation reasons', () => {
    const { explanation: _explanation, ...bare } = buildEntry('B', [rule('ISF-LATE')]);
    const [c] = readEmbedded(renderReport([{ ...bare, lane: 'red' }])).cases;
    expect(c?.reasons[1]?.[6]).toBe('ISF filed 9 h before lading; 24 h required');
    expect(c?.text).toBeNull();
  });

  test('shows the model version, rule packs and settings it is given, in key order', () => {
    const html = renderReport(buildBatch(5), {
      modelVersion: 'kcs-rf-2024.1',
      rulePacks: ['default@1.2.0'],
      settings: { seed: 42, input: 'batch.csv', explain: true },
    });
    expect(html).toContain(
      '<dt>Model</dt><dd>kcs-rf-2024.1</dd><dt>Rule packs</dt><dd>default@1.2.0</dd><dt>seed</dt><dd>42</dd><dt>input</dt><dd>batch.csv</dd><dt>explain</dt><dd>true</dd>',
    );
  });

  test('sorts the worklist by score, highest first, ties by id, and leaves the green lane out', () => {
    const batch = buildBatch(300, 11);
    const cases = readEmbedded(renderReport(batch)).cases;
    const expected = batch
      .filter((entry) => entry.lane !== 'green')
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
      .map((entry) => entry.id);
    expect(cases.map((c) => c.id)).toEqual(expected);
    expect(cases.some((c) => c.lane === 'green')).toBe(false);
    const withGreen = renderReport(batch, { includeGreen: true });
    expect(readEmbedded(withGreen).cases).toHaveLength(300);
    expect(cardValue(withGreen, 'flagged')).toBe(String(expected.length));
  });

  test('keeps the highest-scored records within maxCases and says how many were left out', () => {
    const batch = buildBatch(200, 2);
    const flagged = batch.filter((entry) => entry.lane !== 'green').length;
    const html = renderReport(batch, { maxCases: 10 });
    const cases = readEmbedded(html).cases;
    expect(cases).toHaveLength(10);
    expect(Math.min(...cases.map((c) => c.score))).toBeGreaterThanOrEqual(
      Math.max(...batch.filter((entry) => !cases.some((c) => c.id === entry.id) && entry.lane !== 'green').map((entry) => entry.score)),
    );
    expect(html).toContain(`${flagged - 10} lower-scored records were left out</strong> to stay within the limit of 10`);
  });

  test('prepares the case view: waterfall bars base first, hits, declaration facts and lines, ISF', () => {
    const entry = buildEntry('DEC-1', [rule('ISF-LATE'), rule('PTY-TRUSTED'), rule('GDS-VAGUE')], [3.5], {
      declaration: buildDeclaration('DEC-1', ['Cotton T-shirts', 'Hoodies']),
      isf: buildIsf('ISF-9'),
      notEvaluated: ['ISF-AMEND: no ISF amendments given'],
    });
    const [c] = readEmbedded(renderReport([entry])).cases;
    expect(c?.score).toBe(30.5);
    expect(c?.reasons).toEqual([
      ['base', 'base', 'Base score', 10, '10', 'base', ''],
      ['rule', 'ISF-LATE', 'ISF filed late', 20, '+20', 'rule ISF-LATE', 'ISF filed 9 h before lading; 24 h required'],
      ['rule', 'PTY-TRUSTED', 'Trusted trader', -15, '-15', 'rule PTY-TRUSTED', 'Importer is AEO certified'],
      ['rule', 'GDS-VAGUE', 'Vague goods description', 12, '+12', 'rule GDS-VAGUE', 'Description "parts" has fewer than 3 words'],
      // The feature label is not repeated in what was seen.
      ['model', 'importer_finding_rate', "importer's past finding rate", 3.5, '+3.5', 'model: importer_finding_rate', 'above the usual'],
    ]);
    expect(c?.merged).toEqual([]);
    expect(chartBars(c!).reduce((sum, bar) => sum + bar[1], 0)).toBe(c?.score);
    expect(c?.zero).toBe(0);
    expect(c?.top).toBe('ISF filed late');
    expect(c?.why).toBe('score reached the lane threshold');
    expect(c?.notRun).toEqual(['ISF-AMEND: no ISF amendments given']);
    expect(c?.facts).toContainEqual(['Importer', 'Nordlicht Textil AG (IMP-DE-004512), DE']);
    expect(c?.facts).toContainEqual(['Customs value', '76,800 USD over 2 lines']);
    expect(c?.facts).toContainEqual(['Export → loading → discharge', 'BD → BDCGP → DEHAM']);
    expect(c?.lines[1]).toEqual(['2', '610910', 'Hoodies', 'BD', '12,000 PCE', '2,160', '2,410', '38,400 USD', '12', '']);
    expect(c?.isf?.facts[0]).toEqual(['ISF', 'ISF-9 (ISF-10)']);
    expect(c?.isf?.amendments).toEqual(['2024-03-02T10:00:00Z: hts, origin']);
    expect(c?.text).toContain('DEC-1: score 30.5, lane blue');
  });

  test('draws the eight largest model reasons one by one and merges the rest into one bar that keeps the sum', () => {
    const model = [0.4, -6, 0, 2.5, 0.1, -0.3, 9, 1.2, 0, -2.2, 0.7, 3.3];
    const [c] = readEmbedded(renderReport([buildEntry('M', [rule('ISF-LATE')], model)])).cases;
    const bars = chartBars(c!);
    expect(bars.slice(2).map((bar) => bar[1])).toEqual([0.4, -6, 2.5, 9, 1.2, -2.2, 0.7, 3.3, 0.1 + -0.3]);
    expect(c?.merged).toEqual([5, 6]);
    expect(bars.at(-1)).toEqual(['2 smaller model reasons', 0.1 + -0.3]);
    expect(bars.reduce((sum, bar) => sum + Math.round(bar[1] * 10), 0)).toBe(Math.round((c?.score ?? Number.NaN) * 10));
    expect(c?.reasons).toHaveLength(1 + 1 + 10);
    expect(c?.zero).toBe(2);
  });

  test('names the forcing rule when a hard rule sets the lane', () => {
    const [c] = readEmbedded(renderReport([buildEntry('W', [rule('PTY-WATCH')])])).cases;
    expect(c?.lane).toBe('red');
    expect(c?.why).toBe('lane forced by rule PTY-WATCH: Watch-listed party');
  });

  test('escapes hostile text: no markup or script from the data reaches the page', () => {
    const html = renderReport([buildHostileEntry(), ...buildBatch(20)], { title: HOSTILE, settings: { note: HOSTILE } });
    expect(html).not.toContain('<script>window.__pwned');
    expect(html).not.toContain('onerror="');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<!--');
    const json = /id="report-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    expect(json).toContain('\\u2028\\u2029');
    expect(json).not.toMatch(/[\u2028\u2029<>]/);
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html.match(/<\/script/g)).toHaveLength(2);
    expect(html).toContain('<title>&lt;script&gt;window.__pwned = 1&lt;/script&gt;');
    const hostile = readEmbedded(html).cases.find((c) => c.id === 'DEC-HOSTILE');
    expect(hostile?.lines[0]?.[2]).toBe(HOSTILE);
    expect(hostile?.reasons[1]?.slice(2)).toEqual([`Vague ${HOSTILE}`, 60, '+60', 'rule GDS-HOSTILE', `Description ${HOSTILE}`]);
  });

  test('loads nothing from outside the file', () => {
    const html = renderReport(buildBatch(50));
    const urls = [...html.matchAll(/https?:\/\/[^\s'"<>]+/g)].map((match) => match[0]);
    expect([...new Set(urls)]).toEqual(['http://www.w3.org/2000/svg']);
    expect(html).not.toMatch(/\s(src|href)=/);
    expect(html).toContain("default-src 'none'");
  });

  test('rejects bad options and names the record and field of a bad result', () => {
    expect(() => renderReport([], { maxCases: 0 })).toThrow(new RangeError('renderReport: options.maxCases: expected a positive integer, received 0'));
    const bad = { ...buildEntry('DEC-9', []), score: Number.NaN };
    expect(() => renderReport([buildEntry('DEC-8', []), bad])).toThrow(
      new TypeError('renderReport: results[1] (id "DEC-9").score: expected a finite number, received NaN'),
    );
    const badLane = { ...buildEntry('DEC-7', []), lane: 'purple' } as unknown as ReturnType<typeof buildEntry>;
    expect(() => renderReport([badLane])).toThrow('results[0] (id "DEC-7").lane: expected one of red, yellow, blue, green, received "purple"');
  });

  test('renders an empty batch', () => {
    const html = renderReport([]);
    expect(cardValue(html, 'rows')).toBe('0');
    expect(readEmbedded(html).cases).toEqual([]);
    expect(html).toContain('No rule fired.');
  });
});
