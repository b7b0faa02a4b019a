import { describe, expect, test } from 'vitest';
import { CsvSplitter, type SplitRow } from '../../src/io/_lib/CsvSplitter.js';

/** Every row as plain data (the splitter reuses its row object for rows without quotes). */
function split(pieces: readonly string[], maxRowLength = 1 << 20): unknown[] {
  const rows: unknown[] = [];
  const splitter = new CsvSplitter((row: SplitRow) => {
    const inPlace = row.source === undefined ? undefined : row.source.slice(row.start, row.end);
    rows.push({ line: row.line, raw: row.raw, fields: row.fields, problem: row.problem, plain: row.plain === true, inPlace });
  }, maxRowLength);
  for (const piece of pieces) splitter.push(piece);
  splitter.end();
  return rows;
}

function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  for (let at = 0; at < text.length; at += size) out.push(text.slice(at, at + size));
  return out;
}

describe('CsvSplitter', () => {
  // Plain rows, CRLF, a quoted field with a comma, a doubled quote and a line end, a stray quote, a
  // row with a bad byte, a blank line, a long row, and a last row without a line end.
  const text = [
    'id,name,value',
    'A1,plain,1',
    'A2,crlf,2\r',
    'A3,"quoted, with comma",3',
    'A4,"two\nlines ""and"" quotes",4',
    'A5,stray"quote,5',
    'A6,bad\uFFFDbyte,6',
    '',
    `A7,${'x'.repeat(70)},7`,
    'A8,"ends, quoted"',
    'A9,last,9',
  ].join('\n');

  test('gives the same rows, line numbers and problems however the text is cut into chunks', () => {
    const whole = split([text]);
    expect(whole).toHaveLength(10);
    for (let size = 1; size <= text.length; size++) expect({ size, rows: split(chunks(text, size)) }).toEqual({ size, rows: whole });
  });

  test('hands rows without quotes in place: the text from start to end is the row', () => {
    const rows = split(chunks(text, 7)) as { raw: string; plain: boolean; inPlace: string | undefined }[];
    const plain = rows.filter((row) => row.plain);
    expect(plain.map((row) => row.raw)).toEqual(['id,name,value', 'A1,plain,1', 'A2,crlf,2', `A7,${'x'.repeat(70)},7`, 'A9,last,9']);
    for (const row of plain) expect(row.inPlace).toBe(row.raw);
  });

  test('reports an over-long row once and resumes on the next line, whatever the chunks', () => {
    const long = `id,v\nB1,${'y'.repeat(50)}\nB2,ok\n`;
    // The kept start of the over-long row (`raw`) depends on how much of it had arrived; the rest does not.
    const summary = (rows: unknown[]) =>
      (rows as { line: number; raw: string; problem?: { code: string } }[]).map((row) => [row.line, row.problem?.code, row.raw.slice(0, 15)]);
    const whole = summary(split([long], 20));
    expect(whole).toEqual([
      [1, undefined, 'id,v'],
      [2, 'field_too_large', 'B1,yyyyyyyyyyyy'],
      [3, undefined, 'B2,ok'],
    ]);
    for (let size = 1; size <= long.length; size++) expect({ size, rows: summary(split(chunks(long, size), 20)) }).toEqual({ size, rows: whole });
  });
});
