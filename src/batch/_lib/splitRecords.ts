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
  /**
   * Given the header, how to read a record's group key (the declaration id), or undefined when every record
   * stands alone. Consecutive records with the same key form one declaration and never straddle two chunks.
   */
  readonly groupKey?: (header: string) => ((record: string) => string) | undefined;
}

const NEED_MORE = -1;

/**
 * End (index after the line ending) of the CSV record that starts at `start` and contains a quote, or
 * NEED_MORE. Follows the intake splitter (src/io) exactly, so that a chunk boundary is always a record
 * boundary there too: a quote opens a quoted field only at the start of a field, and a malformed record
 * (stray quote, text after a closing quote, unclosed quote at the end) is its first physical line only.
 */
function quotedRecordEnd(s: string, start: number, final: boolean): number {
  const length = s.length;
  const malformed = (): number => {
    const nl = s.indexOf('\n', start);
    return nl === -1 ? length : nl + 1;
  };
  let i = start;
  for (;;) {
    if (i < length && s.charCodeAt(i) === 34) {
      let j = i + 1;
      for (;;) {
        const q = s.indexOf('"', j);
        if (q === -1 || (q === length - 1 && !final)) return final ? malformed() : NEED_MORE;
        if (s.charCodeAt(q + 1) === 34) {
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      const c = i < length ? s.charCodeAt(i) : -1;
      if (c === 44) {
        i++;
        continue;
      }
      if (c === 10) return i + 1;
      if (c === 13) {
        if (i + 1 < length) {
          if (s.charCodeAt(i + 1) === 10) return i + 2;
        } else return final ? i + 1 : NEED_MORE;
      }
      if (c === -1) return final ? i : NEED_MORE;
      return malformed();
    }
    let k = i;
    while (k < length) {
      const c = s.charCodeAt(k);
      if (c === 44 || c === 10) break;
      if (c === 34) return malformed();
      k++;
    }
    if (k === length) return final ? length : NEED_MORE;
    if (s.charCodeAt(k) === 10) return k + 1;
    i = k + 1;
  }
}

/** A string with the characters of `text` that does not share the memory of a larger string. */
function detached(text: string): string {
  return Buffer.from(text, 'utf16le').toString('utf16le');
}

function countLineFeeds(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i !== -1 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
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
  const csv = options.csv;
  let needHeader = csv;
  let carry = '';
  let seq = 0;
  let nextRow = 1;
  let line = 1;
  // Parts of the chunk being built, and the counters of the records in it.
  let parts: string[] = [];
  let rows = 0;
  let chunkFirstRow = 1;
  let chunkFirstLine = 1;
  let keyOf: ((record: string) => string) | undefined;
  // Set when the chunk is full but its last group may continue: the key of that group.
  let openGroup: string | undefined;

  const flush = (): RecordChunk => {
    const chunk: RecordChunk = { seq: seq++, text: parts.join(''), rows, firstRow: chunkFirstRow, firstLine: chunkFirstLine };
    parts = [];
    rows = 0;
    chunkFirstRow = nextRow;
    chunkFirstLine = line;
    return chunk;
  };

  const consume = function* (s: string, final: boolean): Generator<RecordChunk> {
    const length = s.length;
    let start = 0; // start of the current record
    let partStart = 0; // start of the text not yet moved into `parts`
    let nextQuote = csv ? s.indexOf('"') : -1;
    if (nextQuote === -1) nextQuote = Number.POSITIVE_INFINITY;
    while (start < length) {
      const nl = s.indexOf('\n', start);
      if (nl === -1 && !final) break;
      const lineEnd = nl === -1 ? length : nl;
      if (nextQuote < start) {
        nextQuote = s.indexOf('"', start);
        if (nextQuote === -1) nextQuote = Number.POSITIVE_INFINITY;
      }
      let end: number;
      let lines = 1;
      if (nextQuote >= lineEnd) {
        end = nl === -1 ? length : nl + 1; // fast path: no quote in this line
      } else {
        end = quotedRecordEnd(s, start, final);
        if (end === NEED_MORE) break;
        lines = Math.max(1, countLineFeeds(s, start, end) + (s.charCodeAt(end - 1) === 10 ? 0 : 1));
      }
      // CSV: an empty line (or a lone CR) is not a row; JSONL: neither is a line of white space only.
      // Both as the intake readers count rows.
      const blank =
        lineEnd === start ||
        (lineEnd === start + 1 && s.charCodeAt(start) === 13) ||
        (!csv && s.charCodeAt(start) <= 32 && s.slice(start, lineEnd).trim() === '');
      if (needHeader && !blank) {
        needHeader = false;
        let headerEnd = end;
        if (headerEnd > start && s.charCodeAt(headerEnd - 1) === 10) headerEnd--;
        if (headerEnd > start && s.charCodeAt(headerEnd - 1) === 13) headerEnd--;
        // A copy, not a slice: a slice would keep the whole first input piece alive for the run.
        const header = detached(s.slice(start, headerEnd));
        const clean = header.charCodeAt(0) === 0xfeff ? header.slice(1) : header;
        options.onHeader?.(clean);
        keyOf = options.groupKey?.(clean);
        partStart = end;
        line += lines;
        chunkFirstLine = line;
      } else {
        if (!blank) {
          if (openGroup !== undefined && keyOf !== undefined && keyOf(s.slice(start, end)) !== openGroup) {
            // The full chunk's last group ended just before this record: cut here.
            openGroup = undefined;
            if (partStart < start) parts.push(s.slice(partStart, start));
            partStart = start;
            yield flush();
          }
          rows++;
          nextRow++;
          if (rows >= rowsPerChunk && keyOf !== undefined && openGroup === undefined) {
            // An empty id never groups rows in the reader: nothing to keep together then.
            const key = keyOf(s.slice(start, end));
            if (key !== '') openGroup = key;
          }
        }
        line += lines;
      }
      start = end;
      if (rows >= rowsPerChunk && openGroup === undefined) {
        parts.push(s.slice(partStart, end));
        if (s.charCodeAt(end - 1) !== 10) parts.push('\n');
        partStart = end;
        yield flush();
      }
    }
    if (partStart < start) {
      parts.push(s.slice(partStart, start));
      if (s.charCodeAt(start - 1) !== 10) parts.push('\n');
    }
    carry = s.slice(start);
  };

  for await (const piece of input) {
    yield* consume(carry === '' ? piece : carry + piece, false);
  }
  yield* consume(carry, true);
  if (rows > 0 || parts.length > 0) yield flush();
}
