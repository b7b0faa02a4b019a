import type { IssueCode } from '../../records/Issue.js';

/** One physical CSV row as the splitter found it: its fields, or why it could not be read. */
export interface SplitRow {
  /** 1-based physical line where the row starts (the header is line 1). */
  readonly line: number;
  /** The row's text as read (without the line ending); truncated for over-long rows. */
  readonly raw: string;
  /** The fields, unquoted; `undefined` when the row is broken (`problem` says why). */
  readonly fields: string[] | undefined;
  /** Set when the row could not be split. */
  readonly problem?: { readonly code: IssueCode; readonly message: string };
  /** True when the row has no quotes: `raw` is then exactly its fields joined by commas. */
  readonly plain?: boolean;
  /**
   * For a row without quotes: `raw` is `source.slice(start, end)`, so that a reader can read the row in
   * place in the text it came in (reading characters of a flat string is cheaper than of a slice).
   */
  readonly source?: string;
  readonly start?: number;
  readonly end?: number;
}

/**
 * The row handed out for rows without quotes, one object reused for all of them: `onRow` reads it at
 * once and keeps no reference to it (its fields and raw text it may keep). The fields are split from
 * the raw text only when asked for, so a reader that can read `raw` in place skips the split.
 */
class PlainRow implements SplitRow {
  line = 0;
  source = '';
  start = 0;
  end = 0;
  readonly plain = true;
  private text: string | undefined;
  private split: string[] | undefined;

  /** The row's text, sliced only when asked for. */
  get raw(): string {
    return (this.text ??= this.source.slice(this.start, this.end));
  }

  get fields(): string[] {
    return (this.split ??= this.raw.split(','));
  }

  set(line: number, source: string, start: number, end: number): this {
    this.line = line;
    this.source = source;
    this.start = start;
    this.end = end;
    this.text = undefined;
    this.split = undefined;
    return this;
  }
}

/** How much of an over-long row is kept in `raw` for the reject report. */
const RAW_KEEP = 200;

const enum Scan {
  /** A complete row was read: `end` is the index after its line ending. */
  Row,
  /** The buffer ends inside the row: wait for more text. */
  NeedMore,
  /** The row breaks RFC 4180 quoting. */
  Malformed,
}

/**
 * A streaming RFC 4180 splitter. Text is pushed in chunks of any size; complete rows are handed to
 * `onRow` in order, and nothing but the current unfinished row is buffered.
 *
 * Why hand-written: the hot path (rows without quotes) is an `indexOf('\n')` plus `split(',')`, which
 * is as fast as a bare line split, and the slow path knows exactly which row broke and why. After a
 * quoting error it resumes at the next physical line, so one stray quote never swallows the rows that
 * follow it.
 */
export class CsvSplitter {
  private buf = '';
  private line = 1;
  /** Skipping the rest of an over-long physical line. */
  private skipping = false;
  // Scratch results of the slow path.
  private scanEnd = 0;
  private scanLines = 0;
  private scanMessage = '';
  private readonly fieldsOut: string[] = [];
  private readonly plain = new PlainRow();

  /** @param onRow Called with each row; it must not keep the row object (its fields and raw text it may keep). */
  constructor(
    private readonly onRow: (row: SplitRow) => void,
    private readonly maxRowLength: number,
  ) {}

  /** Feeds the next piece of decoded text. */
  push(text: string): void {
    const rest = this.buf;
    if (rest !== '' && !this.skipping && rest.indexOf('"') === -1) {
      // The unfinished row of the last chunk has no quote, so it ends at the first line end of this one:
      // finish it on its own, then read this chunk where it lies. Appending the chunk to the rest would
      // copy it into a new string and make every row a slice of that copy (slower to read).
      const nl = text.indexOf('\n');
      if (nl !== -1) {
        this.buf = rest + text.slice(0, nl + 1);
        this.drain(false, 0);
        if (this.buf === '') {
          this.buf = text;
          this.drain(false, nl + 1);
          return;
        }
        // Not read (cannot happen for a complete line without quotes): keep all of it, as below.
        this.buf += text.slice(nl + 1);
        this.drain(false, 0);
        return;
      }
    }
    this.buf = rest === '' ? text : rest + text;
    this.drain(false, 0);
  }

  /** Signals the end of the input: a last row without a line ending is emitted now. */
  end(): void {
    this.drain(true, 0);
    this.buf = '';
  }

