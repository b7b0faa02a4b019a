import { beforeAll, describe, expect, test } from 'vitest';
import { deriveContext } from '../../src/context/deriveContext.js';
import type { DeclarationContext } from '../../src/context/DeclarationContext.js';
import { chapterNumber, countBelowIn, hs6Number, originNumber, referenceIndex } from '../../src/context/_lib/referenceIndex.js';
import type { Declaration } from '../../src/records/declarationSchema.js';
import { parseDeclaration } from '../../src/records/parseDeclaration.js';
import { buildReferenceData } from '../../src/reference/buildReferenceData.js';
import { parseReferenceData } from '../../src/reference/parseReferenceData.js';
import type { HsNorm, ImporterProfile, ReferenceData, UnitNormStats } from '../../src/reference/ReferenceData.js';
import { serializeReferenceData } from '../../src/reference/serializeReferenceData.js';
import { countBelow } from '../../src/reference/_lib/stats.js';
import { loadFixture } from '../_helpers/fixtures.js';
import { kcsSample } from '../model/_kcsSample.js';
import { deriveContextByDefinition } from './_deriveContextByDefinition.js';

const declaration = parseDeclaration(loadFixture('declarations/us-ocean.json'));
const line = declaration.lines[0]!;

/** Fails with the record's id and the first differing path; norms must be the very objects of the reference. */
function expectSame(record: Declaration, reference: ReferenceData): DeclarationContext {
  const actual = deriveContext(record, { reference });
  const expected = deriveContextByDefinition(record, { reference });
  expect(actual, record.id).toEqual(expected);
  actual.lines.forEach((lineContext, i) => {
    const other = expected.lines[i]!;
    expect(lineContext.unitValueNorm, record.id).toBe(other.unitValueNorm);
    expect(lineContext.valuePerKgNorm, record.id).toBe(other.valuePerKgNorm);
    expect(lineContext.kgPerUnitNorm, record.id).toBe(other.kgPerUnitNorm);
    expect(lineContext.chapterValuePerKgNorm, record.id).toBe(other.chapterValuePerKgNorm);
  });
  return actual;
}

/** The same UTC clock time `months` later (the inverse of monthsBefore where the day exists). */
const monthsAfter = (time: number, months: number) => {
  const date = new Date(time);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.getTime();
};

