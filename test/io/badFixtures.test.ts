import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { readRecords, type ReadRecordsOptions } from '../../src/index.js';
import { fixturePath } from '../_helpers/fixtures.js';

interface Expectation {
  readonly file: string;
  readonly describes: string;
  readonly layout?: 'kcs' | 'default';
  readonly format?: 'jsonl';
  readonly kind?: 'declaration' | 'isf';
  readonly options?: { readonly maxRowLength?: number };
  /** Per result, in order: 'ok' or the first issue code. */
  readonly results: readonly string[];
}

const manifest = JSON.parse(readFileSync(fixturePath('bad/expected.json'), 'utf8')) as Expectation[];

async function read(source: string | Readable, options: ReadRecordsOptions) {
  const out = [];
  for await (const result of readRecords(source, options)) out.push(result);
  return out;
}

function optionsOf(entry: Expectation): ReadRecordsOptions {
  return {
    ...(entry.layout === undefined ? {} : { layout: entry.layout }),
    ...(entry.format === undefined ? {} : { format: entry.format }),
    ...(entry.kind === undefined ? {} : { kind: entry.kind }),
    ...entry.options,
  };
}

describe('fixtures/bad', () => {
  test('holds at least 15 kinds of broken rows', () => {
    const codes = new Set(manifest.flatMap((entry) => entry.results.filter((code) => code !== 'ok')));
    expect(codes.size).toBeGreaterThanOrEqual(15);
  });

  test.each(manifest.map((entry) => [entry.file, entry] as const))('%s yields the expected result for every row', async (_, entry) => {
    const results = await read(fixturePath(`bad/${entry.file}`), optionsOf(entry));
    expect(results.map((result) => (result.ok ? 'ok' : result.issues[0].code))).toEqual(entry.results);
    // Rows come out once each, numbered 1, 2, 3, … in input order.
    let next = 1;
    for (const result of results) {
      expect(result.row).toBe(next);
      next += result.rows;
    }
    for (const result of results) {
      if (result.ok) continue;
      expect(result.issues[0].message).toMatch(/\S/);
      expect(result.raw.length).toBeGreaterThan(0);
    }
  });
});

describe('readRecords on broken input', () => {
  test('a stream mixing every broken KCS row yields every row exactly once, in order', async () => {
    const entries = manifest.filter((entry) => entry.layout === 'kcs' && entry.options === undefined);
    const header = readFileSync(fixturePath('bad/too-few-columns.csv'), 'utf8').split('\n')[0] ?? '';
    const chunks: Buffer[] = [Buffer.from(`${header}\n`)];
    const expected: string[] = [];
    let serial = 0;
    for (const entry of entries) {
      const bytes = readFileSync(fixturePath(`bad/${entry.file}`));
      // Drop each file's header (and BOM) and give every row a fresh id so that ids stay unique across files.
      const body = bytes.subarray(bytes.indexOf(0x0a) + 1).toString('latin1');
      const renamed = body.replace(/^9000000(\d)/gm, () => `8${String(++serial).padStart(7, '0')}`);
      chunks.push(Buffer.from(renamed.endsWith('\n') ? renamed : `${renamed}\n`, 'latin1'));
      expected.push(...entry.results);
    }
    const results = await read(Readable.from(chunks), { layout: 'kcs' });
    const codes = results.map((result) => (result.ok ? 'ok' : result.issues[0].code));
    // Duplicate ids are renamed away above, so that file's second row is fine here.
    const withoutDuplicate = expected.map((code) => (code === 'duplicate_id' ? 'ok' : code));
    expect(codes).toEqual(withoutDuplicate);
    expect(results.map((result) => result.row)).toEqual(results.map((_, index) => index + 1));
  });

  test('a 10 MB field is rejected with field_too_large without holding it, and the next row is read', async () => {
    const header = readFileSync(fixturePath('kcs-sample.csv'), 'utf8').split('\n').slice(0, 3);
    const big = 'X'.repeat(1 << 20);
    async function* source() {
      yield `${header[0]}\n${header[1]}\n80000001,2020-01-01,30,B,11,21,11,10,D,I,S,,440890,BE,BE,0.0,"`;
      for (let i = 0; i < 10; i++) yield big;
      yield `",G,108.0,1.0,0,0\n${header[2]}\n`;
    }
    const results = await read(Readable.from(source()), { layout: 'kcs' });
    expect(results.map((result) => (result.ok ? 'ok' : result.issues[0].code))).toEqual(['ok', 'field_too_large', 'ok']);
    const rejected = results[1];
    expect(rejected?.ok).toBe(false);
    if (rejected?.ok !== false) return;
    expect(rejected.raw.length).toBeLessThanOrEqual(201);
    expect(rejected.line).toBe(3);
    expect(results[2]?.line).toBe(4);
  });

  test('one chunk boundary anywhere gives the same results as reading the file whole', async () => {
    const bytes = readFileSync(fixturePath('bad/quoted-newline-description.csv'));
    const whole = await read(Readable.from([bytes]), {});
    for (let cut = 1; cut < bytes.length; cut++) {
      const split = await read(Readable.from([bytes.subarray(0, cut), bytes.subarray(cut)]), {});
      expect(split).toStrictEqual(whole);
    }
  });

  test('a quote never closed in a file larger than maxRowLength loses only its own line', async () => {
    const [header = '', first = ''] = readFileSync(fixturePath('kcs-sample.csv'), 'utf8').split('\n');
    const rows = Array.from({ length: 100 }, (_, index) => first.replace(/^\d+/, String(70000000 + index)));
    const broken = rows[1]?.replace(',BE,BE,', ',"BE,BE,') ?? '';
    const csv = [header, rows[0], broken, ...rows.slice(2)].join('\n') + '\n';
    const results = await read(Readable.from([csv.slice(0, 5000), csv.slice(5000)]), { layout: 'kcs', maxRowLength: 2048 });
    expect(results.map((result) => (result.ok ? 'ok' : result.issues[0].code))).toEqual(['ok', 'field_too_large', ...rows.slice(2).map(() => 'ok')]);
    expect(results.map((result) => result.line)).toEqual(rows.map((_, index) => index + 2));
  });
});
