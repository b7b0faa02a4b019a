import { describe, expect, test } from 'vitest';
import { parseDeclaration, parseIsfFiling, type RuleEvaluation } from '../../src/index.js';
import { loadFixture } from '../_helpers/fixtures.js';
import { defaultPack, entry, isf, reference, run } from './_defaultPackHelpers.js';

const median = (hs: string) => reference.hs6Origin.get(`${hs}:BD`);
const unitMedian = median('610910')?.unitValue?.median ?? Number.NaN; // 4.00 USD per piece
const kgMedian = median('610910')?.valuePerKg?.median ?? Number.NaN;
const chapterP5 = reference.chapters.get('61')?.valuePerKg?.p5 ?? Number.NaN;
const kgPerUnitP95 = median('610910')?.kgPerUnit?.p95 ?? Number.NaN;

interface Case {
  readonly rule: string;
  readonly fires: string;
  readonly run: () => RuleEvaluation;
  readonly boundary: string;
  readonly runBoundary: () => RuleEvaluation;
}

const cases: Case[] = [
  {
    rule: 'VAL-001',
    fires: 'a unit value at 37.5 % of the reference median',
    run: () => run(entry({}, { quantity: 1000, customsValue: 1500 })),
    boundary: 'a unit value at exactly 50 %',
    runBoundary: () => run(entry({}, { quantity: 2, customsValue: unitMedian })),
  },
  {
    rule: 'VAL-002',
    fires: 'no quantity and a value per kg at 25 % of the reference',
    run: () => run(entry({}, { quantity: null, netMassKg: 2, grossMassKg: 3, customsValue: kgMedian / 2 })),
    boundary: 'no quantity and a value per kg at exactly 50 %',
    runBoundary: () => run(entry({}, { quantity: null, netMassKg: 2, grossMassKg: 3, customsValue: kgMedian })),
  },
  {
    rule: 'VAL-003',
    fires: 'a unit value at 10 % of the reference',
    run: () => run(entry({}, { quantity: 5, customsValue: 2 })),
    boundary: 'a unit value at exactly 20 %',
    runBoundary: () => run(entry({}, { quantity: 5, customsValue: 4 })),
  },
  {
    rule: 'VAL-004',
    fires: 'a unit value at 3.5 times the reference',
    run: () => run(entry({}, { quantity: 1, customsValue: 14 })),
    boundary: 'a unit value at exactly 3 times',
    runBoundary: () => run(entry({}, { quantity: 1, customsValue: 12 })),
  },
  {
    rule: 'VAL-005',
    fires: 'a value per kg below the chapter p5',
    run: () => run(entry({}, { customsValue: 4320 })),
    boundary: 'a value per kg exactly at the chapter p5',
    runBoundary: () => run(entry({}, { netMassKg: 1, grossMassKg: 2, customsValue: chapterP5 })),
  },
  {
    rule: 'VAL-006',
    fires: '12,000 pieces declared without value',
    run: () => run(entry({}, { customsValue: 0 })),
    boundary: 'a free sample of 99 pieces and 49 kg',
    runBoundary: () => run(entry({}, { customsValue: 0, quantity: 99, netMassKg: 49, grossMassKg: 50 })),
  },
  {
    rule: 'WGT-001',
    fires: 'net mass above gross mass',
    run: () => run(entry({}, { netMassKg: 2411 })),
    boundary: 'net mass equal to gross mass',
    runBoundary: () => run(entry({}, { netMassKg: 2410 })),
  },
  {
    rule: 'WGT-002',
    fires: '0.1 kg per piece, below the reference band',
    run: () => run(entry({}, { netMassKg: 1200 })),
    boundary: 'kg per piece exactly at the reference p95',
    runBoundary: () => run(entry({}, { quantity: 1, netMassKg: kgPerUnitP95, grossMassKg: 1, customsValue: 4 })),
  },
  {
    rule: 'PTY-001',
    fires: 'an importer whose only declaration is lodged at the same time',
    run: () => run(entry({ importer: { id: 'IMP-US-2002' }, consignee: { id: 'IMP-US-2002' }, lodgedAt: '2024-03-21T15:59:59Z' })),
    boundary: 'the same importer one second later (one prior declaration)',
    runBoundary: () => run(entry({ importer: { id: 'IMP-US-2002' }, consignee: { id: 'IMP-US-2002' } })),
  },
  {
    rule: 'PTY-002',
    fires: 'an HS chapter the importer never declared',
    run: () => run(entry({}, { hsCode: '8517.62.0090', description: 'Wireless network routers, dual band' })),
    boundary: 'another HS6 of a chapter it declared before',
    runBoundary: () => run(entry({}, { hsCode: '6110.20.2079', description: "Men's cotton knitted pullovers" })),
  },
  {
    rule: 'PTY-003',
    fires: 'a finding exactly 24 months before',
    run: () => run(entry({ importer: { id: 'IMP-US-7000' } })),
    boundary: 'a finding 24 months and one second before',
    runBoundary: () => run(entry({ importer: { id: 'IMP-US-7001' } })),
  },
  {
    rule: 'PTY-004',
    fires: 'a watch-listed seller',
    run: () => run(entry({ seller: { id: 'SEL-XX-6660', name: 'Oriental Fortune General Trading FZE' } })),
    boundary: 'no seller or buyer at all (missing parties are skipped)',
    runBoundary: () => run(entry({ seller: null, buyer: null })),
  },
  {
    rule: 'PTY-005',
    fires: 'a C-TPAT importer',
    run: () => run(entry({ importer: { id: 'IMP-US-5120' } })),
    boundary: 'an importer not on the list',
    runBoundary: () => run(entry({ importer: { id: 'IMP-US-5121' } })),
  },
  {
    rule: 'PTY-006',
    fires: '799 USD to a consignee with 11 shipments in 30 days',
    run: () => run(entry({ consignee: { id: 'CNS-SPLIT-11' } }, { customsValue: 799 })),
    boundary: 'exactly 10 shipments in 30 days',
    runBoundary: () => run(entry({ consignee: { id: 'CNS-SPLIT-10' } }, { customsValue: 799 })),
  },
  {
    rule: 'PTY-007',
    fires: 'a ship-to that is neither consignee nor buyer',
    run: () => run(entry(), { isf: isf({ shipTo: { name: 'Bayside Fulfilment Partners', address: '8000 Edgewater Dr, Oakland', country: 'US' } }) }),
    boundary: 'a ship-to that is the ISF buyer though not the consignee',
    runBoundary: () =>
      run(entry(), {
        isf: isf({
          buyer: { name: 'Bayside Fulfilment Partners', address: '8000 Edgewater Dr, Oakland', country: 'US' },
          shipTo: { name: 'Bayside Fulfilment Partners LLC', address: '8000 Edgewater Dr, Oakland', country: 'US' },
        }),
      }),
  },
  {
    rule: 'GDS-001',
    fires: '"general merchandise"',
    run: () => run(entry({}, { description: 'General merchandise' })),
    boundary: 'a three-word description',
    runBoundary: () => run(entry({}, { description: 'Cotton knitted T-shirts' })),
  },
  {
    rule: 'GDS-002',
    fires: 'HS chapter 61',
    run: () => run(entry()),
    boundary: 'HS chapter 63',
    runBoundary: () => run(entry({}, { hsCode: '6302.21', description: 'Printed cotton bed linen sets' })),
  },
  {
    rule: 'GDS-003',
    fires: 'Chinese steel pipe under an order',
    run: () => run(entry({ exportCountry: 'CN' }, { hsCode: '7306.30.5028', originCountry: 'CN', description: 'Welded carbon steel pipe' })),
    boundary: 'Vietnamese pipe of an HS6 outside the VN:730630 scope',
    runBoundary: () => run(entry({ exportCountry: 'VN' }, { hsCode: '7306.40.1010', originCountry: 'VN', description: 'Welded stainless steel pipe' })),
  },
  {
    rule: 'GDS-004',
    fires: 'a 25 % duty rate',
    run: () => run(entry({}, { dutyRate: 25 })),
    boundary: 'a 24.99 % duty rate',
    runBoundary: () => run(entry({}, { dutyRate: 24.99 })),
  },
  {
    rule: 'XCK-001',
    fires: 'an ISF announcing HS 611020',
    run: () => run(entry(), { isf: isf({}, { htsCode: '6110.20.2079' }) }),
    boundary: 'an ISF with the same HS6 but another 10-digit code',
    runBoundary: () => run(entry(), { isf: isf({}, { htsCode: '6109.10.0040' }) }),
  },
  {
    rule: 'XCK-002',
    fires: 'an ISF announcing origin VN',
    run: () => run(entry(), { isf: isf({}, { originCountry: 'VN' }) }),
    boundary: 'the same origin',
    runBoundary: () => run(entry(), { isf: isf() }),
  },
  {
    rule: 'XCK-003',
    fires: 'a manufacturer in CN for goods of BD origin',
    run: () => run(entry(), { isf: isf({}, { manufacturer: { name: 'Guangzhou Everbright Knitting Co', address: 'Panyu, Guangzhou', country: 'CN' } }) }),
    boundary: 'a manufacturer in the origin country',
    runBoundary: () => run(entry(), { isf: isf() }),
  },
  {
    rule: 'XCK-004',
    fires: 'an ISF naming another bill',
    run: () => run(entry(), { isf: isf({ billsOfLading: [{ master: 'MAEU240399999', house: 'HBL-OTHER' }] }) }),
    boundary: 'an ISF naming only the same master bill',
    runBoundary: () => run(entry(), { isf: isf({ billsOfLading: [{ master: 'MAEU240300112' }] }) }),
  },
  {
    rule: 'RTE-001',
    fires: 'origin IR',
    run: () => run(entry({}, { originCountry: 'IR' })),
    boundary: 'origin BD',
    runBoundary: () => run(entry()),
  },
  {
    rule: 'RTE-002',
    fires: 'Chinese pipe under an order exported from AE',
    run: () => run(entry({ exportCountry: 'AE' }, { hsCode: '7306.30.5028', originCountry: 'CN' })),
    boundary: 'the same pipe exported from CN',
    runBoundary: () => run(entry({ exportCountry: 'CN' }, { hsCode: '7306.30.5028', originCountry: 'CN' })),
  },
  {
    rule: 'RTE-003',
    fires: 'a container stuffed in VN for BD goods loaded in BD',
    run: () => run(entry(), { isf: isf({ stuffingLocation: { name: 'Cai Mep CFS', address: 'Ba Ria-Vung Tau', country: 'VN' } }) }),
    boundary: 'a container stuffed in the loading port country',
    runBoundary: () => run(entry({ portOfLoading: 'SGSIN' }), { isf: isf({ stuffingLocation: { name: 'Jurong CFS', address: 'Jurong, Singapore', country: 'SG' } }) }),
  },
  {
    rule: 'RTE-004',
    fires: 'loading in Bandar Abbas',
    run: () => run(entry({ portOfLoading: 'IRBND' })),
    boundary: 'loading in Chattogram',
    runBoundary: () => run(entry({ portOfLoading: 'BDCGP' })),
  },
  {
    rule: 'RTE-005',
    fires: 'an ISF-5 unlading in a sanctioned port',
    run: () => run(entry(), { isf: parseIsfFiling({ ...loadFixture('isf/isf5.json'), foreignPortOfUnlading: 'SYLTK' }) }),
    boundary: 'an ISF-5 unlading in Manzanillo',
    runBoundary: () => run(entry(), { isf: parseIsfFiling(loadFixture('isf/isf5.json')) }),
  },
  {
    rule: 'ISF-001',
    fires: 'an ISF filed 12 h before lading',
    run: () => run(entry(), { isf: parseIsfFiling(loadFixture('isf/late.json')) }),
    boundary: 'an ISF filed exactly 24 h before lading',
    runBoundary: () => run(entry(), { isf: isf({ filedAt: '2024-02-28T08:00:00Z' }) }),
  },
  {
    rule: 'ISF-002',
    fires: 'a break-bulk ISF filed 16 h before arrival',
    run: () => run(entry(), { isf: parseIsfFiling(loadFixture('isf/break-bulk.json')) }),
    boundary: 'a break-bulk ISF filed exactly 24 h before arrival',
    runBoundary: () => run(entry(), { isf: isf({ cargoType: 'break_bulk', filedAt: '2024-03-19T14:00:00Z' }) }),
  },
  {
    rule: 'ISF-003',
    fires: 'ocean cargo into Los Angeles without an ISF',
    run: () => run(entry()),
    boundary: 'the same cargo declared as bulk',
    runBoundary: () => run(entry({ attributes: { cargoType: 'bulk' } })),
  },
  {
    rule: 'ISF-004',
    fires: 'a flexible filing never completed',
    run: () => run(entry(), { isf: parseIsfFiling(loadFixture('isf/flexible.json')) }),
    boundary: 'a flexible filing completed exactly 24 h before arrival',
    runBoundary: () =>
      run(entry(), { isf: isf({ flexibleFiling: 'CT', amendments: [{ at: '2024-03-19T14:00:00Z', elements: ['stuffing_location', 'consolidator'] }] }) }),
  },
  {
    rule: 'ISF-005',
    fires: 'three amendments, two changing HTS / origin / manufacturer after lading',
    run: () => run(entry(), { isf: parseIsfFiling(loadFixture('isf/amended.json')) }),
    boundary: 'two amendments of other elements, one after lading',
    runBoundary: () =>
      run(entry(), {
        isf: isf({ amendments: [{ at: '2024-02-27T09:00:00Z', elements: ['hts'] }, { at: '2024-03-01T09:00:00Z', elements: ['consignee'] }] }),
      }),
  },
  {
    rule: 'TRM-001',
    fires: 'cash in advance',
    run: () => run(entry({ paymentTerms: 'Cash in Advance' })),
    boundary: 'open account',
    runBoundary: () => run(entry({ paymentTerms: 'open_account' })),
  },
];

