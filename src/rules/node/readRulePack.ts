import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RulePackError } from '../../errors/RulePackError.js';
import { loadRulePack } from '../loadRulePack.js';
import { mergeRulePacks } from '../mergeRulePacks.js';
import type { RulePack } from '../RulePack.js';
import { RULE_PACK_LIMITS } from '../_lib/limits.js';

// The file-system edge of the rules area, for the CLI and scripts: the core never imports this module.

function readJson(path: string): unknown {
  const size = statSync(path).size;
  if (size > RULE_PACK_LIMITS.maxPackBytes) {
    throw new RulePackError([{ code: 'rule_pack', path: [], message: `${path}: ${size} bytes, at most ${RULE_PACK_LIMITS.maxPackBytes} are allowed` }]);
  }
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RulePackError([{ code: 'invalid_json', path: [], message: `${path}: not valid JSON (${(error as Error).message})` }], { cause: error });
  }
}

/**
 * Reads a rule pack from a JSON file, or from a folder of JSON files merged in file-name order
 * (`*.schema.json` files are skipped), and loads it.
 * @throws RulePackError for unreadable, oversized or invalid packs.
 * @example
 * const pack = readRulePack('rules/default.json');
 */
export function readRulePack(path: string): RulePack {
  if (!statSync(path).isDirectory()) return loadRulePack(readJson(path));
  const files = readdirSync(path)
    .filter((name) => name.endsWith('.json') && !name.endsWith('.schema.json'))
    .sort();
  if (files.length === 0) throw new RulePackError([{ code: 'rule_pack', path: [], message: `${path}: the folder holds no .json pack files` }]);
  return loadRulePack(mergeRulePacks(files.map((name) => readJson(join(path, name)))));
}
