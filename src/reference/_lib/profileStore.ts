import type { ConsigneeProfile, ImporterProfile } from '../ReferenceData.js';
import { createShortKeyIndexOf, type ShortKeyIndex } from './shortKeyIndex.js';

// Importer and consignee profiles as runs of numbers in one Float64Array, found by a ShortKeyIndex. Loaded
// reference data keeps its profiles this way (parseReferenceData): tens of thousands of small objects,
// arrays and Maps of boxed times (~330 bytes an importer) become ~130 bytes of numbers, loading builds no
// objects, and deriveContext reads a profile from one or two cache lines. The public form, a ReadonlyMap of
// plain profile objects, is a view: `get` builds a profile on first request and keeps it.
//
// Importer run at offset `at`: [chapter n, declaration n, outcome start, outcome n, finding start,
// finding n], then the chapters as (chapter number 0–99, first time) pairs in the profile's Map order, then
// the declaration times and the outcome and finding times (starts absolute; a list equal to the one
// before it is stored once). Header and chapters first: deriveContext reads them for every line, and they
// then share the run's first cache line or two with the start of the times.
// Consignee run at `at`: [n, times…].

/** Payload of a profile the store does not hold as numbers (see `storeImporterProfiles`): read the Map. */
export const IN_MAP = -2;

/** Header size of an importer run; its fields, by offset from the run's start: */
export const IMPORTER_HEADER = 6;
export const CHAPTER_COUNT = 0;
export const DECLARATION_COUNT = 1;
export const OUTCOMES_AT = 2;
export const OUTCOME_COUNT = 3;
export const FINDINGS_AT = 4;
export const FINDING_COUNT = 5;

/** Growable Float64Array. */
export class NumberRuns {
  data: Float64Array;
  length = 0;
  /** @param capacity Numbers expected (grown by doubling when exceeded). */
  constructor(capacity = 4096) {
    this.data = new Float64Array(Math.max(16, capacity));
  }
  push(value: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = value;
  }
  run(values: ArrayLike<number>): void {
    while (this.length + values.length > this.data.length) this.grow();
    for (let i = 0; i < values.length; i++) this.data[this.length++] = values[i]!;
  }
  /** The numbers pushed: a view when the unused end is small, else a copy (the spare room is let go). */
  finish(): Float64Array {
    return this.data.length - this.length <= this.data.length / 8 ? this.data.subarray(0, this.length) : this.data.slice(0, this.length);
  }
  private grow(): void {
    const grown = new Float64Array(this.data.length * 2);
    grown.set(this.data);
    this.data = grown;
  }
}

