import type { ReadRejected, ReadResult } from '../io/ReadResult.js';
import { readTextRecords } from '../io/readRecords.js';
import type { Declaration } from '../records/declarationSchema.js';
import type { InternalScorer, ScoreBrief } from '../scoring/createScorer.js';
import type { ScoreResult } from '../scoring/ScoreResult.js';
import { emptyStats, histogramBin } from './BatchStats.js';
import type { ChunkResult, ChunkTask } from './ChunkTask.js';
import { csvFields } from './_lib/csvFields.js';
import { csvField } from './_lib/csvField.js';
import { ByteOutput } from './_lib/ByteOutput.js';
import { ReasonCells } from './_lib/reasonCells.js';
import type { IsfIndex } from './_lib/IsfIndex.js';
import { resolveLayout, type BatchLayout } from './resolveLayout.js';
import type { ExplainMode } from './_lib/createLaneFirstScorer.js';

/** What the batch needs of a scorer (`createScorerWith` returns one): records come validated by the reader. */
export type BatchScorer = Pick<InternalScorer, 'scoreParsed' | 'scoreParsedBrief'>;

/** Options of {@link createChunkHandler}. */
export interface ChunkHandlerOptions {
  readonly format: 'csv' | 'jsonl';
  /** CSV layout; `auto` is decided from each chunk's header line (the same for every chunk of a file). */
  readonly layout: BatchLayout;
  /** Result format: `csv` (one line per declaration, top three reasons) or `jsonl` (the full result). */
  readonly output: 'csv' | 'jsonl';
  /**
   * JSONL: `flagged` keeps the full explanation for results outside the green lane (green ones keep their
   * summary), `all` for every result, `none` for none (summaries only).
   * @default 'flagged'
   */
  readonly explain?: ExplainMode;
  readonly scorer: BatchScorer;
  /** ISF filings to join by bill of lading. */
  readonly isf?: IsfIndex | undefined;
}

/** Characters of a chunk handed to the reader at a time: some tens of records. */
const READ_SLICE = 8192;

/** Reasons a CSV result line shows. */
const CSV_REASONS = 3;

/** One CSV result line; lane and lane reason need no quoting unless a rule id does. */
function csvLine(result: ScoreResult | ScoreBrief, cells: ReasonCells): string {
  const reasons = 'explanation' in result ? result.explanation.reasons : result.reasons;
  const laneReason = result.laneReason.startsWith('rule:') ? csvField(result.laneReason) : result.laneReason;
  return `${csvField(result.id)},${result.score},${result.lane},${laneReason},${cells.cell(reasons[0])},${cells.cell(reasons[1])},${cells.cell(reasons[2])}\n`;
}

function jsonLine(result: ScoreResult, explain: ExplainMode): string {
  if (explain === 'all' || (explain === 'flagged' && result.lane !== 'green')) return `${JSON.stringify(result)}\n`;
  // Green results keep their one-line summary; the full reasons are for results someone will look at.
  const { explanation, ...rest } = result;
  return `${JSON.stringify({ ...rest, explanation: { summary: explanation.summary } })}\n`;
}

/** One reason of a reject line: an `Issue` of the reader or the scorer, or `scoring_failed`. */
export interface RejectReason {
  readonly code: string;
  readonly path: readonly (string | number)[];
  readonly message: string;
}

const ROW_REFERENCE = /\brow (\d+)\b/g;

/** Shifts the chunk-local row numbers the reader writes into its messages to rows of the whole input. */
function shiftRows(issue: RejectReason, offset: number): RejectReason {
  const message = offset === 0 ? issue.message : issue.message.replace(ROW_REFERENCE, (_, row: string) => `row ${Number(row) + offset}`);
  return { code: issue.code, path: issue.path, message };
}

/**
 * The chunk handler run by each worker thread (or in process with one worker): reads the chunk's records
 * with the intake reader, scores them, and renders result and reject lines, all in input order.
 */
