export { createScorer } from './createScorer.js';
export { renderExplanationText } from './renderExplanationText.js';
export { selectionDraw } from './selectionDraw.js';
export { POLICY_DEFAULTS } from './_lib/resolvePolicy.js';
export type { Scorer } from './createScorer.js';
export type { ScorerOptions, ScoreOptions, RuleSource, RuleSourceInput, RiskModelSource } from './ScorerOptions.js';
export type { ScoringPolicy, ModelCalibration, LaneThresholds, RandomSelection } from './ScoringPolicy.js';
export type {
  ScoreResult,
  ScoreRejection,
  ScoreOutcome,
  LaneReason,
  Contribution,
  ContributionSource,
  ExplanationReason,
  ScoreBreakdown,
  ScoreExplanation,
  ScoreExplanationData,
} from './ScoreResult.js';
export type { RenderExplanationTextOptions } from './renderExplanationText.js';
