import { existsSync } from 'node:fs';
import { CliError, usageError } from '../_lib/CliError.js';
import { EXIT_CODES, type ExitCode } from '../_lib/exitCodes.js';
import { loadRules } from '../_lib/loadSources.js';
import { parseCommandArgs } from '../_lib/parseCommandArgs.js';
import { processIo, runCommand, type CommandIo } from '../_lib/runCommand.js';

/** Usage of `customs-risk rules`. */
export const RULES_USAGE = `usage: customs-risk rules check <pack.json | folder>

Validates a rule pack (one JSON file, or a folder of them merged in file-name order)
without running it, and lists every problem: structure, limits, unknown fields, lists
and functions, expression types, message placeholders.

exit codes: 0 valid, 1 problems found, 64 usage`;

/**
 * `customs-risk rules check <pack>`: loads the pack the way `score` does and prints every problem, one per
 * line, or a one-line summary of a valid pack.
 */
export async function rules(argv: readonly string[], io: CommandIo = processIo): Promise<ExitCode> {
  return runCommand('rules', RULES_USAGE, io, async () => {
    const { values, positionals } = parseCommandArgs(argv, { help: { type: 'boolean', short: 'h' } });
    if (values.help === true) {
      io.stdout.write(`${RULES_USAGE}\n`);
      return EXIT_CODES.ok;
    }
    const [action, path, ...extra] = positionals;
    if (action === undefined) throw usageError('missing the action: rules check <pack>');
    if (action !== 'check') throw usageError(`unknown action "${action}" (expected check)`);
    if (path === undefined) throw usageError('missing the rule pack file or folder');
    if (extra.length > 0) throw usageError(`expected one rule pack, got ${extra.length + 1}`);
    if (!existsSync(path)) throw usageError(`no rule pack file or folder "${path}"`);

    const { safeLoadRulePack } = await import('../../rules/loadRulePack.js');
    const { mergeRulePacks } = await import('../../rules/mergeRulePacks.js');
    let problems: string[];
    let summary = '';
    try {
      const document = loadRules(path, false);
      const result = safeLoadRulePack(Array.isArray(document) ? mergeRulePacks(document) : document);
      if (result.success) {
        const pack = result.data;
        const enabled = pack.rules.filter((rule) => rule.enabled).length;
        summary = `${path}: valid: pack ${pack.id} ${pack.version}, ${pack.rules.length} rules (${enabled} enabled), ${pack.lists.size} lists`;
        problems = [];
      } else {
        problems = result.issues.map((issue) => issue.message);
      }
    } catch (error) {
      // Unreadable JSON, conflicting files in a folder: problems of the pack, listed like the others.
      if (error instanceof CliError) problems = [error.message];
      else if (error instanceof Error && 'issues' in error) problems = (error as Error & { issues: { message: string }[] }).issues.map((issue) => issue.message);
      else throw error;
    }
    if (problems.length === 0) {
      io.stdout.write(`${summary}\n`);
      return EXIT_CODES.ok;
    }
    for (const problem of problems) io.stdout.write(`${path}: ${problem}\n`);
    io.stdout.write(`${path}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n`);
    return EXIT_CODES.problems;
  });
}
