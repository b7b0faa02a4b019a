import { readFileSync } from 'node:fs';
import { safeParseDeclaration } from '../records/index.js';

const USAGE = `usage: customs-risk <command> [options]

commands:
  validate <declaration.json>   check one declaration and list every issue`;

/** Exit code for usage errors (BSD sysexits EX_USAGE). */
export const EXIT_USAGE = 64;

/** Runs the CLI with the given arguments and resolves to the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, file] = argv;
  if (command === undefined || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? EXIT_USAGE : 0;
  }
  if (command !== 'validate' || file === undefined) {
    process.stderr.write(`customs-risk: unknown command or missing file: ${argv.join(' ')}\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  const result = safeParseDeclaration(JSON.parse(readFileSync(file, 'utf8')) as unknown);
  if (result.success) {
    process.stdout.write(`${file}: valid\n`);
    return 0;
  }
  for (const issue of result.issues) process.stdout.write(`${file}: ${issue.code}: ${issue.message}\n`);
  return 1;
}
