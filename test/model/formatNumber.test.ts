import { describe, expect, test } from 'vitest';
import { formatNumber } from '../../src/model/_lib/featureRegistry.js';

const intl = [0, 1, 2].map((digits) => new Intl.NumberFormat('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 }));

describe('formatNumber', () => {
  test('writes numbers exactly as Intl en-US does, integers included, for 0, 1 and 2 fraction digits', () => {
    const values = [0, -0, 1, -1, 999, 1000, -1000, 12_345, 999_999, 1_000_000, 123_456_789, 2 ** 31, 2 ** 53 - 1, 999_999_999_999_999, 1e15, 1e16, 1e21, 1e22, -(2 ** 40)];
    values.push(0.5, 1.5, 2.5, -2.5, 1.005, 0.045, 1234.5678, 1e-7, -1e-7, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY);
    // Integers of every length and some of everything else, deterministic.
    let x = 1;
    for (let i = 0; i < 20_000; i++) {
      x = (x * 48_271) % 2_147_483_647;
      values.push(x % 10 ** (1 + (i % 16)), -(x % 10 ** (1 + (i % 9))), x / 997, (x % 1000) / 8);
    }
    const differences: string[] = [];
    for (const value of values) {
      for (const digits of [0, 1, 2]) {
        const expected = intl[digits]!.format(value);
        if (formatNumber(value, digits) !== expected) differences.push(`${value} (${digits}): ${formatNumber(value, digits)} ≠ ${expected}`);
      }
    }
    expect(differences.slice(0, 5)).toEqual([]);
  });
});
