import type { IsfFiling } from '../records/isfFilingSchema.js';
import type { ScoringPolicy } from '../scoring/ScoringPolicy.js';
import type { BatchLayout } from './resolveLayout.js';
import type { ExplainMode } from './_lib/createLaneFirstScorer.js';

/**
 * Everything a batch worker needs to build its scorer and read its chunks. Plain data: it is copied to
 * every worker thread once, at start. Files were read and checked by the main thread already, so a worker
 * never fails on configuration the main thread accepted.
 */
export interface BatchConfig {
  readonly format: 'csv' | 'jsonl';
  readonly layout: BatchLayout;
  readonly output: 'csv' | 'jsonl';
  /**
   * Per-feature model reasons: `none` (the model as one term), `flagged` (for results outside the green
   * lane) or `all`. Rule reasons are always there.
   */
  readonly explain: ExplainMode;
  /** The rule pack document (as read from its file or folder), or undefined for no rules. */
  readonly rules?: unknown;
  /** The model file's text, or undefined for no model. */
  readonly modelText?: string;
  /** Serialized reference data (norms, importer history) the rules read, or undefined. */
  readonly referenceText?: string;
  readonly policy?: ScoringPolicy;
  /** Validated ISF filings to join by bill of lading. */
  readonly isf?: readonly IsfFiling[];
}
