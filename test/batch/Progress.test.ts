import { describe, expect, test } from 'vitest';
import { createProgress } from '../../src/batch/Progress.js';

function stream(isTTY: boolean): NodeJS.WriteStream & { written: string } {
  const fake = { isTTY, written: '', write: (text: string) => ((fake.written += text), true) };
  return fake as unknown as NodeJS.WriteStream & { written: string };
}

describe('createProgress', () => {
  test('draws rows, rows/s, percent and ETA on a terminal, at most every 100 ms, and clears the line at the end', () => {
    let now = 0;
    const tty = stream(true);
    const progress = createProgress(tty, 1000, () => now);
    now = 2000;
    progress.update(50_000, 250);
    now = 2050;
    progress.update(60_000, 300); // too soon: not drawn
    progress.finish();
    expect(tty.written).toBe('\r[######------------------]  25 %  50,000 rows  25,000 rows/s  ETA 0:06\u001b[K\r\u001b[K');
  });

  test('writes nothing when the stream is not a terminal', () => {
    const pipe = stream(false);
    const progress = createProgress(pipe, 1000, () => 5000);
    progress.update(10, 10);
    progress.finish();
    expect(pipe.written).toBe('');
  });
});
