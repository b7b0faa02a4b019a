import type { DeclarationContext } from '../context/DeclarationContext.js';
import type { Declaration } from '../records/declarationSchema.js';
import type { IsfFiling } from '../records/isfFilingSchema.js';
import type { RiskModel } from '../model/RiskModel.js';
import type { ReferenceData } from '../reference/ReferenceData.js';
import type { RulePack } from '../rules/RulePack.js';
import type { ModelExplanation } from '../types/ModelExplanation.js';
import type { RuleEvaluation } from '../types/RuleHit.js';
import type { ScoringPolicy } from './ScoringPolicy.js';

/** What a rule source or model is given besides the record. */
export interface RuleSourceInput {
  readonly isf?: IsfFiling | undefined;
  readonly reference?: ReferenceData | undefined;
  /**
   * The derived values of the declaration with this ISF and reference (`deriveContext`), computed once on
   * first access and shared by rules and model. Absent when an ISF is screened alone.
   */
  readonly context?: DeclarationContext;
}

/**
 * Anything that evaluates rules for a record. A loaded rule pack is adapted to this; tests and embedders can
 * pass their own implementation.
 */
export interface RuleSource {
  /** Pack id, shown as the source of each rule reason. */
  readonly id: string;
  /** Pack version, shown as the source of each rule reason. */
  readonly version: string;
  /** Evaluates the rules on a declaration (with its ISF when there is one). Must not throw on valid input. */
  evaluate(declaration: Declaration, input: RuleSourceInput): RuleEvaluation;
  /** Evaluates the rules that apply to an ISF alone (pre-lading screening); without it an ISF gets no rule hits. */
  evaluateIsf?(isf: IsfFiling, input: RuleSourceInput): RuleEvaluation;
}

/** Anything that predicts the probability of a finding for a declaration, with its TreeSHAP decomposition. */
export interface RiskModelSource {
  /** Model version, shown as the source of each model reason. */
  readonly version: string;
  /** The probability and one contribution per feature; contributions + expectedValue = probability. */
  explain(declaration: Declaration, input: RuleSourceInput): ModelExplanation;
  /** The probability alone (the same as `explain(…).probability`, cheaper); needed by `modelReasons` `flagged` and `none`. */
  predict?(declaration: Declaration, input: RuleSourceInput): number;
  /** The model's mean prediction (`explain(…).expectedValue`); needed by `modelReasons` `flagged` and `none`. */
  readonly expectedValue?: number;
}

/** Options of `createScorer`: at least one of `rules` and `model`. */
export interface ScorerOptions {
  /** A loaded rule pack (`loadRulePack`) or a `RuleSource`. */
  readonly rules?: RulePack | RuleSource | undefined;
  /** A loaded model (`loadModel`, `trainModel`) or a `RiskModelSource`. */
  readonly model?: RiskModel | RiskModelSource | undefined;
  /** Reference data the rules read (norms, importer history). @default undefined (history-based rules cannot be evaluated) */
  readonly reference?: ReferenceData | undefined;
  /** The combination policy; see `ScoringPolicy` for every default. */
  readonly policy?: ScoringPolicy | undefined;
  /**
   * `all`: every result lists one contribution and reason per model feature (TreeSHAP). `flagged`: only
   * results outside the green lane do; a green result's model points are one `model` contribution, which
   * saves the TreeSHAP work (most of a model's cost) on the records nobody will look at. `none`: the model
   * points are one `model` contribution on every result. Score and lane are the same in all three.
   * @default 'all'
   */
  readonly modelReasons?: 'all' | 'flagged' | 'none' | undefined;
}

/** Options of `scorer.score`. */
export interface ScoreOptions {
  /** The ISF filed for the declaration's bill of lading: a parsed `IsfFiling` or raw input to validate. */
  readonly isf?: unknown;
}
