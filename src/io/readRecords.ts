import { createReadStream, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import type { Declaration } from '../records/declarationSchema.js';
import type { IsfFiling } from '../records/isfFilingSchema.js';
import { safeParseDeclaration } from '../records/parseDeclaration.js';
import { safeParseIsfFiling } from '../records/parseIsfFiling.js';
import type { CsvLayout } from './CsvLayout.js';
import { defaultLayout } from './defaultLayout.js';
import { isfDefaultLayout } from './isfDefaultLayout.js';
import { kcsLayout } from './kcsLayout.js';
import { parseLayout } from './loadLayout.js';
import type { ReadResult } from './ReadResult.js';
import { CsvRecordReader } from './_lib/CsvRecordReader.js';
import { JsonlRecordReader } from './_lib/JsonlRecordReader.js';

/** Options of `readRecords`. */
export interface ReadRecordsOptions {
  /**
   * Input format. When left out: `jsonl` for paths ending in `.jsonl` / `.ndjson`, else `csv`.
   * @default 'csv'
   */
  readonly format?: 'csv' | 'jsonl';
  /**
   * Record kind: import declarations, or ISF filings (CSV: one row per ISF line item, see docs/io.md).
   * @default 'declaration'
   */
  readonly kind?: 'declaration' | 'isf';
  /**
   * CSV layout: `'default'` (ours, see docs/io.md), `'kcs'` (the KCS data as published), a mapping, or
   * `'auto'`: `kcs` when the header has the KCS columns, else `default`. With `kind: 'isf'`, `default`
   * and `auto` mean the ISF default layout (`isfDefaultLayout`), and a mapping is an ISF mapping.
   * @default 'default'
   */
  readonly layout?: 'auto' | 'default' | 'kcs' | CsvLayout;
  /**
   * Longest row (or JSON line) in characters; a longer one is rejected with `field_too_large` and
   * skipped without being held in memory.
   * @default 1048576
   */
  readonly maxRowLength?: number;
  /**
   * Reject a record whose id was already seen in this input (`duplicate_id`). Remembering ids costs
   * about 50 bytes per record; turn it off for inputs of many millions of records if memory matters.
   * @default true
   */
  readonly rejectDuplicateIds?: boolean;
  /**
   * Bytes read from a path per chunk.
   * @default 65536
   */
  readonly chunkSize?: number;
}

/** Options of `readRecords` for ISF filings. */
export interface ReadIsfOptions extends ReadRecordsOptions {
  readonly kind: 'isf';
}

/** Where to read from: a file path or a readable stream of bytes (or strings). */
export type RecordSource = string | Readable | AsyncIterable<Uint8Array | string>;

const DEFAULT_MAX_ROW = 1 << 20;

/**
 * Streams records from a CSV or JSONL file, validating each. Yields one result per record in input
 * order: `{ ok: true, row, record, label? }` or `{ ok: false, row, issues, raw }`; a broken row never
 * stops the stream, and every data row is covered by exactly one result.
 * @param source A path, or a readable stream.
 * @param options Format, kind, layout and limits.
 * @returns An async iterable of results; memory stays flat however large the input.
 * @throws InputError (while iterating) when the CSV header does not fit the layout;
 *   TypeError / RangeError for bad options.
 * @example
 * for await (const result of readRecords('train.csv', { layout: 'kcs' })) {
 *   if (result.ok) result.record.lines[0].hsCode //=> '440890'
 * }
 */
export function readRecords(source: RecordSource, options: ReadIsfOptions): AsyncIterable<ReadResult<IsfFiling>>;
export function readRecords(source: RecordSource, options?: ReadRecordsOptions): AsyncIterable<ReadResult<Declaration>>;
export function readRecords(source: RecordSource, options: ReadRecordsOptions = {}): AsyncIterable<ReadResult<Declaration | IsfFiling>> {
  return readWith(source, options, 'fast');
}

/**
 * `readRecords` with the CSV validation path chosen: the hand-checked fast path (with zod for rows it
 * does not accept) or zod for every row. The benchmark and the equivalence tests compare the two
 * through this. Not part of the public API.
 */
export function readWith(
  source: RecordSource,
  options: ReadRecordsOptions,
  validation: 'fast' | 'zod',
): AsyncIterable<ReadResult<Declaration | IsfFiling>> {
  const format = options.format ?? (typeof source === 'string' && /\.(jsonl|ndjson)$/i.test(source) ? 'jsonl' : 'csv');
  const reader = createReader(format, options, validation, sizeOf(source));
  const chunkSize = options.chunkSize ?? 1 << 16;
  return { [Symbol.asyncIterator]: () => new ResultIterator(reader, open(source, chunkSize)) };
}

/** Checks the options and makes the push reader of a format. */
function createReader(
  format: 'csv' | 'jsonl',
  options: ReadRecordsOptions,
  validation: 'fast' | 'zod',
  expectedBytes: number | undefined,
): PushReader<ReadResult<Declaration | IsfFiling>> {
  const kind = options.kind ?? 'declaration';
  const maxRowLength = options.maxRowLength ?? DEFAULT_MAX_ROW;
  const rejectDuplicateIds = options.rejectDuplicateIds ?? true;
  if (format !== 'csv' && format !== 'jsonl') throw new TypeError(`readRecords: option format must be 'csv' or 'jsonl', received ${String(format)}`);
  if (kind !== 'declaration' && kind !== 'isf') throw new TypeError(`readRecords: option kind must be 'declaration' or 'isf', received ${String(kind)}`);
  if (!Number.isInteger(maxRowLength) || maxRowLength < 1) throw new RangeError(`readRecords: option maxRowLength must be a whole number of 1 or more, received ${String(maxRowLength)}`);
  return format === 'jsonl'
    ? new JsonlRecordReader<Declaration | IsfFiling>(kind === 'isf' ? safeParseIsfFiling : safeParseDeclaration, maxRowLength, rejectDuplicateIds)
    : new CsvRecordReader({ layout: resolveLayout(options.layout, kind), kind, maxRowLength, rejectDuplicateIds, validation, expectedBytes });
}

/**
 * `readRecords` over text already in memory, synchronously: each result goes to `onResult` as soon as its
 * piece is parsed, in input order, with exactly the results `readRecords` gives for the same pieces. For
 * the batch's chunks: an async iteration costs a suspension per record, about as much as reading it.
 * Not part of the public API.
 * @throws InputError when the CSV header does not fit the layout
 */
export function readTextRecords(
  pieces: Iterable<string>,
  options: ReadRecordsOptions & { readonly format: 'csv' | 'jsonl' },
  onResult: (result: ReadResult<Declaration>) => void,
): void {
  const reader = createReader(options.format, options, 'fast', undefined) as PushReader<ReadResult<Declaration>>;
  const drain = (): void => {
    const { results } = reader;
    for (let index = 0; index < results.length; index++) onResult(results[index]!);
    results.length = 0;
  };
  let first = true;
  for (let text of pieces) {
    // As ResultIterator: a leading BOM of the first non-empty piece is dropped.
    if (first && text !== '') {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    reader.push(text);
    drain();
  }
  reader.end();
  drain();
}

/** What both record readers offer: push text, end, and collect `results`. */
interface PushReader<R> {
  readonly results: R[];
  push(text: string): void;
  end(): void;
}

/**
 * Hands out results one by one, reading and parsing the next chunk only when the current chunk's
 * results are used up. Hand-written rather than an async generator: a generator adds an extra await per
 * yielded value, which costs more than the row itself on the fast path.
 */
class ResultIterator<R> implements AsyncIterator<R> {
  private buffer: R[] = [];
  private index = 0;
  private finished = false;
  private first = true;
  private readonly chunks: AsyncIterator<Uint8Array | string>;
  // A fatal decoder would stop at the first bad byte; this one turns bad bytes into U+FFFD, which the
  // readers report as `invalid_encoding` on the row that holds them. A leading BOM is dropped.
  private readonly decoder = new TextDecoder('utf-8');

  constructor(
    private readonly reader: PushReader<R>,
    chunks: AsyncIterable<Uint8Array | string>,
  ) {
    this.chunks = chunks[Symbol.asyncIterator]();
  }

  next(): Promise<IteratorResult<R>> {
    if (this.index < this.buffer.length) {
      const value = this.buffer[this.index++] as R;
      return Promise.resolve({ value, done: false });
    }
    return this.fill();
  }

  async return(): Promise<IteratorResult<R>> {
    this.finished = true;
    this.buffer = [];
    await this.chunks.return?.();
    return { value: undefined, done: true };
  }

  private async fill(): Promise<IteratorResult<R>> {
    const reader = this.reader;
    try {
      while (!this.finished && reader.results.length === 0) {
        const chunk = await this.chunks.next();
        if (chunk.done === true) {
          const tail = this.decoder.decode();
          if (tail !== '') reader.push(tail);
          reader.end();
          this.finished = true;
        } else {
          const value = chunk.value;
          let text = typeof value === 'string' ? value : this.decoder.decode(value, { stream: true });
          // The decoder drops a leading BOM from bytes; a source of strings may still carry one.
          if (this.first && text !== '') {
            this.first = false;
            if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
          }
          reader.push(text);
        }
      }
    } catch (error) {
      // A header that does not fit the layout, or a read error: close the file before reporting it.
      this.finished = true;
      await this.chunks.return?.();
      throw error;
    }
    // Take the reader's results whole; it starts a fresh list.
    this.buffer = reader.results.splice(0, reader.results.length);
    this.index = 0;
    if (this.buffer.length === 0) return { value: undefined, done: true };
    return { value: this.buffer[this.index++] as R, done: false };
  }
}

function resolveLayout(layout: ReadRecordsOptions['layout'], kind: 'declaration' | 'isf'): CsvLayout | 'auto' {
  if (kind === 'isf') {
    if (layout === undefined || layout === 'default' || layout === 'auto') return isfDefaultLayout;
    if (layout === 'kcs') throw new TypeError("readRecords: layout 'kcs' holds declarations; ISF filings use layout 'default' or an ISF mapping");
  }
  if (layout === undefined || layout === 'default') return defaultLayout;
  if (layout === 'kcs') return kcsLayout;
  if (layout === 'auto') return 'auto';
  if (typeof layout !== 'object' || layout === null) {
    throw new TypeError(`readRecords: option layout must be 'auto', 'default', 'kcs' or a CsvLayout object, received ${String(layout)}`);
  }
  // The mapping's kind defaults to the records read; a mapping written for the other kind is an error.
  const layoutKind = (layout as { kind?: unknown }).kind;
  if (layoutKind !== undefined && layoutKind !== kind) {
    throw new TypeError(`readRecords: layout ${JSON.stringify(layout.name)} is for kind ${String(layoutKind)} records, but option kind is ${kind}`);
  }
  // A mapping object may come from anywhere: check it like a mapping file.
  return parseLayout(layoutKind === undefined ? { ...layout, kind } : layout);
}

/** The size of a file source in bytes, or undefined (a stream, or no such file: reading reports that). */
function sizeOf(source: RecordSource): number | undefined {
  if (typeof source !== 'string') return undefined;
  try {
    return statSync(source).size;
  } catch {
    return undefined;
  }
}

function open(source: RecordSource, chunkSize: number): AsyncIterable<Uint8Array | string> {
  if (typeof source === 'string') return createReadStream(source, { highWaterMark: chunkSize });
  if (typeof source === 'object' && source !== null && Symbol.asyncIterator in source) return source as AsyncIterable<Uint8Array | string>;
  throw new TypeError('readRecords: source must be a file path or a readable stream');
}
