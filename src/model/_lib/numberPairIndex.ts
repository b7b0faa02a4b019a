// An exact-match index from a pair of numbers to an int, on typed arrays: open addressing over a hash of
// the two doubles' bits. For the identical-consignment history (net mass, customs value): a Map of Maps
// costs about five cache misses per lookup (outer table, boxed key, inner map, its table, boxed key) on
// a table of ~15,000 entries; this costs two (slot, pair).

/** Pair → value lookups; -1 when the pair is absent. */
export interface NumberPairIndex {
  get(a: number, b: number): number;
}

const bits = new Float64Array(2);
const words = new Uint32Array(bits.buffer);

/** Same hash for +0 and -0 (adding 0 turns -0 into +0). Callers keep NaN out. */
function hashPair(a: number, b: number): number {
  bits[0] = a + 0;
  bits[1] = b + 0;
  let h = Math.imul(words[0]! ^ 0x9e3779b9, 0x85ebca6b) ^ words[1]!;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) ^ words[2]!;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) ^ words[3]!;
  return h ^ (h >>> 15);
}

/**
 * Indexes `[a, b, value]` triples; a repeated pair keeps the last value (as a Map would). Pairs compare
 * with `===` on both numbers, so +0 and -0 are the same key; pairs with NaN are left out (NaN never
 * equals itself: the caller handles those another way).
 */
export function createNumberPairIndex(triples: readonly (readonly [number, number, number])[]): NumberPairIndex {
  let size = 2;
  while (size < triples.length * 2) size *= 2;
  const mask = size - 1;
  const slots = new Int32Array(size).fill(-1);
  const pairs = new Float64Array(triples.length * 2);
  const values = new Int32Array(triples.length);
  let count = 0;
  for (const [a, b, value] of triples) {
    if (a !== a || b !== b) continue;
    let slot = hashPair(a, b) & mask;
    for (;;) {
      const k = slots[slot]!;
      if (k < 0) {
        pairs[2 * count] = a;
        pairs[2 * count + 1] = b;
        values[count] = value;
        slots[slot] = count;
        count += 1;
        break;
      }
      if (pairs[2 * k] === a && pairs[2 * k + 1] === b) {
        values[k] = value;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return {
    get(a: number, b: number): number {
      let slot = hashPair(a, b) & mask;
      for (;;) {
        const k = slots[slot]!;
        if (k < 0) return -1;
        if (pairs[2 * k] === a && pairs[2 * k + 1] === b) return values[k]!;
        slot = (slot + 1) & mask;
      }
    },
  };
}
