import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import type { Readable } from 'node:stream';
import type { IsfFiling } from '../../records/isfFilingSchema.js';
import type { ScoringPolicy } from '../../scoring/ScoringPolicy.js';
import type { BatchConfig } from '../../batch/BatchConfig.js';
import { IntegrityError } from '../../batch/IntegrityError.js';
import { fileSink, removeTemporaryOutputs, streamSink, type OutputSink } from '../../batch/OutputSink.js';
import { createProgress } from '../../batch/Progress.js';
import { groupKeyOf, resolveLayout, type BatchLayout } from '../../batch/resolveLayout.js';
import { RESULT_CSV_HEADER } from '../../batch/resultCsvHeader.js';
import { scoreStream } from '../../batch/scoreStream.js';
import { prepareWorker, spawnWorker } from '../../batch/_lib/spawnWorker.js';
import { CliError, usageError } from '../_lib/CliError.js';
import { isfFileFormat } from '../_lib/isfFileFormat.js';
import { EXIT_CODES, type ExitCode } from '../_lib/exitCodes.js';
import { integerFlag, parseCommandArgs, positiveIntegerFlag } from '../_lib/parseCommandArgs.js';
import { processIo, runCommand, type CommandIo } from '../_lib/runCommand.js';
import { formatSummary } from '../_lib/formatSummary.js';
import { readScorerSources } from '../_lib/scorerSources.js';

/** Usage of `customs-risk score`. */
export const SCORE_USAGE = `usage: customs-risk score <input.csv | input.jsonl | -> [options]

Scores every declaration of a CSV or JSONL file with a rule pack and a model.
Output order is input order, byte for byte the same for any --workers.

options:
  --format csv|jsonl     input format (default: from the extension; csv for stdin "-")
  --layout NAME|FILE     CSV layout: auto, default, kcs, or a mapping JSON file
                         (default: auto = kcs when the header is the KCS one, else default)
  --rules PATH|none      rule pack file or folder (default: the bundled pack, rules/)
  --model FILE|none      model file (default: the bundled models/default.json)
  --reference FILE|none  reference data JSON for the rules: norms, importer history
                         (default: the bundled models/reference.json; none: the
                         model's value norms only, every importer first-time)
  --policy FILE          scoring policy JSON: base, calibration, thresholds, random
  --isf FILE             ISF filings (JSONL, or CSV in the ISF layout) joined to
                         declarations by bill of lading
  --out FILE             results, .csv or .jsonl (default: CSV on stdout)
  --rejects FILE         rejected rows as JSONL: row, line, id, raw, reasons
  --seed N               seed of the random selection (enables it at 1 % red
                         when the policy has no random rates)
  --workers N            worker threads (default: number of cores)
  --explain none|flagged|all
                         model reasons per feature (TreeSHAP) on no result, on results
                         outside the green lane, or on all (default: none for CSV output,
                         the model then counts as one reason; flagged for JSONL)
  --quiet                no progress bar and no summary
  -h, --help             this text

exit codes: 0 all rows scored, 3 some rows rejected, 64 usage, 65 bad rule pack /
model / reference / mapping / ISF file, 70 internal error (integrity), 74 I/O error,
130 interrupted`;

