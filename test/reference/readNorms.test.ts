import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { readNorms } from '../../src/reference/_lib/readNorms.js';
import { NORM_KEYS, referenceFileSchema } from '../../src/reference/_lib/referenceFileSchema.js';

// The full schema's norm record, taken from the definition itself.
const hs6Schema = referenceFileSchema.shape.hs6 as z.ZodType;

const stats = { count: 12, p5: 1.5, median: 2, p95: 9.25 };
const unit = { unit: 'PCE', ...stats };

/** A stats object with one field replaced (or removed, for `undefined`). */
function withField(base: Record<string, unknown>, field: string, value: unknown): Record<string, unknown> {
  const out = { ...base };
  if (value === undefined) delete out[field];
  else out[field] = value;
  return out;
}

const NUMBERS: unknown[] = [0, -0, 1.5, -2, 2 ** 53 - 1, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, '1', null, undefined, [1], {}];

function normVariants(): unknown[] {
  const variants: unknown[] = [
    {},
    { unitValue: unit },
    { valuePerKg: stats },
    { kgPerUnit: unit },
    { kgPerUnit: unit, valuePerKg: stats, unitValue: unit },
    { unitValue: unit, extra: 1 },
    { unitValue: undefined },
    { valuePerKg: unit },
    { unitValue: stats },
    { unitValue: { ...unit, unit: '' } },
    { unitValue: { ...unit, unit: 'x'.repeat(16) } },
    { unitValue: { ...unit, unit: 'x'.repeat(17) } },
    { unitValue: { ...unit, unit: 3 } },
    { valuePerKg: { p95: 9, median: 2, p5: 1, count: 3 } },
    Object.assign(Object.create(null) as object, { valuePerKg: stats }),
    { valuePerKg: Object.assign(Object.create(null) as object, stats) },
    null,
    [],
    'norm',
  ];
  for (const field of ['count', 'p5', 'median', 'p95']) {
    for (const value of NUMBERS) variants.push({ valuePerKg: withField(stats, field, value) }, { kgPerUnit: withField(unit, field, value) });
  }
  const hidden = { ...stats };
  Object.defineProperty(hidden, 'note', { value: 1, enumerable: false });
  variants.push({ valuePerKg: hidden });
  const symbol = { ...stats, [Symbol('x')]: 1 };
  variants.push({ valuePerKg: symbol });
  class Stats {
    count = 1;
    p5 = 1;
    median = 1;
    p95 = 1;
  }
  variants.push({ valuePerKg: new Stats() });
  return variants;
}

describe('readNorms', () => {
  test('accepts a norm only when the full schema does, and builds the very objects zod outputs', () => {
    const results = normVariants().map((norm) => {
      const record = { '610910': norm };
      const zod = hs6Schema.safeParse(record);
      const hand = readNorms(record, NORM_KEYS.hs6);
      return { norm, hand: hand !== undefined, zod: zod.success, same: hand === undefined || JSON.stringify(hand.get('610910')) === JSON.stringify((zod.data as Record<string, unknown> | undefined)?.['610910']) };
    });
    // Sound: nothing zod refuses gets through, and what gets through equals zod's output, keys in order.
    expect(results.filter((r) => r.hand && (!r.zod || !r.same))).toEqual([]);
    // Left to zod (which accepts them): only what JSON.parse cannot make.
    expect(results.filter((r) => !r.hand && r.zod).map((r) => r.norm)).toMatchInlineSnapshot(`
      [
        {
          "unitValue": undefined,
        },
        {
          "valuePerKg": {
            "count": 12,
            "median": 2,
            "p5": 1.5,
            "p95": 9.25,
          },
        },
        {
          "valuePerKg": {
            "count": 12,
            "median": 2,
            "p5": 1.5,
            "p95": 9.25,
            Symbol(x): 1,
          },
        },
        {
          "valuePerKg": Stats {
            "count": 1,
            "median": 1,
            "p5": 1,
            "p95": 1,
          },
        },
      ]
    `);
    expect(results.filter((r) => r.hand).length).toBeGreaterThan(15);
  });

  test('checks every key of the record against its pattern', () => {
    for (const key of ['61091', '6109100', 'abcdef', '610910:BD', '']) {
      const record = JSON.parse(`{${JSON.stringify(key)}: {}}`) as unknown;
      expect([key, readNorms(record, NORM_KEYS.hs6) !== undefined]).toEqual([key, hs6Schema.safeParse(record).success]);
    }
    // zod skips a `__proto__` key; the loop refuses it, and the full schema then reads the file.
    const proto = JSON.parse('{"__proto__": {}, "610910": {}}') as unknown;
    expect(readNorms(proto, NORM_KEYS.hs6)).toBeUndefined();
    expect(hs6Schema.safeParse(proto).success).toBe(true);
    expect(readNorms({ '610910:BD': {} }, NORM_KEYS.hs6Origin)?.get('610910:BD')).toEqual({});
    expect(readNorms({ 61: {} }, NORM_KEYS.chapters)?.has('61')).toBe(true);
  });

  test('returns the norms in key order', () => {
    const norms = readNorms({ '950300': { valuePerKg: stats }, '610910': {}, '847130': { unitValue: unit } }, NORM_KEYS.hs6);
    expect([...(norms?.keys() ?? [])]).toEqual(['610910', '847130', '950300']);
  });
});
