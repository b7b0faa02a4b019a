import { describe, expect, test } from 'vitest';
import { formatNumber, toFixed } from '../../src/rules/_lib/formatters.js';

describe('formatNumber', () => {
  test('groups thousands with commas and keeps the requested decimals', () => {
    expect(formatNumber(38400.5, 2)).toBe('38,400.50');
    expect(formatNumber(1234567, 0)).toBe('1,234,567');
    expect(formatNumber(-1000, 0)).toBe('-1,000');
    expect(formatNumber(123456.789, 1)).toBe('123,456.8');
  });

  test('writes small whole numbers plainly, with no sign on zero', () => {
    expect(formatNumber(999, 0)).toBe('999');
    expect(formatNumber(-42, 0)).toBe('-42');
    expect(formatNumber(-0, 0)).toBe('0');
    expect(formatNumber(-0.004, 2)).toBe('0.00');
    expect(formatNumber(999.6, 0)).toBe('1,000');
  });

  test('writes decimals as Number.prototype.toFixed does, ties and near-ties included', () => {
    // Seeded values over every magnitude the fast path takes and beyond, amounts in cents, exact halves and
    // their neighbours: the text must be toFixed's for every digit count.
    let seed = 20240321;
    const random = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed / 4294967296;
    };
    const values: number[] = [0, 0.5, 1.5, 2.5, 0.125, 0.005, 1.005, 1.045, 8.345, 999_999_999.995, 1e9, 1e9 - 0.5, 1e21, 5e-7, Number.MIN_VALUE, Number.NaN, Number.POSITIVE_INFINITY];
    for (let i = 0; i < 20_000; i += 1) {
      values.push(random() * 10 ** Math.floor(random() * 12 - 3));
      values.push(Math.round(random() * 1e7) / 100);
      const half = (Math.floor(random() * 1e6) + 0.5) / 10 ** Math.floor(random() * 7);
      values.push(half, half * (1 + Number.EPSILON), half * (1 - Number.EPSILON));
    }
    let differing = 0;
    for (const value of values) for (let digits = 0; digits <= 6; digits += 1) if (toFixed(value, digits) !== value.toFixed(digits)) differing += 1;
    expect(differing).toBe(0);
  });
});