describe('deriveContext with the reference index', () => {
  let records: Declaration[] = [];
  let built: ReferenceData;
  let parsed: ReferenceData;
  beforeAll(async () => {
    const sample = await kcsSample();
    records = sample.map((item) => item.record);
    built = buildReferenceData(sample.slice(0, 1200));
    parsed = parseReferenceData(serializeReferenceData(built));
  });

  test('gives what the reference Maps give on every KCS sample record, for built and for parsed reference data', () => {
    for (const record of records) {
      expectSame(record, built);
      expectSame(record, parsed);
    }
  });

  test('gives the same history at times equal to a declaration, finding or first-seen time, and at the 24-month and 30-day edges', () => {
    let checked = 0;
    for (const record of records.slice(0, 1200)) {
      const profile = parsed.importers.get(record.importer.id)!;
      const times = [...profile.declarationTimes, ...profile.findingTimes, ...profile.chapters.values()];
      const edges = [...times, ...times.map((t) => t + 1), ...times.map((t) => t - 1), ...profile.findingTimes.map((t) => monthsAfter(t, 24))];
      edges.push(...profile.declarationTimes.map((t) => t + 30 * 86_400_000));
      for (const time of edges) {
        expectSame({ ...record, lodgedAt: new Date(time) }, parsed);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5000);
  });

  test('counts a finding lodged exactly 24 months before as inside the window, as the definition does', () => {
    const reference = buildReferenceData([
      { record: { ...declaration, id: 'F1', importer: { id: 'IMP-E' }, lodgedAt: new Date('2022-03-15T08:00:00Z') }, label: { fraud: true } },
    ]);
    const context = expectSame({ ...declaration, importer: { id: 'IMP-E' }, lodgedAt: new Date('2024-03-15T08:00:00Z') }, reference);
    expect(context.importer).toMatchObject({ priorDeclarations: 1, priorFindings: 1, findingsLast24Months: 1, priorChapters: 1 });
    const same = expectSame({ ...declaration, importer: { id: 'IMP-E' }, lodgedAt: new Date('2022-03-15T08:00:00Z') }, reference);
    expect(same.importer).toMatchObject({ priorDeclarations: 0, firstSeenAt: null, priorChapters: 0 });
    expect(same.lines[0]?.importerChapterSeenBefore).toBe(false);
  });

  test('treats unknown importers, consignees and codes as never seen', () => {
    const reference = buildReferenceData([{ record: declaration, label: { fraud: false } }]);
    const context = expectSame(
      { ...declaration, importer: { id: 'NEVER' }, consignee: { id: 'NOBODY' }, lodgedAt: new Date('2030-01-01T00:00:00Z'), lines: [{ ...line, hsCode: '010121', originCountry: 'ZZ' }] },
      reference,
    );
    expect(context.importer).toMatchObject({ priorDeclarations: 0, firstSeenAt: null, priorChapters: 0 });
    expect(context.consigneeShipmentsLast30Days).toBe(0);
    expect(context.lines[0]).toMatchObject({ unitValueNorm: null, valuePerKgNorm: null, importerChapterSeenBefore: false });
  });

  test('answers as the Maps for keys and profiles of shapes the index does not hold', () => {
    const norm: HsNorm = { valuePerKg: { count: 9, p5: 1, median: 2, p95: 3 }, kgPerUnit: { count: 9, p5: 1, median: 2, p95: 3, unit: 'PCE' } };
    const other: HsNorm = { valuePerKg: { count: 9, p5: 4, median: 5, p95: 6 } };
    const t = (iso: string) => Date.parse(iso);
    const plain: ImporterProfile = {
      declarationTimes: [t('2023-01-01T00:00:00Z'), t('2023-06-01T00:00:00Z')],
      chapters: new Map([['61', t('2023-01-01T00:00:00Z')]]),
      outcomeTimes: [t('2023-06-01T00:00:00Z')],
      findingTimes: [t('2023-01-01T00:00:00Z'), t('2023-06-01T00:00:00Z')],
    };
    const empty: ImporterProfile = { declarationTimes: [], chapters: new Map(), outcomeTimes: [], findingTimes: [] };
    const reference: ReferenceData = {
      ...buildReferenceData([]),
      currency: 'USD',
      hs6: new Map([
        ['61091', other],
        ['610910', norm],
        // Norms of indexable keys but odd shapes: read as objects, as the Maps give them.
        ['940360', { unitValue: { count: 9, p5: 1, median: '5' as unknown as number, p95: 9, unit: 'PCE' }, kgPerUnit: { count: 9, p5: 1, median: 2, p95: 3, unit: 'PIECES-LONG' } }],
        ['940161', { unitValue: { count: 9, p5: 1, median: 4, p95: 9, unit: 'PIECES-LONG' }, valuePerKg: { count: 9, p5: 1, median: 0, p95: 3 } }],
        ['090111', undefined as unknown as HsNorm],
      ]),
      hs6Origin: new Map([
        ['610910:bd', other],
        ['610910:BDX', other],
        ['61091:BD', other],
        ['940360:CN', { unitValue: null as unknown as UnitNormStats, valuePerKg: { count: 9, p5: 1, median: -0, p95: 3 } }],
        ['940161:CN', { kgPerUnit: { count: 9, p5: 1, median: 2, p95: 3, unit: '' } }],
      ]),
      chapters: new Map([
        ['6', other],
        ['61', norm],
      ]),
      importers: new Map<string, ImporterProfile>([
        ['IMP-LONG-ID-1', plain],
        ['Ünal', plain],
        ['', plain],
        ['A\u0000', plain],
        ['EMPTY', empty],
        ['ODD', { ...plain, chapters: new Map([['6', t('2023-01-01T00:00:00Z')], ['61', t('2024-01-01T00:00:00Z')]]) }],
        ['PLAIN', plain],
        ['UNDEF', undefined as unknown as ImporterProfile],
      ]),
      consignees: new Map([
        ['CON-LONG-ID-1', { declarationTimes: [t('2024-01-01T00:00:00Z')] }],
        ['C1', { declarationTimes: [t('2024-01-01T00:00:00Z'), t('2024-01-20T00:00:00Z')] }],
      ]),
    };
    const lodgedAt = new Date('2024-01-25T00:00:00Z');
    const ids = ['IMP-LONG-ID-1', 'Ünal', '', 'A\u0000', 'EMPTY', 'ODD', 'PLAIN', 'UNDEF', 'A', 'PLAIN2', 'IMP-LONG-ID-2'];
    const lines = [
      { ...line, hsCode: '610910', originCountry: 'bd' },
      { ...line, hsCode: '610910', originCountry: 'BDX' },
      { ...line, hsCode: '61091', originCountry: 'BD' },
      { ...line, hsCode: '6', originCountry: 'BD' },
      { ...line, hsCode: '6a0910', originCountry: 'BD' },
      { ...line, hsCode: '61091000', originCountry: 'BD' },
      ...['CN', 'VN'].flatMap((originCountry) =>
        ['940360', '940161', '090111'].flatMap((hsCode) =>
          [undefined, 'pce', 'pieces-long', ''].map((quantityUnit) => (quantityUnit === undefined ? { ...line, hsCode, originCountry, quantityUnit: undefined } : { ...line, hsCode, originCountry, quantityUnit })),
        ),
      ),
    ];
    for (const id of ids) {
      for (const consignee of ['CON-LONG-ID-1', 'C1', 'C2']) {
        expectSame({ ...declaration, lodgedAt, importer: { id }, consignee: { id: consignee }, lines }, reference);
      }
    }
    const context = expectSame({ ...declaration, lodgedAt, importer: { id: 'ODD' }, consignee: { id: 'C1' }, lines }, reference);
    expect(context.importer.priorChapters).toBe(2);
    expect(context.consigneeShipmentsLast30Days).toBe(2);
    expect(context.lines.slice(0, 6).map((l) => l.importerChapterSeenBefore)).toEqual([true, true, true, true, false, true]);
    expect(context.lines.some((l) => l.unitValueBasis === 'HS 940161' && l.unitValueRatio !== null)).toBe(true);
    expect(context.lines.some((l) => l.kgPerUnitNorm?.unit === 'PIECES-LONG')).toBe(true);
  });
});

describe('referenceIndex', () => {
  test('is built once per reference object', () => {
    const reference = buildReferenceData([{ record: declaration, label: { fraud: false } }]);
    expect(referenceIndex(reference)).toBe(referenceIndex(reference));
    expect(referenceIndex(reference)).not.toBe(referenceIndex({ ...reference }));
  });

  test('reads codes only of the exact shapes it indexes', () => {
    expect([hs6Number('610910'), hs6Number('61091099'), hs6Number('000000'), hs6Number('61091'), hs6Number('6109a0'), hs6Number('61/910')]).toEqual([
      610910, 610910, 0, -1, -1, -1,
    ]);
    expect([originNumber('AA'), originNumber('ZZ'), originNumber('BD'), originNumber('bd'), originNumber('B'), originNumber('BDX'), originNumber('[A')]).toEqual([
      0, 675, 29, -1, -1, -1, -1,
    ]);
    expect([chapterNumber('00'), chapterNumber('61'), chapterNumber('99'), chapterNumber('6'), chapterNumber('610'), chapterNumber('6:')]).toEqual([0, 61, 99, -1, -1, -1]);
  });

  test('counts as countBelow does, at and between the stored times', () => {
    const times = [1, 3, 3, 3, 7, 9];
    const data = Float64Array.from([42, ...times, 42]);
    for (const limit of [-Infinity, 0, 1, 2, 3, 4, 7, 8, 9, 10, Infinity, Number.NaN]) {
      expect(countBelowIn(data, 1, times.length, limit), String(limit)).toBe(countBelow(times, limit));
      expect(countBelowIn(data, 1, 0, limit)).toBe(0);
    }
  });
});
