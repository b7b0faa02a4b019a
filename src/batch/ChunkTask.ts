import type { BatchStats } from './BatchStats.js';

/** One chunk of input records sent to a worker (plain data: it crosses threads). */
export interface ChunkTask {
  /** CSV header line of the input (undefined for JSONL); sent with every chunk so workers need no setup round. */
  readonly header: string | undefined;
  /**
   * Whole records, each ending with a line feed: text, or its UTF-8 bytes when sent to a worker thread (a
   * chunk's text as one string outlived young-generation GCs and was promoted, every chunk: bytes live
   * outside the heap and are moved without a copy).
   */
  readonly text: string | Uint8Array;
  /** Non-blank physical records in `text`; the worker must account for exactly these. */
  readonly rows: number;
  /** 1-based data row number of the first record in `text` (header excluded). */
  readonly firstRow: number;
  /** 1-based physical line of the input where `text` starts. */
  readonly firstLine: number;
}

/** What a worker sends back for one chunk: output text in input order, rejects, and counters. */
export interface ChunkResult {
  /** Result records (CSV lines or JSONL lines) for the scored declarations, in input order (UTF-8 bytes or text). */
  readonly out: Uint8Array | string;
  /** Reject JSONL lines, in input order. */
  readonly rejects: string;
  /** Physical rows scored (part of a scored declaration) and rejected: their sum must equal `ChunkTask.rows`. */
  readonly rowsScored: number;
  readonly rowsRejected: number;
  readonly stats: BatchStats;
}
