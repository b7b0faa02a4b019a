import { RulePackError } from '../errors/RulePackError.js';
import type { SafeParseResult } from '../records/_lib/makeParsers.js';
import type { RulePack } from './RulePack.js';
import { compilePack } from './_lib/compilePack.js';
import { register } from './_lib/packRegistry.js';

/**
 * Like `loadRulePack`, but returns every problem as data instead of throwing.
 * @param input The pack's JSON text, or its parsed JSON value.
 * @example
 * const result = safeLoadRulePack(text);
 * if (!result.success) result.issues.map((issue) => issue.message)
 * //=> ['rules[3] (VAL-001).when: unknown field `line.unitValu`; did you mean `line.unitValue`?']
 */
export function safeLoadRulePack(input: unknown): SafeParseResult<RulePack> {
  const result = compilePack(input);
  if (!result.success) return { success: false, issues: result.issues };
  return { success: true, data: register(result.compiled) };
}

/**
 * Validates and compiles an untrusted rule pack: checks its structure and limits, every field, list, table
 * and function name, and the types of every expression, then compiles the expressions to closures.
 * Nothing in the pack is executed while loading.
 * @param input The pack's JSON text, or its parsed JSON value (e.g. from `mergeRulePacks`).
 * @returns A pack for `evaluateRules`.
 * @throws RulePackError carrying every problem of the pack at once.
 * @example
 * const pack = loadRulePack(readFileSync('rules/default.json', 'utf8'));
 * pack.rules.length //=> 34
 */
export function loadRulePack(input: unknown): RulePack {
  const result = compilePack(input);
  if (result.success) return register(result.compiled);
  throw new RulePackError(result.issues, result.packId === undefined ? {} : { packId: result.packId });
}
