import type { Issue } from '../records/Issue.js';
import { CustomsRiskError } from './CustomsRiskError.js';

/** Thrown by `parseDeclaration` / `parseIsfFiling`: carries every issue of the record, not only the first. */
export class InputError extends CustomsRiskError {
  override name = 'InputError' as const;
  /** All problems found in the record, at least one. */
  readonly issues: readonly [Issue, ...Issue[]];

  constructor(issues: readonly [Issue, ...Issue[]], options?: { cause?: unknown; recordId?: string }) {
    const head = options?.recordId === undefined ? 'Invalid record' : `Invalid record ${options.recordId}`;
    const lines = issues.map((issue) => `  - ${issue.message}`).join('\n');
    super(`${head}: ${issues.length} issue${issues.length === 1 ? '' : 's'}\n${lines}`, options);
    this.issues = issues;
  }
}