describe('default pack', () => {
  test('loads with at least 28 rules, each with a test case below', () => {
    expect(defaultPack.rules.length).toBeGreaterThanOrEqual(28);
    expect(cases.map((c) => c.rule).sort()).toEqual(defaultPack.rules.map((rule) => rule.id).sort());
  });

  test.each(cases)('$rule fires for $fires', ({ rule, run: evaluate }) => {
    const result = evaluate();
    expect(result.errors.filter((error) => error.ruleId === rule)).toEqual([]);
    expect(result.hits.map((hit) => hit.ruleId)).toContain(rule);
  });

  test.each(cases)('$rule does not fire for $boundary', ({ rule, runBoundary }) => {
    const result = runBoundary();
    expect(result.errors.filter((error) => error.ruleId === rule)).toEqual([]);
    expect(result.hits.map((hit) => hit.ruleId)).not.toContain(rule);
  });

  test('exempts bulk cargo from the ISF timing rules', () => {
    const result = run(entry(), { isf: isf({ cargoType: 'bulk', filedAt: '2024-03-20T13:00:00Z' }) });
    expect(result.hits.map((hit) => hit.ruleId).filter((id) => id.startsWith('ISF-'))).toEqual([]);
  });

  test('says "below the reference" with the real numbers', () => {
    const hits = run(entry({}, { quantity: 12000, customsValue: 14400 })).hits;
    expect(hits.find((hit) => hit.ruleId === 'VAL-001')?.message).toBe(
      'Declared unit value 1.20 USD per PCE is 30 % of the HS 610910 from BD reference median 4.00 USD',
    );
    const perKg = run(entry({}, { quantity: null, netMassKg: 1000, customsValue: 2000 })).hits.find((hit) => hit.ruleId === 'VAL-002');
    expect(perKg?.message).toBe('Declared value 2.00 USD/kg is 9.0 % of the HS 610910 from BD reference median 22.22 USD/kg');
    expect(defaultPack.rules.map((rule) => `${rule.title} ${rule.description}`).join(' ')).not.toMatch(/undervalued/i);
  });

  test('hard rules force the red lane', () => {
    const hits = run(entry({ portOfLoading: 'IRBND' })).hits.filter((hit) => hit.lane !== undefined);
    expect(hits.map((hit) => [hit.ruleId, hit.lane, hit.points])).toEqual([
      ['RTE-004', 'red', 0],
      ['ISF-003', 'red', 0],
    ]);
  });

  test('scores the hand-written fixtures', () => {
    const ids = (result: RuleEvaluation) => result.hits.map((hit) => (hit.line === undefined ? hit.ruleId : `${hit.ruleId}#${hit.line}`));
    const fixture = (name: string) => parseDeclaration(loadFixture(`declarations/${name}.json`));
    expect(ids(run(fixture('us-ocean'), { isf: parseIsfFiling(loadFixture('isf/clean-isf10.json')) }))).toEqual(['GDS-002']);
    expect(ids(run(fixture('mismatch'), { isf: parseIsfFiling(loadFixture('isf/mismatch.json')) }))).toEqual([
      'PTY-001',
      'PTY-007',
      'GDS-002',
      'XCK-001#1',
      'XCK-002#1',
      'XCK-003#1',
      'RTE-003',
    ]);
    expect(ids(run(fixture('risky')))).toEqual(['WGT-001#1', 'PTY-001', 'PTY-004', 'GDS-001#1', 'GDS-003', 'GDS-004', 'RTE-002#1', 'RTE-004', 'ISF-003', 'TRM-001']);
  });
});
