import { emptyStats, mergeStats, type BatchStats } from './BatchStats.js';
import type { ChunkResult, ChunkTask } from './ChunkTask.js';
import { IntegrityError } from './IntegrityError.js';
import { mapOrdered } from './mapOrdered.js';
import type { OutputSink } from './OutputSink.js';
import { splitRecords } from './_lib/splitRecords.js';

const encoder = new TextEncoder();

/** Options of {@link scoreStream}. */
export interface ScoreStreamOptions {
  /** Decoded input text, in pieces of any size. */
  readonly input: AsyncIterable<string>;
  readonly format: 'csv' | 'jsonl';
  /** Worker threads; 1 scores on this thread. */
  readonly workers: number;
  /** Builds the chunk handler on this thread (workers = 1). */
  readonly inProcess: () => (task: ChunkTask) => ChunkResult | Promise<ChunkResult>;
  /** Starts one worker thread answering chunk tasks (workers > 1). */
  readonly spawn: () => import('node:worker_threads').Worker;
  /** Scored results. */
  readonly out: OutputSink;
  /** Written before the first result (e.g. a CSV header line). */
  readonly outHeader?: string;
  /** Reject lines; dropped (but still counted) when absent. */
  readonly rejects?: OutputSink;
  /** Given the CSV header, how to read a record's declaration id so that a declaration is never split. */
  readonly groupKey?: (header: string) => ((record: string) => string) | undefined;
  /** Records per chunk. @default 2048 */
  readonly rowsPerChunk?: number;
  /** Called after each chunk is written, with rows done so far. */
  readonly onProgress?: (rows: number) => void;
}

/** Counters of a finished run; `rowsIn === rowsScored + rowsRejected` is checked before it is returned. */
export interface ScoreStreamReport {
  readonly rowsIn: number;
  readonly rowsScored: number;
  readonly rowsRejected: number;
  readonly stats: BatchStats;
}

/**
 * Scores a stream of CSV or JSONL records: splits it into chunks on this thread, scores the chunks on
 * worker threads, and writes results and rejects in input order. Does not commit the sinks: the caller
 * commits after the integrity check passed, or aborts.
 *
 * @throws IntegrityError when rows in ≠ scored + rejected, for a chunk or for the run
 */
export async function scoreStream(options: ScoreStreamOptions): Promise<ScoreStreamReport> {
  let header: string | undefined;
  let rowsIn = 0;
  const chunks = splitRecords(options.input, {
    csv: options.format === 'csv',
    rowsPerChunk: options.rowsPerChunk ?? 2048,
    onHeader: (line) => {
      header = line;
    },
    ...(options.groupKey === undefined ? {} : { groupKey: options.groupKey }),
  });
  // Rows of each chunk sent, in order: results come back in the same order and are checked against it.
  const sentRows: number[] = [];
  let sentHead = 0;
  async function* tasks(): AsyncGenerator<ChunkTask> {
    for await (const chunk of chunks) {
      rowsIn += chunk.rows;
      sentRows.push(chunk.rows);
      yield { header, text: chunk.text, rows: chunk.rows, firstRow: chunk.firstRow, firstLine: chunk.firstLine };
    }
  }
  const stats = emptyStats();
  let rowsScored = 0;
  let rowsRejected = 0;
  let firstRow = 1;
  if (options.outHeader !== undefined) await options.out.write(options.outHeader);
  const results = mapOrdered<ChunkTask, ChunkResult>(tasks(), {
    workers: options.workers,
    spawn: options.spawn,
    inProcess: options.inProcess,
    toWorker: (task) => {
      const bytes = typeof task.text === 'string' ? encoder.encode(task.text) : task.text;
      return { task: { ...task, text: bytes }, transfer: [bytes.buffer as ArrayBuffer] };
    },
  });
  for await (const result of results) {
    const accounted = result.rowsScored + result.rowsRejected;
    const expected = sentRows[sentHead] ?? Number.NaN;
    sentRows[sentHead++] = 0;
    if (sentHead > 1024) {
      sentRows.splice(0, sentHead);
      sentHead = 0;
    }
    if (accounted !== expected) {
      throw new IntegrityError(`integrity check failed in the chunk starting at row ${firstRow}: ${expected} rows in, ${result.rowsScored} scored + ${result.rowsRejected} rejected`);
    }
    firstRow += expected;
    rowsScored += result.rowsScored;
    rowsRejected += result.rowsRejected;
    mergeStats(stats, result.stats);
    if (result.out.length > 0) await options.out.write(result.out);
    if (result.rejects !== '' && options.rejects !== undefined) await options.rejects.write(result.rejects);
    options.onProgress?.(rowsScored + rowsRejected);
  }
  if (rowsIn !== rowsScored + rowsRejected) {
    throw new IntegrityError(`integrity check failed: ${rowsIn} rows in, ${rowsScored} scored + ${rowsRejected} rejected`);
  }
  return { rowsIn, rowsScored, rowsRejected, stats };
}
