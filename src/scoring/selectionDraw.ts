/**
 * The random-selection draw of a record: a number in [0, 1) computed from the policy seed and the record id
 * alone, so that anyone can recompute and audit a random selection. It is FNV-1a (32 bit) over the UTF-8
 * bytes of `seed + ":" + id`, finished with MurmurHash3's fmix32 (FNV alone spreads ids that differ only in
 * their last character poorly), divided by 2^32.
 * @param seed The `policy.random.seed`.
 * @param id The record id.
 * @returns A number in [0, 1); the record is randomly selected for red when it is below the red rate, for
 * yellow when below red + yellow rates, for blue when below red + yellow + blue rates.
 * @example
 * selectionDraw('2026-Q4', 'DEC-1') //=> 0.4132… (always the same)
 */
export function selectionDraw(seed: string, id: string): number {
  let hash = 0x811c9dc5;
  const text = `${seed}:${id}`;
  for (let index = 0; index < text.length; index += 1) {
    let code = text.codePointAt(index) as number;
    if (code > 0xffff) index += 1;
    // UTF-8 encode the code point inline: no TextEncoder allocation per record.
    if (code < 0x80) {
      hash = Math.imul(hash ^ code, 0x01000193);
    } else if (code < 0x800) {
      hash = Math.imul(hash ^ (0xc0 | (code >> 6)), 0x01000193);
      hash = Math.imul(hash ^ (0x80 | (code & 0x3f)), 0x01000193);
    } else if (code < 0x10000) {
      if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd; // lone surrogate: encoded as U+FFFD, as TextEncoder does
      hash = Math.imul(hash ^ (0xe0 | (code >> 12)), 0x01000193);
      hash = Math.imul(hash ^ (0x80 | ((code >> 6) & 0x3f)), 0x01000193);
      hash = Math.imul(hash ^ (0x80 | (code & 0x3f)), 0x01000193);
    } else {
      hash = Math.imul(hash ^ (0xf0 | (code >> 18)), 0x01000193);
      hash = Math.imul(hash ^ (0x80 | ((code >> 12) & 0x3f)), 0x01000193);
      hash = Math.imul(hash ^ (0x80 | ((code >> 6) & 0x3f)), 0x01000193);
      hash = Math.imul(hash ^ (0x80 | (code & 0x3f)), 0x01000193);
    }
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 4294967296;
}
