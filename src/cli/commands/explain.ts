import { existsSync, readFileSync } from 'node:fs';
import { CliError, usageError } from '../_lib/CliError.js';
import { EXIT_CODES, type ExitCode } from '../_lib/exitCodes.js';
import { parseCommandArgs } from '../_lib/parseCommandArgs.js';
import { processIo, runCommand, type CommandIo } from '../_lib/runCommand.js';
import { readScorerSources } from '../_lib/scorerSources.js';

/** Usage of `customs-risk explain`. */
export const EXPLAIN_USAGE = `usage: customs-risk explain <declaration.json> [options]

Scores one declaration and prints the officer text: summary, reasons with their
points, how the score adds up, checks that could not run, and the sources.

options:
  --isf FILE             the ISF filing (JSON) for the declaration's bill of lading
  --rules PATH|none      rule pack file or folder (default: the bundled pack, rules/)
  --model FILE|none      model file (default: the bundled models/default.json)
  --reference FILE|none  reference data JSON for the rules (default: the bundled
                         models/reference.json; none: the model's value norms)
  --json                 print the result as JSON instead of text
  -h, --help             this text

exit codes: 0 explained, 1 the record (or ISF) is invalid, 64 usage, 65 bad pack or model`;

const OPTIONS = {
  isf: { type: 'string' },
  rules: { type: 'string' },
  model: { type: 'string' },
  reference: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function readJson(path: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    throw new CliError(`the ${what} ${path} is not valid JSON: ${(error as Error).message}`, EXIT_CODES.problems, { cause: error });
  }
}

/** `customs-risk explain <record.json>`: the explanation text of one declaration, with every model reason. */
export async function explain(argv: readonly string[], io: CommandIo = processIo): Promise<ExitCode> {
  return runCommand('explain', EXPLAIN_USAGE, io, async () => {
    const { values, positionals } = parseCommandArgs(argv, OPTIONS);
    if (values.help === true) {
      io.stdout.write(`${EXPLAIN_USAGE}\n`);
      return EXIT_CODES.ok;
    }
    if (positionals.length !== 1) throw usageError(positionals.length === 0 ? 'missing the declaration file' : 'expected one declaration file');
    const path = positionals[0] ?? '';
    if (!existsSync(path)) throw usageError(`no declaration file "${path}"`);
    if (values.isf !== undefined && !existsSync(values.isf)) throw usageError(`no ISF file "${values.isf}"`);
    const record = readJson(path, 'declaration');
    const isf = values.isf === undefined ? undefined : readJson(values.isf, 'ISF filing');
    const sources = await readScorerSources({ rules: values.rules, model: values.model, reference: values.reference });

    const { loadScorerSources } = await import('../../batch/_lib/loadScorerSources.js');
    const { createScorer } = await import('../../scoring/createScorer.js');
    const scorer = createScorer(loadScorerSources({ format: 'jsonl', layout: 'default', output: 'jsonl', explain: 'all', ...sources }));
    const outcome = isf === undefined ? scorer.score(record) : scorer.score(record, { isf });
    if (!outcome.ok) {
      const id = outcome.id ?? path;
      for (const issue of outcome.issues) io.stdout.write(`${id}: ${issue.code}: ${issue.message}\n`);
      return EXIT_CODES.problems;
    }
    io.stdout.write(values.json === true ? `${JSON.stringify(outcome, null, 2)}\n` : `${outcome.explanation.toText()}\n`);
    return EXIT_CODES.ok;
  });
}
