import { describe, expect, test } from 'vitest';
import { formatNumber } from '../../src/rules/_lib/formatters.js';

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
});
