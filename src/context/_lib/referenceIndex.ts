import type { HsNorm, ImporterProfile, ReferenceData } from '../../reference/ReferenceData.js';
import { createShortKeyIndex, type ShortKeyIndex } from '../../reference/_lib/shortKeyIndex.js';

// What deriveContext reads from reference data, laid out for one record after another: the reference's own
// Maps of plain objects are the public form, but reading them per record means a string hash and several
// scattered objects per lookup (a profile, its arrays, a Map of boxed chapter times). This index is built
// once per reference object and answers exactly as those Maps would (test/context/referenceIndex.test.ts):
//  - norms by number: HS6 code × 1024 + origin (two capital letters, 0–675; 1023 for the HS6-only norm),
//    in an open-addressing table of ints, with each norm's "HS 610910 from BD" basis text made once;
//  - chapter norms in an array by chapter number;
//  - importer and consignee profiles as runs of numbers in one Float64Array, found by a ShortKeyIndex.
// Only keys of the shapes above are indexed (all a validated record can ask for); a record asking for a key
// of another shape, and any profile that is not plain numbers, go to the Maps as before.

/** Index of one reference object; see `referenceIndex`. */
export interface ReferenceIndex {
  /** Entry of a norm key (`normKey`) in `norms` / `bases`, or -1. */
  findNorm(key: number): number;
  readonly norms: readonly (HsNorm | undefined)[];
  /** `HS 610910` or `HS 610910 from BD`, per entry of `norms`. */
  readonly bases: readonly string[];
  /** Chapter norms by chapter number (0–99), for the two-digit keys. */
  readonly chapterNorms: readonly (HsNorm | undefined)[];
  readonly importers: ShortKeyIndex;
  readonly consignees: ShortKeyIndex | null;
  /**
   * Importer runs: at offset `o` (the importer index's payload), [declarations n, outcome start, outcome n,
   * finding start, finding n, chapter start, chapter n], then the runs themselves; starts are absolute.
   * Chapters are (chapter number, first time) pairs. Consignee runs: [n, times…].
   */
  readonly store: Float64Array;
}

/** Payload of a profile the index does not hold as numbers: read it from the Map. */
export const IN_MAP = -2;
/** Origin slot of the HS6-only norm. */
const GENERAL = 1023;

