import { describe, expect, test } from 'vitest';
import { buildReferenceData, evaluateRules, parseDeclaration } from '../../src/index.js';
import { defaultPack } from './_defaultPackHelpers.js';

// Records as the KCS layout gives them: no quantity, no gross mass, no ports, values in KRW.
function sparse(id: string, at: string, importer: string, value: number, netMassKg: number) {
  return parseDeclaration({
    id,
    lodgedAt: at,
    office: '30',
    transportMode: '10',
    importer: { id: importer },
    currency: 'KRW',
    lines: [{ lineNumber: 1, hsCode: '90121', originCountry: 'CN', netMassKg, customsValue: value, dutyRate: 8 }],
  });
}

describe('default pack on sparse records', () => {
  const history = Array.from({ length: 10 }, (_, k) => ({ record: sparse(`H${k}`, `2020-01-${String(k + 1).padStart(2, '0')}`, 'IMP-1', 100_000 + k * 10_000, 10) }));
  const reference = buildReferenceData(history);

  test('compares the value per kg when there is no quantity, in the reference currency', () => {
    const result = evaluateRules(defaultPack, sparse('D1', '2020-03-01', 'IMP-1', 20_000, 10), { reference });
    expect(result.hits.map((hit) => hit.ruleId)).toEqual(['VAL-002', 'VAL-003', 'VAL-005']);
    expect(result.hits[2]?.message).toBe('Declared value 2,000.00 KRW/kg is outside the HS chapter 09 band 10,450.00–18,550.00 KRW/kg');
    expect(result.hits[0]?.message).toBe('Declared value 2,000.00 KRW/kg is 14 % of the HS 090121 from CN reference median 14,500.00 KRW/kg');
  });

  test('reports the rules that need absent fields as errors, and no others', () => {
    const result = evaluateRules(defaultPack, sparse('D2', '2020-03-01', 'IMP-1', 150_000, 10), { reference });
    expect(result.hits).toEqual([]);
    expect(result.errors.map((error) => `${error.ruleId}: ${error.reason}`)).toEqual(['WGT-001: `line.grossMassKg` is missing', 'GDS-001: `line.description` is missing']);
  });
});
