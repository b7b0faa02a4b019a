import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { readWith, type ReadRecordsOptions } from '../../src/io/readRecords.js';
import type { ReadResult } from '../../src/io/ReadResult.js';
import { kcsLayout } from '../../src/io/kcsLayout.js';
import { compileLayout } from '../../src/io/_lib/compileLayout.js';
import { CsvSplitter } from '../../src/io/_lib/CsvSplitter.js';
import { compileFastDeclaration } from '../../src/io/_lib/fastDeclaration.js';
import { compileFastKcs } from '../../src/io/_lib/fastKcs.js';
import { country, currency, FAIL, isoDateMs, number } from '../../src/io/_lib/fastDeclaration.js';
import { country as countrySchema, currency as currencySchema, parseTimestamp } from '../../src/records/_lib/fields.js';
import { fixturePath } from '../_helpers/fixtures.js';

// The fast path must be invisible: for every input, results equal those of zod alone (same records with
// the same key order, same issue codes, paths and messages).

async function both(source: () => string | Readable, options: ReadRecordsOptions): Promise<[unknown[], unknown[]]> {
  const fast: unknown[] = [];
  const zod: unknown[] = [];
  for await (const result of readWith(source(), options, 'fast')) fast.push(result);
  for await (const result of readWith(source(), options, 'zod')) zod.push(result);
  return [fast, zod];
}

const EDGE_VALUES = [
  '', ' ', '\u00a0', 'x', '-1', '-0', '0', '1', '2', '3', '1.5', '+3', '.5', '5.', '1e5', '1E-2', '1e999', 'e5', '1e', '--1',
  ' 12 ', '1,5', 'NaN', 'Infinity', '0x10', 'ZZ', 'zz', ' cn ', '\u00a0CN\u00a0', 'QQ', 'CHN', '90121', '0901.21', '0901 21',
  '1234', '12345678901', '123456789', '2020-02-30', '2020-01-01', '2020-01-01T10:00:00+09:00', '2020-01-01 10:00', '2020-13-01',
  '20200101', 'yes', 'N', 'maybe', 'fob', 'XYZ', 'KRW', 'krw', 'a'.repeat(17), 'a'.repeat(33), 'a'.repeat(65), 'a'.repeat(300),
  'a'.repeat(1100), 'A B', '4000  C07', 'a b c d e f g h i',
];

function mutations(csv: string, rowIndex: number): { column: string; value: string; text: string }[] {
  const [header = '', ...rows] = csv.trimEnd().split('\n');
  const names = header.split(',');
  const row = (rows[rowIndex] ?? '').split(',');
  const out: { column: string; value: string; text: string }[] = [];
  names.forEach((column, index) => {
    for (const value of EDGE_VALUES) {
      const cells = [...row];
      cells[index] = value.includes(',') ? `"${value}"` : value;
      out.push({ column, value, text: `${header}\n${cells.join(',')}\n` });
    }
  });
  return out;
}

describe('the CSV fast path', () => {
  test('gives exactly the zod results on the 2,000-row KCS sample', async () => {
    const [fast, zod] = await both(() => fixturePath('kcs-sample.csv'), { layout: 'kcs' });
    expect(fast).toHaveLength(2000);
    expect(fast).toStrictEqual(zod);
    expect(JSON.stringify(fast)).toBe(JSON.stringify(zod));
  });

  test('gives exactly the zod results on the default-layout example with multi-line declarations', async () => {
    const [fast, zod] = await both(() => fixturePath('layouts/default-example.csv'), {});
    expect(fast.length).toBe(3);
    expect(fast).toStrictEqual(zod);
    expect(JSON.stringify(fast)).toBe(JSON.stringify(zod));
  });

  test('gives exactly the zod results when any KCS cell holds an edge value', async () => {
    const csv = readFileSync(fixturePath('kcs-sample.csv'), 'utf8').split('\n').slice(0, 3).join('\n');
    let rejected = 0;
    for (const { column, value, text } of mutations(csv, 0)) {
      const [fast, zod] = await both(() => Readable.from([text]), { layout: 'kcs' });
      expect({ column, value, fast }).toStrictEqual({ column, value, fast: zod });
      if ((fast[0] as { ok: boolean }).ok === false) rejected++;
    }
    // The sweep must exercise both sides: many edge values are invalid for some column.
    expect(rejected).toBeGreaterThan(400);
  });

  test('gives exactly the zod results when any default-layout cell holds an edge value', async () => {
    const csv = readFileSync(fixturePath('layouts/default-example.csv'), 'utf8');
    // Row 4 of the example (a single-line declaration) is the 6th line of the file; rebuild a 1-row file.
    const lines = csv.trimEnd().split('\n');
    const text = `${lines[0]}\n${lines[6]}\n`;
    for (const { column, value, text: mutated } of mutations(text, 0)) {
      const [fast, zod] = await both(() => Readable.from([mutated]), {});
      expect({ column, value, fast }).toStrictEqual({ column, value, fast: zod });
    }
  });
});

