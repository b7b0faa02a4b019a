import type { WriteStream } from 'node:tty';

/** A progress line on a terminal: rows, rows/s, percent and ETA (from bytes read), redrawn at most 10×/s. */
export interface Progress {
  update(rows: number, bytes: number): void;
  /** Clears the line. */
  finish(): void;
}

const SILENT: Progress = { update: () => undefined, finish: () => undefined };

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const whole = Math.max(0, Math.round(seconds));
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  return `${minutes}:${String(rest).padStart(2, '0')}`;
}

/**
 * A progress bar on `stream` when it is a terminal, and nothing otherwise (pipes and log files stay clean).
 *
 * @param totalBytes - size of the input, for the percentage and ETA; undefined when unknown (stdin)
 */
export function createProgress(stream: NodeJS.WriteStream | WriteStream, totalBytes: number | undefined, now: () => number = Date.now): Progress {
  if (stream.isTTY !== true) return SILENT;
  const started = now();
  let last = 0;
  let drawn = false;
  return {
    update(rows, bytes) {
      const time = now();
      if (time - last < 100) return;
      last = time;
      const seconds = Math.max(0.001, (time - started) / 1000);
      const rate = rows / seconds;
      let line = `${rows.toLocaleString('en-US')} rows  ${Math.round(rate).toLocaleString('en-US')} rows/s`;
      if (totalBytes !== undefined && totalBytes > 0) {
        const share = Math.min(1, bytes / totalBytes);
        const width = 24;
        const filled = Math.round(share * width);
        const eta = share > 0 ? (seconds / share) * (1 - share) : Number.POSITIVE_INFINITY;
        line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)} %  ${line}  ETA ${formatDuration(eta)}`;
      }
      stream.write(`\r${line}\u001b[K`);
      drawn = true;
    },
    finish() {
      if (drawn) stream.write('\r\u001b[K');
    },
  };
}
