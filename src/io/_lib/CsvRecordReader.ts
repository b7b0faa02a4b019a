import { InputError } from '../../errors/InputError.js';
import type { Issue } from '../../records/Issue.js';
import type { Declaration } from '../../records/declarationSchema.js';
import type { IsfFiling } from '../../records/isfFilingSchema.js';
import { safeParseDeclaration } from '../../records/parseDeclaration.js';
import { safeParseIsfFiling } from '../../records/parseIsfFiling.js';
import type { CsvLayout } from '../CsvLayout.js';
import { defaultLayout } from '../defaultLayout.js';
import { kcsLayout } from '../kcsLayout.js';
import { isKcsHeader } from './isKcsHeader.js';
import type { OutcomeLabel, ReadResult } from '../ReadResult.js';
import { compileLayout, type CompiledLayout, type LabelCells } from './compileLayout.js';
import { CsvSplitter, type SplitRow } from './CsvSplitter.js';
import { SeenIds } from './SeenIds.js';
import { compileFastDeclaration, type FastDeclaration } from './fastDeclaration.js';
import { compileFastKcs, type FastKcs } from './fastKcs.js';

/** Options of the CSV record reader. */
export interface CsvReaderOptions {
  /** A layout, or `auto`: `kcs` when the header has the KCS columns, else `default` (declarations only). */
  readonly layout: CsvLayout | 'auto';
  /** What the rows hold; must match the layout's kind. */
  readonly kind: 'declaration' | 'isf';
  readonly maxRowLength: number;
  readonly rejectDuplicateIds: boolean;
  /** `fast`: the hand-checked fast path, zod for rows it does not accept; `zod`: zod for every row. */
  readonly validation: 'fast' | 'zod';
  /** The input's size in bytes when known (a file): the duplicate-id table is then sized once, early. */
  readonly expectedBytes?: number | undefined;
}

/** The most ids the duplicate-id table is sized for in advance (a 64 MB table); it grows past that as needed. */
const MAX_RESERVED_IDS = 1 << 22;

interface Group {
  id: string;
  row: number;
  line: number;
  fields: readonly string[];
  rows: (readonly string[])[];
  raws: string[];
  issues: Issue[];
}

const NO_ISSUES: readonly Issue[] = [];

/**
 * Turns CSV text into declaration (or ISF filing) results: splits rows, maps columns by layout, groups
 * consecutive rows sharing an id, validates. Push text, then collect `results` (in input order) and
 * clear them. ISF filings are validated by zod alone: they come a few per shipment, not by the million.
 */
export class CsvRecordReader {
  /** Results ready to hand out, in input order. */
  readonly results: ReadResult<Declaration | IsfFiling>[] = [];
  private readonly splitter: CsvSplitter;
  private compiled: CompiledLayout | undefined;
  private fast: FastDeclaration | undefined;
  /** The in-place converter of KCS rows without quotes, when the layout is the built-in KCS one. */
  private fastKcs: FastKcs | undefined;
  /** Columns of `label.fraud` / `label.critical` for the quick label read (-1: none), or undefined: no quick read. */
  private labelColumns: readonly [number, number] | undefined;
  private rowCount = 0;
  private group: Group | undefined;
  private readonly seen = new SeenIds();
  private readonly single: (readonly string[])[] = [];
  /**
   * In-place KCS results of the current chunk whose ids are still to be checked: id, result index, and
   * the text the row lies in with its start and end (sliced only for a repeat).
   */
  private readonly pendingIds: string[] = [];
  private readonly pendingAt: number[] = [];
  private readonly pendingSource: string[] = [];
  private readonly pendingRange: number[] = [];
  /** "declaration" or "filing", in messages. */
  private readonly noun: string;

  constructor(private readonly options: CsvReaderOptions) {
    this.noun = options.kind === 'isf' ? 'filing' : 'declaration';
    this.splitter = new CsvSplitter((row) => this.onRow(row), options.maxRowLength);
  }

