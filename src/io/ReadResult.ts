import type { Issue } from '../records/Issue.js';

/** Outcome known for a declaration (the KCS data carries it), kept beside the record, never in it. */
export interface OutcomeLabel {
  /** True when inspection found a (duty-reducing) fraud. */
  readonly fraud: boolean;
  /** KCS `Critical Fraud`: 0 none, 1 or 2 when the case threatened public safety. Absent when not given. */
  readonly critical?: 0 | 1 | 2;
}

/** Where a result came from in the input. */
export interface RowPosition {
  /** 1-based number of the first data row of the record (the CSV header and blank lines are not counted). */
  readonly row: number;
  /** 1-based physical line of the file where the record starts (the CSV header is line 1). */
  readonly line: number;
  /** How many data rows the result covers: more than 1 for a multi-line declaration. */
  readonly rows: number;
}

/** A row (or group of rows) that became a valid record. */
export interface ReadOk<R> extends RowPosition {
  readonly ok: true;
  /** The validated, normalised record. */
  readonly record: R;
  /** The outcome label, when the layout maps one and the row gives it. */
  readonly label?: OutcomeLabel;
}

/** A row (or group of rows) that was rejected, with every reason found. */
export interface ReadRejected extends RowPosition {
  readonly ok: false;
  /** Every problem found, at least one. */
  readonly issues: readonly [Issue, ...Issue[]];
  /** The input text of the row(s) as read; cut after 200 characters for over-long rows. */
  readonly raw: string;
}

/** One result of `readRecords`: a record, or a rejected row with its reasons. */
export type ReadResult<R> = ReadOk<R> | ReadRejected;
