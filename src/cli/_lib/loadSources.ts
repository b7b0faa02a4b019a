import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RULE_PACK_LIMITS } from '../../rules/_lib/limits.js';
import { CliError } from './CliError.js';
import { EXIT_CODES } from './exitCodes.js';

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read the ${what} ${path}: ${(error as Error).message}`, EXIT_CODES.dataError, { cause: error });
  }
}

/**
 * The rule pack document at `path` (a JSON file, or a folder of them), for `loadRulePack` in the workers.
 * The bundled default may be absent in a partial checkout: then there are no rules.
 */
export function loadRules(path: string, isDefault: boolean): unknown {
  if (!existsSync(path)) return undefined;
  if (statSync(path).isDirectory()) {
    // As readRulePack (src/rules/node): pack files in name order, JSON Schema files skipped.
    const files = readdirSync(path)
      .filter((name) => name.endsWith('.json') && !name.endsWith('.schema.json'))
      .sort();
    if (files.length === 0) {
      if (isDefault) return undefined;
      throw new CliError(`the rule pack folder ${path} holds no .json file`, EXIT_CODES.dataError);
    }
    return files.map((name) => readPackJson(join(path, name)));
  }
  return readPackJson(path);
}

function readPackJson(path: string): unknown {
  const size = statSync(path).size;
  if (size > RULE_PACK_LIMITS.maxPackBytes) {
    throw new CliError(`the rule pack ${path} has ${size} bytes; at most ${RULE_PACK_LIMITS.maxPackBytes} are allowed`, EXIT_CODES.dataError);
  }
  try {
    return JSON.parse(readText(path, 'rule pack')) as unknown;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`the rule pack ${path} is not valid JSON: ${(error as Error).message}`, EXIT_CODES.dataError, { cause: error });
  }
}

/** The model file's text (parsed by `loadModel` in each worker), or undefined when the bundled default is absent. */
export function loadModelText(path: string, isDefault: boolean): string | undefined {
  if (isDefault && !existsSync(path)) return undefined;
  return readText(path, 'model file');
}

/**
 * The reference data file's text, or undefined when the bundled default is absent. A file the user names
 * is validated here, once, so that a bad one fails with one line before any worker starts (the workers
 * would each report the whole issue list); the bundled file is built by `npm run build:reference`.
 * @throws CliError (data error) naming the file and its first problem
 */
export async function loadReferenceText(path: string, isDefault: boolean): Promise<string | undefined> {
  if (isDefault && !existsSync(path)) return undefined;
  const text = readText(path, 'reference data file');
  if (!isDefault) {
    // Loaded only for a file the user names: `score` with workers parses reference data nowhere else here.
    const { safeParseReferenceData } = await import('../../reference/parseReferenceData.js');
    const result = safeParseReferenceData(text);
    if (!result.success) {
      const [first] = result.issues;
      const more = result.issues.length > 1 ? ` (and ${result.issues.length - 1} more problem(s))` : '';
      // The issue already names its field; JSON errors quote the text, newlines included: one line.
      const reason = (first?.message ?? 'invalid').replace(/^reference data: /, '').replace(/\s+/g, ' ').trim();
      throw new CliError(`the reference data file ${path} is not valid: ${reason}${more}`, EXIT_CODES.dataError);
    }
  }
  return text;
}