function sameNumbers(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/**
 * Adds an importer run; `chapters` are (chapter number, time) pairs. Returns the run's offset.
 * Outcome and finding lists equal to the list before them are stored once.
 */
export function addImporterRun(
  runs: NumberRuns,
  declarationTimes: ArrayLike<number>,
  outcomeTimes: ArrayLike<number>,
  findingTimes: ArrayLike<number>,
  chapters: ArrayLike<number>,
): number {
  const at = runs.length;
  for (let i = 0; i < IMPORTER_HEADER; i++) runs.push(0);
  runs.run(chapters);
  const declarationsAt = runs.length;
  runs.run(declarationTimes);
  let outcomesAt = declarationsAt;
  if (!sameNumbers(outcomeTimes, declarationTimes)) {
    outcomesAt = runs.length;
    runs.run(outcomeTimes);
  }
  let findingsAt = outcomesAt;
  if (!sameNumbers(findingTimes, outcomeTimes)) {
    findingsAt = runs.length;
    runs.run(findingTimes);
  }
  const data = runs.data;
  data[at + CHAPTER_COUNT] = chapters.length / 2;
  data[at + DECLARATION_COUNT] = declarationTimes.length;
  data[at + OUTCOMES_AT] = outcomesAt;
  data[at + OUTCOME_COUNT] = outcomeTimes.length;
  data[at + FINDINGS_AT] = findingsAt;
  data[at + FINDING_COUNT] = findingTimes.length;
  return at;
}

/** 0–99 for exactly two digits, else -1. */
export function chapterNumber(chapter: string): number {
  if (chapter.length !== 2) return -1;
  const a = chapter.charCodeAt(0) - 48;
  const b = chapter.charCodeAt(1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

const CHAPTER_TEXT: readonly string[] = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));
const NONE: readonly number[] = [];
const list = (data: Float64Array, from: number, n: number): readonly number[] => (n === 0 ? NONE : Array.from(data.subarray(from, from + n)));

/** Profiles held as runs, by id: the parts deriveContext reads directly. */
export interface ProfileRuns {
  /** Id → [run offset] (or [IN_MAP]). */
  readonly index: ShortKeyIndex;
  readonly data: Float64Array;
}

/**
 * A read-only Map of profiles held as runs (`ProfileRuns`); each profile object is built on first `get` (or
 * iteration) and kept, so the same id always gives the same object. A Map subclass so that code testing
 * `instanceof Map` or comparing Maps keeps working; the inherited Map storage stays empty, and `set`,
 * `delete` and `clear` throw (reference data is immutable). `structuredClone` / `postMessage` would copy
 * that empty storage: send reference data between threads as its file text.
 */
abstract class StoredProfiles<P> extends Map<string, P> implements ProfileRuns {
  readonly #ids: readonly string[];
  readonly #built = new Map<string, P>();

  constructor(
    ids: readonly string[],
    readonly index: ShortKeyIndex,
    readonly data: Float64Array,
  ) {
    super();
    this.#ids = ids;
  }

  protected abstract build(at: number): P;

  override get size(): number {
    return this.#ids.length;
  }
  override has(id: string): boolean {
    return this.index.find(id) >= 0;
  }
  override get(id: string): P | undefined {
    let profile = this.#built.get(id);
    if (profile === undefined) {
      const found = this.index.find(id);
      if (found < 0) return undefined;
      profile = this.build(this.index.data[found]!);
      this.#built.set(id, profile);
    }
    return profile;
  }
  override *keys(): MapIterator<string> {
    yield* this.#ids;
  }
  override *values(): MapIterator<P> {
    for (const id of this.#ids) yield this.get(id)!;
  }
  override *entries(): MapIterator<[string, P]> {
    for (const id of this.#ids) yield [id, this.get(id)!];
  }
  override [Symbol.iterator](): MapIterator<[string, P]> {
    return this.entries();
  }
  override forEach(callback: (value: P, key: string, map: Map<string, P>) => void, thisArg?: unknown): void {
    for (const id of this.#ids) callback.call(thisArg, this.get(id)!, id, this);
  }
  /** What `console.log` / `util.inspect` show: the profiles as a plain Map (the inherited storage is empty). */
  [Symbol.for('nodejs.util.inspect.custom')](): Map<string, P> {
    return new Map(this);
  }
  override set(): this {
    throw new TypeError('reference data profiles are read-only');
  }
  override delete(): boolean {
    throw new TypeError('reference data profiles are read-only');
  }
  override clear(): void {
    throw new TypeError('reference data profiles are read-only');
  }
}

/** Importer profiles held as runs; see `StoredProfiles`. */
export class StoredImporterProfiles extends StoredProfiles<ImporterProfile> {
  protected build(at: number): ImporterProfile {
    const data = this.data;
    const chaptersAt = at + IMPORTER_HEADER;
    const chaptersEnd = chaptersAt + 2 * data[at + CHAPTER_COUNT]!;
    const declarationsAt = chaptersEnd;
    const n = data[at + DECLARATION_COUNT]!;
    const declarationTimes = list(data, declarationsAt, n);
    const outcomesAt = data[at + OUTCOMES_AT]!;
    const outcomes = data[at + OUTCOME_COUNT]!;
    const outcomeTimes = outcomesAt === declarationsAt && outcomes === n ? declarationTimes : list(data, outcomesAt, outcomes);
    const findingsAt = data[at + FINDINGS_AT]!;
    const findings = data[at + FINDING_COUNT]!;
    const findingTimes = findingsAt === outcomesAt && findings === outcomes ? outcomeTimes : list(data, findingsAt, findings);
    const chapters = new Map<string, number>();
    for (let k = chaptersAt; k < chaptersEnd; k += 2) chapters.set(CHAPTER_TEXT[data[k]!]!, data[k + 1]!);
    return { declarationTimes, chapters, outcomeTimes, findingTimes };
  }
}

/** Consignee profiles held as runs; see `StoredProfiles`. */
export class StoredConsigneeProfiles extends StoredProfiles<ConsigneeProfile> {
  protected build(at: number): ConsigneeProfile {
    return { declarationTimes: list(this.data, at + 1, this.data[at]!) };
  }
}

/** Builds the runs of profiles read one by one; a repeated id keeps its last profile (in its first place). */
export class ProfileRunsBuilder {
  readonly runs: NumberRuns;
  readonly #offsets = new Map<string, number>();

  /** @param capacity Numbers the runs are expected to take (the store grows by doubling past it). */
  constructor(capacity?: number) {
    this.runs = new NumberRuns(capacity);
  }

  /** Records `id` at the run offset `at` (from `addImporterRun`, or the builder's own `addConsignee`). */
  set(id: string, at: number): void {
    this.#offsets.set(id, at);
  }
  /** Adds a consignee run. */
  addConsignee(declarationTimes: ArrayLike<number>): number {
    const at = this.runs.length;
    this.runs.push(declarationTimes.length);
    this.runs.run(declarationTimes);
    return at;
  }
  importers(): StoredImporterProfiles {
    return new StoredImporterProfiles([...this.#offsets.keys()], this.#index(), this.runs.finish());
  }
  consignees(): StoredConsigneeProfiles {
    return new StoredConsigneeProfiles([...this.#offsets.keys()], this.#index(), this.runs.finish());
  }
  #index(): ShortKeyIndex {
    return createShortKeyIndexOf([...this.#offsets.keys()], [...this.#offsets.values()], 1);
  }
}

const isNumbers = (values: unknown): values is ArrayLike<number> => {
  if (!Array.isArray(values)) return false;
  for (let i = 0; i < values.length; i++) if (typeof values[i] !== 'number') return false;
  return true;
};

/** (chapter number, time) pairs of a profile's chapters, or undefined when a key is not two digits or a time not a number. */
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

/**
 * The runs of importer profiles held in a Map (reference data built in memory, or a caller's own): the
 * stored form's own runs when it is one; else runs built from the objects, with IN_MAP for a profile that
 * is not plain numbers (a chapter key not of two digits, a time not a number, a missing profile).
 */
export function importerRuns(profiles: ReadonlyMap<string, ImporterProfile>): ProfileRuns {
  if (profiles instanceof StoredImporterProfiles) return profiles;
  const builder = new ProfileRunsBuilder();
  for (const [id, profile] of profiles) {
    const chapters = typeof profile === 'object' && profile !== null ? chapterPairs(profile.chapters) : undefined;
    if (chapters === undefined || !isNumbers(profile.declarationTimes) || !isNumbers(profile.outcomeTimes) || !isNumbers(profile.findingTimes)) {
      builder.set(id, IN_MAP);
      continue;
    }
    builder.set(id, addImporterRun(builder.runs, profile.declarationTimes, profile.outcomeTimes, profile.findingTimes, chapters));
  }
  const { index, data } = builder.importers();
  return { index, data };
}

/** The runs of consignee profiles held in a Map; see `importerRuns`. */
export function consigneeRuns(profiles: ReadonlyMap<string, ConsigneeProfile>): ProfileRuns {
  if (profiles instanceof StoredConsigneeProfiles) return profiles;
  const builder = new ProfileRunsBuilder();
  for (const [id, profile] of profiles) {
    const times = (profile as { declarationTimes?: unknown } | undefined)?.declarationTimes;
    builder.set(id, isNumbers(times) ? builder.addConsignee(times) : IN_MAP);
  }
  const { index, data } = builder.consignees();
  return { index, data };
}
