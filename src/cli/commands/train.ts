import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import { fileSink } from '../../batch/OutputSink.js';
import { usageError } from '../_lib/CliError.js';
import { EXIT_CODES, type ExitCode } from '../_lib/exitCodes.js';
import { formatMetrics } from '../_lib/formatMetrics.js';
import { integerFlag, parseCommandArgs, positiveIntegerFlag } from '../_lib/parseCommandArgs.js';
import { describeLabelled, readLabelled } from '../_lib/readLabelled.js';
import { processIo, runCommand, type CommandIo } from '../_lib/runCommand.js';

/** Usage of `customs-risk train`. */
export const TRAIN_USAGE = `usage: customs-risk train <labelled.csv | labelled.jsonl> --out <model.json> [options]

Trains a random-forest risk model on labelled declarations (KCS files work as
published: the Fraud column is the label) and writes the model file. Same data,
options and seed give a byte-identical file.

options:
  --out FILE             model file to write (required; written to a temporary file, then renamed)
  --validation FILE      labelled records to evaluate on; their metrics go into the model file
  --trees N              number of trees (default: 100)
  --max-depth N          deepest level of a tree (default: 12)
  --seed N               seed of the bootstrap and feature draws (default: 1)
  --format csv|jsonl     input format (default: from the extension)
  --layout NAME|FILE     CSV layout: auto, default, kcs, or a mapping JSON file (default: auto)
  --quiet                no summary on stderr
  -h, --help             this text

exit codes: 0 written, 64 usage, 65 no labelled rows / rows without a label, 74 I/O error`;

const OPTIONS = {
  out: { type: 'string' },
  validation: { type: 'string' },
  trees: { type: 'string' },
  'max-depth': { type: 'string' },
  seed: { type: 'string' },
  format: { type: 'string' },
  layout: { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `customs-risk train <labelled> --out model.json`: trains and writes a model file. */
export async function train(argv: readonly string[], io: CommandIo = processIo): Promise<ExitCode> {
  return runCommand('train', TRAIN_USAGE, io, async () => {
    const { values, positionals } = parseCommandArgs(argv, OPTIONS);
    if (values.help === true) {
      io.stdout.write(`${TRAIN_USAGE}\n`);
      return EXIT_CODES.ok;
    }
    if (positionals.length !== 1) throw usageError(positionals.length === 0 ? 'missing the labelled file' : 'expected one labelled file');
    const input = positionals[0] ?? '';
    if (values.out === undefined) throw usageError('missing --out <model.json>');
    if (extname(values.out).toLowerCase() !== '.json') throw usageError(`--out must end in .json, got "${values.out}"`);
    if (values.validation !== undefined && !existsSync(values.validation)) throw usageError(`no validation file "${values.validation}"`);
    const trees = positiveIntegerFlag('trees', values.trees, 100);
    const maxDepth = positiveIntegerFlag('max-depth', values['max-depth'], 12);
    const seed = integerFlag('seed', values.seed) ?? 1;

    const started = process.hrtime.bigint();
    const training = await readLabelled(input, values, 'training');
    const validation = values.validation === undefined ? undefined : await readLabelled(values.validation, values, 'validation');
    const { trainModel, serializeModel } = await import('../../model/trainModel.js');
    const model = trainModel(training.records, {
      trees,
      maxDepth,
      seed,
      ...(validation === undefined ? {} : { validation: validation.records }),
    });
    const sink = fileSink(values.out);
    try {
      await sink.write(serializeModel(model));
      await sink.commit();
    } catch (error) {
      sink.abort();
      throw error;
    }
    if (values.quiet !== true) {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      io.stderr.write(describeLabelled(input, training));
      if (validation !== undefined && values.validation !== undefined) io.stderr.write(describeLabelled(values.validation, validation));
      io.stderr.write(`model ${model.modelVersion}: ${trees} trees, ${model.featureIds.length} features, written to ${values.out} in ${seconds.toFixed(1)} s\n`);
      if (validation !== undefined) {
        const { evaluateModel } = await import('../../model/evaluateModel.js');
        const metrics = evaluateModel(model, validation.records, { trainingRecords: training.records });
        io.stderr.write(formatMetrics(metrics.novel === null ? [['validation', metrics.all]] : [['validation', metrics.all], ['novel', metrics.novel]]));
      }
    }
    return EXIT_CODES.ok;
  });
}
