import type { Lane } from './Lane.js';

/** A value a rule read or computed, as shown to an officer and kept for audit. */
export type ReadValue = number | string | boolean | null;

/** A rule that fired for a record. */
export interface RuleHit {
  readonly ruleId: string;
  readonly title: string;
  /** Plain-language description for officers. */
  readonly description: string;
  readonly category: string;
  /** Points added to the score (negative for trusted-trader rules). */
  readonly points: number;
  /** Lane the rule forces, for hard rules. */
  readonly lane?: Lane;
  /** Line number, for line-scoped rules. */
  readonly line?: number;
  /** The rendered message with the numbers that triggered it. */
  readonly message: string;
  /** The inputs and intermediate values the rule read, by name. */
  readonly values: Readonly<Record<string, ReadValue>>;
  readonly packId: string;
  readonly packVersion: string;
}

/** A rule that could not be evaluated for a record (missing field, no reference entry, …). */
export interface RuleError {
  readonly ruleId: string;
  readonly title: string;
  readonly line?: number;
  /** Why it could not be evaluated, in plain words. */
  readonly reason: string;
  readonly packId: string;
  readonly packVersion: string;
}

/** What `evaluateRules` returns: the hits and the rules that could not be evaluated. */
export interface RuleEvaluation {
  readonly hits: readonly RuleHit[];
  readonly errors: readonly RuleError[];
}
