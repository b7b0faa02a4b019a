import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Where batch output goes: text in, backpressure respected, and an explicit commit or abort. */
export interface OutputSink {
  /** Appends text or UTF-8 bytes; resolves when the stream can take more (backpressure). */
  write(text: string | Uint8Array): Promise<void>;
  /** Finishes the output: flushes, and for a file renames the temporary file to its final name. */
  commit(): Promise<void>;
  /** Drops the output: for a file, closes and deletes the temporary file. Safe to call twice. */
  abort(): void;
}

// Temporary files not yet committed, so that a signal handler can delete them before the process exits.
const openTemporaryFiles = new Set<string>();

/** Deletes every temporary output file still open in this process (used on SIGINT / SIGTERM). */
export function removeTemporaryOutputs(): void {
  for (const path of openTemporaryFiles) rmSync(path, { force: true });
  openTemporaryFiles.clear();
}

/** The temporary name used while `path` is written: same folder, so that the final rename is atomic. */
export function temporaryPathFor(path: string): string {
  return `${path}.${process.pid}.tmp`;
}

async function writeTo(stream: Writable, text: string | Uint8Array, failed: () => Error | undefined): Promise<void> {
  const error = failed();
  if (error !== undefined) throw error;
  if (!stream.write(text)) {
    // `once` rejects when the stream emits 'error' first.
    await once(stream, 'drain');
  }
}

/**
 * Opens `path` for writing under a temporary name; nothing appears under `path` until `commit`, so an
 * interrupted or failed run never leaves a half-written file that looks complete.
 */
export function fileSink(path: string): OutputSink {
  const temporary = temporaryPathFor(path);
  openTemporaryFiles.add(temporary);
  const stream = createWriteStream(temporary, { highWaterMark: 1 << 20 });
  let error: Error | undefined;
  let finished = false;
  stream.on('error', (cause: Error) => {
    error ??= cause;
  });
  return {
    write: (text) => writeTo(stream, text, () => error),
    async commit() {
      if (error !== undefined) throw error;
      stream.end();
      await once(stream, 'close');
      if (error !== undefined) throw error;
      renameSync(temporary, path);
      openTemporaryFiles.delete(temporary);
      finished = true;
    },
    abort() {
      if (finished) return;
      finished = true;
      stream.destroy();
      rmSync(temporary, { force: true });
      openTemporaryFiles.delete(temporary);
    },
  };
}

/** A sink over an already open stream such as stdout: nothing to rename, nothing to delete. */
export function streamSink(stream: Writable): OutputSink {
  let error: Error | undefined;
  const onError = (cause: Error): void => {
    error ??= cause;
  };
  stream.on('error', onError);
  return {
    write: (text) => writeTo(stream, text, () => error),
    async commit() {
      stream.off('error', onError);
      if (error !== undefined) throw error;
    },
    abort() {
      stream.off('error', onError);
    },
  };
}