  /** Characters pushed so far, and whether the id table was sized from them. */
  private charsPushed = 0;
  private reserved = false;

  /** Feeds decoded text. */
  push(text: string): void {
    this.charsPushed += text.length;
    this.splitter.push(text);
    if (!this.reserved && this.rowCount > 0) this.reserveIds();
    this.checkPendingIds();
  }

  /**
   * Sizes the duplicate-id table for the whole input from its byte size and the rows per character of
   * the first chunk, so that it is not grown (every id re-inserted) about twenty times on the way. Only a
   * speed-up: an estimate too low just leaves some growing, and the cap bounds one too high.
   */
  private reserveIds(): void {
    this.reserved = true;
    const bytes = this.options.expectedBytes;
    // Only for the KCS layout, whose ids are numbers (the table holds numeric ids): other layouts'
    // ids may all be text, and a table sized for them would be memory spent for nothing.
    if (bytes === undefined || !this.options.rejectDuplicateIds || this.fastKcs === undefined) return;
    const rows = Math.ceil((bytes / this.charsPushed) * this.rowCount);
    this.seen.reserve(Math.min(rows, MAX_RESERVED_IDS));
  }

  /** Ends the input: the last row and the last group are emitted. */
  end(): void {
    this.splitter.end();
    this.flush();
    this.checkPendingIds();
  }

  /**
   * Checks the ids of the in-place KCS results of this chunk for repeats in one batch (see
   * `SeenIds.seenMany`), turning a repeat into the rejection `finish` would give it. Runs before the
   * results are handed out, and before any other id check, so the order of the checks is the input order.
   */
  private checkPendingIds(): void {
    const ids = this.pendingIds;
    if (ids.length === 0) return;
    for (const index of this.seen.seenMany(ids)) {
      const at = this.pendingAt[index] ?? -1;
      const result = this.results[at];
      const id = ids[index] ?? '';
      if (result === undefined) continue;
      const raw = (this.pendingSource[index] ?? '').slice(this.pendingRange[2 * index] ?? 0, this.pendingRange[2 * index + 1] ?? 0);
      this.results[at] = { ok: false, row: result.row, line: result.line, rows: 1, issues: [this.duplicateIssue(id)], raw };
    }
    ids.length = 0;
    this.pendingAt.length = 0;
    this.pendingSource.length = 0;
    this.pendingRange.length = 0;
  }

  private duplicateIssue(id: string): Issue {
    return {
      code: 'duplicate_id',
      path: ['id'],
      message: `id: ${this.noun} ${JSON.stringify(id)} appears again; a ${this.noun}'s rows must be consecutive and its id unique`,
      received: id,
    };
  }