const OPTIONS = {
  format: { type: 'string' },
  layout: { type: 'string' },
  rules: { type: 'string' },
  model: { type: 'string' },
  reference: { type: 'string' },
  policy: { type: 'string' },
  isf: { type: 'string' },
  out: { type: 'string' },
  rejects: { type: 'string' },
  seed: { type: 'string' },
  workers: { type: 'string' },
  explain: { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function inputFormat(input: string, flag: string | undefined): 'csv' | 'jsonl' {
  if (flag !== undefined) {
    if (flag !== 'csv' && flag !== 'jsonl') throw usageError(`--format expects csv or jsonl, got "${flag}"`);
    return flag;
  }
  const extension = extname(input).toLowerCase();
  if (extension === '.jsonl' || extension === '.ndjson') return 'jsonl';
  if (extension === '.csv' || input === '-') return 'csv';
  throw usageError(`cannot tell the format of ${input} from its extension: use --format csv or --format jsonl`);
}

function outputFormat(out: string | undefined): 'csv' | 'jsonl' {
  if (out === undefined) return 'csv';
  const extension = extname(out).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.jsonl' || extension === '.ndjson') return 'jsonl';
  throw usageError(`--out must end in .csv or .jsonl, got "${out}"`);
}

function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read the ${what} ${path}: ${(error as Error).message}`, EXIT_CODES.dataError, { cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(`the ${what} ${path} is not valid JSON: ${(error as Error).message}`, EXIT_CODES.dataError, { cause: error });
  }
}

async function layoutOption(value: string | undefined): Promise<BatchLayout> {
  if (value === undefined || value === 'auto') return 'auto';
  if (value === 'default' || value === 'kcs') return value;
  if (!existsSync(value)) throw usageError(`--layout expects auto, default, kcs or a mapping file; no file "${value}"`);
  // An invalid mapping is an InputError naming every bad key: a data error (65).
  return (await import('../../io/loadLayout.js')).loadLayout(value);
}

function policyOption(path: string | undefined, seed: number | undefined): ScoringPolicy | undefined {
  let policy = path === undefined ? undefined : (readJsonFile(path, 'policy') as ScoringPolicy);
  if (policy !== undefined && (typeof policy !== 'object' || policy === null || Array.isArray(policy))) {
    throw new CliError(`the policy ${path ?? ''} must be a JSON object`, EXIT_CODES.dataError);
  }
  if (seed !== undefined) {
    const rates = policy?.random?.rates ?? { red: 0.01 };
    policy = { ...policy, random: { seed: String(seed), rates } };
  }
  return policy;
}

async function loadIsf(path: string): Promise<IsfFiling[]> {
  if (!existsSync(path)) throw usageError(`no ISF file "${path}"`);
  const filings: IsfFiling[] = [];
  const problems: string[] = [];
  // Loaded here, not at the top: without --isf (or --layout with a mapping) this thread reads no records.
  const { readRecords } = await import('../../io/readRecords.js');
  for await (const result of readRecords(path, { format: isfFileFormat(path), kind: 'isf' })) {
    if (result.ok) filings.push(result.record);
    else problems.push(`line ${result.line}: ${result.issues.map((issue) => issue.message).join('; ')}`);
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 5).join('\n  ');
    throw new CliError(`the ISF file ${path} has ${problems.length} invalid filing(s):\n  ${shown}`, EXIT_CODES.dataError);
  }
  return filings;
}

/**
 * `customs-risk score`: scores a CSV or JSONL file on worker threads and writes results and rejects in
 * input order, each through a temporary file renamed at the end.
 * @returns the exit code (see {@link EXIT_CODES})
 */
export async function score(argv: readonly string[], io: CommandIo = processIo): Promise<ExitCode> {
  return runCommand('score', SCORE_USAGE, io, async () => {
    const started = process.hrtime.bigint();
    const { values, positionals } = parseCommandArgs(argv, OPTIONS);
    if (values.help === true) {
      io.stdout.write(`${SCORE_USAGE}\n`);
      return EXIT_CODES.ok;
    }
    if (positionals.length === 0) throw usageError('missing the input file');
    if (positionals.length > 1) throw usageError(`expected one input file, got ${positionals.length}: ${positionals.join(' ')}`);
    const input = positionals[0] ?? '';
    if (input !== '-' && (!existsSync(input) || !statSync(input).isFile())) throw usageError(`no input file "${input}"`);
    const format = inputFormat(input, values.format);
    const output = outputFormat(values.out);
    const explain = values.explain ?? (output === 'csv' ? 'none' : 'flagged');
    if (explain !== 'none' && explain !== 'flagged' && explain !== 'all') throw usageError(`--explain expects none, flagged or all, got "${explain}"`);
    const workers = positiveIntegerFlag('workers', values.workers, availableParallelism());
    const seed = integerFlag('seed', values.seed);
    const layout = await layoutOption(values.layout);
    if (values.policy !== undefined && !existsSync(values.policy)) throw usageError(`--policy: no file "${values.policy}"`);
    if (values.out !== undefined && values.out === values.rejects) throw usageError('--out and --rejects must be different files');
    const policy = policyOption(values.policy, seed);
    const isf = values.isf === undefined ? undefined : await loadIsf(values.isf);
    let config: BatchConfig | undefined = {
      format,
      layout,
      output,
      explain,
      // Not kept in a local of its own: this function stays suspended for the whole run, and its locals
      // with it (measured: the 6.6 MB of model and reference text alive on this thread to the end).
      ...(await readScorerSources({ rules: values.rules, model: values.model, reference: values.reference })),
      ...(policy === undefined ? {} : { policy }),
      ...(isf === undefined ? {} : { isf }),
    };
    // The configuration holds the model and reference texts (megabytes): once the scorer is built here or
    // every worker has its copy, this thread lets them go.
    let spawned = 0;
    // With one worker the scorer runs on this thread. With more, only the workers load it (the rule and
    // model code is the bulk of the memory); they report a pack or model they refuse before any row is read.
    const handler = workers === 1 ? (await import('../../batch/createBatchHandler.js')).createBatchHandler(config) : undefined;
    if (workers === 1) config = undefined;
    const script = workers === 1 ? undefined : await prepareWorker();

    const quiet = values.quiet === true;
    const stream: Readable =
      input === '-' ? process.stdin : createReadStream(input, { encoding: 'utf8', highWaterMark: 1 << 18 });
    if (input === '-') process.stdin.setEncoding('utf8');
    const totalBytes = input === '-' ? undefined : statSync(input).size;
    const progress = quiet ? createProgress({ isTTY: false } as NodeJS.WriteStream, undefined) : createProgress(io.stderr as NodeJS.WriteStream, totalBytes);
    const out: OutputSink = values.out === undefined ? streamSink(io.stdout as NodeJS.WritableStream as import('node:stream').Writable) : fileSink(values.out);
    const rejects: OutputSink | undefined = values.rejects === undefined ? undefined : fileSink(values.rejects);

    const onSignal = (signal: NodeJS.Signals): void => {
      progress.finish();
      removeTemporaryOutputs();
      io.stderr.write(`customs-risk score: interrupted by ${signal}; no output file was written\n`);
      process.exit(signal === 'SIGINT' ? EXIT_CODES.interrupted : EXIT_CODES.terminated);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      const report = await scoreStream({
        input: stream as AsyncIterable<string>,
        format,
        workers,
        inProcess: () => {
          if (handler === undefined) throw new Error('internal: no in-process handler');
          return handler;
        },
        spawn: () => {
          if (script === undefined) throw new Error('internal: no worker script');
          if (config === undefined) throw new Error('internal: workers spawned twice');
          const worker = spawnWorker(script, config);
          spawned += 1;
          if (spawned === workers) config = undefined;
          return worker;
        },
        out,
        ...(output === 'csv' ? { outHeader: RESULT_CSV_HEADER } : {}),
        // JSONL results with explanations run to kilobytes each: smaller chunks keep the bytes in flight low.
        rowsPerChunk: output === 'csv' ? 2048 : 512,
        ...(rejects === undefined ? {} : { rejects }),
        groupKey: (header: string) => groupKeyOf(resolveLayout(layout, header), header),
        onProgress: (rows) => progress.update(rows, (stream as { bytesRead?: number }).bytesRead ?? 0),
      });
      await out.commit();
      await rejects?.commit();
      progress.finish();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (!quiet) io.stderr.write(formatSummary(report, { seconds, workers: workers }));
      return report.rowsRejected > 0 ? EXIT_CODES.rejected : EXIT_CODES.ok;
    } catch (error) {
      progress.finish();
      out.abort();
      rejects?.abort();
      if (error instanceof IntegrityError) throw new CliError(error.message, EXIT_CODES.software, { cause: error });
      throw error;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      if (input !== '-') stream.destroy();
    }
  });
}
