/** One feature's share of a model prediction (TreeSHAP), in probability units. */
export interface FeatureContribution {
  /** Feature id from the feature spec, e.g. `importer_finding_rate`. */
  readonly feature: string;
  /** Officer-language label, e.g. "importer's past finding rate". */
  readonly label: string;
  /** The feature's value for this record; null when missing. */
  readonly value: number | null;
  /** The value in words, e.g. "43 % over 120 declarations". */
  readonly formatted: string;
  /** Contribution to the probability; contributions + expectedValue = probability. */
  readonly shap: number;
}

/** A model prediction with its exact TreeSHAP decomposition. */
export interface ModelExplanation {
  readonly probability: number;
  /** Mean prediction over the training covers (the SHAP base value). */
  readonly expectedValue: number;
  /** One per feature, sorted by absolute contribution, largest first. */
  readonly contributions: readonly FeatureContribution[];
  readonly modelVersion: string;
  /** The goods line explained: a declaration scores as its riskiest line. Absent when not line-based. */
  readonly lineNumber?: number;
}
