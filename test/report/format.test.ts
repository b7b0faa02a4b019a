import { describe, expect, test } from 'vitest';
import { formatNumber, formatPoints, formatTimestamp } from '../../src/report/_lib/format.js';

describe('formatNumber', () => {
  test('groups thousands, rounds to the given decimals and drops trailing zeros, without the host locale', () => {
    expect(formatNumber(1234567.891)).toBe('1,234,567.89');
    expect(formatNumber(38400)).toBe('38,400');
    expect(formatNumber(2.5)).toBe('2.5');
    expect(formatNumber(-0.004)).toBe('0');
    expect(formatNumber(-12.345, 1)).toBe('-12.3');
    expect(formatNumber(999.996)).toBe('1,000');
    expect(formatNumber(-1500.5, 0)).toBe('-1,501');
    expect(formatNumber(1e-7)).toBe('0');
    expect(formatNumber(Number.NaN)).toBe('NaN');
  });
});

describe('formatPoints', () => {
  test('signs points and shows zero unsigned', () => {
    expect([20, -15, 7.25, 0, -0.001, 0.1 + 0.2].map((points) => formatPoints(points))).toEqual(['+20', '-15', '+7.25', '0', '0', '+0.3']);
  });
});

describe('formatTimestamp', () => {
  test('shows a Date in UTC to the minute and a string as given', () => {
    expect(formatTimestamp(new Date('2024-03-14T09:30:00+01:00'))).toBe('2024-03-14 08:30 UTC');
    expect(formatTimestamp('2024-03-14T09:30:00+01:00')).toBe('2024-03-14T09:30:00+01:00');
  });
});
