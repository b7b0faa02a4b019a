import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { readRecords, type ReadResult } from '../../src/index.js';
import type { Declaration } from '../../src/index.js';
import { fixturePath } from '../_helpers/fixtures.js';

async function collect(source: Parameters<typeof readRecords>[0]): Promise<ReadResult<Declaration>[]> {
  const out: ReadResult<Declaration>[] = [];
  for await (const result of readRecords(source, { layout: 'kcs' })) out.push(result);
  return out;
}

const HEADER =
  'Declaration ID,Date,Office ID,Process Type,Import Type,Import Use,Payment Type,Mode of Transport,Declarant ID,Importer ID,Seller ID,Courier ID,HS6 Code,Country of Departure,Country of Origin,Tax Rate,Tax Type,Country of Origin Indicator,Net Mass,Item Price,Fraud,Critical Fraud';

describe('readRecords with the kcs layout', () => {
  test('reads every row of the 2,000-row sample as a valid single-line declaration', async () => {
    const results = await collect(fixturePath('kcs-sample.csv'));
    expect(results).toHaveLength(2000);
    expect(results.every((result) => result.ok)).toBe(true);
    expect(results.map((result) => result.row)).toEqual(Array.from({ length: 2000 }, (_, index) => index + 1));
  });

  test('maps the first sample row field by field, with the label beside the record', async () => {
    const [first] = await collect(fixturePath('kcs-sample.csv'));
    expect(first).toEqual({
      ok: true,
      row: 1,
      line: 2,
      rows: 1,
      record: {
        id: '97061800',
        lodgedAt: new Date('2020-01-01T00:00:00Z'),
        office: '30',
        procedureCodes: ['B', '11', '21'],
        transportMode: '10',
        declarant: { id: 'ZZR1LT6' },
        importer: { id: 'QLRUBN9' },
        seller: { id: '0VKY2BR' },
        exportCountry: 'BE',
        paymentTerms: '11',
        currency: 'KRW',
        lines: [
          {
            lineNumber: 1,
            hsCode: '440890',
            originCountry: 'BE',
            netMassKg: 108,
            customsValue: 372254.4,
            dutyRate: 0,
            preference: 'FEU1',
            attributes: { originIndicator: 'G' },
          },
        ],
      },
      label: { fraud: false, critical: 0 },
    });
  });

  test('leaves out an empty seller, keeps the courier as an attribute and reads critical fraud 2', async () => {
    const csv = `${HEADER}\n1,2020-01-13,40,B,87,21,11,40,575N8BW,4CHYW4P,,W6UCD9,90121,HK,CN,0.0,C,E,18.0,3990.6,1,2\n`;
    const [result] = await collect(Readable.from([Buffer.from(csv)]));
    expect(result?.ok).toBe(true);
    if (!result?.ok) return;
    expect(result.record.seller).toBeUndefined();
    expect(result.record.attributes).toEqual({ courierId: 'W6UCD9' });
    expect(result.record.lines[0]?.hsCode).toBe('090121');
    expect(result.label).toEqual({ fraud: true, critical: 2 });
  });

  test('rejects a label that is not 0 or 1 and names the column of a bad cell', async () => {
    const csv = `${HEADER}\n1,2020-01-13,40,B,87,21,11,40,D,I,S,,847150,HK,QQ,0.0,C,E,18.0,3990.6,yes,0\n`;
    const [result] = await collect(Readable.from([csv]));
    expect(result?.ok).toBe(false);
    if (result?.ok !== false) return;
    expect(result.issues.map((issue) => [issue.code, issue.path.join('.')])).toEqual([
      ['unknown_country', 'lines.0.originCountry'],
      ['invalid_value', 'label.fraud'],
    ]);
    expect(result.issues[0]?.message).toBe(
      'lines[0].originCountry: expected an ISO 3166-1 alpha-2 country code, received "QQ" (column "Country of Origin", row 1)',
    );
  });

  test('rejects label cells that only name members of Object.prototype', async () => {
    const csv = `${HEADER}\n1,2020-01-13,40,B,87,21,11,40,D,I,S,,847150,HK,CN,0.0,C,E,18.0,3990.6,constructor,toString\n`;
    const [result] = await collect(Readable.from([csv]));
    expect(result?.ok === false && result.issues.map((issue) => issue.path.join('.'))).toEqual(['label.fraud', 'label.critical']);
  });
});
