import { CustomsRiskError } from '../../errors/CustomsRiskError.js';
import { CliError } from './CliError.js';
import { EXIT_CODES, type ExitCode } from './exitCodes.js';

/** The streams a command writes to; tests pass their own. */
export interface CommandIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** The process's own stdout and stderr. */
export const processIo: CommandIo = { stdout: process.stdout, stderr: process.stderr };

const DATA_ERRORS = new Set(['CustomsRiskError', 'InputError', 'RulePackError', 'ModelError']);
const IO_CODES = new Set(['EACCES', 'EPERM', 'ENOSPC', 'EISDIR', 'EROFS', 'EMFILE', 'EIO', 'EPIPE', 'ENOENT', 'ENOTDIR']);

/**
 * Runs a command body and turns whatever it throws into one line on stderr and a documented exit code:
 * usage errors print the usage too; library errors (bad pack, model, record) are data errors; file system
 * errors are I/O errors; anything else is an internal error (stack only with CUSTOMS_RISK_DEBUG=1).
 */
export async function runCommand(name: string, usage: string, io: CommandIo, body: () => Promise<ExitCode>): Promise<ExitCode> {
  try {
    return await body();
  } catch (error) {
    const prefix = `customs-risk ${name}: `;
    if (error instanceof CliError) {
      io.stderr.write(`${prefix}${error.message}\n`);
      if (error.showUsage) io.stderr.write(`${usage}\n`);
      return error.exitCode;
    }
    // Errors thrown in a worker thread arrive as plain Errors that keep their class name.
    if (error instanceof CustomsRiskError || (error instanceof Error && DATA_ERRORS.has(error.name))) {
      io.stderr.write(`${prefix}${error.message}\n`);
      return EXIT_CODES.dataError;
    }
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && IO_CODES.has(code)) {
      io.stderr.write(`${prefix}${(error as Error).message}\n`);
      return EXIT_CODES.ioError;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`${prefix}internal error: ${message}\n`);
    if (process.env['CUSTOMS_RISK_DEBUG'] === '1' && error instanceof Error && error.stack !== undefined) io.stderr.write(`${error.stack}\n`);
    return EXIT_CODES.software;
  }
}
