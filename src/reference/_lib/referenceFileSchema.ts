import { z } from 'zod';

// The on-disk shape of reference data: plain JSON, times as ISO 8601 strings, maps as sorted entries or as
// objects whose keys are checked (HS codes only), so that a file cannot smuggle `__proto__` keys.
// `referenceFileSchema` is the definition. The importer and consignee lists (over 100,000 times in the
// bundled file) and the norm records are checked by the hand-written loops of readProfiles.ts and
// readNorms.ts, which test/reference proves to accept only what these schemas accept; zod checks the rest
// through `referenceShellSchema`.

/** Format tag written into every reference file. */
export const REFERENCE_FORMAT = 'customs-risk/reference-data';
/** Version of the file layout; bumped on incompatible changes. */
export const REFERENCE_FILE_VERSION = 1;

/** Most importers, consignees, or times of one profile, a file may hold. */
export const MAX_ENTRIES = 2_000_000;
/** Most chapters of one importer profile. */
export const MAX_CHAPTERS = 100;
/** Longest party id. */
export const MAX_ID_LENGTH = 64;
/** Longest quantity unit of a norm. */
export const MAX_UNIT_LENGTH = 16;
/** Keys of the three norm records. */
export const NORM_KEYS = { hs6: /^\d{6}$/, hs6Origin: /^\d{6}:[A-Z]{2}$/, chapters: /^\d{2}$/ } as const;

const finite = z.number().refine(Number.isFinite, 'expected a finite number');
const count = z.number().int().nonnegative();
/** A time as written by `serializeReferenceData`: ISO 8601 with an offset (`Z` or `±hh:mm`). */
export const isoTime = z.iso.datetime({ offset: true });
const id = z.string().min(1).max(MAX_ID_LENGTH);
const chapter = z.string().regex(/^\d{2}$/);

const stats = z.strictObject({ count, p5: finite, median: finite, p95: finite });
const unitStats = z.strictObject({ unit: z.string().max(MAX_UNIT_LENGTH), count, p5: finite, median: finite, p95: finite });
const norm = z.strictObject({ unitValue: unitStats.optional(), valuePerKg: stats.optional(), kgPerUnit: unitStats.optional() });

/** One entry of `importers`. */
export const importerEntrySchema = z.strictObject({
  id,
  declarationTimes: z.array(isoTime).max(MAX_ENTRIES),
  chapters: z.array(z.tuple([chapter, isoTime])).max(MAX_CHAPTERS),
  outcomeTimes: z.array(isoTime).max(MAX_ENTRIES),
  findingTimes: z.array(isoTime).max(MAX_ENTRIES),
});

/** One entry of `consignees`. */
export const consigneeEntrySchema = z.strictObject({ id, declarationTimes: z.array(isoTime).max(MAX_ENTRIES) });

const shell = {
  format: z.literal(REFERENCE_FORMAT),
  version: z.literal(REFERENCE_FILE_VERSION),
  currency: z.string().regex(/^[A-Z]{3}$/),
  minCount: count,
  builtFrom: z.strictObject({
    declarations: count,
    lines: count,
    withOutcome: count,
    otherCurrencyLines: count,
    from: isoTime.nullable(),
    to: isoTime.nullable(),
  }),
};

/** The whole file, every field checked: the definition, and what reports the issues of a bad file. */
export const referenceFileSchema = z.strictObject({
  ...shell,
  hs6: z.record(z.string().regex(NORM_KEYS.hs6), norm),
  hs6Origin: z.record(z.string().regex(NORM_KEYS.hs6Origin), norm),
  chapters: z.record(z.string().regex(NORM_KEYS.chapters), norm),
  importers: z.array(importerEntrySchema).max(MAX_ENTRIES),
  consignees: z.array(consigneeEntrySchema).max(MAX_ENTRIES),
});

/**
 * The file with its norm records and its importer and consignee entries left unchecked (and uncopied):
 * everything else is checked as by `referenceFileSchema`. Only valid together with the hand-written checks.
 */
export const referenceShellSchema = z.strictObject({
  ...shell,
  hs6: z.unknown(),
  hs6Origin: z.unknown(),
  chapters: z.unknown(),
  importers: z.array(z.unknown()).max(MAX_ENTRIES),
  consignees: z.array(z.unknown()).max(MAX_ENTRIES),
});

/** The JSON shape of a reference data file. */
export type ReferenceFile = z.output<typeof referenceFileSchema>;
