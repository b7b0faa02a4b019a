import { z } from 'zod';
import { RULE_PACK_LIMITS as L } from './_lib/limits.js';

// The JSON format of a rule pack. The same schema validates packs at load time and is exported as JSON
// Schema (`rules/pack.schema.json`) so that editors can check packs while they are written.

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Object property names a pack may not use as names, whatever container they end up in. */
const RESERVED = new Set(['constructor', 'prototype', 'hasownproperty', 'isprototypeof', 'propertyisenumerable', 'tostring', 'valueof', 'tolocalestring']);

/** Names of lists, tables and named values: lower snake case, so they can never be `__proto__` and the like. */
const name = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be lower_snake_case, at most 64 characters')
  .refine((value) => !RESERVED.has(value.replaceAll('_', '')), 'is reserved');
const identifier = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'expected letters, digits, ".", "_" or "-" (at most 64, not starting with a symbol)');
const date = z.string().regex(ISO_DATE, 'expected an ISO 8601 date such as 2024-01-31 or 2024-01-31T00:00:00Z');
const text = (max: number) => z.string().min(1).max(max);
const expression = z.string().min(1).max(L.maxExpressionLength).describe('an expression in mathjs syntax; see docs/rules.md for fields and functions');
const tableKey = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 :._/-]{0,63}$/, 'expected a key of letters, digits and " :._/-" (at most 64)');

const countAtMost = (max: number, what: string) =>
  [(value: Record<string, unknown>) => Object.keys(value).length <= max, { message: `expected at most ${max} ${what}` }] as const;

/** Where a rule applies: once per declaration, per goods line, per ISF, or on a declaration joined to its ISF. */
export const RULE_SCOPES = ['declaration', 'line', 'isf', 'declaration+isf', 'line+isf'] as const;

/** One rule as written in a pack. */
export const ruleSchema = z.strictObject({
  id: identifier.describe('unique within the pack, e.g. VAL-001'),
  title: text(200),
  description: text(L.maxTextLength).describe('plain-language description for officers'),
  category: name.describe('indicator group, e.g. valuation, parties, timeliness'),
  scope: z.enum(RULE_SCOPES),
  let: z
    .record(name, expression)
    .refine(...countAtMost(L.maxLets, 'named values'))
    .optional()
    .describe('named intermediate values, computed in order before `when`; later ones may use earlier ones'),
  when: expression.describe('condition: the rule fires when it is true'),
  points: z.number().min(-1000).max(1000).describe('points added to the score when the rule fires (negative lowers it)'),
  lane: z.enum(['green', 'blue', 'yellow', 'red']).optional().describe('lane the rule forces when it fires (hard rules)'),
  message: text(L.maxMessageLength).describe('message template: {name} or {name:format} placeholders, see docs/rules.md'),
  tags: z.array(z.string().min(1).max(32)).max(L.maxTags).optional(),
  enabled: z.boolean().optional().describe('false switches the rule off; default true'),
  effectiveFrom: date.optional().describe('first lodging date the rule applies to (inclusive)'),
  effectiveTo: date.optional().describe('last lodging date the rule applies to (exclusive)'),
});

/** A named list of the pack (countries, HS chapters, parties, ports, terms, …). */
export const listSchema = z.strictObject({
  description: text(L.maxTextLength).optional(),
  items: z.array(z.string().min(1).max(L.maxItemLength)).max(L.maxListItems),
});

/** A named table of the pack: key → number or text. */
export const tableSchema = z.strictObject({
  description: text(L.maxTextLength).optional(),
  entries: z.record(tableKey, z.union([z.number(), z.string().max(L.maxItemLength)])).refine(...countAtMost(L.maxTableEntries, 'entries')),
});

/** A rule pack document, as exchanged between administrations. */
export const rulePackSchema = z.strictObject({
  $schema: z.string().max(512).optional(),
  id: identifier,
  version: z.string().min(1).max(32),
  description: text(L.maxTextLength),
  effectiveFrom: date.optional(),
  effectiveTo: date.optional(),
  lists: z.record(name, listSchema).refine(...countAtMost(L.maxLists, 'lists')).optional(),
  tables: z.record(name, tableSchema).refine(...countAtMost(L.maxTables, 'tables')).optional(),
  rules: z.array(ruleSchema).min(1).max(L.maxRules),
});

/** A rule pack document (validated JSON). */
export type RulePackDocument = z.output<typeof rulePackSchema>;
/** One rule as written in a pack. */
export type RuleDocument = z.output<typeof ruleSchema>;
/** Where a rule applies. */
export type RuleScope = (typeof RULE_SCOPES)[number];

/**
 * JSON Schema (draft 2020-12) of a rule pack, generated from the zod schema the loader uses.
 * @example
 * writeFileSync('rules/pack.schema.json', JSON.stringify(rulePackJsonSchema(), null, 2));
 */
export function rulePackJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(rulePackSchema, { io: 'input' }) as Record<string, unknown>;
}
