import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { CommandIo } from '../../../src/cli/_lib/runCommand.js';

/** Streams that keep what a command writes, for in-process command tests. */
export function captureIo(): CommandIo & { out(): string; err(): string } {
  let out = '';
  let err = '';
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        append(String(chunk));
        callback();
      },
    });
  return {
    stdout: sink((text) => (out += text)),
    stderr: sink((text) => (err += text)),
    out: () => out,
    err: () => err,
  };
}

/** A fresh temporary folder for one test's files. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'customs-risk-batch-'));
}

/** Absolute path of a file under test/batch/_fixtures. */
export function batchFixture(name: string): string {
  return fileURLToPath(new URL(`../_fixtures/${name}`, import.meta.url));
}

/** The KCS sample's header and its first `count` data rows, as CSV text. */
export function kcsRows(count: number): string {
  const lines = readFileSync(fileURLToPath(new URL('../../../fixtures/kcs-sample.csv', import.meta.url)), 'utf8').split('\n');
  return `${lines.slice(0, count + 1).join('\n')}\n`;
}

/** Node arguments that run the CLI from its TypeScript sources (tsx), for tests that spawn a process. */
export function cliCommand(...args: string[]): string[] {
  return ['--import', 'tsx', fileURLToPath(new URL('./runCli.ts', import.meta.url)), ...args];
}
