import { z } from 'zod';
import { HISTORY_KEYS } from '../FeatureSpec.js';

// The on-disk shape of a model file. Everything from outside is untrusted: sizes are bounded, feature ids
// must name registry entries (checked after parsing), and the forest arrays carry a checksum.

/** Format tag written into every model file. */
export const MODEL_FORMAT = 'customs-risk/model';
/** Version of the file layout; bumped on incompatible changes. */
export const MODEL_FILE_VERSION = 1;

const count = z.number().int().nonnegative();
const finite = z.number().refine(Number.isFinite, 'expected a finite number');
const base64 = z.string().max(400_000_000).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64');

/** Most entries of one history encoder. */
export const MAX_ENCODER_ENTRIES = 10_000_000;
/** Longest key value of an encoder entry. */
export const MAX_ENCODER_VALUE_LENGTH = 64;

/** One encoder entry: `[value, declarations, findings]`. */
export const encoderEntrySchema = z.tuple([z.string().max(MAX_ENCODER_VALUE_LENGTH), count, count]);

const encoderShape = {
  key: z.enum(HISTORY_KEYS),
  prior: z.number().min(0).max(1),
  smoothing: z.number().positive().max(1e6),
};
const encoder = z.strictObject({ ...encoderShape, entries: z.array(encoderEntrySchema).max(MAX_ENCODER_ENTRIES) });
// The encoders' entries are the bulk of a model file (tens of thousands of tuples): zod would copy every
// one. The shell leaves them unchecked; loadModel checks them with a loop proven equal to
// `encoderEntrySchema` (test/model/modelFileSchema.test.ts) and falls back to the full schema for the issues.
const looseEncoder = z.strictObject({ ...encoderShape, entries: z.array(z.unknown()).max(MAX_ENCODER_ENTRIES) });

const topMetrics = z.strictObject({
  share: finite,
  selected: count,
  precision: finite,
  recall: finite,
  revenue: finite.nullable(),
});
const rankingMetrics = z.strictObject({
  rows: count,
  positives: count,
  auc: finite.nullable(),
  top: z.array(topMetrics).max(16),
  calibration: z.array(
    z.strictObject({ from: finite, to: finite, rows: count, meanPredicted: finite, observedRate: finite.nullable() }),
  ).max(100),
});

function fileSchema<E extends z.ZodType>(encoderSchema: E) {
  return z.strictObject({
    format: z.literal(MODEL_FORMAT),
    formatVersion: z.number().int(),
    modelVersion: z.string().min(1).max(128),
    features: z.strictObject({
      features: z.array(z.string().max(64)).min(1).max(1000),
      encoders: z.array(encoderSchema).max(HISTORY_KEYS.length),
      folds: z.number().int().min(2).max(100),
    }),
    reference: z.unknown(),
    forest: z.strictObject({
      trees: z.number().int().min(1).max(100_000),
      nodes: z.number().int().min(1).max(50_000_000),
      features: z.number().int().min(1).max(1000),
      treeStarts: base64,
      feature: base64,
      threshold: base64,
      left: base64,
      missingRight: base64,
      value: base64,
      cover: base64,
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
    }),
    training: z.strictObject({
      trainer: z.enum(['histogram', 'ml-random-forest']),
      dataSha256: z.string().regex(/^[0-9a-f]{64}$/),
      declarations: count,
      rows: count,
      positives: count,
      from: z.string().nullable(),
      to: z.string().nullable(),
      seed: count,
      options: z.strictObject({
        trees: count,
        maxDepth: count,
        minSamplesLeaf: count,
        featuresPerSplit: z.union([z.number().positive(), z.literal('sqrt'), z.literal('log2')]),
        classWeight: z.union([z.literal('none'), z.literal('balanced'), z.tuple([z.number().positive(), z.number().positive()])]),
        maxBins: count,
        seed: count,
      }),
      smoothing: z.number().positive(),
      validation: z.strictObject({ all: rankingMetrics, novel: rankingMetrics.nullable() }).nullable(),
    }),
  });
}

/** The whole model file, every field checked: the definition, and what reports the issues of a bad file. */
export const modelFileSchema = fileSchema(encoder);

/**
 * The model file with the encoders' entries left unchecked (and uncopied); everything else is checked as by
 * `modelFileSchema`. Only valid together with `encoderEntriesValid`.
 */
export const modelShellSchema = fileSchema(looseEncoder);

/**
 * True when every entry is exactly what `encoderEntrySchema` accepts: a 3-element array of a string of at
 * most 64 characters and two non-negative safe integers (zod's `int()`). A plain loop over the entries,
 * without the copy and per-value result objects of a zod parse.
 */
export function encoderEntriesValid(entries: readonly unknown[]): boolean {
  if (entries.length > MAX_ENCODER_ENTRIES) return false;
  for (const entry of entries) {
    if (!Array.isArray(entry) || entry.length !== 3) return false;
    const value: unknown = entry[0];
    const declarations: unknown = entry[1];
    const findings: unknown = entry[2];
    if (typeof value !== 'string' || value.length > MAX_ENCODER_VALUE_LENGTH) return false;
    if (!Number.isSafeInteger(declarations) || (declarations as number) < 0) return false;
    if (!Number.isSafeInteger(findings) || (findings as number) < 0) return false;
  }
  return true;
}

/** A model file as parsed (before the forest is decoded). */
export type ModelFile = z.output<typeof modelFileSchema>;
