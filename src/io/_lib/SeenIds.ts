/**
 * The declaration ids seen so far, for `duplicate_id`. Ids that are canonical whole numbers of up to 15
 * digits (the KCS ids, most customs reference numbers) are kept as numbers in an open-addressing table
 * on a Float64Array: exact (distinct canonical strings give distinct numbers, all exact in a double),
 * about 16 bytes per id, and nothing for the garbage collector to trace, where a `Set` of strings costs
 * about 1.5 µs per row on the intake hot path (measured). Every other id is kept in a `Set` of strings.
 */
export class SeenIds {
  private readonly numbers = new NumberSet();
  private readonly strings = new Set<string>();

  /** Kept so that the compiler cannot drop the reads of `touch`. */
  touched = 0;
  /** Scratch: numeric keys of a batch, and their hashes. */
  private keys = new Float64Array(1024);
  private hashes = new Int32Array(1024);

  /**
   * Records the ids in order, as `seen` on each would; returns the positions of those seen before
   * (earlier in the list or in an earlier call). Why a batch: with 1,000,000 ids the table is 16 MB and
   * each lookup a cache miss; in one tight loop over a batch the processor overlaps several of those
   * misses, where one lookup per row between the row's other work pays each in full.
   */
  seenMany(ids: readonly string[]): number[] {
    const count = ids.length;
    if (this.keys.length < count) {
      this.keys = new Float64Array(count * 2);
      this.hashes = new Int32Array(count * 2);
    }
    const keys = this.keys;
    const hashes = this.hashes;
    for (let i = 0; i < count; i++) keys[i] = numericKey(ids[i] ?? '');
    const repeated: number[] = [];
    const numbers = this.numbers;
    this.touched = numbers.touch(keys, hashes, count);
    for (let i = 0; i < count; i++) {
      const key = keys[i] ?? -1;
      if (key === -1) {
        const id = ids[i] ?? '';
        if (this.strings.has(id)) repeated.push(i);
        else this.strings.add(id);
      } else if (!numbers.addHashed(key, hashes[i] ?? 0)) repeated.push(i);
    }
    return repeated;
  }

  /**
   * Makes room for about `count` more numeric ids at once, so that the table is not grown (and every id
   * re-inserted, each a cache miss) again and again on the way to its final size. Only a speed-up.
   */
  reserve(count: number): void {
    this.numbers.reserve(count);
  }

  /** Records `id`; returns true when it was seen before. */
  seen(id: string): boolean {
    const key = numericKey(id);
    if (key === -1) {
      if (this.strings.has(id)) return true;
      this.strings.add(id);
      return false;
    }
    return !this.numbers.add(key);
  }
}

function numericKey(id: string): number {
  const length = id.length;
  if (length === 0 || length > 15 || (id.charCodeAt(0) === 48 && length > 1)) return -1;
  let value = 0;
  for (let i = 0; i < length; i++) {
    const c = id.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    value = value * 10 + (c - 48);
  }
  return value;
}

/** Marks an empty slot; ids are never negative. */
const EMPTY = -1;

/** A set of non-negative whole numbers below 2^53, linear probing, grown at half load. */
class NumberSet {
  private table = new Float64Array(1 << 12).fill(EMPTY);
  private mask = (1 << 12) - 1;
  private size = 0;

  /**
   * Reads the home slot of each key, in a loop of independent loads that the processor runs several
   * at a time, so that `add` then finds those table lines in the cache. Only a speed-up: `add` decides.
   */
  touch(keys: Float64Array, hashes: Int32Array, count: number): number {
    const table = this.table;
    const mask = this.mask;
    let sum = 0;
    for (let i = 0; i < count; i++) {
      const key = keys[i] ?? -1;
      if (key === -1) continue;
      // The hash is kept for `addHashed`: computed once per key.
      const h = hash(key);
      hashes[i] = h;
      sum += table[h & mask] ?? 0;
    }
    return sum;
  }

  /** Adds `value`; returns false when it was already there. */
  add(value: number): boolean {
    return this.addHashed(value, hash(value));
  }

  /** `add`, with `hash(value)` already computed. */
  addHashed(value: number, h: number): boolean {
    let slot = h & this.mask;
    for (;;) {
      const held = this.table[slot];
      if (held === EMPTY) break;
      if (held === value) return false;
      slot = (slot + 1) & this.mask;
    }
    this.table[slot] = value;
    if (++this.size * 2 > this.table.length) this.grow();
    return true;
  }

  /** Grows the table now to hold `count` more values at under half load. */
  reserve(count: number): void {
    const needed = (this.size + count) * 2;
    if (needed <= this.table.length) return;
    let length = this.table.length;
    while (length < needed) length *= 2;
    this.grow(length);
  }

  private grow(length = this.table.length * 2): void {
    const old = this.table;
    this.table = new Float64Array(length).fill(EMPTY);
    this.mask = this.table.length - 1;
    for (const value of old) {
      if (value === EMPTY) continue;
      let slot = hash(value) & this.mask;
      while (this.table[slot] !== EMPTY) slot = (slot + 1) & this.mask;
      this.table[slot] = value;
    }
  }
}

/** Mixes both 32-bit halves of the number so that sequential ids spread over the table. */
function hash(value: number): number {
  const low = value >>> 0;
  const high = Math.floor(value / 4294967296) >>> 0;
  let h = Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  // Kept as a signed 32-bit integer (a small integer in V8, fits an Int32Array); only its low bits are used.
  return h ^ (h >>> 16);
}
