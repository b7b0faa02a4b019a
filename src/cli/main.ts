import { evaluate, EVALUATE_USAGE } from './commands/evaluate.js';
import { explain, EXPLAIN_USAGE } from './commands/explain.js';
import { rules, RULES_USAGE } from './commands/rules.js';
import { score, SCORE_USAGE } from './commands/score.js';
import { train, TRAIN_USAGE } from './commands/train.js';
import { validate, VALIDATE_USAGE } from './commands/validate.js';
import { runReportCommand, REPORT_USAGE } from '../report/node/reportCommand.js';
import { EXIT_CODES, type ExitCode } from './_lib/exitCodes.js';
import { processIo, type CommandIo } from './_lib/runCommand.js';

/** A command: its runner and its usage text. Add new commands (train, explain, …) to `COMMANDS`. */
interface Command {
  readonly run: (argv: readonly string[], io: CommandIo) => Promise<ExitCode>;
  readonly usage: string;
  /** One line for the overview. */
  readonly summary: string;
}

const COMMANDS: Readonly<Record<string, Command>> = {
  validate: { run: validate, usage: VALIDATE_USAGE, summary: 'check every record of a CSV, JSONL or JSON file and list each rejected row' },
  score: { run: score, usage: SCORE_USAGE, summary: 'score a CSV or JSONL file: score, lane and reasons per declaration' },
  explain: { run: explain, usage: EXPLAIN_USAGE, summary: 'print the officer explanation of one declaration (JSON)' },
  rules: { run: rules, usage: RULES_USAGE, summary: 'rules check <pack>: validate a rule pack and list every problem' },
  train: { run: train, usage: TRAIN_USAGE, summary: 'train a risk model on labelled declarations and write the model file' },
  evaluate: { run: evaluate, usage: EVALUATE_USAGE, summary: 'model metrics on labelled declarations; with --rules, the rule back-test' },
  report: { run: runReportCommand, usage: REPORT_USAGE, summary: 'write the HTML review report of a scored JSONL file' },
};

const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));

/** Overview usage of `customs-risk`. */
export const USAGE = `usage: customs-risk <command> [options]

commands:
${Object.entries(COMMANDS)
  .map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`)
  .join('\n')}

Run "customs-risk <command> --help" for a command's options.`;

/** Exit code for usage errors (BSD sysexits EX_USAGE). */
export const EXIT_USAGE = EXIT_CODES.usage;

/**
 * Runs the CLI with the given arguments and resolves to the process exit code. A thin dispatcher: each
 * command lives in `commands/<name>.ts`, and the logic behind them in the library.
 */
export async function main(argv: readonly string[], io: CommandIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return EXIT_CODES.ok;
  }
  if (name === undefined) {
    io.stderr.write(`customs-risk: missing the command\n${USAGE}\n`);
    return EXIT_CODES.usage;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.stderr.write(`customs-risk: unknown command "${name}"\n${USAGE}\n`);
    return EXIT_CODES.usage;
  }
  return command.run(rest, io);
}