  private onRow(split: SplitRow): void {
    const compiled = this.compiled;
    if (compiled === undefined) {
      const fields = split.fields;
      if (fields === undefined) {
        // Without a readable header no row can be mapped: this is a file-level error.
        const message = `header (line ${split.line}): ${split.problem?.message ?? 'could not be read'}`;
        throw new InputError([{ code: split.problem?.code ?? 'malformed_row', path: ['header'], message, received: split.raw }], {
          recordId: 'header',
        });
      }
      const layout = this.options.layout === 'auto' ? detectLayout(fields) : this.options.layout;
      this.compiled = compileLayout(layout, fields);
      if (this.options.validation === 'fast' && this.compiled.kind === 'declaration') {
        this.fast = compileFastDeclaration(layout, this.compiled);
        this.fastKcs = compileFastKcs(layout, this.compiled);
      }
      const fraud = this.compiled.targets.indexOf('label.fraud');
      const labelConstants = Object.keys(layout.constants ?? {}).some((path) => path.startsWith('label.'));
      this.labelColumns = fraud === -1 || labelConstants ? undefined : [fraud, this.compiled.targets.indexOf('label.critical')];
      return;
    }
    const row = ++this.rowCount;
    const fastKcs = this.fastKcs;
    const source = split.source;
    if (fastKcs !== undefined && source !== undefined) {
      // The usual KCS row, read in place; a row it does not take goes the general way below.
      const start = split.start ?? 0;
      const end = split.end ?? source.length;
      const record = fastKcs.convert(source, start, end);
      if (record !== undefined) {
        if (this.options.rejectDuplicateIds) {
          // Where the row's text lies, for the rejection if the id turns out to be a repeat.
          this.pendingIds.push(record.id);
          this.pendingAt.push(this.results.length);
          this.pendingSource.push(source);
          this.pendingRange.push(start, end);
        }
        const label = fastKcs.label === -1 ? undefined : LABELS[fastKcs.label];
        this.results.push(label === undefined ? { ok: true, row, line: split.line, rows: 1, record } : { ok: true, row, line: split.line, rows: 1, record, label });
        return;
      }
    }
    // Splits the row (for a row without quotes, only now).
    const fields = split.fields;
    if (fields === undefined) {
      this.flush();
      const problem = split.problem ?? { code: 'malformed_row' as const, message: 'the row could not be read' };
      this.reject(row, split.line, 1, [{ code: problem.code, path: [], message: `row ${row}: ${problem.message}` }], split.raw);
      return;
    }
    if (fields.length !== compiled.width) {
      this.flush();
      const message = `row ${row}: expected ${compiled.width} fields as in the header, found ${fields.length}`;
      this.reject(row, split.line, 1, [{ code: 'wrong_column_count', path: [], message, received: fields.length }], split.raw);
      return;
    }
    const id = compiled.idIndex === -1 ? '' : (fields[compiled.idIndex] ?? '').trim();
    if (compiled.grouping === 'row') {
      // One declaration per row: a reused one-element list (finish never keeps it) saves an allocation.
      const single = this.single;
      single[0] = fields;
      this.finish(id, row, split.line, single, split.raw, NO_ISSUES);
      return;
    }
    const group = this.group;
    if (group !== undefined && id !== '' && id === group.id) {
      this.checkAgreement(group, fields, row);
      group.rows.push(fields);
      group.raws.push(split.raw);
      return;
    }
    this.flush();
    this.group = { id, row, line: split.line, fields, rows: [fields], raws: [split.raw], issues: [] };
  }

  /** Header-level cells of a group's later rows must be empty or repeat the first row's value. */
  private checkAgreement(group: Group, fields: readonly string[], row: number): void {
    const compiled = this.compiled;
    if (compiled === undefined) return;
    for (const index of compiled.headerColumns) {
      const value = (fields[index] ?? '').trim();
      const first = (group.fields[index] ?? '').trim();
      if (value === '' || value === first) continue;
      const target = compiled.targets[index] ?? '';
      group.issues.push({
        code: 'inconsistent_group',
        path: target.split('.'),
        message: `row ${row}: column "${compiled.columnNames[index] ?? ''}" is ${JSON.stringify(value)} but the ${this.noun}'s first row (row ${group.row}) says ${JSON.stringify(first)}`,
        received: value,
      });
    }
  }

  private flush(): void {
    const group = this.group;
    if (group === undefined) return;
    this.group = undefined;
    this.finish(group.id, group.row, group.line, group.rows, group.raws.join('\n'), group.issues);
  }

