/** A run of whole input records, cut at record boundaries, with where it starts in the input. */
export interface RecordChunk {
  /** Sequence number, 0-based; results are written back in this order. */
  readonly seq: number;
  /** Whole records, each ending with a line feed (blank lines kept as they were). */
  readonly text: string;
  /** Non-blank records in `text`. */
  readonly rows: number;
  /** 1-based index of the first non-blank record of `text` among all data records (header excluded). */
  readonly firstRow: number;
  /** 1-based physical line of the input where `text` starts (the header is line 1 in CSV). */
  readonly firstLine: number;
}

/** Options of {@link splitRecords}. */
export interface SplitRecordsOptions {
  /** CSV: line feeds inside double-quoted fields do not end a record, and the first record is the header. */
  readonly csv: boolean;
  /** Largest number of records per chunk. @default 2048 */
  readonly rowsPerChunk?: number;
  /** Called once with the header record (CSV only), without its line ending. */
  readonly onHeader?: (header: string) => void;
}

/**
 * Cuts a stream of text into chunks of whole records. Only record boundaries are found here (no field
 * parsing), so the main thread stays cheap and the parsing happens where the scoring happens.
 */
export async function* splitRecords(
  input: AsyncIterable<string>,
  options: SplitRecordsOptions,
): AsyncGenerator<RecordChunk> {
  const rowsPerChunk = options.rowsPerChunk ?? 2048;
  let needHeader = options.csv;
  let carry = '';
  let seq = 0;
  let nextRow = 1;
  let line = 1;
  // Parts of the chunk being built, and the counters of the records in it.
  let parts: string[] = [];
  let rows = 0;
  let chunkFirstRow = 1;
  let chunkFirstLine = 1;

  const flush = (): RecordChunk => {
    const chunk: RecordChunk = { seq: seq++, text: parts.join(''), rows, firstRow: chunkFirstRow, firstLine: chunkFirstLine };
    parts = [];
    rows = 0;
    chunkFirstRow = nextRow;
    chunkFirstLine = line;
    return chunk;
  };

  const consume = function* (s: string, final: boolean): Generator<RecordChunk> {
    let start = 0; // start of the current record
    let from = 0; // where to look for the next line feed
    let partStart = 0; // start of the text not yet moved into `parts`
    let inQuote = false;
    let nextQuote = options.csv ? s.indexOf('"') : -1;
    if (nextQuote === -1) nextQuote = Number.POSITIVE_INFINITY;
    let linesInRecord = 0;
    for (;;) {
      let nl = s.indexOf('\n', from);
      if (nl === -1) {
        if (!final || start >= s.length) break;
        nl = s.length; // last record without a line ending
      }
      // Toggle the quote state for every double quote before this line feed ("" toggles twice).
      while (nextQuote < nl) {
        inQuote = !inQuote;
        nextQuote = s.indexOf('"', nextQuote + 1);
        if (nextQuote === -1) nextQuote = Number.POSITIVE_INFINITY;
      }
      linesInRecord++;
      from = nl + 1;
      if (inQuote && nl < s.length) continue; // line feed inside a quoted field
      inQuote = false;
      const end = Math.min(nl + 1, s.length);
      const blank = nl === start || (nl === start + 1 && s.charCodeAt(start) === 13);
      if (needHeader && !blank) {
        needHeader = false;
        const header = s.slice(start, s.charCodeAt(nl - 1) === 13 ? nl - 1 : nl);
        options.onHeader?.(header.charCodeAt(0) === 0xfeff ? header.slice(1) : header);
        partStart = end;
        if (rows === 0 && parts.length === 0) {
          chunkFirstLine = line + linesInRecord;
        }
      } else if (!blank) {
        rows++;
        nextRow++;
      }
      line += linesInRecord;
      linesInRecord = 0;
      start = end;
      if (rows >= rowsPerChunk) {
        parts.push(s.slice(partStart, end));
        if (end === s.length && s.charCodeAt(end - 1) !== 10) parts.push('\n');
        partStart = end;
        yield flush();
      }
      if (nl >= s.length) break;
    }
    if (partStart < start) {
      parts.push(s.slice(partStart, start));
      if (final && s.charCodeAt(start - 1) !== 10) parts.push('\n');
    }
    carry = s.slice(start);
  };

  for await (const piece of input) {
    yield* consume(carry + piece, false);
  }
  yield* consume(carry, true);
  if (rows > 0 || parts.length > 0) yield flush();
}