/** The number of a six-digit string's first six characters, or -1 when they are not six digits. */
export function hs6Number(code: string): number {
  if (code.length < 6) return -1;
  let value = 0;
  for (let i = 0; i < 6; i++) {
    const digit = code.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** 0–675 for two capital letters (exactly), else -1. */
export function originNumber(origin: string): number {
  if (origin.length !== 2) return -1;
  const a = origin.charCodeAt(0) - 65;
  const b = origin.charCodeAt(1) - 65;
  return a >= 0 && a < 26 && b >= 0 && b < 26 ? a * 26 + b : -1;
}

/** 0–99 for exactly two digits, else -1. */
export function chapterNumber(chapter: string): number {
  if (chapter.length !== 2) return -1;
  const a = chapter.charCodeAt(0) - 48;
  const b = chapter.charCodeAt(1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** Key of the HS6 + origin norm (origin -1: the HS6-only norm); the HS6 number must be ≥ 0. */
export const normKey = (hs6: number, origin: number) => hs6 * 1024 + (origin < 0 ? GENERAL : origin);

const isNumbers = (values: unknown): values is ArrayLike<number> => {
  if (!Array.isArray(values)) return false;
  for (let i = 0; i < values.length; i++) if (typeof values[i] !== 'number') return false;
  return true;
};

function sameNumbers(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** Growable Float64Array. */
class Numbers {
  data = new Float64Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
  run(values: ArrayLike<number>): void {
    for (let i = 0; i < values.length; i++) this.push(values[i]!);
  }
}

/** Chapter numbers and times of a profile's chapters, or undefined when a key is not two digits or a time not a number. */
function chapterPairs(chapters: unknown): number[] | undefined {
  if (!(chapters instanceof Map)) return undefined;
  const pairs: number[] = [];
  for (const [chapter, time] of chapters as Map<unknown, unknown>) {
    const code = typeof chapter === 'string' ? chapterNumber(chapter) : -1;
    if (code < 0 || typeof time !== 'number') return undefined;
    pairs.push(code, time);
  }
  return pairs;
}

function addImporter(store: Numbers, profile: ImporterProfile | undefined): number {
  if (typeof profile !== 'object' || profile === null) return IN_MAP;
  const { declarationTimes, outcomeTimes, findingTimes } = profile;
  const pairs = chapterPairs(profile.chapters);
  if (!isNumbers(declarationTimes) || !isNumbers(outcomeTimes) || !isNumbers(findingTimes) || pairs === undefined) return IN_MAP;
  const at = store.length;
  for (let i = 0; i < 7; i++) store.push(0);
  const data = () => store.data;
  const declarationsAt = store.length;
  store.run(declarationTimes);
  // Profiles often share one list for two fields (read by readProfiles): one run for both.
  let outcomesAt = declarationsAt;
  if (!sameNumbers(outcomeTimes, declarationTimes)) {
    outcomesAt = store.length;
    store.run(outcomeTimes);
  }
  let findingsAt = outcomesAt;
  if (!sameNumbers(findingTimes, outcomeTimes)) {
    findingsAt = sameNumbers(findingTimes, declarationTimes) ? declarationsAt : store.length;
    if (findingsAt === store.length) store.run(findingTimes);
  }
  const chaptersAt = store.length;
  store.run(pairs);
  const header = [declarationTimes.length, outcomesAt, outcomeTimes.length, findingsAt, findingTimes.length, chaptersAt, pairs.length / 2];
  data().set(header, at);
  return at;
}

function build(reference: ReferenceData): ReferenceIndex {
  const keys: number[] = [];
  const norms: (HsNorm | undefined)[] = [];
  const bases: string[] = [];
  const add = (key: number, norm: HsNorm | undefined, basis: string) => {
    keys.push(key);
    norms.push(norm);
    // Flattened once here rather than as a concatenation per line.
    bases.push(basis.split('').join(''));
  };
  for (const [hs6, norm] of reference.hs6) {
    const code = hs6.length === 6 ? hs6Number(hs6) : -1;
    if (code >= 0) add(normKey(code, -1), norm, `HS ${hs6}`);
  }
  for (const [key, norm] of reference.hs6Origin) {
    const code = key.length === 9 && key.charCodeAt(6) === 58 ? hs6Number(key) : -1;
    const origin = code < 0 ? -1 : originNumber(key.slice(7));
    if (origin >= 0) add(normKey(code, origin), norm, `HS ${key.slice(0, 6)} from ${key.slice(7)}`);
  }
  // Open addressing over [key, entry] pairs, at most half full.
  let size = 4;
  while (size < keys.length * 2) size *= 2;
  const mask = size - 1;
  const table = new Int32Array(size * 2).fill(-1);
  const slotOf = (key: number) => (Math.imul(key, 0x9e3779b1) >>> 7) & mask;
  keys.forEach((key, entry) => {
    let slot = slotOf(key);
    while (table[2 * slot] !== -1 && table[2 * slot] !== key) slot = (slot + 1) & mask;
    table[2 * slot] = key;
    // A repeated key cannot occur (Map keys are distinct, and the two Maps' keys differ in shape).
    table[2 * slot + 1] = entry;
  });
  const findNorm = (key: number): number => {
    let slot = slotOf(key);
    for (;;) {
      const stored = table[2 * slot]!;
      if (stored === key) return table[2 * slot + 1]!;
      if (stored === -1) return -1;
      slot = (slot + 1) & mask;
    }
  };

  const chapterNorms: (HsNorm | undefined)[] = new Array<HsNorm | undefined>(100).fill(undefined);
  for (const [chapter, norm] of reference.chapters) {
    const code = chapterNumber(chapter);
    if (code >= 0) chapterNorms[code] = norm;
  }

  const store = new Numbers();
  const importerRows: [string, number[]][] = [];
  for (const [id, profile] of reference.importers) importerRows.push([id, [addImporter(store, profile)]]);
  const consigneeRows: [string, number[]][] = [];
  for (const [id, profile] of reference.consignees) {
    const times = (profile as { declarationTimes?: unknown } | undefined)?.declarationTimes;
    if (!isNumbers(times)) {
      consigneeRows.push([id, [IN_MAP]]);
      continue;
    }
    consigneeRows.push([id, [store.length]]);
    store.push(times.length);
    store.run(times);
  }
  return {
    findNorm,
    norms,
    bases,
    chapterNorms,
    importers: createShortKeyIndex(importerRows, 1),
    consignees: consigneeRows.length === 0 ? null : createShortKeyIndex(consigneeRows, 1),
    store: store.data.slice(0, store.length),
  };
}

const indexes = new WeakMap<ReferenceData, ReferenceIndex>();

/**
 * The index of a reference object, built on first use and kept as long as the object lives. Reference data
 * is immutable (its Maps are read-only by type): a Map changed after the first deriveContext is not seen.
 */
export function referenceIndex(reference: ReferenceData): ReferenceIndex {
  let index = indexes.get(reference);
  if (index === undefined) {
    index = build(reference);
    indexes.set(reference, index);
  }
  return index;
}

/** Number of entries of `data[from … from + n)` (ascending) strictly below `limit`, as `countBelow`. */
export function countBelowIn(data: Float64Array, from: number, n: number, limit: number): number {
  let low = from;
  let high = from + n;
  while (low < high) {
    const mid = (low + high) >>> 1;
    // NaN compares false, as `countBelow`'s hole-as-infinity does.
    if (data[mid]! < limit) low = mid + 1;
    else high = mid;
  }
  return low - from;
}
