import type { ExitCode } from './exitCodes.js';
import { EXIT_CODES } from './exitCodes.js';

/** An error a command reports as one clear line (no stack) with a given exit code. */
export class CliError extends Error {
  override name = 'CliError';
  readonly exitCode: ExitCode;
  /** Print the command's usage after the message (usage errors). */
  readonly showUsage: boolean;

  constructor(message: string, exitCode: ExitCode, options?: { cause?: unknown; showUsage?: boolean }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.exitCode = exitCode;
    this.showUsage = options?.showUsage ?? false;
  }
}

/** A usage error: one line, then the usage, exit code 64. */
export function usageError(message: string): CliError {
  return new CliError(message, EXIT_CODES.usage, { showUsage: true });
}
