import { z } from 'zod';

// The on-disk shape of reference data: plain JSON, times as ISO 8601 strings, maps as sorted entries or as
// objects whose keys are checked (HS codes only), so that a file cannot smuggle `__proto__` keys.

/** Format tag written into every reference file. */
export const REFERENCE_FORMAT = 'customs-risk/reference-data';
/** Version of the file layout; bumped on incompatible changes. */
export const REFERENCE_FILE_VERSION = 1;

const MAX_ENTRIES = 2_000_000;
const finite = z.number().refine(Number.isFinite, 'expected a finite number');
const count = z.number().int().nonnegative();
const isoTime = z.iso.datetime({ offset: true });
const id = z.string().min(1).max(64);

const stats = z.strictObject({ count, p5: finite, median: finite, p95: finite });
const unitStats = z.strictObject({ unit: z.string().max(16), count, p5: finite, median: finite, p95: finite });
const norm = z.strictObject({ unitValue: unitStats.optional(), valuePerKg: stats.optional(), kgPerUnit: unitStats.optional() });

export const referenceFileSchema = z.strictObject({
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
  hs6: z.record(z.string().regex(/^\d{6}$/), norm),
  hs6Origin: z.record(z.string().regex(/^\d{6}:[A-Z]{2}$/), norm),
  chapters: z.record(z.string().regex(/^\d{2}$/), norm),
  importers: z
    .array(
      z.strictObject({
        id,
        declarationTimes: z.array(isoTime).max(MAX_ENTRIES),
        chapters: z.array(z.tuple([z.string().regex(/^\d{2}$/), isoTime])).max(100),
        outcomeTimes: z.array(isoTime).max(MAX_ENTRIES),
        findingTimes: z.array(isoTime).max(MAX_ENTRIES),
      }),
    )
    .max(MAX_ENTRIES),
  consignees: z.array(z.strictObject({ id, declarationTimes: z.array(isoTime).max(MAX_ENTRIES) })).max(MAX_ENTRIES),
});

/** The JSON shape of a reference data file. */
export type ReferenceFile = z.output<typeof referenceFileSchema>;
