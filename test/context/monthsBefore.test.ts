import { describe, expect, test } from 'vitest';
import { monthsBefore, monthsBeforeByCalendar } from '../../src/context/_lib/monthsBefore.js';

describe('monthsBefore', () => {
  test('clamps to the end of a shorter month, in UTC', () => {
    expect(new Date(monthsBefore(Date.parse('2024-03-31T23:59:59.999Z'), 1)).toISOString()).toBe('2024-02-29T23:59:59.999Z');
    expect(new Date(monthsBefore(Date.parse('2024-02-29T12:00:00Z'), 24)).toISOString()).toBe('2022-02-28T12:00:00.000Z');
    expect(new Date(monthsBefore(Date.parse('2025-01-15T00:00:00Z'), 13)).toISOString()).toBe('2023-12-15T00:00:00.000Z');
  });

  test('gives what the Date arithmetic gives for every day from 1899 to 2101, a month to four years back', () => {
    const differences: string[] = [];
    const start = Date.UTC(1899, 0, 1);
    for (let day = 0; day < 202 * 366; day += 1) {
      // A different time of day each day, milliseconds included.
      const time = start + day * 86_400_000 + ((day * 7_919_993) % 86_400_000);
      for (const months of [0, 1, 2, 11, 12, 13, 23, 24, 25, 48]) {
        if (monthsBefore(time, months) !== monthsBeforeByCalendar(time, months)) differences.push(`${new Date(time).toISOString()} - ${months}`);
      }
    }
    expect(differences).toEqual([]);
  });

  test('hands times outside the years 1000 to 9999 to the Date arithmetic, including its two-digit-year rule', () => {
    for (const time of [Date.UTC(2, 1, 28) - 1_000, Date.UTC(120, 2, 31), Date.UTC(999, 11, 31), Date.UTC(9999, 5, 30), 8.64e15, -8.64e15, Number.NaN, 1.5]) {
      expect(Object.is(monthsBefore(time, 24), monthsBeforeByCalendar(time, 24))).toBe(true);
    }
  });
});
