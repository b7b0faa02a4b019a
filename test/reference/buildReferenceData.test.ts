import { describe, expect, test } from 'vitest';
import { buildReferenceData, parseDeclaration, parseReferenceData, serializeReferenceData, InputError } from '../../src/index.js';
import type { Declaration } from '../../src/index.js';
import { loadFixture } from '../_helpers/fixtures.js';

const base = loadFixture('declarations/us-ocean.json');

/** A past T-shirt declaration: `value` USD for 1,000 pieces of 180 kg. */
function past(id: string, day: number, value: number, overrides: Record<string, unknown> = {}): Declaration {
  const line = (base['lines'] as Record<string, unknown>[])[0];
  return parseDeclaration({
    ...base,
    id,
    lodgedAt: `2024-01-${String(day).padStart(2, '0')}T10:00:00Z`,
    lines: [{ ...line, quantity: 1000, netMassKg: 180, customsValue: value }],
    ...overrides,
  });
}

const history = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => ({ record: past(`H${n}`, n, n * 1000), label: { fraud: n === 4 } }));

describe('buildReferenceData', () => {
  test('computes HS6 unit-value and value-per-kg medians and percentiles', () => {
    const reference = buildReferenceData(history);
    const norm = reference.hs6.get('610910');
    expect(norm?.unitValue).toMatchObject({ unit: 'PCE', count: 10, median: 5.5 });
    expect(norm?.unitValue?.p5).toBeCloseTo(1.45, 12);
    expect(norm?.unitValue?.p95).toBeCloseTo(9.55, 12);
    expect(norm?.valuePerKg?.median).toBeCloseTo(5500 / 180, 10);
    expect(norm?.kgPerUnit).toMatchObject({ unit: 'PCE', median: 0.18 });
    expect(reference.hs6Origin.get('610910:BD')?.unitValue?.median).toBe(5.5);
    expect(reference.chapters.get('61')?.valuePerKg?.count).toBe(10);
    expect(reference.currency).toBe('USD');
    expect(reference.builtFrom).toEqual({
      declarations: 10,
      lines: 10,
      withOutcome: 10,
      otherCurrencyLines: 0,
      from: '2024-01-01T10:00:00.000Z',
      to: '2024-01-10T10:00:00.000Z',
    });
  });

  test('drops norms with fewer observations than minCount', () => {
    const reference = buildReferenceData(history.slice(0, 4));
    expect(reference.hs6.size).toBe(0);
    expect(buildReferenceData(history.slice(0, 4), { minCount: 4 }).hs6.get('610910')?.unitValue?.count).toBe(4);
  });

  test('keeps lines in another currency out of the value norms but in the importer profile', () => {
    const euro = past('E1', 11, 50, { currency: 'EUR' });
    const reference = buildReferenceData([...history, { record: euro }]);
    expect(reference.builtFrom.otherCurrencyLines).toBe(1);
    expect(reference.hs6.get('610910')?.unitValue?.count).toBe(10);
    expect(reference.importers.get('IMP-US-3301')?.declarationTimes).toHaveLength(11);
  });

  test('profiles importers: declaration times, chapters first seen and dated findings', () => {
    const profile = buildReferenceData(history).importers.get('IMP-US-3301');
    expect(profile?.declarationTimes).toHaveLength(10);
    expect([...(profile?.chapters ?? new Map()).entries()]).toEqual([['61', Date.parse('2024-01-01T10:00:00Z')]]);
    expect(profile?.findingTimes).toEqual([Date.parse('2024-01-04T10:00:00Z')]);
    expect(profile?.outcomeTimes).toHaveLength(10);
  });

  test('does not depend on the order of the history', () => {
    const forward = serializeReferenceData(buildReferenceData(history));
    const backward = serializeReferenceData(buildReferenceData([...history].reverse()));
    expect(backward).toBe(forward);
  });
});

describe('serializeReferenceData / parseReferenceData', () => {
  test('round-trips to identical bytes', () => {
    const text = serializeReferenceData(buildReferenceData(history));
    const parsed = parseReferenceData(text);
    expect(parsed.hs6.get('610910')?.unitValue?.median).toBe(5.5);
    expect(parsed.importers.get('IMP-US-3301')?.findingTimes).toEqual([Date.parse('2024-01-04T10:00:00Z')]);
    expect(serializeReferenceData(parsed)).toBe(text);
  });

  test('rejects a tampered file naming the field', () => {
    const json = JSON.parse(serializeReferenceData(buildReferenceData(history))) as Record<string, unknown>;
    json['hs6'] = { '610910': { valuePerKg: { count: 1, p5: 1, median: 'cheap', p95: 3 } } };
    expect(() => parseReferenceData(json)).toThrow(InputError);
    expect(() => parseReferenceData(json)).toThrow(/hs6\.610910\.valuePerKg\.median/);
    expect(() => parseReferenceData('{not json')).toThrow(/not valid JSON/);
    expect(() => parseReferenceData({ ...json, hs6: { __proto__x: {} } })).toThrow(/reference data/);
  });
});
