import type { Lane } from '../types/Lane.js';
import type { RuleScope } from './rulePackSchema.js';

/** What a loaded pack tells about one of its rules. */
export interface RuleInfo {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly category: string;
  readonly scope: RuleScope;
  readonly points: number;
  readonly lane?: Lane;
  readonly tags: readonly string[];
  readonly enabled: boolean;
  /** Epoch ms; the rule applies to records lodged at or after it. */
  readonly effectiveFrom: number | null;
  /** Epoch ms; the rule applies to records lodged before it. */
  readonly effectiveTo: number | null;
}

/**
 * A loaded, checked and compiled rule pack, ready for `evaluateRules`. Immutable; load once, evaluate
 * many records. The compiled closures are internal.
 */
export interface RulePack {
  readonly id: string;
  readonly version: string;
  readonly description: string;
  readonly effectiveFrom: number | null;
  readonly effectiveTo: number | null;
  /** Every rule of the pack, in pack order, including disabled ones. */
  readonly rules: readonly RuleInfo[];
  /** The named lists of the pack. */
  readonly lists: ReadonlyMap<string, readonly string[]>;
}
