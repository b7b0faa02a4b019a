import { once } from 'node:events';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { InputError } from '../../errors/InputError.js';
import type { CsvLayout } from '../../io/CsvLayout.js';
import { loadLayout } from '../../io/loadLayout.js';
import { readRecords, type ReadRecordsOptions } from '../../io/readRecords.js';
import type { ReadResult } from '../../io/ReadResult.js';
import { safeParseDeclaration } from '../../records/parseDeclaration.js';
import { safeParseIsfFiling } from '../../records/parseIsfFiling.js';
import { CliError, usageError } from '../_lib/CliError.js';
import { EXIT_CODES, type ExitCode } from '../_lib/exitCodes.js';
import { parseCommandArgs, positiveIntegerFlag } from '../_lib/parseCommandArgs.js';
import { processIo, runCommand, type CommandIo } from '../_lib/runCommand.js';

/** Usage of `customs-risk validate`. */
export const VALIDATE_USAGE = `usage: customs-risk validate <file> [options]

Checks every record of a CSV, JSONL or JSON file; prints each rejected row with
its row and line numbers and every reason, then "rows in = valid + rejected".

options:
  --format csv|jsonl|json   input format (default: from the extension)
  --layout NAME|FILE        CSV layout: auto, default, kcs, or a mapping JSON file
                            (default: auto = kcs when the header is the KCS one)
  --kind declaration|isf    record kind (default: declaration); ISF CSV files use the
                            ISF layout (docs/io.md) or an ISF mapping file
  --max-row-length N        longest row in characters (default: 1048576)
  -h, --help                this text

exit codes: 0 all valid, 1 some rows rejected, 64 usage, 65 unusable file
(header, mapping, JSON), 74 I/O error`;

const OPTIONS = {
  format: { type: 'string' },
  layout: { type: 'string' },
  kind: { type: 'string' },
  'max-row-length': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Writes a line, waiting when the stream's buffer is full so that memory stays flat on huge outputs. */
async function writeLine(stream: CommandIo['stdout'], line: string): Promise<void> {
  if (!stream.write(`${line}\n`)) await once(stream, 'drain');
}

function formatOf(file: string, flag: string | undefined): 'csv' | 'jsonl' | 'json' {
  if (flag !== undefined) {
    if (flag !== 'csv' && flag !== 'jsonl' && flag !== 'json') throw usageError(`--format expects csv, jsonl or json, got "${flag}"`);
    return flag;
  }
  const extension = extname(file).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.jsonl' || extension === '.ndjson') return 'jsonl';
  if (extension === '.json') return 'json';
  throw usageError(`cannot tell the format of ${file} from its extension: use --format csv, jsonl or json`);
}

async function layoutOf(flag: string | undefined): Promise<ReadRecordsOptions['layout']> {
  if (flag === undefined || flag === 'auto' || flag === 'default' || flag === 'kcs') return flag ?? 'auto';
  if (!existsSync(flag)) throw usageError(`--layout expects auto, default, kcs or a mapping JSON file; no file "${flag}"`);
  try {
    return await loadLayout(flag);
  } catch (error) {
    if (error instanceof InputError) {
      throw new CliError(`the mapping ${flag} is not usable: ${error.issues.map((issue) => issue.message).join('; ')}`, EXIT_CODES.dataError, { cause: error });
    }
    throw error;
  }
}

/** One JSON file holding one record: the issues, or "valid". */
async function validateJson(file: string, kind: 'declaration' | 'isf', io: CommandIo): Promise<ExitCode> {
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    if (error instanceof SyntaxError) throw new CliError(`${file} is not valid JSON: ${error.message}`, EXIT_CODES.dataError, { cause: error });
    throw error;
  }
  const result = kind === 'isf' ? safeParseIsfFiling(input) : safeParseDeclaration(input);
  if (result.success) {
    await writeLine(io.stdout, `${file}: valid`);
    return EXIT_CODES.ok;
  }
  for (const issue of result.issues) await writeLine(io.stdout, `${file}: ${issue.code}: ${issue.message}`);
  return EXIT_CODES.problems;
}

/**
 * `customs-risk validate`: streams a CSV or JSONL file through `readRecords` (or checks one JSON
 * record) and reports every rejected row and the row count identity.
 * @returns the exit code (see {@link EXIT_CODES})
 */
export async function validate(argv: readonly string[], io: CommandIo = processIo): Promise<ExitCode> {
  return runCommand('validate', VALIDATE_USAGE, io, async () => {
    const { values, positionals } = parseCommandArgs(argv, OPTIONS);
    if (values.help === true) {
      io.stdout.write(`${VALIDATE_USAGE}\n`);
      return EXIT_CODES.ok;
    }
    if (positionals.length === 0) throw usageError('missing the file to validate');
    if (positionals.length > 1) throw usageError(`expected one file, got ${positionals.length}: ${positionals.join(' ')}`);
    const file = positionals[0] ?? '';
    if (!existsSync(file) || !statSync(file).isFile()) throw usageError(`no input file "${file}"`);
    const format = formatOf(file, values.format);
    const kind = values.kind ?? 'declaration';
    if (kind !== 'declaration' && kind !== 'isf') throw usageError(`--kind expects declaration or isf, got "${kind}"`);
    const maxRowLength = positiveIntegerFlag('max-row-length', values['max-row-length'], 1 << 20);
    if (format === 'json') {
      if (values.layout !== undefined) throw usageError('--layout applies to CSV files only');
      return validateJson(file, kind, io);
    }
    const layout: 'auto' | 'default' | 'kcs' | CsvLayout | undefined = format === 'csv' ? await layoutOf(values.layout) : undefined;
    if (format === 'jsonl' && values.layout !== undefined) throw usageError('--layout applies to CSV files only');

    const options = { format, maxRowLength, ...(layout === undefined ? {} : { layout }) };
    const results: AsyncIterable<ReadResult<unknown>> = kind === 'isf' ? readRecords(file, { ...options, kind }) : readRecords(file, options);
    let rowsValid = 0;
    let rowsRejected = 0;
    let recordsValid = 0;
    let recordsRejected = 0;
    try {
      for await (const result of results) {
        if (result.ok) {
          rowsValid += result.rows;
          recordsValid++;
          continue;
        }
        rowsRejected += result.rows;
        recordsRejected++;
        const where = result.rows > 1 ? `rows ${result.row}-${result.row + result.rows - 1}` : `row ${result.row}`;
        for (const issue of result.issues) await writeLine(io.stdout, `${file}:${result.line}: ${where}: ${issue.code}: ${issue.message}`);
      }
    } catch (error) {
      // A header that does not fit the layout stops the file: one line naming every problem.
      if (error instanceof InputError) {
        throw new CliError(`${file}: ${error.issues.map((issue) => issue.message).join('; ')}`, EXIT_CODES.dataError, { cause: error });
      }
      throw error;
    }
    const rowsIn = rowsValid + rowsRejected;
    const records = recordsValid + recordsRejected === rowsIn ? '' : ` (records: ${recordsValid} valid, ${recordsRejected} rejected)`;
    await writeLine(io.stdout, `${file}: rows in ${rowsIn} = ${rowsValid} valid + ${rowsRejected} rejected${records}`);
    return rowsRejected === 0 ? EXIT_CODES.ok : EXIT_CODES.problems;
  });
}
