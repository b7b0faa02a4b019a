import { describe, expect, test } from 'vitest';
import { InputError, parseDeclaration, safeParseDeclaration } from '../../src/index.js';
import { loadFixture } from '../_helpers/fixtures.js';

const clean = loadFixture('declarations/clean.json');

describe('parseDeclaration', () => {
  test('accepts a clean declaration and normalises it', () => {
    const declaration = parseDeclaration(clean);
    expect(declaration.id).toBe('DEC-2024-000101');
    expect(declaration.lodgedAt.toISOString()).toBe('2024-03-14T08:30:00.000Z');
    expect(declaration.lines[0]?.hsCode).toBe('610910');
    expect(declaration.currency).toBe('USD');
  });

  test('restores a lost leading zero of an HS code', () => {
    const declaration = parseDeclaration({ ...clean, lines: [{ lineNumber: 1, hsCode: 90121, originCountry: 'ET', customsValue: 10 }] });
    expect(declaration.lines[0]?.hsCode).toBe('090121');
  });

  test('reads a timestamp without a zone as UTC', () => {
    expect(parseDeclaration({ ...clean, lodgedAt: '2024-03-14 09:30' }).lodgedAt.toISOString()).toBe('2024-03-14T09:30:00.000Z');
    expect(parseDeclaration({ ...clean, lodgedAt: '2024-03-14' }).lodgedAt.toISOString()).toBe('2024-03-14T00:00:00.000Z');
    expect(parseDeclaration({ ...clean, lodgedAt: '2024-03-14T09:30:00+09:00' }).lodgedAt.toISOString()).toBe('2024-03-14T00:30:00.000Z');
  });

  test('accepts zero mass and value, the unknown country ZZ, and net mass above gross', () => {
    const declaration = parseDeclaration({
      ...clean,
      lines: [{ lineNumber: 1, hsCode: '610910', originCountry: 'ZZ', customsValue: 0, netMassKg: 12, grossMassKg: 10 }],
    });
    expect(declaration.lines[0]).toMatchObject({ originCountry: 'ZZ', customsValue: 0, netMassKg: 12, grossMassKg: 10 });
  });

  test('reports every issue of a record, with code, path, message and received value', () => {
    const result = safeParseDeclaration({
      ...clean,
      id: '',
      lodgedAt: '2024-02-30',
      currency: 'XXY',
      colour: 'red',
      lines: [
        { lineNumber: 1, hsCode: '12AB', originCountry: 'QQ', customsValue: -1, netMassKg: 'abc' },
        { lineNumber: 1, hsCode: '610910', originCountry: 'CN', customsValue: 5, grossMassKg: Number.POSITIVE_INFINITY },
      ],
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues.map((issue) => [issue.code, issue.path.join('.')])).toEqual([
      ['empty_string', 'id'],
      ['invalid_timestamp', 'lodgedAt'],
      ['unknown_currency', 'currency'],
      ['invalid_hs_code', 'lines.0.hsCode'],
      ['unknown_country', 'lines.0.originCountry'],
      ['invalid_type', 'lines.0.netMassKg'],
      ['negative_number', 'lines.0.customsValue'],
      ['not_finite', 'lines.1.grossMassKg'],
      ['unknown_field', 'colour'],
      ['duplicate_line_number', 'lines.1.lineNumber'],
    ]);
    expect(result.issues[1]).toEqual({
      code: 'invalid_timestamp',
      path: ['lodgedAt'],
      message: 'lodgedAt: expected an ISO 8601 date or date-time that exists on the calendar, received "2024-02-30"',
      received: '2024-02-30',
    });
  });

  test('names missing required fields', () => {
    const result = safeParseDeclaration({ id: 'X1' });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues.filter((issue) => issue.code === 'required').map((issue) => issue.message)).toEqual([
      'lodgedAt: is required',
      'office: is required',
      'importer: is required',
      'currency: is required',
      'lines: is required',
    ]);
  });

  test('throws an InputError naming the record', () => {
    expect(() => parseDeclaration({ ...clean, currency: 'US' })).toThrowError(InputError);
    expect(() => parseDeclaration({ ...clean, currency: 'US' })).toThrowError(
      /Invalid record DEC-2024-000101: 1 issue\n {2}- currency: expected an ISO 4217 currency code, received "US"/,
    );
  });

  test('rejects input that is not an object', () => {
    const result = safeParseDeclaration('DEC-1');
    expect(result).toEqual({
      success: false,
      issues: [{ code: 'invalid_type', path: [], message: '(record): expected an object', received: 'DEC-1' }],
    });
  });
});
