import { describe, expect, test } from 'vitest';
import { splitRecords, type RecordChunk } from '../../src/batch/_lib/splitRecords.js';

async function split(pieces: string[], csv: boolean, rowsPerChunk: number): Promise<{ header: string | undefined; chunks: RecordChunk[] }> {
  let header: string | undefined;
  const chunks: RecordChunk[] = [];
  async function* input(): AsyncGenerator<string> {
    yield* pieces;
  }
  for await (const chunk of splitRecords(input(), { csv, rowsPerChunk, onHeader: (h) => (header = h) })) chunks.push(chunk);
  return { header, chunks };
}

describe('splitRecords', () => {
  test('cuts CSV into chunks of whole records and reports the header once', async () => {
    const { header, chunks } = await split(['id,a\n1,x\n2,', 'y\n3,z\n'], true, 2);
    expect(header).toBe('id,a');
    expect(chunks).toEqual([
      { seq: 0, text: '1,x\n2,y\n', rows: 2, firstRow: 1, firstLine: 2 },
      { seq: 1, text: '3,z\n', rows: 1, firstRow: 3, firstLine: 4 },
    ]);
  });

  test('keeps line feeds inside quoted fields within one record', async () => {
    const { chunks } = await split(['id,note\n1,"a\nb ""q""', '\nc"\n2,plain\n'], true, 1);
    expect(chunks.map((chunk) => chunk.text)).toEqual(['1,"a\nb ""q""\nc"\n', '2,plain\n']);
    expect(chunks.map((chunk) => [chunk.firstRow, chunk.firstLine])).toEqual([[1, 2], [2, 5]]);
  });

  test('does not count blank lines as rows and adds the missing final line feed', async () => {
    const { chunks } = await split(['{"a":1}\r\n\n{"a":2}'], false, 10);
    expect(chunks).toEqual([{ seq: 0, text: '{"a":1}\r\n\n{"a":2}\n', rows: 2, firstRow: 1, firstLine: 1 }]);
  });

  test('strips a byte order mark from the header', async () => {
    const { header, chunks } = await split(['\ufeffid\n7\n'], true, 10);
    expect(header).toBe('id');
    expect(chunks[0]?.text).toBe('7\n');
  });

  test('yields nothing for a file with a header only', async () => {
    const { header, chunks } = await split(['id,a\n'], true, 10);
    expect(header).toBe('id,a');
    expect(chunks).toEqual([]);
  });
});

describe('splitRecords on malformed CSV', () => {
  test('ends a record with a stray quote at its own line, as the intake splitter does', async () => {
    const { chunks } = await split(['id,a\n1,x"y\n2,"ok\nstill"\n3,z\n'], true, 1);
    expect(chunks.map((chunk) => chunk.text)).toEqual(['1,x"y\n', '2,"ok\nstill"\n', '3,z\n']);
    expect(chunks.map((chunk) => chunk.firstLine)).toEqual([2, 3, 5]);
  });

  test('ends a record with text after a closing quote at its first line', async () => {
    const { chunks } = await split(['id,a\n1,"x"y\n2,z\n'], true, 1);
    expect(chunks.map((chunk) => chunk.text)).toEqual(['1,"x"y\n', '2,z\n']);
  });

  test('treats an unclosed quote at the end of the input as a one-line record', async () => {
    const { chunks } = await split(['id,a\n1,"open\n2,z\n'], true, 1);
    expect(chunks.map((chunk) => chunk.text)).toEqual(['1,"open\n', '2,z\n']);
  });
});

describe('splitRecords with grouping', () => {
  test('never cuts between consecutive records of the same declaration', async () => {
    let header: string | undefined;
    const chunks: RecordChunk[] = [];
    async function* input(): AsyncGenerator<string> {
      yield 'id,line\nA,1\nB,1\nB,2\nB,3\nC,1\n';
    }
    const groupKey = () => (record: string) => record.split(',')[0] ?? '';
    for await (const chunk of splitRecords(input(), { csv: true, rowsPerChunk: 2, groupKey, onHeader: (h) => (header = h) })) chunks.push(chunk);
    expect(header).toBe('id,line');
    expect(chunks.map((chunk) => [chunk.text, chunk.rows, chunk.firstRow, chunk.firstLine])).toEqual([
      ['A,1\nB,1\nB,2\nB,3\n', 4, 1, 2],
      ['C,1\n', 1, 5, 6],
    ]);
  });
});

describe('splitRecords on JSONL', () => {
  test('does not count lines of white space as rows, as the JSONL reader skips them', async () => {
    const { chunks } = await split(['{"a":1}\n   \n\t\n{"a":2}\n'], false, 10);
    expect(chunks.map((chunk) => chunk.rows)).toEqual([2]);
  });
});
