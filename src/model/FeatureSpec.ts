/** Parties and codes the model learns a history for: each gets a finding rate and a count feature. */
export const HISTORY_KEYS = ['importer', 'declarant', 'seller', 'hs6', 'origin', 'office', 'preference', 'mass_value'] as const;

/** A party or code the model keeps a history for. */
export type HistoryKey = (typeof HISTORY_KEYS)[number];

/**
 * A fitted history encoder: per key value, how many training declarations carried it and how many of those
 * had a finding. The finding rate is smoothed towards the overall rate:
 * (findings + smoothing × prior) / (declarations + smoothing).
 */
export interface HistoryEncoder {
  readonly key: HistoryKey;
  /** Finding rate over all training declarations. */
  readonly prior: number;
  /** Pseudo-declarations at the prior rate added to every key value. */
  readonly smoothing: number;
  /** `[value, declarations, findings]`, sorted by value. */
  readonly entries: readonly (readonly [string, number, number])[];
}

/**
 * The declarative feature specification stored in a model file: which features, in which column order,
 * and the fitted encoders they need. Every id names an entry of the feature registry (see docs/model.md).
 */
export interface FeatureSpec {
  /** Feature ids in column order. */
  readonly features: readonly string[];
  readonly encoders: readonly HistoryEncoder[];
  /** Folds used for out-of-fold encodings of the training rows. */
  readonly folds: number;
}
