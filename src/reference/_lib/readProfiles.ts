import type { ConsigneeProfile, ImporterProfile } from '../ReferenceData.js';
import { MAX_CHAPTERS, MAX_ENTRIES, MAX_ID_LENGTH, isoTime } from './referenceFileSchema.js';

// Hand-written checks of the importer and consignee entries, converting times to epoch ms as they go.
// zod would build a full copy of these lists (and a result object per value) before anything is converted:
// on the bundled file, +16.6 MB of heap and most of the load time in every batch worker. The loops accept
// only what `importerEntrySchema` / `consigneeEntrySchema` accept (test/reference/readProfiles.test.ts);
// they may refuse more (an exotic object from a caller), and on any refusal the caller runs the zod schema,
// which reports the issues exactly as before.

/** The very pattern zod tests an ISO time against (taken from the schema, so the two cannot drift). */
const ISO_TIME: RegExp = (() => {
  const pattern = isoTime._zod.def.pattern;
  if (pattern === undefined || pattern.global || pattern.sticky) throw new Error('internal: zod ISO datetime pattern not found');
  return pattern;
})();
const CHAPTER = /^\d{2}$/;

const ascending = (a: number, b: number) => a - b;
const epochMs = (time: string) => Date.parse(time);

const IMPORTER_KEYS: readonly string[] = ['id', 'declarationTimes', 'chapters', 'outcomeTimes', 'findingTimes'];
const CONSIGNEE_KEYS: readonly string[] = ['id', 'declarationTimes'];

/** A plain object (as JSON.parse makes) whose enumerable keys are exactly `keys`. */
function plainWithKeys(value: unknown, keys: readonly string[]): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  let n = 0;
  // for…in over a plain object sees its own enumerable keys only (nothing enumerable on Object.prototype).
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key) || !keys.includes(key)) return false;
    n++;
  }
  return n === keys.length;
}

function own(value: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= MAX_ID_LENGTH;
}

// Profiles are immutable, so lists with the same times can be one array: most importers have no finding
// (one shared empty list), and where every declaration had an outcome the two lists are equal.
const NONE: readonly number[] = [];

/** Epoch ms of every time in `value`, ascending; undefined unless it is an array of at most `max` ISO times. */
function times(value: unknown, max: number): readonly number[] | undefined {
  if (!Array.isArray(value) || value.length > max) return undefined;
  for (const time of value as unknown[]) if (typeof time !== 'string' || !ISO_TIME.test(time)) return undefined;
  if (value.length === 0) return NONE;
  // map() sizes the array once and keeps it packed (a filled `new Array(n)` stays holey).
  return (value as string[]).map(epochMs).sort(ascending);
}

function same(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function chapters(value: unknown): Map<string, number> | undefined {
  if (!Array.isArray(value) || value.length > MAX_CHAPTERS) return undefined;
  const map = new Map<string, number>();
  for (const pair of value as unknown[]) {
    if (!Array.isArray(pair) || pair.length !== 2) return undefined;
    const [chapter, time] = pair as unknown[];
    if (typeof chapter !== 'string' || !CHAPTER.test(chapter) || typeof time !== 'string' || !ISO_TIME.test(time)) return undefined;
    // As `new Map(entries)`: a repeated chapter keeps its last time.
    map.set(chapter, Date.parse(time));
  }
  return map;
}

/**
 * The importer profiles of a file's `importers` list (a repeated id keeps its last entry), or undefined
 * when an entry is not exactly as `importerEntrySchema` requires.
 */
export function readImporterProfiles(entries: readonly unknown[]): Map<string, ImporterProfile> | undefined {
  if (entries.length > MAX_ENTRIES) return undefined;
  const profiles = new Map<string, ImporterProfile>();
  for (const entry of entries) {
    if (!plainWithKeys(entry, IMPORTER_KEYS)) return undefined;
    const id = own(entry, 'id');
    if (!isId(id)) return undefined;
    const declarationTimes = times(own(entry, 'declarationTimes'), MAX_ENTRIES);
    const chapterTimes = chapters(own(entry, 'chapters'));
    const outcomeTimes = times(own(entry, 'outcomeTimes'), MAX_ENTRIES);
    const findingTimes = times(own(entry, 'findingTimes'), MAX_ENTRIES);
    if (declarationTimes === undefined || chapterTimes === undefined || outcomeTimes === undefined || findingTimes === undefined) return undefined;
    profiles.set(id, {
      declarationTimes,
      chapters: chapterTimes,
      outcomeTimes: same(outcomeTimes, declarationTimes) ? declarationTimes : outcomeTimes,
      findingTimes: same(findingTimes, outcomeTimes) ? outcomeTimes : findingTimes,
    });
  }
  return profiles;
}

/**
 * The consignee profiles of a file's `consignees` list (a repeated id keeps its last entry), or undefined
 * when an entry is not exactly as `consigneeEntrySchema` requires.
 */
export function readConsigneeProfiles(entries: readonly unknown[]): Map<string, ConsigneeProfile> | undefined {
  if (entries.length > MAX_ENTRIES) return undefined;
  const profiles = new Map<string, ConsigneeProfile>();
  for (const entry of entries) {
    if (!plainWithKeys(entry, CONSIGNEE_KEYS)) return undefined;
    const id = own(entry, 'id');
    if (!isId(id)) return undefined;
    const declarationTimes = times(own(entry, 'declarationTimes'), MAX_ENTRIES);
    if (declarationTimes === undefined) return undefined;
    profiles.set(id, { declarationTimes });
  }
  return profiles;
}
