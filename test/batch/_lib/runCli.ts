// Runs the CLI from its sources in a child process, as bin/customs-risk.js runs the bundle: tests spawn
// this with tsx.
import { main } from '../../../src/cli/main.js';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
