import type { HsNorm, NormStats, ReferenceData, UnitNormStats } from '../../reference/ReferenceData.js';
import { chapterNumber, consigneeRuns, importerRuns, type ProfileRuns } from '../../reference/_lib/profileStore.js';
import { packShortKey } from '../../reference/_lib/shortKeyIndex.js';

export { chapterNumber, IN_MAP } from '../../reference/_lib/profileStore.js';

// What deriveContext reads from reference data, laid out for one record after another: the reference's own
// Maps of plain objects are the public form, but reading them per record means a string hash and several
// scattered objects per lookup (a profile, its arrays, a Map of boxed chapter times). This index is built
// once per reference object and answers exactly as those Maps would (test/context/referenceIndex.test.ts):
//  - norms by number: HS6 code × 1024 + origin (two capital letters, 0–675; 1023 for the HS6-only norm),
//    in an open-addressing table of ints, with each norm's "HS 610910 from BD" basis text made once;
//  - each norm's measures, medians and units also in arrays by entry, so that a line reads no norm object
//    (the objects are only handed on), and chapter value-per-kg norms in an array by chapter number;
//  - importer and consignee profiles as runs of numbers (profileStore.ts): loaded reference data holds
//    them so already; for Maps of objects (reference data built in memory) the runs are built here.
// Only keys of the shapes above are indexed (all a validated record can ask for); a record asking for a key
// of another shape, and any profile that is not plain numbers, go to the Maps as before.

/** Index of one reference object; see `referenceIndex`. */
export interface ReferenceIndex {
  /** Entry of a norm key (`normKey`) in `norms` / `bases`, or -1. */
  findNorm(key: number): number;
  readonly norms: readonly (HsNorm | undefined)[];
  /** `HS 610910` or `HS 610910 from BD`, per entry of `norms`. */
  readonly bases: readonly string[];
  /**
   * Per entry: 1 when its measures may be read from the arrays below (every measure absent or an object with
   * a number median, and a text unit for the unit measures); 0: read the norm object as the Maps give it.
   */
  readonly plain: Uint8Array;
  readonly unitValues: readonly (UnitNormStats | undefined)[];
  readonly valuesPerKg: readonly (NormStats | undefined)[];
  readonly kgPerUnits: readonly (UnitNormStats | undefined)[];
  /** Medians per entry (NaN where the measure is absent). */
  readonly unitValueMedians: Float64Array;
  readonly valuePerKgMedians: Float64Array;
  /** `unitCode` of the unit of each entry's unit measures (-1 where absent). */
  readonly unitValueUnits: Float64Array;
  readonly kgPerUnitUnits: Float64Array;
  /** `chapters.get(chapter)?.valuePerKg ?? null` by chapter number (0–99), for the two-digit keys. */
  readonly chapterValuePerKg: readonly (NormStats | null)[];
  /** Importer profiles as runs of numbers (layout in profileStore.ts); IN_MAP: read the Map. */
  readonly importers: ProfileRuns;
  /** Consignee profiles as runs; null when there are none. */
  readonly consignees: ProfileRuns | null;
}

/**
 * A number for a unit text that equals another unit's number only when the texts are equal: 0 for '', the
 * packed text when it packs (1–7 ASCII characters), else -1 (compare the texts themselves).
 */
export const unitCode = (unit: string) => (unit === '' ? 0 : packShortKey(unit));

const plainMeasure = (measure: unknown, unit: boolean) =>
  measure === undefined ||
  (typeof measure === 'object' && measure !== null && typeof (measure as NormStats).median === 'number' && (!unit || typeof (measure as UnitNormStats).unit === 'string'));

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


/** Key of the HS6 + origin norm (origin -1: the HS6-only norm); the HS6 number must be ≥ 0. */
export const normKey = (hs6: number, origin: number) => hs6 * 1024 + (origin < 0 ? GENERAL : origin);

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

  const chapterValuePerKg: (NormStats | null)[] = new Array<NormStats | null>(100).fill(null);
  for (const [chapter, norm] of reference.chapters) {
    const code = chapterNumber(chapter);
    if (code >= 0) chapterValuePerKg[code] = norm?.valuePerKg ?? null;
  }

  const n = norms.length;
  const plain = new Uint8Array(n);
  const unitValues: (UnitNormStats | undefined)[] = [];
  const valuesPerKg: (NormStats | undefined)[] = [];
  const kgPerUnits: (UnitNormStats | undefined)[] = [];
  const unitValueMedians = new Float64Array(n).fill(Number.NaN);
  const valuePerKgMedians = new Float64Array(n).fill(Number.NaN);
  const unitValueUnits = new Float64Array(n).fill(-1);
  const kgPerUnitUnits = new Float64Array(n).fill(-1);
  norms.forEach((norm, e) => {
    const isObject = typeof norm === 'object' && norm !== null;
    const unitValue = isObject ? norm.unitValue : undefined;
    const valuePerKg = isObject ? norm.valuePerKg : undefined;
    const kgPerUnit = isObject ? norm.kgPerUnit : undefined;
    unitValues.push(unitValue);
    valuesPerKg.push(valuePerKg);
    kgPerUnits.push(kgPerUnit);
    plain[e] = (norm === undefined || isObject) && plainMeasure(unitValue, true) && plainMeasure(valuePerKg, false) && plainMeasure(kgPerUnit, true) ? 1 : 0;
    if (plain[e] === 0) return;
    if (unitValue !== undefined) {
      unitValueMedians[e] = unitValue.median;
      unitValueUnits[e] = unitCode(unitValue.unit);
    }
    if (valuePerKg !== undefined) valuePerKgMedians[e] = valuePerKg.median;
    if (kgPerUnit !== undefined) kgPerUnitUnits[e] = unitCode(kgPerUnit.unit);
  });

  return {
    findNorm,
    norms,
    bases,
    plain,
    unitValues,
    valuesPerKg,
    kgPerUnits,
    unitValueMedians,
    valuePerKgMedians,
    unitValueUnits,
    kgPerUnitUnits,
    chapterValuePerKg,
    importers: importerRuns(reference.importers),
    consignees: reference.consignees.size === 0 ? null : consigneeRuns(reference.consignees),
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
