import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { InputError, loadLayout, parseLayout, readRecords, type ReadResult } from '../../src/index.js';
import { fixturePath, loadFixture } from '../_helpers/fixtures.js';

async function collect<R>(iterable: AsyncIterable<ReadResult<R>>): Promise<ReadResult<R>[]> {
  const out: ReadResult<R>[] = [];
  for await (const result of iterable) out.push(result);
  return out;
}

const codes = (results: readonly ReadResult<unknown>[]) => results.map((result) => (result.ok ? 'ok' : result.issues.map((issue) => issue.code).join('+')));

describe('readRecords with the default layout', () => {
  test('joins consecutive rows sharing an id into one multi-line declaration', async () => {
    const results = await collect(readRecords(fixturePath('layouts/default-example.csv')));
    expect(results.map((result) => [result.row, result.line, result.rows])).toEqual([
      [1, 2, 3],
      [4, 6, 1],
      [5, 7, 1],
    ]);
    const [first] = results;
    if (!first?.ok) throw new Error('expected the first declaration to be valid');
    expect(first.record.lines.map((line) => [line.lineNumber, line.hsCode, line.originCountry])).toEqual([
      [1, '610910', 'BD'],
      [2, '610990', 'BD'],
      [3, '620342', 'PK'],
    ]);
    expect(first.record.lines[2]?.description).toBe("Men's trousers of cotton denim\nwashed, assorted");
    expect(first.record.lines[2]?.attributes).toEqual({ licence: 'AD-2024-17' });
    expect(first.record.attributes).toEqual({ channel: 'EDI' });
    expect(first.record.lodgedAt.toISOString()).toBe('2024-03-14T08:30:00.000Z');
  });

  test('reads a date-time without a zone as UTC', async () => {
    const results = await collect(readRecords(fixturePath('layouts/default-example.csv')));
    const second = results[1];
    if (!second?.ok) throw new Error('expected a valid declaration');
    expect(second.record.lodgedAt.toISOString()).toBe('2024-03-14T10:05:00.000Z');
    expect(second.record.procedureCodes).toEqual(['4000', 'C07']);
    expect(second.record.currency).toBe('EUR');
  });

  test('rejects a header with a column the layout does not know, naming it', async () => {
    const csv = 'id,lodgedAt,office,importer.id,currency,line.hsCode,line.originCountry,line.customsValue,colour\n';
    const error = await collect(readRecords(Readable.from([csv]))).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).issues.map((issue) => [issue.code, issue.message])).toEqual([
      ['unknown_column', 'header: column "colour" is not part of layout default (name it attributes.<key> to keep it)'],
    ]);
  });

  test('rejects a header without a required column', async () => {
    const csv = 'id,lodgedAt,office,currency,line.hsCode,line.originCountry,line.customsValue\n';
    const error = await collect(readRecords(Readable.from([csv]))).catch((caught: unknown) => caught);
    expect((error as InputError).issues.map((issue) => issue.message)).toEqual([
      'header: expected a column "importer.id" (for importer.id, layout default)',
    ]);
  });

  test('gives nothing for an empty file', async () => {
    expect(await collect(readRecords(Readable.from([''])))).toEqual([]);
  });
});

