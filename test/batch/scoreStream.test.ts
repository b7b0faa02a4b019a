import { describe, expect, test } from 'vitest';
import { emptyStats } from '../../src/batch/BatchStats.js';
import type { ChunkResult, ChunkTask } from '../../src/batch/ChunkTask.js';
import { IntegrityError } from '../../src/batch/IntegrityError.js';
import type { OutputSink } from '../../src/batch/OutputSink.js';
import { scoreStream } from '../../src/batch/scoreStream.js';

function memorySink(): OutputSink & { text: string } {
  const sink = {
    text: '',
    write: async (text: string) => {
      sink.text += text;
    },
    commit: async () => undefined,
    abort: () => undefined,
  };
  return sink;
}

async function* pieces(text: string): AsyncGenerator<string> {
  for (let at = 0; at < text.length; at += 7) yield text.slice(at, at + 7);
}

/** A chunk handler that echoes each record's first field; `lose` drops that many rows from its count. */
function echo(lose = 0): (task: ChunkTask) => ChunkResult {
  return (task) => {
    const text = typeof task.text === 'string' ? task.text : new TextDecoder().decode(task.text);
    const ids = text.split('\n').filter((line) => line !== '').map((line) => line.split(',')[0]);
    return { out: ids.map((id) => `${id}\n`).join(''), rejects: '', rowsScored: ids.length - lose, rowsRejected: 0, stats: emptyStats() };
  };
}

const input = `id,x\n${Array.from({ length: 10 }, (_, index) => `R${index},${index}`).join('\n')}\n`;
const noWorkers = () => {
  throw new Error('no worker threads in this test');
};

describe('scoreStream', () => {
  test('writes every chunk result in input order and reports rows in = scored + rejected', async () => {
    const out = memorySink();
    const report = await scoreStream({ input: pieces(input), format: 'csv', workers: 1, inProcess: () => echo(), spawn: noWorkers, out, outHeader: 'id\n', rowsPerChunk: 3 });
    expect(out.text).toBe(`id\n${Array.from({ length: 10 }, (_, index) => `R${index}\n`).join('')}`);
    expect([report.rowsIn, report.rowsScored, report.rowsRejected]).toEqual([10, 10, 0]);
  });

  test('fails with an IntegrityError when a chunk accounts for fewer rows than it was given', async () => {
    const run = scoreStream({ input: pieces(input), format: 'csv', workers: 1, inProcess: () => echo(1), spawn: noWorkers, out: memorySink(), rowsPerChunk: 4 });
    await expect(run).rejects.toThrow(IntegrityError);
    await expect(
      scoreStream({ input: pieces(input), format: 'csv', workers: 1, inProcess: () => echo(1), spawn: noWorkers, out: memorySink(), rowsPerChunk: 4 }),
    ).rejects.toThrow('integrity check failed in the chunk starting at row 1: 4 rows in, 3 scored + 0 rejected');
  });
});
