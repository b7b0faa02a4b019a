// Runs a command from the sources in a child process, as bin/customs-risk.js runs the bundle; tests spawn
// this with tsx. Commands are called directly so that the interruption tests do not depend on the dispatcher.
import { score } from '../../../src/cli/commands/score.js';

const [command, ...args] = process.argv.slice(2);
const commands: Record<string, (argv: readonly string[]) => Promise<number>> = { score };
const run = command === undefined ? undefined : commands[command];
if (run === undefined) {
  process.stderr.write(`runCli: unknown command ${command ?? '(none)'}\n`);
  process.exitCode = 64;
} else {
  run(args).then((code) => {
    process.exitCode = code;
  });
}
