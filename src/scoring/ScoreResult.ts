import type { Issue } from '../records/Issue.js';
import type { Lane } from '../types/Lane.js';
import type { RuleError, RuleHit } from '../types/RuleHit.js';
import type { RenderExplanationTextOptions } from './renderExplanationText.js';

/** Why a record is in its lane: its score, a hard rule that forces the lane, or random selection. */
export type LaneReason = 'threshold' | 'random' | `rule:${string}`;

/** Which part of the policy a contribution comes from. */
export type ContributionSource = 'base' | 'rule' | 'model' | 'clipping';

/**
 * One term of the score. The points of all contributions of a result add up to its score exactly (all points
 * are multiples of 0.1: sum them in tenths, or round the float sum to one decimal).
 */
export interface Contribution {
  readonly source: ContributionSource;
  /** `base`, the rule id, the model feature id, or `clipping`. */
  readonly id: string;
  /** Officer-language name: the rule title, the feature label, "base score", "score capped at 100". */
  readonly label: string;
  readonly points: number;
  /** Goods line, for line-scoped rule hits. */
  readonly line?: number;
}

/** One reason in an explanation: a rule hit or a model feature, with what was seen and where it comes from. */
export interface ExplanationReason {
  readonly source: 'rule' | 'model';
  /** Rule id or model feature id. */
  readonly id: string;
  /** Rule title or feature label. */
  readonly label: string;
  /** What was seen, with numbers, units and the comparison, e.g. "ISF filed 9 h before lading; 24 h required". */
  readonly seen: string;
  readonly points: number;
  /** Lane the rule forces, for hard rules. */
  readonly forcedLane?: Lane;
  /** Goods line, for line-scoped rule hits. */
  readonly line?: number;
  /** Where the reason comes from: `rule <id>, pack <pack> <version>` or `model feature <id>, model <version>`. */
  readonly origin: string;
}

/** How the score was put together: `base + rules + model + clipping = score` (null terms count as 0). */
export interface ScoreBreakdown {
  readonly base: number;
  /** Sum of rule points; null when the scorer has no rules. */
  readonly rules: number | null;
  /** Calibrated model points; null when no model scored the record. */
  readonly model: number | null;
  /** Points removed (negative) or added (positive) to keep the score within 0–100. */
  readonly clipping: number;
  readonly score: number;
}

/** The explanation as plain data: what user interfaces render and what the JSONL line carries. */
export interface ScoreExplanationData {
  /** One line: record id, score, lane and why, e.g. `DEC-1: score 84 of 100, lane red (forced by rule x)`. */
  readonly summary: string;
  /** Forced-lane rules first, then by absolute points, largest first; zero-point model features left out. */
  readonly reasons: readonly ExplanationReason[];
  readonly breakdown: ScoreBreakdown;
  /**
   * Rules that could not be evaluated, one entry per rule, as `<rule id> <title> (lines 1, 2): <first reason>`
   * (no line part for declaration-level rules): an officer should know which checks did not run.
   */
  readonly notEvaluated: readonly string[];
  /** The rule pack and model the result comes from, e.g. `rules default 1.0.0`, `model kcs-rf 1`. */
  readonly sources: readonly string[];
  /** The compact text rendering (`renderExplanationText` with default options), kept as data for JSONL readers. */
  readonly text: string;
}

/** The explanation of a live result: the data plus its compact text rendering. */
export interface ScoreExplanation extends ScoreExplanationData {
  /** The compact text block an officer reads in ten seconds (`text`, or rendered again with other options). */
  toText(options?: RenderExplanationTextOptions): string;
}

/** A scored record. Serialises to JSON as is (`toText` is not an own property and is left out). */
export interface ScoreResult {
  readonly ok: true;
  /** The record's own id, as given. */
  readonly id: string;
  readonly record: 'declaration' | 'isf';
  /** 0–100, a multiple of 0.1. */
  readonly score: number;
  readonly lane: Lane;
  readonly laneReason: LaneReason;
  readonly hits: readonly RuleHit[];
  readonly ruleErrors: readonly RuleError[];
  /** The model's probability of a finding; null without a model (and for an ISF scored alone). */
  readonly modelProbability: number | null;
  /** Base, one per rule hit, one per model feature, and clipping when the raw sum left 0–100. */
  readonly contributions: readonly Contribution[];
  readonly explanation: ScoreExplanation;
}

/** A record that could not be scored because its input is invalid: its issues, never a score. */
export interface ScoreRejection {
  readonly ok: false;
  /** The record's id when the input had a usable one. */
  readonly id: string | null;
  readonly record: 'declaration' | 'isf';
  /** Every problem found; paths into the joined ISF start with `isf`. */
  readonly issues: readonly [Issue, ...Issue[]];
}

/** What `scorer.score` and `scorer.scoreIsf` return. */
export type ScoreOutcome = ScoreResult | ScoreRejection;
