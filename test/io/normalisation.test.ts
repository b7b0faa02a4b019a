import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { readRecords, type Declaration, type ReadResult } from '../../src/index.js';

async function read(csv: string | Buffer): Promise<ReadResult<Declaration>[]> {
  const out: ReadResult<Declaration>[] = [];
  for await (const result of readRecords(Readable.from([csv]))) out.push(result);
  return out;
}

const HEADER =
  'id,lodgedAt,office,importer.id,importer.country,currency,incoterm,relatedParty,packages,procedureCodes,line.hsCode,line.originCountry,line.customsValue,line.netMassKg,line.description';

describe('CSV field normalisation', () => {
  test('trims cells, upper-cases codes, restores the HS leading zero and reads yes/no flags', async () => {
    const [result] = await read(`${HEADER}\n  D1 ,2024-03-14, DEHAM1 ,IMP1, de ,eur,fob,Y,12, 4000   C07 , 0901.21 , br ,1e3,+5.50,  Coffee  \n`);
    expect(result?.ok && result.record).toEqual({
      id: 'D1',
      lodgedAt: new Date('2024-03-14T00:00:00Z'),
      office: 'DEHAM1',
      procedureCodes: ['4000', 'C07'],
      importer: { id: 'IMP1', country: 'DE' },
      packages: 12,
      incoterm: 'FOB',
      currency: 'EUR',
      relatedParty: true,
      lines: [{ lineNumber: 1, hsCode: '090121', description: 'Coffee', originCountry: 'BR', netMassKg: 5.5, customsValue: 1000 }],
    });
  });

  test('treats empty and blank optional cells as absent', async () => {
    const [result] = await read(`${HEADER}\nD1,2024-03-14,DEHAM1,IMP1,  ,EUR,,   ,,,610910,BD,0,,\n`);
    expect(result?.ok && result.record).toEqual({
      id: 'D1',
      lodgedAt: new Date('2024-03-14T00:00:00Z'),
      office: 'DEHAM1',
      importer: { id: 'IMP1' },
      currency: 'EUR',
      lines: [{ lineNumber: 1, hsCode: '610910', originCountry: 'BD', customsValue: 0 }],
    });
  });

  test('honours an explicit time zone and reads a date-time without one as UTC', async () => {
    const results = await read(
      `${HEADER}\nD1,2024-03-14T09:30:00+09:00,X,I,,EUR,,,,,610910,BD,1,,\nD2,2024-03-14 09:30,X,I,,EUR,,,,,610910,BD,1,,\nD3,2024-03-14T09:30:00Z,X,I,,EUR,,,,,610910,BD,1,,\n`,
    );
    expect(results.map((result) => result.ok && result.record.lodgedAt.toISOString())).toEqual([
      '2024-03-14T00:30:00.000Z',
      '2024-03-14T09:30:00.000Z',
      '2024-03-14T09:30:00.000Z',
    ]);
  });

  test('drops a byte order mark before the header, from bytes or from a string', async () => {
    const csv = `\uFEFF${HEADER}\nD1,2024-03-14,X,I,,EUR,,,,,610910,BD,1,,\n`;
    expect((await read(csv)).map((result) => result.ok)).toEqual([true]);
    expect((await read(Buffer.from(csv))).map((result) => result.ok)).toEqual([true]);
  });

  test('rejects a declaration interrupted by a broken row, and the rows after it as a duplicate', async () => {
    const results = await read(
      `${HEADER}\nD1,2024-03-14,X,I,,EUR,,,,,610910,BD,1,,\nD1,2024-03-14,X,I\nD1,,,,,,,,,,610990,BD,1,,\nD2,2024-03-14,X,I,,EUR,,,,,610910,BD,1,,\n`,
    );
    expect(results.map((result) => [result.row, result.rows, result.ok ? ['ok'] : result.issues.map((issue) => issue.code)])).toEqual([
      [1, 1, ['ok']],
      [2, 1, ['wrong_column_count']],
      // The continuation row has no header values of its own (they were on row 1), so they are missing too.
      [3, 1, ['required', 'required', 'required', 'required', 'duplicate_id']],
      [4, 1, ['ok']],
    ]);
  });
});
