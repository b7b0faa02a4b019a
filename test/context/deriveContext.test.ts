import { describe, expect, test } from 'vitest';
import { buildReferenceData, deriveContext, deriveIsfContext, parseDeclaration, parseIsfFiling } from '../../src/index.js';
import { loadFixture } from '../_helpers/fixtures.js';

const declaration = parseDeclaration(loadFixture('declarations/us-ocean.json'));
const isf = parseIsfFiling(loadFixture('isf/clean-isf10.json'));

function history(valuePerPiece: number, count = 6) {
  return Array.from({ length: count }, (_, n) => ({
    record: parseDeclaration({
      ...loadFixture('declarations/us-ocean.json'),
      id: `H${n}`,
      lodgedAt: `2023-0${n + 1}-10T00:00:00Z`,
      lines: [{ lineNumber: 1, hsCode: '610910', originCountry: 'BD', quantity: 100, quantityUnit: 'pce', netMassKg: 18, customsValue: valuePerPiece * 100 }],
    }),
    label: { fraud: n === 5 },
  }));
}

describe('deriveContext', () => {
  test('computes unit value, value per kg, kg per unit and HS parts of each line', () => {
    const context = deriveContext(declaration);
    expect(context.lines[0]).toMatchObject({ hs6: '610910', hsHeading: '6109', hsChapter: '61', quantityUnit: 'PCE', unitValue: 3.2, kgPerUnit: 0.18 });
    expect(context.lines[0]?.valuePerKg).toBeCloseTo(38400 / 2160, 12);
    expect(context).toMatchObject({ totalValue: 38400, totalNetMassKg: 2160, totalGrossMassKg: 2410, hsChapters: ['61'], portOfLoadingCountry: 'BD' });
  });

  test('without reference data every history value is null', () => {
    const context = deriveContext(declaration);
    expect(context.lines[0]).toMatchObject({ unitValueNorm: null, unitValueRatio: null, importerChapterSeenBefore: null });
    expect(context.importer.priorDeclarations).toBeNull();
    expect(context.consigneeShipmentsLast30Days).toBeNull();
  });

  test('compares with the HS6 + origin reference and reads the importer history before the lodging time', () => {
    const reference = buildReferenceData(history(10));
    const context = deriveContext(declaration, { reference });
    expect(context.lines[0]).toMatchObject({ unitValueBasis: 'HS 610910 from BD', unitValueRatio: 0.32, importerChapterSeenBefore: true });
    expect(context.importer).toMatchObject({ priorDeclarations: 6, findingsLast24Months: 1, priorWithOutcome: 6, priorChapters: 1 });
    expect(context.importer.firstSeenAt?.toISOString()).toBe('2023-01-10T00:00:00.000Z');
    const earlier = deriveContext({ ...declaration, lodgedAt: new Date('2023-03-01T00:00:00Z') }, { reference });
    expect(earlier.importer.priorDeclarations).toBe(2);
  });

  test('leaves value norms out when the currency or the unit differs from the reference', () => {
    const reference = buildReferenceData(history(10));
    expect(deriveContext({ ...declaration, currency: 'EUR' }, { reference }).lines[0]?.valuePerKgNorm).toBeNull();
    const inDozens = { ...declaration, lines: [{ ...declaration.lines[0]!, quantityUnit: 'DZN' }] };
    expect(deriveContext(inDozens, { reference }).lines[0]?.unitValueNorm).toBeNull();
  });

  test('expects an ISF for ocean cargo into a US port unless it is bulk', () => {
    expect(deriveContext(declaration).isfExpected).toBe(true);
    expect(deriveContext(parseDeclaration(loadFixture('declarations/clean.json'))).isfExpected).toBe(false);
    expect(deriveContext({ ...declaration, transportMode: '4' }).isfExpected).toBe(false);
    expect(deriveContext({ ...declaration, attributes: { cargoType: 'bulk' } }).isfExpected).toBe(false);
  });

  test('matches ISF lines by HS6 and cross-checks bill and ship-to', () => {
    const context = deriveContext(declaration, { isf });
    expect(context.lines[0]?.isfLine).toEqual({ lineNumber: 1, hs6: '610910', originCountry: 'BD', manufacturerCountry: 'BD', manufacturerName: 'Dhaka Garments Ltd' });
    expect(context.isf).toMatchObject({ matchesBill: true, shipToMatchesConsignee: true, hoursBeforeLading: 70 });
  });
});

