import { addImporterRun, ProfileRunsBuilder, type StoredConsigneeProfiles, type StoredImporterProfiles } from './profileStore.js';
import { MAX_CHAPTERS, MAX_ENTRIES, MAX_ID_LENGTH, isoTime } from './referenceFileSchema.js';

// Hand-written checks of the importer and consignee entries, converting times to epoch ms as they go and
// storing them as runs of numbers (profileStore.ts), not as objects.
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

const NONE: readonly number[] = [];

/** Epoch ms of every time in `value`, ascending; undefined unless it is an array of at most `max` ISO times. */
function times(value: unknown, max: number): readonly number[] | undefined {
  if (!Array.isArray(value) || value.length > max) return undefined;
  for (const time of value as unknown[]) if (typeof time !== 'string' || !ISO_TIME.test(time)) return undefined;
  if (value.length === 0) return NONE;
  // map() sizes the array once and keeps it packed (a filled `new Array(n)` stays holey).
  return (value as string[]).map(epochMs).sort(ascending);
}

/** (chapter number, epoch ms) pairs; as `new Map(entries)`, a repeated chapter keeps its first place and last time. */
function chapters(value: unknown): number[] | undefined {
  if (!Array.isArray(value) || value.length > MAX_CHAPTERS) return undefined;
  const pairs: number[] = [];
  for (const pair of value as unknown[]) {
    if (!Array.isArray(pair) || pair.length !== 2) return undefined;
    const [chapter, time] = pair as unknown[];
    if (typeof chapter !== 'string' || !CHAPTER.test(chapter) || typeof time !== 'string' || !ISO_TIME.test(time)) return undefined;
    const code = (chapter.charCodeAt(0) - 48) * 10 + (chapter.charCodeAt(1) - 48);
    let k = 0;
    while (k < pairs.length && pairs[k] !== code) k += 2;
    pairs[k] = code;
    pairs[k + 1] = Date.parse(time);
  }
  return pairs;
}

/**
 * The importer profiles of a file's `importers` list (a repeated id keeps its last entry), or undefined
 * when an entry is not exactly as `importerEntrySchema` requires.
 */
export function readImporterProfiles(entries: readonly unknown[]): StoredImporterProfiles | undefined {
  if (entries.length > MAX_ENTRIES) return undefined;
  // About 15 numbers an importer in the bundled file (header, 2-3 chapters, 3 times): sized once.
  const builder = new ProfileRunsBuilder(entries.length * 16);
  for (const entry of entries) {
    if (!plainWithKeys(entry, IMPORTER_KEYS)) return undefined;
    const id = own(entry, 'id');
    if (!isId(id)) return undefined;
    const declarationTimes = times(own(entry, 'declarationTimes'), MAX_ENTRIES);
    const chapterTimes = chapters(own(entry, 'chapters'));
    const outcomeTimes = times(own(entry, 'outcomeTimes'), MAX_ENTRIES);
    const findingTimes = times(own(entry, 'findingTimes'), MAX_ENTRIES);
    if (declarationTimes === undefined || chapterTimes === undefined || outcomeTimes === undefined || findingTimes === undefined) return undefined;
    builder.set(id, addImporterRun(builder.runs, declarationTimes, outcomeTimes, findingTimes, chapterTimes));
  }
  return builder.importers();
}

/**
 * The consignee profiles of a file's `consignees` list (a repeated id keeps its last entry), or undefined
 * when an entry is not exactly as `consigneeEntrySchema` requires.
 */
export function readConsigneeProfiles(entries: readonly unknown[]): StoredConsigneeProfiles | undefined {
  if (entries.length > MAX_ENTRIES) return undefined;
  const builder = new ProfileRunsBuilder();
  for (const entry of entries) {
    if (!plainWithKeys(entry, CONSIGNEE_KEYS)) return undefined;
    const id = own(entry, 'id');
    if (!isId(id)) return undefined;
    const declarationTimes = times(own(entry, 'declarationTimes'), MAX_ENTRIES);
    if (declarationTimes === undefined) return undefined;
    builder.set(id, builder.addConsignee(declarationTimes));
  }
  return builder.consignees();
}
