import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { readRecords, readTextRecords, type ReadRecordsOptions } from '../../src/io/readRecords.js';
import type { ReadResult } from '../../src/io/ReadResult.js';
import type { Declaration } from '../../src/records/declarationSchema.js';
import { fixturePath } from '../_helpers/fixtures.js';

interface Expectation {
  readonly file: string;
  readonly layout?: 'kcs' | 'default';
  readonly format?: 'jsonl';
  readonly kind?: 'declaration' | 'isf';
  readonly options?: { readonly maxRowLength?: number };
}

const manifest = (JSON.parse(readFileSync(fixturePath('bad/expected.json'), 'utf8')) as Expectation[]).filter((entry) => entry.kind !== 'isf');

/** The file's text in pieces of `size` characters. */
function piecesOf(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += size) pieces.push(text.slice(start, start + size));
  return pieces;
}

async function viaStream(pieces: string[], options: ReadRecordsOptions) {
  async function* source(): AsyncGenerator<string> {
    yield* pieces;
  }
  const out: ReadResult<Declaration>[] = [];
  for await (const result of readRecords(source(), options)) out.push(result);
  return out;
}

function viaText(pieces: string[], options: ReadRecordsOptions & { readonly format: 'csv' | 'jsonl' }) {
  const out: ReadResult<Declaration>[] = [];
  readTextRecords(pieces, options, (result) => out.push(result));
  return out;
}

describe('readTextRecords', () => {
  for (const entry of manifest) {
    test(`gives readRecords' results on ${entry.file}, whatever the piece size`, async () => {
      const text = readFileSync(fixturePath(`bad/${entry.file}`), 'utf8');
      const options = {
        format: entry.format ?? 'csv',
        ...(entry.layout === undefined ? {} : { layout: entry.layout }),
        ...(entry.options?.maxRowLength === undefined ? {} : { maxRowLength: entry.options.maxRowLength }),
        rejectDuplicateIds: false,
      } as const;
      for (const size of [7, 64, 8192]) {
        const pieces = piecesOf(text, size);
        expect(viaText(pieces, options)).toEqual(await viaStream(pieces, options));
      }
    });
  }

  test('gives readRecords’ results on the 2,000-row KCS sample', async () => {
    const pieces = piecesOf(readFileSync(fixturePath('kcs-sample.csv'), 'utf8'), 8192);
    const options = { format: 'csv', layout: 'kcs', rejectDuplicateIds: false } as const;
    const results = viaText(pieces, options);
    expect(results).toHaveLength(2000);
    expect(results).toEqual(await viaStream(pieces, options));
  });

  test('reports a header that does not fit the layout as readRecords does', async () => {
    const pieces = ['not,the,kcs,header\n1,2,3,4\n'];
    const options = { format: 'csv', layout: 'kcs' } as const;
    await expect(viaStream(pieces, options)).rejects.toThrow(/header/);
    expect(() => viaText(pieces, options)).toThrow(/header/);
  });
});
