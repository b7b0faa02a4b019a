import { describe, expect, test } from 'vitest';
import { apportion } from '../../src/scoring/_lib/apportion.js';

describe('apportion', () => {
  test('rounds each share to the nearest integer when the rounded shares already add up', () => {
    expect(apportion([12.4, -3.4, 1.0], 10)).toEqual([12, -3, 1]);
  });

  test('settles a shortfall on the shares that lost most to rounding', () => {
    // 3.4 + 3.4 + 3.2 = 10, rounded 3 + 3 + 3 = 9: the first 3.4 (earliest of the largest losses) gets the unit.
    expect(apportion([3.4, 3.4, 3.2], 10)).toEqual([4, 3, 3]);
  });

  test('settles an excess on the shares that gained most from rounding', () => {
    expect(apportion([2.5, 2.5, -5.2], 0)).toEqual([2, 3, -5]);
  });

  test('returns integers adding up to the total for many random share sets', () => {
    let state = 7;
    const next = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296) * 40 - 20;
    for (let run = 0; run < 1000; run += 1) {
      const shares = Array.from({ length: 1 + (run % 12) }, next);
      const total = Math.round(shares.reduce((sum, share) => sum + share, 0)) + 0;
      const result = apportion(shares, total);
      expect(result.reduce((sum, value) => sum + value, 0)).toBe(total);
      result.forEach((value, index) => expect(Math.abs(value - (shares[index] as number))).toBeLessThan(1.5));
    }
  });
});
