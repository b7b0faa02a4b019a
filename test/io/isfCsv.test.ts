import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { InputError, isfDefaultLayout, parseIsfFiling, parseLayout, readRecords, type CsvLayout, type IsfFiling, type ReadResult } from '../../src/index.js';
import { fixturePath, loadFixture } from '../_helpers/fixtures.js';

async function collect(source: string | Readable, layout?: CsvLayout): Promise<ReadResult<IsfFiling>[]> {
  const out: ReadResult<IsfFiling>[] = [];
  for await (const result of readRecords(source, { kind: 'isf', ...(layout === undefined ? {} : { layout }) })) out.push(result);
  return out;
}

function records(results: readonly ReadResult<IsfFiling>[]): IsfFiling[] {
  return results.map((result) => {
    if (!result.ok) throw new Error(`row ${result.row} rejected: ${result.issues.map((issue) => issue.message).join('; ')}`);
    return result.record;
  });
}

describe('readRecords of ISF filings from CSV (default layout)', () => {
  test('reads each ISF-10 filing exactly as the JSON filing it was written from', async () => {
    const results = await collect(fixturePath('isf/isf10-multi-line.csv'));
    expect(results.map((result) => [result.row, result.line, result.rows])).toEqual([
      [1, 2, 1],
      [2, 3, 1],
      [3, 4, 3],
    ]);
    const [clean, amended] = records(results);
    expect(clean).toStrictEqual(parseIsfFiling(loadFixture('isf/clean-isf10.json')));
    expect(amended).toStrictEqual(parseIsfFiling(loadFixture('isf/amended.json')));
  });

  test('makes consecutive rows sharing an id one multi-line filing, with the list cells decoded', async () => {
    const filing = records(await collect(fixturePath('isf/isf10-multi-line.csv')))[2];
    if (filing?.type !== 'ISF-10') throw new Error('expected an ISF-10');
    expect(filing.id).toBe('ISF-2024-000310');
    // A zone is honoured; a date without one is UTC midnight.
    expect(filing.filedAt.toISOString()).toBe('2024-04-02T16:15:00.000Z');
    expect(filing.estimatedLadingAt?.toISOString()).toBe('2024-04-05T00:00:00.000Z');
    expect(filing.billsOfLading).toEqual([
      { master: 'ONEYSHAA24040211', house: 'HBL-NGB-30071' },
      { master: 'ONEYSHAA24040211', house: 'HBL-NGB-30072' },
    ]);
    expect(filing.consigneeNumbers).toEqual(['27-9876543', '31-1122334']);
    expect(filing.amendments).toEqual([{ at: new Date('2024-04-03T10:00:00Z'), elements: ['manufacturer', 'origin'] }]);
    expect(filing.lines.map((line) => [line.lineNumber, line.manufacturer.country, line.originCountry, line.htsCode])).toEqual([
      [1, 'CN', 'CN', '9403608081'],
      [2, 'VN', 'VN', '9401616011'],
      [3, 'CN', 'CN', '940521'],
    ]);
    expect(filing.lines[1]?.manufacturer.name).toBe('Binh Duong "Saigon Oak" Furniture JSC');
  });

  test('reads ISF-5 filings with their own element set', async () => {
    const [first, second] = records(await collect(fixturePath('isf/isf5.csv')));
    expect(first).toStrictEqual(parseIsfFiling(loadFixture('isf/isf5.json')));
    if (second?.type !== 'ISF-5') throw new Error('expected an ISF-5');
    expect(second.foreignPortOfUnlading).toBe('CAVAN');
    expect(second.billsOfLading).toEqual([{ master: 'MSCUKR2406101' }]);
    expect(second.lines).toEqual([
      { lineNumber: 1, htsCode: '847130' },
      { lineNumber: 2, htsCode: '84733011' },
    ]);
  });

  test('rejects every broken filing with its rows and reasons, and keeps reading', async () => {
    const results = await collect(fixturePath('isf/broken.csv'));
    const summary = results.map((result) => [result.row, result.rows, result.ok ? 'ok' : result.issues[0].code]);
    expect(summary).toEqual([
      [1, 1, 'ok'],
      [2, 1, 'invalid_union'],
      [3, 2, 'unknown_country'],
      [5, 1, 'invalid_hs_code'],
      [6, 1, 'invalid_value'],
      [7, 2, 'inconsistent_group'],
      [9, 1, 'wrong_column_count'],
      [10, 1, 'duplicate_id'],
      [11, 1, 'invalid_timestamp'],
      [12, 1, 'required'],
      [13, 1, 'unknown_field'],
      [14, 1, 'invalid_value'],
      [15, 1, 'invalid_value'],
      [16, 1, 'invalid_value'],
      [17, 2, 'ok'],
    ]);
    // rows in = rows of ok results + rows of rejected results (the file has 18 data rows).
    expect(results.reduce((sum, result) => sum + result.rows, 0)).toBe(18);
    const messages = results.map((result) => (result.ok ? '' : result.issues.map((issue) => issue.message).join(' | ')));
    expect(messages[2]).toBe(
      'lines[1].manufacturer.country: expected an ISO 3166-1 alpha-2 country code, received "XX" (column "line.manufacturer.country", row 4)',
    );
    expect(messages[4]).toBe(
      'amendments[0]: expected WHEN=ELEMENT ELEMENT… (e.g. 2024-02-27T09:00:00Z=consignee hts), received "2024-02-27T09:00:00Z consignee" (column "amendments", row 6)',
    );
    expect(messages[5]).toBe(`row 8: column "seller.name" is "Dhaka Garments Limited" but the filing's first row (row 7) says "Dhaka Garments Ltd"`);
    expect(messages[7]).toBe(`id: filing "BRK-01" appears again; a filing's rows must be consecutive and its id unique`);
    expect(messages[9]).toBe('seller: is required (row 12)');
    expect(messages[10]).toBe('lines[0].manufacturer: is not a known field (column "line.manufacturer.name", row 13)');
    expect(messages[11]).toBe(
      'billsOfLading[1]: expected MASTER/HOUSE, MASTER or /HOUSE (one "/" at most), received "MAEU240300112/HBL-1/HBL-2" (column "billsOfLading", row 14)',
    );
    expect(messages[13]).toContain('amendments[0].elements[1]: expected one of manufacturer');
    expect(messages[13]).toContain('(column "amendments", row 16)');
  });

  test('reports a bad list entry together with the other problems of the filing', async () => {
    const header = 'id,type,filedAt,billsOfLading,amendments,line.htsCode';
    const csv = `${header}\nF1,ISF-5,2024-01-01,A/B/C; M2/H2,2024-13-01=hts; soon,9403.60\n`;
    const [result] = await collect(Readable.from([csv]));
    if (result === undefined || result.ok) throw new Error('expected a rejection');
    const codes = result.issues.map((issue) => `${issue.code} ${issue.path.join('.')}`);
    expect(codes).toEqual([
      'invalid_timestamp amendments.0.at',
      'required bookingParty',
      'required foreignPortOfUnlading',
      'required placeOfDelivery',
      'required shipTo',
      'invalid_value amendments.1',
      'invalid_value billsOfLading.0',
    ]);
  });

  test('throws an InputError naming a missing required column and an unknown one', async () => {
    const csv = 'id,type,line.htsCode,line.colour\nF1,ISF-5,940360,red\n';
    const error = await collect(Readable.from([csv])).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).issues.map((issue) => issue.code)).toEqual(['missing_column', 'unknown_column']);
    expect((error as InputError).issues[0]?.message).toBe('header: expected a column "filedAt" (for filedAt, layout isf-default)');
  });

  test('lists the ISF targets as the header of the default layout', () => {
    expect(isfDefaultLayout.kind).toBe('isf');
    expect(Object.keys(isfDefaultLayout.columns)).toContain('line.manufacturer.country');
    expect(Object.keys(isfDefaultLayout.columns)).not.toContain('line.customsValue');
  });
});

