import { describe, expect, test } from 'vitest';
import { SeenIds } from '../../src/io/_lib/SeenIds.js';

describe('SeenIds', () => {
  test('reports an id the second time it is seen, numeric or not', () => {
    const seen = new SeenIds();
    expect(['97061800', 'DEC-1', '97061800', 'DEC-1', '97061801'].map((id) => seen.seen(id))).toEqual([false, false, true, true, false]);
  });

  test('keeps ids that differ only by leading zeros or length apart', () => {
    const seen = new SeenIds();
    expect(['7', '07', '007', '0', '00', '999999999999999', '9999999999999999', '999999999999999'].map((id) => seen.seen(id))).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      true,
    ]);
  });

  test('stays exact while its table grows to hold 100,000 ids', () => {
    const seen = new SeenIds();
    for (let i = 0; i < 100_000; i++) expect(seen.seen(String(4_000_000_000 + i * 7919))).toBe(false);
    let repeats = 0;
    for (let i = 0; i < 100_000; i += 97) if (seen.seen(String(4_000_000_000 + i * 7919))) repeats++;
    expect(repeats).toBe(Math.ceil(100_000 / 97));
  });

  test('stays exact when its table is sized in advance, before and after ids were added, and in batches', () => {
    const seen = new SeenIds();
    expect(seen.seenMany(['5', 'A-1', '6'])).toEqual([]);
    seen.reserve(50_000);
    const ids = Array.from({ length: 60_000 }, (_, i) => String(9_000_000_000 + i * 104_729));
    expect(seen.seenMany(ids.slice(0, 30_000))).toEqual([]);
    seen.reserve(10);
    // Repeats within one batch and from earlier batches, numeric and not.
    expect(seen.seenMany([...ids.slice(30_000), ids[0] ?? '', '5', 'A-1', ids[59_999] ?? '', '7'])).toEqual([30_000, 30_001, 30_002, 30_003]);
    expect(seen.seen('6')).toBe(true);
    expect(seen.seen('7')).toBe(true);
    expect(seen.seen('8')).toBe(false);
  });
});