  /** Validates one declaration (its rows) and queues the result: fast path first, zod when it declines. */
  private finish(id: string, row: number, line: number, rows: readonly (readonly string[])[], raw: string, found: readonly Issue[]): void {
    const compiled = this.compiled;
    const first = rows[0];
    if (compiled === undefined || first === undefined) return;
    let issues = found;
    if (this.options.rejectDuplicateIds && id !== '') {
      // Ids of earlier rows first, so that the checks keep the input order.
      this.checkPendingIds();
      if (this.seen.seen(id)) issues = [...issues, this.duplicateIssue(id)];
    }
    const quick = this.labelColumns === undefined ? undefined : quickLabel(first, this.labelColumns);
    const cells = quick === undefined ? compiled.label(first) : undefined;
    const label = quick ?? (cells === undefined ? undefined : checkLabel(cells));
    if (label !== undefined && !isLabel(label)) issues = [...issues, ...label.map((issue) => this.locate(issue, row))];
    const count = rows.length;
    if (issues.length === 0) {
      const record = this.fast?.(rows);
      if (record !== undefined) {
        this.results.push(
          label === undefined ? { ok: true, row, line, rows: count, record } : { ok: true, row, line, rows: count, record, label: label as OutcomeLabel },
        );
        return;
      }
    }
    // The slow, reference path: build the raw object and let the record model's zod schema decide.
    const input = this.rawInput(rows);
    const decoded = input.issues;
    if (decoded !== undefined) issues = [...issues, ...decoded.map((issue) => this.locate(issue, row))];
    const result = compiled.kind === 'isf' ? safeParseIsfFiling(input.record) : safeParseDeclaration(input.record);
    if (result.success && issues.length === 0) {
      this.results.push(
        label === undefined
          ? { ok: true, row, line, rows: count, record: result.data }
          : { ok: true, row, line, rows: count, record: result.data, label: label as OutcomeLabel },
      );
      return;
    }
    const all = result.success ? issues : [...result.issues.map((issue) => this.locate(issue, row)), ...issues];
    const [head, ...rest] = all;
    if (head === undefined) return;
    this.reject(row, line, count, [head, ...rest], raw);
  }

  /**
   * The object the record model validates: header values of the first row, a line per row; and the
   * problems met decoding the first row's list cells (later rows' header cells only count when they
   * disagree, which `checkAgreement` reports).
   */
  private rawInput(rows: readonly (readonly string[])[]): { record: Record<string, unknown>; issues: readonly Issue[] | undefined } {
    const compiled = this.compiled;
    if (compiled === undefined) return { record: {}, issues: undefined };
    const lines: Record<string, unknown>[] = [];
    let header: Record<string, unknown> = {};
    let issues: readonly Issue[] | undefined;
    rows.forEach((fields, index) => {
      const built = compiled.build(fields);
      if (index === 0) {
        header = built.header;
        issues = built.issues;
      }
      if (!compiled.hasLineNumbers) built.line['lineNumber'] = index + 1;
      lines.push(built.line);
    });
    return { record: { ...header, lines }, issues };
  }

  /** Adds the CSV column (and row, for multi-row declarations) to a record-model issue's message. */
  private locate(issue: Issue, firstRow: number): Issue {
    const compiled = this.compiled;
    if (compiled === undefined) return issue;
    const path = issue.path;
    let target: string;
    let row = firstRow;
    if (path[0] === 'lines' && typeof path[1] === 'number') {
      row += path[1];
      target = `line.${path.slice(2).map(String).join('.')}`;
    } else if (path[0] === 'procedureCodes' && typeof path[1] === 'number') {
      target = compiled.targets.includes('procedureCodes') ? 'procedureCodes' : `procedureCodes.${path[1]}`;
    } else if (path[0] === 'billsOfLading' && path[1] === 0 && typeof path[2] === 'string' && compiled.targets.includes(`billOfLading.${path[2]}`)) {
      // The first bill comes from the single-bill columns when the layout has them.
      target = `billOfLading.${path[2]}`;
    } else target = path.filter((key) => typeof key === 'string').join('.');
    // The column of the field, or of the nearest enclosing target (`seller` → none, `amendments.0.at` → `amendments`).
    let index = compiled.targets.indexOf(target);
    // A field the record does not know (an ISF-5 line with a manufacturer): the first column under it.
    if (index === -1 && issue.code === 'unknown_field') index = compiled.targets.findIndex((path) => path.startsWith(`${target}.`));
    while (index === -1 && target.includes('.')) {
      target = target.slice(0, target.lastIndexOf('.'));
      index = compiled.targets.indexOf(target);
    }
    const where = index === -1 ? `row ${row}` : `column "${compiled.columnNames[index] ?? ''}", row ${row}`;
    return { ...issue, message: `${issue.message} (${where})` };
  }