describe('the numeric cell scanner', () => {
  test('accepts exactly what the record model numeric pattern accepts', () => {
    const pattern = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
    const alphabet = ['0', '7', '.', 'e', 'E', '+', '-', ' ', 'x'];
    const samples: string[] = [''];
    for (const a of alphabet) for (const b of alphabet) for (const c of alphabet) for (const d of alphabet) samples.push(a + b + c + d, a + b, a);
    for (const sample of samples) {
      const trimmed = sample.trim();
      const expected = pattern.test(trimmed) && Number.isFinite(Number(trimmed)) ? Number(trimmed) : FAIL;
      expect({ sample, got: number(sample) }).toStrictEqual({ sample, got: expected });
    }
  });

  test('computes plain decimals exactly as Number() does', () => {
    // A deterministic spread of decimals up to 15 significant digits, the range of the exact shortcut.
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let i = 0; i < 20000; i++) {
      const digits = String(next()) + String(next()).slice(0, next() % 8);
      const point = next() % (digits.length + 1);
      const sample = `${next() % 3 === 0 ? '-' : ''}${digits.slice(0, point)}.${digits.slice(point)}`;
      expect({ sample, got: number(sample) }).toStrictEqual({ sample, got: Number(sample) });
    }
  });
});

describe('the KCS converter', () => {
  test('reads every row of the KCS sample in place, equal to the generic fast path', () => {
    const rows: { raw: string; fields: string[] }[] = [];
    const splitter = new CsvSplitter((row) => {
      if (row.fields !== undefined && row.plain === true) rows.push({ raw: row.raw, fields: row.fields });
    }, 1 << 20);
    splitter.push(readFileSync(fixturePath('kcs-sample.csv'), 'utf8'));
    splitter.end();
    const [header, ...data] = rows;
    const compiled = compileLayout(kcsLayout, header?.fields ?? []);
    const generic = compileFastDeclaration(kcsLayout, compiled);
    const kcs = compileFastKcs(kcsLayout, compiled);
    if (kcs === undefined || generic === undefined) throw new Error('expected both converters');
    expect(data).toHaveLength(2000);
    for (const row of data) {
      const record = kcs.convert(row.raw);
      expect(record).toBeDefined();
      expect(JSON.stringify(record)).toBe(JSON.stringify(generic([row.fields])));
      expect(kcs.label).toBe(Number(row.fields[20]) * 4 + Number(row.fields[21]));
    }
    // Rows without a seller and rows with a courier are among them (absent keys are left out, not undefined).
    expect(data.some((row) => row.fields[10] === '') && data.some((row) => row.fields[11] !== '')).toBe(true);
  });

  test('leaves a row of another width, or with a cell it does not read in place, to the general path', () => {
    const header = Object.values(kcsLayout.columns);
    const kcs = compileFastKcs(kcsLayout, compileLayout(kcsLayout, header));
    const row = '97061800,2020-01-01,30,B,11,21,11,10,ZZR1LT6,QLRUBN9,0VKY2BR,,440890,BE,BE,0.0,FEU1,G,108.0,372254.4,0,0';
    expect(kcs?.convert(row)?.id).toBe('97061800');
    expect(kcs?.convert(`${row},x`)).toBeUndefined();
    expect(kcs?.convert(row.replace('2020-01-01', '2020-01-01T00:00'))).toBeUndefined();
    expect(kcs?.convert(row.replace(',BE,BE,', ', BE,BE,'))).toBeUndefined();
  });

  test('reports repeated ids exactly as the zod path does: in one chunk, across chunks, between quoted and plain rows', async () => {
    const [header = '', ...rows] = readFileSync(fixturePath('kcs-sample.csv'), 'utf8').trimEnd().split('\n').slice(0, 40);
    const quoted = (row: string) => row.replace(/,([A-Z]{2}),/, ',"$1",');
    // Rows 1-39, then: a plain repeat of row 3, a quoted repeat of row 5, a plain repeat of that quoted
    // repeat's id, a quoted row with a new id, and its plain repeat.
    const extra = [rows[3] ?? '', quoted(rows[5] ?? ''), rows[5] ?? '', quoted(rows[7] ?? '').replace(/^\d+/, '12345678'), (rows[9] ?? '').replace(/^\d+/, '12345678')];
    const text = [header, ...rows, ...extra].join('\n');
    for (const size of [text.length, 997, 61]) {
      const pieces: string[] = [];
      for (let at = 0; at < text.length; at += size) pieces.push(text.slice(at, at + size));
      const [fast, zod] = await both(() => Readable.from(pieces), { layout: 'kcs' });
      expect(fast).toStrictEqual(zod);
      const codes = (fast as ReadResult<unknown>[]).map((result) => (result.ok ? 'ok' : result.issues[0].code));
      expect(codes.slice(39)).toEqual(['duplicate_id', 'duplicate_id', 'duplicate_id', 'ok', 'duplicate_id']);
    }
  });

  test('reads repeated, changing and invalid dates and short codes exactly as zod does (its caches never hand out a stale value)', async () => {
    const header = Object.values(kcsLayout.columns).join(',');
    const row = '97061800,2020-01-01,30,B,11,21,11,10,ZZR1LT6,QLRUBN9,0VKY2BR,,440890,BE,BE,0.0,FEU1,G,108.0,372254.4,0,0';
    const variants = [
      row,
      row.replace('2020-01-01', '2020-01-02').replace(',30,B,', ',31,C,'),
      row.replace('2020-01-01', '2020-02-30'),
      row.replace(',30,B,', ',3,BB,'),
      row.replace('2020-01-01', '2020-01-02'),
      row.replace('2020-01-01', '2020-01-0x'),
      row.replace('2020-01-01', '2020-01-02').replace(',G,', ',g,'),
      row.replace('2020-01-01', '1970-01-01'),
      row,
    ];
    const text = [header, ...variants.map((variant, index) => variant.replace(/^\d+/, String(10000000 + index)))].join('\n');
    const [fast, zod] = await both(() => Readable.from([text]), { layout: 'kcs' });
    expect(fast).toStrictEqual(zod);
    const dates = (fast as ReadResult<{ lodgedAt: Date; office: string }>[]).map((result) => (result.ok ? result.record.lodgedAt.toISOString().slice(0, 10) : result.issues[0].code));
    expect(dates).toEqual(['2020-01-01', '2020-01-02', 'invalid_timestamp', '2020-01-01', '2020-01-02', 'invalid_timestamp', '2020-01-02', '1970-01-01', '2020-01-01']);
    // Each record owns its Date: changing one changes no other.
    const [first, , , fourth] = fast as ReadResult<{ lodgedAt: Date }>[];
    if (first?.ok !== true || fourth?.ok !== true) throw new Error('expected valid rows');
    expect(first.record.lodgedAt).not.toBe(fourth.record.lodgedAt);
  });

  test('is used only for the built-in KCS layout', () => {
    const header = Object.values(kcsLayout.columns);
    const mapping = { ...kcsLayout, name: 'copy' };
    expect(compileFastKcs(mapping, compileLayout(mapping, header))).toBeUndefined();
  });
});

