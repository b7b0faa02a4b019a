import type { DeclarationContext, IsfContext, LineContext } from '../../context/DeclarationContext.js';

/**
 * A runtime value of the rule language. Dates are epoch milliseconds (type `date` at compile time) so that
 * comparisons and differences need no allocation; `null` is a missing value.
 */
export type Value = number | string | boolean | readonly string[] | null;

/** Static types the checker assigns to expressions. `null` is the type of the `null` literal. */
export type ValueType = 'number' | 'string' | 'boolean' | 'date' | 'strings' | 'null' | 'any';

/** Mutable evaluation state, one per `evaluateRules` call, reused across the pack's rules. */
export interface Frame {
  ctx: DeclarationContext | null;
  isf: IsfContext | null;
  line: LineContext | null;
  /** The rule's own line while a line aggregate iterates over the lines (named values bind to it). */
  outerLine: LineContext | null;
  /** Slots of the current rule's named intermediate values, computed on first use. */
  lets: Value[];
  /** Bit i set when `lets[i]` holds the value of this rule instance (at most 30 named values). */
  letMask: number;
  /** Why the last `Attempt` gave `undefined`: the reason an `EvalFailure` would have carried. */
  failure: string;
}

/** A compiled expression. */
export type Evaluator = (frame: Frame) => Value;

/**
 * The same expression as an `Evaluator`, except that it may report a failure by returning `undefined`
 * with the reason in `frame.failure` instead of throwing an `EvalFailure` (it may still throw one).
 * Records routinely lack optional fields (KCS rows have no gross mass nor description), and a throw
 * through the closures costs more than evaluating the rule; the reason and the order in which failures
 * are found are the same either way.
 */
export type Attempt = (frame: Frame) => Value | undefined;

/** Records `reason` in the frame and returns `undefined`: the non-throwing form of `fail`. */
export function missing(frame: Frame, reason: string): undefined {
  frame.failure = reason;
  return undefined;
}

/**
 * Thrown while evaluating a rule that cannot be evaluated for this record (missing value, division by zero,
 * no reference entry). Caught per rule and reported as a `RuleError`; never escapes `evaluateRules`.
 * Deliberately not an `Error`: records with missing optional data fail rules routinely, and capturing a
 * stack trace for each would cost more than evaluating the whole pack.
 */
export class EvalFailure {
  constructor(readonly message: string) {}
}

/** Throws an `EvalFailure` (as an expression, for use in `??` chains). */
export function fail(reason: string): never {
  throw new EvalFailure(reason);
}
