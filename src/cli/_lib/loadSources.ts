import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
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
    const files = readdirSync(path).filter((name) => name.endsWith('.json')).sort();
    if (files.length === 0) {
      if (isDefault) return undefined;
      throw new CliError(`the rule pack folder ${path} holds no .json file`, EXIT_CODES.dataError);
    }
    return files.map((name) => JSON.parse(readText(`${path}/${name}`, 'rule pack file')) as unknown);
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

/** The reference data file's text. */
export function loadReferenceText(path: string): string {
  return readText(path, 'reference data file');
}
