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

const encoder = z.strictObject({
  key: z.enum(HISTORY_KEYS),
  prior: z.number().min(0).max(1),
  smoothing: z.number().positive().max(1e6),
  entries: z.array(z.tuple([z.string().max(64), count, count])).max(10_000_000),
});

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

export const modelFileSchema = z.strictObject({
  format: z.literal(MODEL_FORMAT),
  formatVersion: z.number().int(),
  modelVersion: z.string().min(1).max(128),
  features: z.strictObject({
    features: z.array(z.string().max(64)).min(1).max(1000),
    encoders: z.array(encoder).max(HISTORY_KEYS.length),
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

/** A model file as parsed (before the forest is decoded). */
export type ModelFile = z.output<typeof modelFileSchema>;