  private reject(row: number, line: number, rows: number, issues: readonly [Issue, ...Issue[]], raw: string): void {
    this.results.push({ ok: false, row, line, rows, issues, raw });
  }
}

/** `kcs` when the header names every KCS column except the labels, else `default`. */
export function detectLayout(header: readonly string[]): CsvLayout {
  return isKcsHeader(header) ? kcsLayout : defaultLayout;
}

// Maps, not object literals: a cell such as "constructor" must not find Object.prototype's members.
const FRAUD = new Map<string, boolean>([
  ['0', false],
  ['1', true],
  ['false', false],
  ['true', true],
]);
const CRITICAL = new Map<string, 0 | 1 | 2>([
  ['0', 0],
  ['1', 1],
  ['2', 2],
]);

/**
 * The label of a row whose label cells are plain (`0`/`1`, and `0`/`1`/`2` or empty), read from the
 * characters; undefined for anything else, which `checkLabel` then reads (and reports).
 */
function quickLabel(fields: readonly string[], [fraudColumn, criticalColumn]: readonly [number, number]): OutcomeLabel | undefined {
  const fraud = fields[fraudColumn] ?? '';
  if (fraud.length !== 1) return undefined;
  const f = fraud.charCodeAt(0) - 48;
  if (f !== 0 && f !== 1) return undefined;
  let critical = 3;
  if (criticalColumn !== -1) {
    const cell = fields[criticalColumn] ?? '';
    if (cell.length === 1) {
      critical = cell.charCodeAt(0) - 48;
      if (critical < 0 || critical > 2) return undefined;
    } else if (cell !== '') return undefined;
  }
  return LABELS[f * 4 + critical];
}

function isLabel(value: OutcomeLabel | Issue[]): value is OutcomeLabel {
  return !Array.isArray(value);
}

/** Checks the label cells: `fraud` 0/1 (or true/false), `critical` 0/1/2. */
function checkLabel(cells: LabelCells): OutcomeLabel | Issue[] {
  const issues: Issue[] = [];
  const fraud = cells.fraud === undefined ? undefined : (FRAUD.get(cells.fraud) ?? FRAUD.get(cells.fraud.toLowerCase()));
  const critical = cells.critical === undefined ? undefined : CRITICAL.get(cells.critical);
  if (cells.fraud === undefined || fraud === undefined) {
    issues.push({
      code: cells.fraud === undefined ? 'required' : 'invalid_value',
      path: ['label', 'fraud'],
      message: cells.fraud === undefined ? 'label.fraud: is required when a label is given' : `label.fraud: expected 0 or 1, received ${JSON.stringify(cells.fraud)}`,
      ...(cells.fraud === undefined ? {} : { received: cells.fraud }),
    });
  }
  if (cells.critical !== undefined && critical === undefined) {
    issues.push({
      code: 'invalid_value',
      path: ['label', 'critical'],
      message: `label.critical: expected 0, 1 or 2, received ${JSON.stringify(cells.critical)}`,
      received: cells.critical,
    });
  }
  if (issues.length > 0 || fraud === undefined) return issues;
  return LABELS[(fraud ? 4 : 0) + (critical === undefined ? 3 : critical)] ?? (critical === undefined ? { fraud } : { fraud, critical });
}

// The eight possible labels, shared and frozen: a label is read-only data, and one less object per row
// matters on the intake hot path.
const LABELS: readonly OutcomeLabel[] = [false, true].flatMap((fraud) => [
  Object.freeze({ fraud, critical: 0 as const }),
  Object.freeze({ fraud, critical: 1 as const }),
  Object.freeze({ fraud, critical: 2 as const }),
  Object.freeze({ fraud }),
]);
