// An exact-match index from short strings to rows of numbers, on one typed array. Built for the per-record
// lookups of the batch (importer profiles, the model's history encoders): a Map<string, …> costs a hash of
// the freshly parsed key (a call into the runtime), then a bucket, an entry and the stored key string, each
// likely a cache miss on tables of ~13,000 ids; here the key is packed into one exact number as its
// characters are read, and key and payload sit side by side in one row: one miss per lookup.
//
// Packable keys: 1 to 7 characters, each with a code from 1 to 127 (party ids, HS codes, country codes …).
// Their packed value is the base-128 number of the codes, which is < 2^49 (exact in a double) and differs
// for any two different packable keys (no digit is 0, so a longer key is always a larger number). Any other
// key goes to a plain Map, so the index answers exactly as a Map of all keys would.

/** Rows of numbers by short string key. */
export interface ShortKeyIndex {
  /** Numbers per row (after the key). */
  readonly width: number;
  /** Row storage: at offset `o` returned by `find`, the row's numbers are `data[o]`, …, `data[o + width - 1]`. */
  readonly data: Float64Array;
  /** Offset of the key's row in `data`, or -1 when the key is absent. */
  find(key: string): number;
}

const EMPTY = -1;
const TWO_32 = 4_294_967_296;

/** The packed value of a key, or -1 when it is not packable (empty, longer than 7, or a code of 0 or above 127). */
export function packShortKey(key: string): number {
  const n = key.length;
  if (n === 0 || n > 7) return -1;
  let packed = 0;
  for (let i = 0; i < n; i++) {
    const code = key.charCodeAt(i);
    if (code === 0 || code > 127) return -1;
    packed = packed * 128 + code;
  }
  return packed;
}

/** Slot of a packed value (murmur3's finalizer over its two 32-bit halves). */
function slotOf(packed: number, mask: number): number {
  let h = Math.imul((packed >>> 0) ^ Math.imul((packed / TWO_32) | 0, 0x9e3779b1), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) & mask;
}

/**
 * Indexes rows by key. `rows` gives each key's numbers (`width` of them); a repeated key keeps its last row,
 * as `new Map(entries)` does.
 */
export function createShortKeyIndex(rows: Iterable<readonly [string, ArrayLike<number>]>, width: number): ShortKeyIndex {
  const keys: string[] = [];
  const values: number[] = [];
  for (const [key, row] of rows) {
    keys.push(key);
    for (let j = 0; j < width; j++) values.push(row[j] ?? Number.NaN);
  }
  return createShortKeyIndexOf(keys, values, width);
}

/** `createShortKeyIndex` of parallel lists: key `i`'s row is `values[i * width …]` (no array per row). */
export function createShortKeyIndexOf(keys: readonly string[], values: ArrayLike<number>, width: number): ShortKeyIndex {
  const n = keys.length;
  const packedKeys = new Float64Array(n);
  let packable = 0;
  for (let i = 0; i < n; i++) {
    packedKeys[i] = packShortKey(keys[i]!);
    if (packedKeys[i]! >= 0) packable++;
  }
  // At most half full: a miss (an id the history never saw, common) stops at the first empty slot soon.
  let size = 4;
  while (size < packable * 2) size *= 2;
  const mask = size - 1;
  const stride = width + 1;
  const data = new Float64Array(size * stride).fill(EMPTY);
  const others = new Map<string, number>();
  // Rows of unpackable keys live after the slots, one per distinct key (its last row).
  const extra: number[] = [];
  for (let i = 0; i < n; i++) {
    const packed = packedKeys[i]!;
    if (packed < 0) {
      const key = keys[i]!;
      if (!others.has(key)) others.set(key, extra.length);
      extra[others.get(key)!] = i;
      continue;
    }
    let slot = slotOf(packed, mask);
    while (data[slot * stride] !== EMPTY && data[slot * stride] !== packed) slot = (slot + 1) & mask;
    data[slot * stride] = packed;
    for (let j = 0; j < width; j++) data[slot * stride + 1 + j] = values[i * width + j] ?? Number.NaN;
  }
  let table = data;
  if (extra.length > 0) {
    table = new Float64Array(data.length + extra.length * stride);
    table.set(data);
    extra.forEach((i, k) => {
      const at = data.length + k * stride;
      table[at] = Number.NaN;
      for (let j = 0; j < width; j++) table[at + 1 + j] = values[i * width + j] ?? Number.NaN;
      others.set(keys[i]!, at + 1);
    });
  }
  const hasOthers = others.size > 0;
  return {
    width,
    data: table,
    find(key: string): number {
      // Packing inline (not through packShortKey): this is the hot path of every lookup.
      const n = key.length;
      let packed = 0;
      if (n === 0 || n > 7) packed = -1;
      else {
        for (let i = 0; i < n; i++) {
          const code = key.charCodeAt(i);
          if (code === 0 || code > 127) {
            packed = -1;
            break;
          }
          packed = packed * 128 + code;
        }
      }
      if (packed < 0) return hasOthers ? (others.get(key) ?? -1) : -1;
      let slot = slotOf(packed, mask);
      for (;;) {
        const at = slot * stride;
        const stored = table[at]!;
        if (stored === packed) return at + 1;
        if (stored === EMPTY) return -1;
        slot = (slot + 1) & mask;
      }
    },
  };
}