describe('the fast path\'s cell checks', () => {
  test('read a plain date exactly as parseTimestamp does, day by day across leap-year rules and the year range', () => {
    const years = [0, 1, 4, 99, 100, 400, 1582, 1899, 1900, 1969, 1970, 1999, 2000, 2020, 2023, 2024, 2100, 2400, 9998, 9999];
    let checked = 0;
    for (const year of years) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          const expected = parseTimestamp(text)?.getTime() ?? FAIL;
          expect({ text, ms: isoDateMs(text) }).toEqual({ text, ms: expected });
          checked++;
        }
      }
    }
    expect(checked).toBe(years.length * 14 * 33);
  });

  test('leave every other date shape to parseTimestamp', () => {
    for (const text of ['2020-1-01', ' 2020-01-01', '2020-01-01 ', '2020/01/01', '2020-01-0a', '20200101xx', '2020-01-01T00:00', '２０２０-01-01']) {
      expect(Number.isNaN(isoDateMs(text))).toBe(true);
    }
  });

  test('check countries and currencies by their letters exactly as the record model does', () => {
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const expectSame = (fast: unknown, schema: { safeParse(value: string): { success: boolean; data?: unknown } }, value: string) => {
      const result = schema.safeParse(value);
      expect({ value, fast }).toEqual({ value, fast: result.success ? result.data : FAIL });
    };
    const countries = countrySchema();
    const currencies = currencySchema();
    let accepted = 0;
    for (const a of letters) {
      for (const b of letters) {
        for (const code of [`${a}${b}`, `${a}${b}`.toLowerCase(), `${a}${b.toLowerCase()}`]) expectSame(country(code), countries, code);
        if (country(`${a}${b}`) !== FAIL) accepted++;
        for (const c of letters) {
          const code = `${a}${b}${c}`;
          expectSame(currency(code), currencies, code);
          if (c === 'D') expectSame(currency(code.toLowerCase()), currencies, code.toLowerCase());
        }
      }
    }
    expect(accepted).toBe(251);
    for (const odd of ['', 'C', 'C1', ' CN', 'CN ', 'CHN', 'ıt', 'US1', 'U$D', ' usd ']) {
      expectSame(country(odd), countries, odd);
      expectSame(currency(odd), currencies, odd);
    }
  });
});