export function createChunkHandler(options: ChunkHandlerOptions): (task: ChunkTask) => Promise<ChunkResult> {
  const explain = options.explain ?? 'flagged';
  // A CSV line without model reasons needs score, lane and top reasons only: no full result is built.
  const brief = options.output === 'csv' && explain === 'none';
  const cells = new ReasonCells();
  let resolved: { header: string; layout: ReturnType<typeof resolveLayout>; idIndex: number } | undefined;
  const layoutFor = (header: string): NonNullable<typeof resolved> => {
    if (resolved?.header !== header) {
      const layout = resolveLayout(options.layout, header);
      const name = layout === 'default' ? 'id' : layout === 'kcs' ? 'Declaration ID' : (layout.columns['id'] ?? '');
      resolved = { header, layout, idIndex: csvFields(header).map((cell) => cell.trim()).indexOf(name) };
    }
    return resolved;
  };
  /** The record id of a rejected row, when its raw text shows one. */
  const idOfRaw = (raw: string, header: string | undefined): string | null => {
    if (options.format === 'jsonl') {
      try {
        const value = (JSON.parse(raw) as { id?: unknown } | null)?.id;
        return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
      } catch {
        return null;
      }
    }
    if (header === undefined) return null;
    const index = layoutFor(header).idIndex;
    const firstRow = raw.split('\n', 1)[0] ?? '';
    const id = index === -1 ? '' : (csvFields(firstRow)[index] ?? '').trim();
    return id === '' ? null : id;
  };

  return async (task) => {
    const out = new ByteOutput();
    const stats = emptyStats();
    const hits = new Map<string, number>();
    let rejects = '';
    let rowsScored = 0;
    let rowsRejected = 0;
    const rowOffset = task.firstRow - 1;
    // In CSV the chunk is read after its header line, so its first record is on local line 2.
    const lineOffset = task.firstLine - (task.header === undefined ? 1 : 2);
    const reject = (at: { row: number; line: number; rows: number }, id: string | null, raw: string, issues: readonly RejectReason[]): void => {
      rowsRejected += at.rows;
      stats.rejected++;
      const reasons = issues.map((issue) => shiftRows(issue, rowOffset));
      rejects += `${JSON.stringify({ row: at.row + rowOffset, line: at.line + lineOffset, rows: at.rows, id, raw, reasons })}\n`;
    };
    function* pieces(): Generator<string> {
      if (task.header !== undefined) yield `${task.header}\n`;
      // In slices: the reader parses a piece whole before its records are scored, and a whole chunk's
      // records alive at once survive every young-generation GC (measured: a third of a worker's time).
      const text = task.text;
      if (typeof text === 'string') {
        for (let start = 0; start < text.length; start += READ_SLICE) yield text.slice(start, start + READ_SLICE);
        return;
      }
      // Bytes are decoded slice by slice (a character cut between two slices is completed by the next).
      const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
      for (let start = 0; start < text.length; start += READ_SLICE) yield decoder.decode(text.subarray(start, start + READ_SLICE), { stream: true });
      const rest = decoder.decode();
      if (rest !== '') yield rest;
    }
    const score = (result: ReadResult<Declaration>): void => {
      if (!result.ok) {
        const rejected: ReadRejected = result;
        reject(rejected, idOfRaw(rejected.raw, task.header), rejected.raw, rejected.issues);
        return;
      }
      const isf = options.isf?.find(result.record);
      let outcome: ScoreResult | ScoreBrief;
      try {
        const scoreOptions = isf === undefined ? undefined : { isf };
        outcome = brief ? options.scorer.scoreParsedBrief(result.record, scoreOptions, CSV_REASONS) : options.scorer.scoreParsed(result.record, scoreOptions);
      } catch (error) {
        // The scorer must not throw on valid input; if it does, the row is rejected with the reason, not lost.
        const message = `row ${result.row}: could not be scored: ${error instanceof Error ? error.message : String(error)}`;
        reject(result, result.record.id, rawOf(task, result.line - (task.header === undefined ? 1 : 2), result.rows), [
          { code: 'scoring_failed', path: [], message },
        ]);
        return;
      }
      rowsScored += result.rows;
      stats.scored++;
      stats.lanes[outcome.lane]++;
      const bin = histogramBin(outcome.score);
      stats.histogram[bin] = (stats.histogram[bin] ?? 0) + 1;
      for (const hit of outcome.hits) {
        const seen = hits.get(hit.ruleId);
        if (seen === undefined) {
          hits.set(hit.ruleId, 1);
          stats.ruleTitles[hit.ruleId] = hit.title;
        } else hits.set(hit.ruleId, seen + 1);
      }
      // A brief is only asked for with CSV output: JSONL lines always come from a full result.
      out.append(options.output === 'csv' ? csvLine(outcome, cells) : jsonLine(outcome as ScoreResult, explain));
    };
    // Duplicate ids are not looked for across a batch: a chunk sees only its own rows (see docs/cli.md).
    // The chunk is in memory: read synchronously, with no suspension per record.
    const layout = task.header === undefined ? 'default' : layoutFor(task.header).layout;
    readTextRecords(pieces(), { format: options.format, layout, rejectDuplicateIds: false }, score);
    // Counted in a Map (a plain object keyed by rule ids is a dictionary, slower per hit), sent as data.
    for (const [ruleId, count] of hits) stats.ruleHits[ruleId] = count;
    return { out: out.take(), rejects, rowsScored, rowsRejected, stats };
  };
}

/** The text of `count` physical lines from line `index` (0-based) of the chunk: the raw rows of a scorer-rejected record. */
function rawOf(task: ChunkTask, index: number, count: number): string {
  // Rare (the scorer throws on no valid record): decoding the chunk again costs nothing that matters.
  const text = typeof task.text === 'string' ? task.text : new TextDecoder('utf-8', { ignoreBOM: true }).decode(task.text);
  let start = 0;
  for (let skipped = 0; skipped < index; skipped++) {
    const nl = text.indexOf('\n', start);
    if (nl === -1) return '';
    start = nl + 1;
  }
  let end = start;
  for (let taken = 0; taken < count; taken++) {
    const nl = text.indexOf('\n', end);
    end = nl === -1 ? text.length : nl + 1;
  }
  return text.slice(start, end).replace(/\r?\n$/, '');
}