  /** Reads the rows of `this.buf` from `start`; keeps the unfinished rest in `this.buf`. */
  private drain(atEnd: boolean, start: number): void {
    const buf = this.buf;
    const length = buf.length;
    let pos = start;
    if (this.skipping) {
      pos = this.skip(buf, start);
      if (this.skipping) {
        this.buf = '';
        return;
      }
    }
    // Positions of the next quote and of the next suspicious character (U+FFFD from undecodable
    // bytes, U+FEFF from a stray byte order mark) are cached: most rows have neither.
    let nextQuote = -2;
    let nextOdd = -2;
    while (pos < length) {
      const nl = buf.indexOf('\n', pos);
      if (nextQuote !== -1 && nextQuote < pos) nextQuote = buf.indexOf('"', pos);
      if (nextOdd !== -1 && nextOdd < pos) nextOdd = findOdd(buf, pos);
      const rowLimit = nl === -1 ? length : nl;
      if (nl === -1 && !atEnd) {
        if (length - pos > this.maxRowLength) {
          this.startSkipping(buf, pos, false);
          pos = this.skip(buf, pos);
          if (this.skipping) pos = length;
          continue;
        }
        break;
      }
      if (nextQuote === -1 || nextQuote >= rowLimit) {
        // Fast path: a row without quotes.
        if (rowLimit - pos > this.maxRowLength) {
          this.onRow(tooLargeRow(this.line, buf.slice(pos, pos + RAW_KEEP), this.maxRowLength));
          pos = rowLimit + 1;
          this.line++;
          continue;
        }
        const end = rowLimit > pos && buf.charCodeAt(rowLimit - 1) === 13 ? rowLimit - 1 : rowLimit;
        const line = this.line++;
        if (end > pos) {
          if (nextOdd !== -1 && nextOdd < end) this.onRow(oddRow(line, buf.slice(pos, end)));
          else this.onRow(this.plain.set(line, buf, pos, end));
        }
        pos = rowLimit + 1;
        continue;
      }
      // Slow path: the row contains a quote.
      const scan = this.scanQuoted(buf, pos, atEnd);
      if (scan === Scan.NeedMore) {
        if (length - pos > this.maxRowLength) {
          this.startSkipping(buf, pos, true);
          pos = this.skip(buf, pos);
          if (this.skipping) pos = length;
          continue;
        }
        break;
      }
      const line = this.line;
      if (scan === Scan.Malformed) {
        // Resume at the next physical line: the rejected row is this line only.
        const end = nl === -1 ? length : nl;
        const raw = buf.slice(pos, end > pos && buf.charCodeAt(end - 1) === 13 ? end - 1 : end);
        this.onRow({ line, raw, fields: undefined, problem: { code: 'malformed_row', message: this.scanMessage } });
        this.line++;
        pos = end + 1;
        continue;
      }
      const end = this.scanEnd;
      let rawEnd = end;
      if (rawEnd > pos && buf.charCodeAt(rawEnd - 1) === 10) rawEnd--;
      if (rawEnd > pos && buf.charCodeAt(rawEnd - 1) === 13) rawEnd--;
      const raw = buf.slice(pos, rawEnd);
      this.line += this.scanLines + 1;
      if (nextOdd !== -1 && nextOdd < end) this.onRow(oddRow(line, raw));
      else if (rawEnd - pos > this.maxRowLength) this.onRow(tooLargeRow(line, raw, this.maxRowLength));
      else this.onRow({ line, raw, fields: this.fieldsOut.slice() });
      pos = end;
    }
    this.buf = pos >= length ? '' : buf.slice(pos);
  }