describe('readRecords of ISF filings with a custom mapping', () => {
  const mapping: CsvLayout = {
    name: 'broker-isf',
    kind: 'isf',
    constants: { type: 'ISF-10' },
    columns: {
      id: 'ISF Ref',
      filedAt: 'Filed (UTC)',
      'billOfLading.master': 'MBL',
      'billOfLading.house': 'HBL',
      'seller.name': 'Seller',
      'seller.address': 'Seller Address',
      'seller.country': 'Seller Ctry',
      'buyer.name': 'Buyer',
      'buyer.address': 'Buyer Address',
      'buyer.country': 'Buyer Ctry',
      'shipTo.name': 'Ship To',
      'shipTo.address': 'Ship To Address',
      'shipTo.country': 'Ship To Ctry',
      importerOfRecordNumber: 'IOR No',
      consigneeNumbers: 'Consignee No',
      'line.manufacturer.name': 'Mfr',
      'line.manufacturer.address': 'Mfr Address',
      'line.manufacturer.country': 'Mfr Ctry',
      'line.originCountry': 'COO',
      'line.htsCode': 'HTS',
    },
  };

  test('maps a broker export with constants, numbering lines per filing and ignoring unmapped columns', async () => {
    const [first, second] = records(await collect(fixturePath('isf/broker-isf-export.csv'), mapping));
    if (first?.type !== 'ISF-10' || second?.type !== 'ISF-10') throw new Error('expected ISF-10 filings');
    expect(first.filedAt.toISOString()).toBe('2024-07-01T08:30:00.000Z');
    expect(first.billsOfLading).toEqual([{ master: 'COSU6301234567' }]);
    expect(first.lines.map((line) => [line.lineNumber, line.htsCode])).toEqual([
      [1, '6203424011'],
      [2, '6204624011'],
    ]);
    expect(second.billsOfLading).toEqual([{ master: 'COSU6301239999', house: 'HBL-HPH-0042' }]);
    expect(second.lines[0]?.manufacturer).toEqual({ name: 'Guangzhou Stride Shoes Ltd', address: '19 Huangpu Ave, Guangzhou', country: 'CN' });
  });

  test('takes the kind of a mapping object without one from the records read', async () => {
    const { kind: _kind, ...withoutKind } = mapping;
    expect(records(await collect(fixturePath('isf/broker-isf-export.csv'), withoutKind))).toHaveLength(2);
  });

  test('refuses a mapping written for declarations, and declaration targets in an ISF mapping', () => {
    expect(() => readRecords('filings.csv', { kind: 'isf', layout: { name: 'decl', kind: 'declaration', columns: { id: 'Id' } } })).toThrow(
      'readRecords: layout "decl" is for kind declaration records, but option kind is isf',
    );
    try {
      parseLayout({ name: 'mixed', kind: 'isf', columns: { id: 'Id', 'line.customsValue': 'Value' } });
      throw new Error('expected an InputError');
    } catch (error) {
      expect((error as InputError).issues[0]).toMatchObject({ code: 'unknown_field', path: ['columns', 'line.customsValue'] });
      expect((error as InputError).issues[0]?.message).toContain('is a declaration target path, not one of an ISF filing');
    }
    expect(() => parseLayout({ name: 'isf-in-declaration', columns: { type: 'Type' } })).toThrow(InputError);
  });
});
