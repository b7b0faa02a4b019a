/**
 * How probability maps to points. Both kinds are monotone (never decreasing), so a higher model probability
 * never gives fewer points. Model points are measured from the model's expected value (its average
 * prediction): a record the model finds exactly average gets 0 model points.
 */
export type ModelCalibration =
  | {
      /** `points(p) = pointsPerLogit × (logit(p) − logit(expected))`, p clamped to [epsilon, 1 − epsilon]. */
      readonly kind: 'logit';
      /** @default 10 */
      readonly pointsPerLogit?: number;
      /** Keeps forest probabilities of exactly 0 or 1 finite. @default 0.01 */
      readonly epsilon?: number;
    }
  | {
      /** Linear interpolation between knots `[probability, points]`; probabilities 0 and 1 must be knots. */
      readonly kind: 'piecewise';
      readonly knots: readonly (readonly [probability: number, points: number])[];
    };

/**
 * Lowest score of each lane: a score at or above `red` is red, at or above `yellow` yellow, at or above
 * `blue` (when given) blue, below them green. Thresholds must increase with the lane's severity; a threshold
 * above 100 means that lane is never reached by score alone.
 */
export interface LaneThresholds {
  /** Enables post-clearance audit: scores from here up to `yellow` go to the blue lane. @default undefined (no blue lane) */
  readonly blue?: number;
  /** @default 50 */
  readonly yellow?: number;
  /** @default 75 */
  readonly red?: number;
}

/**
 * Minimum random selection (the random rate of selectivity systems): a share of records is sent to a lane
 * whatever its score, so that compliance can be measured without the bias of the criteria.
 */
export interface RandomSelection {
  /** Mixed into the hash of the record id; change it to draw a new sample. */
  readonly seed: string;
  /** Share of all records (0–1) randomly selected for each lane; the rates together at most 1. @default {} */
  readonly rates: { readonly red?: number; readonly yellow?: number; readonly blue?: number };
}

/** The combination policy: every field is optional and falls back to the documented default. */
export interface ScoringPolicy {
  /** Points every record starts from, 0–100. @default 20 */
  readonly base?: number;
  /** @default { kind: 'logit', pointsPerLogit: 10, epsilon: 0.01 } */
  readonly calibration?: ModelCalibration;
  readonly thresholds?: LaneThresholds;
  /** @default undefined (no random selection) */
  readonly random?: RandomSelection;
}
