import { EXIT_CODES, type ExitCode } from './_lib/exitCodes.js';
import { processIo, type CommandIo } from './_lib/runCommand.js';

type Runner = (argv: readonly string[], io: CommandIo) => Promise<ExitCode>;

/** A command: how to load its runner, and one line for the overview. Add new commands to `COMMANDS`. */
interface Command {
  /**
   * Loaded when the command runs, not before: a process holds only the code of its own command (`score`
   * with worker threads loads no rule, model or record code on the main thread at all).
   */
  readonly load: () => Promise<Runner>;
  readonly summary: string;
}

const COMMANDS: Readonly<Record<string, Command>> = {
  validate: { load: async () => (await import('./commands/validate.js')).validate, summary: 'check every record of a CSV, JSONL or JSON file and list each rejected row' },
  score: { load: async () => (await import('./commands/score.js')).score, summary: 'score a CSV or JSONL file: score, lane and reasons per declaration' },
  explain: { load: async () => (await import('./commands/explain.js')).explain, summary: 'print the officer explanation of one declaration (JSON)' },
  rules: { load: async () => (await import('./commands/rules.js')).rules, summary: 'rules check <pack>: validate a rule pack and list every problem' },
  train: { load: async () => (await import('./commands/train.js')).train, summary: 'train a risk model on labelled declarations and write the model file' },
  evaluate: { load: async () => (await import('./commands/evaluate.js')).evaluate, summary: 'model metrics on labelled declarations; with --rules, the rule back-test' },
  report: { load: async () => (await import('../report/node/reportCommand.js')).runReportCommand, summary: 'write the HTML review report of a scored JSONL file' },
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
  return (await command.load())(rest, io);
}
