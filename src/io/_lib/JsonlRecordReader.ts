import type { Issue } from '../../records/Issue.js';
import type { SafeParseResult } from '../../records/_lib/makeParsers.js';
import type { ReadResult } from '../ReadResult.js';
import { SeenIds } from './SeenIds.js';

const RAW_KEEP = 200;

/**
 * Turns JSON Lines text into record results: one JSON object per line, validated by `validate`.
 * Blank lines are skipped (they are not rows). Push text, then collect `results` and clear them.
 */
export class JsonlRecordReader<R> {
  /** Results ready to hand out, in input order. */
  readonly results: ReadResult<R>[] = [];
  private buf = '';
  private line = 1;
  private rowCount = 0;
  private skipping = false;
  private readonly seen = new SeenIds();

  constructor(
    private readonly validate: (input: unknown) => SafeParseResult<R>,
    private readonly maxRowLength: number,
    private readonly rejectDuplicateIds: boolean,
  ) {}

  /** Feeds decoded text. */
  push(text: string): void {
    this.buf = this.buf === '' ? text : this.buf + text;
    this.drain(false);
  }

  /** Ends the input: a last line without a line ending is read now. */
  end(): void {
    this.drain(true);
  }

  private drain(atEnd: boolean): void {
    const buf = this.buf;
    let pos = 0;
    while (pos < buf.length) {
      const nl = buf.indexOf('\n', pos);
      if (this.skipping) {
        // The rest of an over-long line, already reported.
        if (nl === -1) {
          pos = buf.length;
          break;
        }
        this.skipping = false;
        this.line++;
        pos = nl + 1;
        continue;
      }
      if (nl === -1 && !atEnd) {
        if (buf.length - pos > this.maxRowLength) {
          this.tooLarge(buf.slice(pos, pos + RAW_KEEP));
          this.skipping = true;
          pos = buf.length;
        }
        break;
      }
      const end = nl === -1 ? buf.length : nl;
      const text = buf.slice(pos, end > pos && buf.charCodeAt(end - 1) === 13 ? end - 1 : end);
      pos = end + 1;
      if (text.length > this.maxRowLength) {
        this.tooLarge(text.slice(0, RAW_KEEP));
        this.line++;
        continue;
      }
      this.onLine(text);
      this.line++;
    }
    this.buf = pos >= buf.length ? '' : buf.slice(pos);
  }

  private tooLarge(raw: string): void {
    const row = ++this.rowCount;
    const message = `row ${row}: the line is longer than ${this.maxRowLength} characters (option maxRowLength): a field is too large`;
    this.reject(row, [{ code: 'field_too_large', path: [], message }], `${raw}…`);
  }

  private onLine(text: string): void {
    if (text.trim() === '') return;
    const row = ++this.rowCount;
    if (text.includes('\uFFFD') || text.includes('\uFEFF')) {
      const message = text.includes('\uFEFF')
        ? `row ${row}: a byte order mark (U+FEFF) inside the data, e.g. from concatenated files: expected UTF-8 text without it`
        : `row ${row}: bytes that are not valid UTF-8 (shown as U+FFFD): expected UTF-8 text`;
      this.reject(row, [{ code: 'invalid_encoding', path: [], message }], text);
      return;
    }
    let input: unknown;
    try {
      input = JSON.parse(text) as unknown;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.reject(row, [{ code: 'invalid_json', path: [], message: `row ${row}: not valid JSON (${reason})` }], text);
      return;
    }
    const result = this.validate(input);
    const issues: Issue[] = result.success ? [] : [...result.issues];
    const id = typeof input === 'object' && input !== null ? (input as { id?: unknown }).id : undefined;
    if (this.rejectDuplicateIds && (typeof id === 'string' || typeof id === 'number')) {
      const key = String(id).trim();
      if (this.seen.seen(key)) {
        issues.push({ code: 'duplicate_id', path: ['id'], message: `id: ${JSON.stringify(key)} appears again; ids must be unique`, received: id });
      }
    }
    const [first, ...rest] = issues;
    if (result.success && first === undefined) {
      this.results.push({ ok: true, row, line: this.line, rows: 1, record: result.data });
      return;
    }
    if (first !== undefined) this.reject(row, [first, ...rest], text);
  }

  private reject(row: number, issues: readonly [Issue, ...Issue[]], raw: string): void {
    this.results.push({ ok: false, row, line: this.line, rows: 1, issues, raw });
  }
}
