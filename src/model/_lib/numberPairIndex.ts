// An exact-match index from a pair of numbers to a row of numbers, on typed arrays: open addressing over a
// hash of the two doubles' bits. For the identical-consignment history (net mass, customs value): a Map of
// Maps costs about five cache misses per lookup (outer table, boxed key, inner map, its table, boxed key)
// on a table of ~15,000 entries; this costs two (slot, then the pair with its row).

/** Pair → row of numbers: the pair and its row side by side, so a hit reads one row after its slot. */
export interface NumberPairRows {
  /** Rows [a, b, payload…]; `find` gives the offset of a row's payload. */
  readonly data: Float64Array;
  /** Offset in `data` of the pair's payload, or -1 when the pair is absent. */
  find(a: number, b: number): number;
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
 * Indexes `[a, b, …payload]` rows (`width` payload numbers). A repeated pair keeps the last row (as a Map
 * would); pairs compare with `===` (+0 and -0 alike); pairs with NaN are left out (NaN never equals itself:
 * the caller asks for those another way).
 */
export function createNumberPairRows(rows: readonly (readonly number[])[], width: number): NumberPairRows {
  let size = 2;
  while (size < rows.length * 2) size *= 2;
  const mask = size - 1;
  const stride = 2 + width;
  const slots = new Int32Array(size).fill(-1);
  const data = new Float64Array(rows.length * stride);
  let count = 0;
  for (const row of rows) {
    const a = row[0]!;
    const b = row[1]!;
    if (a !== a || b !== b) continue;
    let slot = hashPair(a, b) & mask;
    let k = slots[slot]!;
    while (k >= 0 && !(data[k * stride] === a && data[k * stride + 1] === b)) {
      slot = (slot + 1) & mask;
      k = slots[slot]!;
    }
    if (k < 0) {
      k = count++;
      slots[slot] = k;
    }
    for (let j = 0; j < stride; j++) data[k * stride + j] = row[j] ?? Number.NaN;
  }
  return {
    data,
    find(a: number, b: number): number {
      let slot = hashPair(a, b) & mask;
      for (;;) {
        const k = slots[slot]!;
        if (k < 0) return -1;
        const at = k * stride;
        if (data[at] === a && data[at + 1] === b) return at + 2;
        slot = (slot + 1) & mask;
      }
    },
  };
}