describe('deriveIsfContext', () => {
  test('computes lead times before lading and arrival', () => {
    expect(deriveIsfContext(parseIsfFiling(loadFixture('isf/late.json')))).toMatchObject({ hoursBeforeLading: 12, flexible: false, flexibleCompleted: true });
  });

  test('counts amendments after lading and those that changed HTS, origin, manufacturer or seller', () => {
    expect(deriveIsfContext(parseIsfFiling(loadFixture('isf/amended.json')))).toMatchObject({ amendmentCount: 3, amendmentsAfterLading: 2, criticalChangesAfterLading: 2 });
  });

  test('reports a flexible filing without stuffing location and consolidator as not completed', () => {
    const context = deriveIsfContext(parseIsfFiling(loadFixture('isf/flexible.json')));
    expect(context).toMatchObject({ flexible: true, flexibleCompleted: false, flexibleCompletedHoursBeforeArrival: null });
  });

  test('reads ISF-5 lines, which carry no origin or manufacturer', () => {
    expect(deriveIsfContext(parseIsfFiling(loadFixture('isf/isf5.json')))).toMatchObject({ hs6Codes: ['940360'], originCountries: [], shipToMatchesBuyer: null });
  });
});

describe('history windows', () => {
  test('count findings in the 24 calendar months before, clamped to the end of a shorter month, in UTC', () => {
    const finding = (at: string) => ({
      record: parseDeclaration({ ...loadFixture('declarations/us-ocean.json'), id: `F-${at}`, lodgedAt: at, importer: { id: 'IMP-W' } }),
      label: { fraud: true },
    });
    const reference = buildReferenceData([finding('2022-02-28T23:00:00Z'), finding('2022-02-28T22:59:59Z')]);
    const entry = { ...declaration, importer: { id: 'IMP-W' }, lodgedAt: new Date('2024-02-29T23:00:00Z') };
    expect(deriveContext(entry, { reference }).importer).toMatchObject({ priorFindings: 2, findingsLast24Months: 1 });
  });
});

describe('deriveContext on many lines', () => {
  test('lists distinct chapters and origins sorted, whatever the line order', () => {
    const line = declaration.lines[0]!;
    const lines = [
      { ...line, lineNumber: 1, hsCode: '940360', originCountry: 'VN' },
      { ...line, lineNumber: 2, hsCode: '610910', originCountry: 'BD' },
      { ...line, lineNumber: 3, hsCode: '940161', originCountry: 'CN' },
      { ...line, lineNumber: 4, hsCode: '090111', originCountry: 'BD' },
    ];
    const context = deriveContext({ ...declaration, lines });
    expect(context).toMatchObject({ hsChapters: ['09', '61', '94'], originCountries: ['BD', 'CN', 'VN'] });
    expect(deriveContext({ ...declaration, lines: [...lines].reverse() })).toMatchObject({ hsChapters: ['09', '61', '94'], originCountries: ['BD', 'CN', 'VN'] });
  });

  test('reads the country of a lower-case LOCODE and none from one that does not start with two letters', () => {
    expect(deriveContext({ ...declaration, portOfLoading: 'cnsha', portOfDischarge: 'usnyc' })).toMatchObject({ portOfLoadingCountry: 'CN', portOfDischargeCountry: 'US', isfExpected: true });
    expect(deriveContext({ ...declaration, portOfLoading: 'C1SHA', portOfDischarge: 'U' })).toMatchObject({ portOfLoadingCountry: null, portOfDischargeCountry: null, isfExpected: false });
  });

  test('names the reference a ratio was computed against only when there is one', () => {
    const reference = buildReferenceData(history(10));
    const [line] = deriveContext({ ...declaration, lines: [{ ...declaration.lines[0]!, originCountry: 'VN' }] }, { reference }).lines;
    expect(line).toMatchObject({ unitValueBasis: 'HS 610910', valuePerKgBasis: 'HS 610910', unitValueRatio: 0.32 });
    const [unknown] = deriveContext({ ...declaration, lines: [{ ...declaration.lines[0]!, hsCode: '940360' }] }, { reference }).lines;
    expect(unknown).toMatchObject({ unitValueBasis: null, unitValueNorm: null, valuePerKgBasis: null, valuePerKgRatio: null, kgPerUnitNorm: null });
  });
});
