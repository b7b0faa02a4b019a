import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { format } from 'fast-csv';
import type { Declaration, DeclarationLine } from '../records/declarationSchema.js';
import { BILL_FIELDS, HEADER_FIELDS, LINE_FIELDS, PARTIES, PARTY_FIELDS } from './CsvLayout.js';

/** Options of `writeDeclarationsCsv`. */
export interface WriteDeclarationsCsvOptions {
  /**
   * Keys of `record.attributes` to write as `attributes.<key>` columns (others are not written).
   * @default []
   */
  readonly attributes?: readonly string[];
  /**
   * Keys of `line.attributes` to write as `line.attributes.<key>` columns.
   * @default []
   */
  readonly lineAttributes?: readonly string[];
}

type Cell = (declaration: Declaration, line: DeclarationLine) => unknown;

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.join(' ');
  return String(value);
}

/**
 * Writes declarations as CSV in our `default` layout (docs/io.md): one row per goods line, the header
 * fields on the first row of each declaration, so that `readRecords` reads back the same declarations.
 * Timestamps are written in UTC ISO 8601. The CSV formatting (quoting of commas, quotes and newlines) is
 * fast-csv's.
 * @param declarations The declarations, e.g. the records of a `readRecords` loop.
 * @param destination A file path or a writable stream.
 * @returns How many rows were written (the header not counted).
 * @example
 * await writeDeclarationsCsv([parseDeclaration(json)], 'out.csv') //=> 1
 */
export async function writeDeclarationsCsv(
  declarations: Iterable<Declaration> | AsyncIterable<Declaration>,
  destination: string | Writable,
  options: WriteDeclarationsCsvOptions = {},
): Promise<number> {
  const headerCells: [string, (declaration: Declaration) => unknown][] = [];
  for (const field of HEADER_FIELDS) headerCells.push([field, (declaration) => declaration[field]]);
  for (const party of PARTIES) {
    for (const field of PARTY_FIELDS) headerCells.push([`${party}.${field}`, (declaration) => declaration[party]?.[field]]);
  }
  for (const field of BILL_FIELDS) headerCells.push([`billOfLading.${field}`, (declaration) => declaration.billOfLading?.[field]]);
  for (const key of options.attributes ?? []) headerCells.push([`attributes.${key}`, (declaration) => declaration.attributes?.[key]]);
  const lineCells: [string, Cell][] = [];
  for (const field of LINE_FIELDS) lineCells.push([`line.${field}`, (_, line) => line[field]]);
  for (const key of options.lineAttributes ?? []) lineCells.push([`line.attributes.${key}`, (_, line) => line.attributes?.[key]]);

  const out = typeof destination === 'string' ? createWriteStream(destination) : destination;
  const csv = format<string[], string[]>({ headers: [...headerCells.map(([name]) => name), ...lineCells.map(([name]) => name)] });
  // A file we opened is closed at the end; a stream we were given (stdout, say) is left open.
  csv.pipe(out, { end: typeof destination === 'string' });
  let rows = 0;
  for await (const declaration of declarations) {
    declaration.lines.forEach((line, index) => {
      // Later rows of a declaration leave the header cells empty: the reader takes them from the first.
      const head = headerCells.map(([, read]) => (index === 0 ? text(read(declaration)) : ''));
      const cells = lineCells.map(([, read]) => text(read(declaration, line)));
      if (index > 0) head[0] = declaration.id;
      csv.write([...head, ...cells]);
      rows++;
    });
    if (csv.writableNeedDrain) await once(csv, 'drain');
  }
  csv.end();
  await finished(csv);
  if (typeof destination === 'string') await finished(out);
  return rows;
}