  /**
   * Reads one row that contains a quote, starting at `start`. Fills `fieldsOut`, `scanEnd` (index after
   * the row's line ending) and `scanLines` (line endings inside quoted fields).
   */
  private scanQuoted(buf: string, start: number, atEnd: boolean): Scan {
    const fields = this.fieldsOut;
    fields.length = 0;
    const length = buf.length;
    let lines = 0;
    let i = start;
    for (;;) {
      if (i < length && buf.charCodeAt(i) === 34) {
        // Quoted field: "" is an escaped quote; commas and line endings are data.
        let value = '';
        let j = i + 1;
        for (;;) {
          const q = buf.indexOf('"', j);
          if (q === -1 || (q === length - 1 && !atEnd)) {
            if (!atEnd) return Scan.NeedMore;
            this.scanMessage = 'a quoted field is never closed (missing closing quote)';
            return Scan.Malformed;
          }
          lines += countNewlines(buf, j, q);
          if (buf.charCodeAt(q + 1) === 34) {
            value += buf.slice(j, q + 1);
            j = q + 2;
            continue;
          }
          value += buf.slice(j, q);
          i = q + 1;
          break;
        }
        fields.push(value);
        const c = i < length ? buf.charCodeAt(i) : -1;
        if (c === 44) {
          i++;
          continue;
        }
        if (c === 10) return this.rowEnd(i + 1, lines);
        if (c === 13) {
          if (i + 1 < length) {
            if (buf.charCodeAt(i + 1) === 10) return this.rowEnd(i + 2, lines);
          } else if (!atEnd) return Scan.NeedMore;
          else return this.rowEnd(i + 1, lines);
        }
        if (c === -1) {
          if (!atEnd) return Scan.NeedMore;
          return this.rowEnd(i, lines);
        }
        this.scanMessage = `unexpected ${JSON.stringify(buf[i])} after the closing quote of field ${fields.length}`;
        return Scan.Malformed;
      }
      // Unquoted field: runs to the next comma or line ending and may not contain a quote.
      let k = i;
      while (k < length) {
        const c = buf.charCodeAt(k);
        if (c === 44 || c === 10) break;
        if (c === 34) {
          this.scanMessage = `a quote inside unquoted field ${fields.length + 1} (quote the whole field and double the quote)`;
          return Scan.Malformed;
        }
        k++;
      }
      if (k === length && !atEnd) return Scan.NeedMore;
      let valueEnd = k;
      if (valueEnd > i && buf.charCodeAt(valueEnd - 1) === 13 && (k === length || buf.charCodeAt(k) === 10)) valueEnd--;
      fields.push(buf.slice(i, valueEnd));
      if (k === length) return this.rowEnd(k, lines);
      if (buf.charCodeAt(k) === 10) return this.rowEnd(k + 1, lines);
      i = k + 1;
    }
  }

  private rowEnd(end: number, lines: number): Scan {
    this.scanEnd = end;
    this.scanLines = lines;
    return Scan.Row;
  }

  /**
   * Reports the over-long row now and drops the rest of its first physical line as it arrives, so memory
   * stays bounded. Reading resumes on the next line rather than after the closing quote: a quote that is
   * never closed looks exactly like a huge quoted field, and resuming by line keeps it from swallowing
   * the rest of the file (a huge field that itself spans lines gives a few more rejected rows instead).
   */
  private startSkipping(buf: string, pos: number, quoted: boolean): void {
    const row = tooLargeRow(this.line, buf.slice(pos, pos + RAW_KEEP), this.maxRowLength);
    const message = quoted
      ? `a quoted field runs past ${this.maxRowLength} characters (option maxRowLength): a field too large, or a quote never closed; reading resumes on the next line`
      : undefined;
    this.onRow(message === undefined ? row : { ...row, problem: { code: 'field_too_large', message } });
    this.skipping = true;
  }

  /** Skips to the end of the current physical line; returns the index after it, or the buffer's end. */
  private skip(buf: string, from: number): number {
    const nl = buf.indexOf('\n', from);
    if (nl === -1) return buf.length;
    this.line++;
    this.skipping = false;
    return nl + 1;
  }
}

function findOdd(buf: string, from: number): number {
  const a = buf.indexOf('\uFFFD', from);
  const b = buf.indexOf('\uFEFF', from);
  if (a === -1) return b;
  if (b === -1) return a;
  return Math.min(a, b);
}

function oddRow(line: number, raw: string): SplitRow {
  const bom = raw.includes('\uFEFF');
  const message = bom
    ? 'a byte order mark (U+FEFF) inside the data, e.g. from concatenated files: expected UTF-8 text without it'
    : 'bytes that are not valid UTF-8 (shown as U+FFFD): expected UTF-8 text';
  return { line, raw, fields: undefined, problem: { code: 'invalid_encoding', message } };
}

function tooLargeRow(line: number, raw: string, max: number): SplitRow {
  const shown = raw.length > RAW_KEEP ? `${raw.slice(0, RAW_KEEP)}…` : `${raw}…`;
  return {
    line,
    raw: shown,
    fields: undefined,
    problem: { code: 'field_too_large', message: `the row is longer than ${max} characters (option maxRowLength): a field is too large` },
  };
}

function countNewlines(buf: string, from: number, to: number): number {
  let n = 0;
  let i = buf.indexOf('\n', from);
  while (i !== -1 && i < to) {
    n++;
    i = buf.indexOf('\n', i + 1);
  }
  return n;
}
