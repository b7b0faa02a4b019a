import { describe, expect, test } from 'vitest';
import { createShortKeyIndex, packShortKey } from '../../src/reference/_lib/shortKeyIndex.js';

/** The row of `key` as an array, or null when absent. */
function row(index: ReturnType<typeof createShortKeyIndex>, key: string): number[] | null {
  const at = index.find(key);
  return at < 0 ? null : Array.from(index.data.subarray(at, at + index.width));
}

describe('packShortKey', () => {
  test('packs 1 to 7 characters of codes 1 to 127 into distinct numbers and refuses anything else', () => {
    expect(packShortKey('A')).toBe(65);
    expect(packShortKey('AB')).toBe(65 * 128 + 66);
    expect(packShortKey('\u007f'.repeat(7))).toBe(128 ** 7 - 1);
    for (const key of ['', 'ABCDEFGH', 'Ü', 'A\u0000', '\u0080', '日本']) expect(packShortKey(key), JSON.stringify(key)).toBe(-1);
    // No digit is 0: a longer key is a larger number, never another key's.
    expect(packShortKey('\u0001\u0001')).toBeGreaterThan(packShortKey('\u007f'));
  });
});

describe('createShortKeyIndex', () => {
  test('finds every key with its row, short or long, and nothing else', () => {
    const keys = ['A', 'ABCDEFG', 'ABCDEFGH', 'Ünal', '', ' ', 'A\u0000B', 'IMP-LONG-IDENTIFIER'];
    const index = createShortKeyIndex(
      keys.map((key, i) => [key, [i, i / 2]]),
      2,
    );
    keys.forEach((key, i) => expect(row(index, key), JSON.stringify(key)).toEqual([i, i / 2]));
    for (const key of ['B', 'ABCDEF', 'ABCDEFg', 'ABCDEFGHI', 'Unal', '  ', 'A\u0000', 'IMP-LONG-IDENTIFIEr']) expect(index.find(key), JSON.stringify(key)).toBe(-1);
  });

  test('keeps the last row of a repeated key, as a Map does', () => {
    const index = createShortKeyIndex(
      [
        ['K', [1]],
        ['LONG-KEY-1', [2]],
        ['K', [3]],
        ['LONG-KEY-1', [4]],
      ],
      1,
    );
    expect([row(index, 'K'), row(index, 'LONG-KEY-1')]).toEqual([[3], [4]]);
  });

  test('answers -1 for any key when empty', () => {
    const index = createShortKeyIndex([], 1);
    expect([index.find('A'), index.find(''), index.find('LONG-KEY-1')]).toEqual([-1, -1, -1]);
  });

  test('finds each of 20,000 ids of a full table and none of 20,000 near misses', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => (i * 7919).toString(36).toUpperCase().padStart(7, '0'));
    const index = createShortKeyIndex(
      ids.map((id, i) => [id, [i]]),
      1,
    );
    ids.forEach((id, i) => {
      if (index.data[index.find(id)] !== i) throw new Error(`${id}: ${index.find(id)}`);
    });
    const misses = ids.filter((id) => index.find(`${id.slice(0, 6)}_`) >= 0 || (id.toLowerCase() !== id && index.find(id.toLowerCase()) >= 0));
    expect(misses).toEqual([]);
  });
});
