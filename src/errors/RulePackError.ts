import type { Issue } from '../records/Issue.js';
import { CustomsRiskError } from './CustomsRiskError.js';

/** Thrown when a rule pack cannot be loaded: carries every problem of the pack at once. */
export class RulePackError extends CustomsRiskError {
  override name = 'RulePackError' as const;
  readonly issues: readonly [Issue, ...Issue[]];

  constructor(issues: readonly [Issue, ...Issue[]], options?: { cause?: unknown; packId?: string }) {
    const head = options?.packId === undefined ? 'Invalid rule pack' : `Invalid rule pack ${options.packId}`;
    super(`${head}: ${issues.map((issue) => issue.message).join('; ')}`, options);
    this.issues = issues;
  }
}
