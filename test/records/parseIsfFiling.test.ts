import { describe, expect, test } from 'vitest';
import { InputError, parseIsfFiling, safeParseIsfFiling } from '../../src/index.js';

const party = (name: string, country: string) => ({ name, address: `1 Harbour Road, ${name} City`, country });

const isf10 = {
  type: 'ISF-10',
  id: 'ISF-0001',
  filedAt: '2024-03-01T08:00:00Z',
  estimatedLadingAt: '2024-03-03T08:00:00Z',
  estimatedArrivalAt: '2024-03-20T14:00:00-07:00',
  billsOfLading: [{ master: 'MAEU240311877', house: 'HBL-1' }],
  flexibleFiling: 'FR',
  seller: party('Shenzhen Bright Co', 'CN'),
  buyer: party('Pacific Imports LLC', 'US'),
  shipTo: party('Pacific Imports Warehouse', 'US'),
  importerOfRecordNumber: '12-3456789AB',
  consigneeNumbers: ['12-3456789AB'],
  lines: [{ lineNumber: 1, manufacturer: party('Bright Factory', 'CN'), originCountry: 'cn', htsCode: '8517.62.0090' }],
  amendments: [{ at: '2024-03-02T10:00:00Z', elements: ['stuffing_location', 'consolidator'] }],
};

describe('parseIsfFiling', () => {
  test('accepts an ISF-10 and normalises codes and times', () => {
    const filing = parseIsfFiling(isf10);
    expect(filing.type).toBe('ISF-10');
    if (filing.type !== 'ISF-10') return;
    expect(filing.lines[0]).toMatchObject({ originCountry: 'CN', htsCode: '8517620090' });
    expect(filing.estimatedArrivalAt?.toISOString()).toBe('2024-03-20T21:00:00.000Z');
    expect(filing.cargoType).toBe('containerized');
    expect(filing.amendments).toHaveLength(1);
  });

  test('accepts an ISF-5 with its own element set', () => {
    const filing = parseIsfFiling({
      type: 'ISF-5',
      id: 'ISF5-77',
      filedAt: '2024-05-01T00:00:00Z',
      billsOfLading: [{ house: 'HBL-9' }],
      bookingParty: party('Global Booking SA', 'PA'),
      foreignPortOfUnlading: 'MXZLO',
      placeOfDelivery: 'Manzanillo',
      shipTo: party('Manzanillo Receivers', 'MX'),
      lines: [{ lineNumber: 1, htsCode: '940360' }],
    });
    expect(filing).toMatchObject({ type: 'ISF-5', foreignPortOfUnlading: 'MXZLO', amendments: [] });
  });

  test('requires the ten importer elements of an ISF-10', () => {
    const { seller: _seller, importerOfRecordNumber: _ior, ...partial } = isf10;
    const result = safeParseIsfFiling(partial);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues.map((issue) => issue.message)).toEqual(['seller: is required', 'importerOfRecordNumber: is required']);
  });

  test('rejects an unknown filing type, an HTS code shorter than 6 digits and an unknown amendment element', () => {
    expect(safeParseIsfFiling({ ...isf10, type: 'ISF-12' })).toMatchObject({
      success: false,
      issues: [{ path: ['type'], message: expect.stringContaining('expected type "ISF-10" or "ISF-5"') }],
    });
    const result = safeParseIsfFiling({
      ...isf10,
      lines: [{ ...isf10.lines[0], htsCode: '8517' }],
      amendments: [{ at: '2024-03-02T10:00:00Z', elements: ['colour'] }],
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues.map((issue) => [issue.code, issue.path.join('.')])).toEqual([
      ['invalid_value', 'amendments.0.elements.0'],
      ['invalid_hs_code', 'lines.0.htsCode'],
    ]);
  });

  test('names the filing type it received, a missing type, and a bad flexible-filing status in plain words', () => {
    const issues = (input: unknown) => {
      const result = safeParseIsfFiling(input);
      return result.success ? [] : result.issues.map((issue) => [issue.code, issue.message, issue.received]);
    };
    expect(issues({ ...isf10, type: 'ISF-12' })).toEqual([['invalid_union', 'type: expected type "ISF-10" or "ISF-5", received "ISF-12"', 'ISF-12']]);
    const { type: _type, ...untyped } = isf10;
    expect(issues(untyped)).toEqual([['required', 'type: is required', undefined]]);
    expect(issues({ ...isf10, type: { kind: 'ISF-10' } })).toEqual([['invalid_union', 'type: expected type "ISF-10" or "ISF-5", received an object', { kind: 'ISF-10' }]]);
    expect(issues({ ...isf10, flexibleFiling: 'ZZ' })).toEqual([['invalid_value', 'flexibleFiling: expected a flexible-filing status CT, FR, FT or FX, received "ZZ"', 'ZZ']]);
  });

  test('requires a master or house number on every bill of lading', () => {
    const result = safeParseIsfFiling({ ...isf10, billsOfLading: [{}] });
    expect(result).toMatchObject({ success: false, issues: [{ code: 'missing_bill_of_lading', path: ['billsOfLading', 0] }] });
  });

  test('throws an InputError naming the filing', () => {
    expect(() => parseIsfFiling({ ...isf10, filedAt: 'yesterday' })).toThrowError(
      new InputError([{ code: 'invalid_timestamp', path: ['filedAt'], message: 'x' }], { recordId: 'ISF-0001' }).message.replace('x', 'filedAt: expected an ISO 8601 date or date-time that exists on the calendar, received "yesterday"'),
    );
  });
});