describe('readRecords with a custom layout', () => {
  test('reads a broker export through a mapping file, with constants and ignored extra columns', async () => {
    const layout = await loadLayout(fixturePath('layouts/broker-mapping.json'));
    const results = await collect(readRecords(fixturePath('layouts/broker-export.csv'), { layout }));
    expect(codes(results)).toEqual(['ok', 'ok']);
    const [first, second] = results;
    if (!first?.ok || !second?.ok) throw new Error('expected valid declarations');
    expect(first.rows).toBe(2);
    expect(first.record).toMatchObject({
      id: '24DE000123',
      currency: 'EUR',
      transportMode: '10',
      incoterm: 'DAP',
      importer: { id: 'DE123456789012345', name: 'Rheinmetall Werkzeuge GmbH' },
      seller: { id: 'SUP-TR-88', country: 'TR' },
    });
    expect(first.record.lines.map((line) => [line.hsCode, line.attributes])).toEqual([
      ['84672110', { cpc: '4000000' }],
      ['84672951', { cpc: '4000000' }],
    ]);
    expect(second.record.seller).toBeUndefined();
    expect(second.record.lines[0]?.description).toBe('Toys, plastic, assorted');
  });

  test('accepts the mapping as an object', async () => {
    const csv = 'Ref,When,Where,Who,HS,From,Value\nA1,2024-01-02,X1,IMP,090121,BR,10\n';
    const layout = { name: 'tiny', columns: { id: 'Ref', lodgedAt: 'When', office: 'Where', 'importer.id': 'Who', 'line.hsCode': 'HS', 'line.originCountry': 'From', 'line.customsValue': 'Value' }, constants: { currency: 'USD' } };
    const [result] = await collect(readRecords(Readable.from([csv]), { layout }));
    expect(result?.ok && result.record.lines[0]).toEqual({ lineNumber: 1, hsCode: '090121', originCountry: 'BR', customsValue: 10 });
  });

  test('rejects a mapping with an unknown target path, naming it', () => {
    expect(() => parseLayout({ name: 'bad', columns: { 'line.colour': 'Colour' } })).toThrow(InputError);
    try {
      parseLayout({ name: 'bad', columns: { 'line.colour': 'Colour' } });
    } catch (error) {
      expect((error as InputError).issues[0]).toMatchObject({ path: ['columns', 'line.colour'] });
      expect((error as InputError).issues[0]?.message).toContain('expected a target path listed in docs/io.md');
    }
  });

  test('reports a mapping file that is not JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'layout-'));
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{ "name": ');
    await expect(loadLayout(path)).rejects.toMatchObject({ issues: [{ code: 'invalid_json' }] });
  });
});

describe('readRecords with JSONL', () => {
  test('reads declarations one per line, the format taken from the extension', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jsonl-'));
    const path = join(dir, 'declarations.jsonl');
    const clean = loadFixture('declarations/clean.json');
    writeFileSync(path, `${JSON.stringify(clean)}\n\n${JSON.stringify({ ...clean, id: 'DEC-2' })}\r\n`);
    const results = await collect(readRecords(path));
    expect(results.map((result) => [result.ok, result.row, result.line])).toEqual([
      [true, 1, 1],
      [true, 2, 3],
    ]);
    expect(results[0]?.ok && results[0].record.lines[0]?.hsCode).toBe('610910');
  });

  test('reads ISF filings with kind isf', async () => {
    const filing = {
      type: 'ISF-5',
      id: 'ISF1',
      filedAt: '2024-03-01T10:00:00Z',
      billsOfLading: [{ house: 'HBL1' }],
      bookingParty: { name: 'Booker', address: '1 Quay', country: 'SG' },
      foreignPortOfUnlading: 'SGSIN',
      placeOfDelivery: 'Rotterdam',
      shipTo: { name: 'Ship To', address: '2 Dock', country: 'NL' },
      lines: [{ lineNumber: 1, htsCode: '610910' }],
    };
    const results = await collect(readRecords(Readable.from([`${JSON.stringify(filing)}\n`]), { format: 'jsonl', kind: 'isf' }));
    expect(results).toHaveLength(1);
    expect(results[0]?.ok && results[0].record.type).toBe('ISF-5');
  });

  test('refuses the KCS layout for ISF filings with a clear error', () => {
    expect(() => readRecords('filings.csv', { kind: 'isf', layout: 'kcs' })).toThrow(
      "readRecords: layout 'kcs' holds declarations; ISF filings use layout 'default' or an ISF mapping",
    );
  });

  test('refuses bad options naming the option', () => {
    expect(() => readRecords('x.csv', { maxRowLength: 0 })).toThrow(RangeError);
    expect(() => readRecords('x.csv', { format: 'xml' as 'csv' })).toThrow("option format must be 'csv' or 'jsonl'");
  });
});
