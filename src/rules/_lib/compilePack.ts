import type { z } from 'zod';
import type { Issue } from '../../records/Issue.js';
import { parseTimestamp } from '../../records/_lib/fields.js';
import { toIssues } from '../../records/_lib/toIssues.js';
import type { Lane } from '../../types/Lane.js';
import type { RuleInfo, RulePack } from '../RulePack.js';
import { rulePackSchema, type RuleDocument, type RuleScope } from '../rulePackSchema.js';
import { CompileError, compileExpression, type CompileEnv, type ListData, type NamedValue, type TableData } from './compileExpression.js';
import { compileMessage, type MessageRenderer, type MessageTemplate } from './compileMessage.js';
import { FIELDS } from './fields.js';
import { RULE_PACK_LIMITS } from './limits.js';
import { missing, type Attempt, type Evaluator, type Frame, type Value, type ValueType } from './runtime.js';
import { SCOPES, type ScopeSpec } from './scopes.js';

/** A field a hit reports. */
export interface ReadField {
  readonly path: string;
  readonly type: ValueType;
  readonly get: (frame: Frame) => Value;
  /** The value is reported as it is (a number, text or boolean type: no date or list to convert). */
  readonly plain: boolean;
}

/** A rule ready to run. */
export interface CompiledRule {
  readonly info: RuleInfo;
  readonly scope: ScopeSpec;
  readonly from: number;
  readonly to: number;
  readonly letNames: readonly string[];
  readonly lets: readonly Evaluator[];
  /** The condition: true, false, another value (not a condition), or undefined with `frame.failure` set. */
  readonly when: Attempt;
  /** Renders the message from the hit's values: the `reads` in order, then the named values. */
  readonly message: MessageRenderer;
  /** Fields read outside line aggregates, reported with a hit, sorted by path. */
  readonly reads: readonly ReadField[];
  readonly letTypes: readonly ValueType[];
  /** Where a hit gathers its values (`reads`, then named values) before they are reported; reused. */
  readonly scratch: Value[];
}

/** The compiled form of a pack, kept apart from the public `RulePack` object. */
export interface CompiledPack {
  readonly pack: RulePack;
  readonly rules: readonly CompiledRule[];
  /**
   * The enabled rules that can apply, in pack order, by what the record has: a declaration without an ISF,
   * an ISF on its own, or both. Chosen once per record, so that the loop never visits a rule whose scope
   * the record cannot give.
   */
  readonly declarationOnly: readonly CompiledRule[];
  readonly isfOnly: readonly CompiledRule[];
  readonly declarationAndIsf: readonly CompiledRule[];
}

type Result = { readonly success: true; readonly compiled: CompiledPack } | { readonly success: false; readonly issues: readonly [Issue, ...Issue[]]; readonly packId?: string };

const RESERVED_LET_NAMES: ReadonlySet<string> = new Set(['declaration', 'line', 'isf', 'importer', 'null', 'true', 'false', 'not', 'and', 'or', 'xor', 'mod']);

function time(value: string | undefined): number | null {
  return value === undefined ? null : (parseTimestamp(value)?.getTime() ?? null);
}

function issue(path: (string | number)[], message: string, received?: unknown): Issue {
  return received === undefined ? { code: 'rule_pack', path, message } : { code: 'rule_pack', path, message, received };
}

function nonEmpty(issues: Issue[]): readonly [Issue, ...Issue[]] | undefined {
  const [first, ...rest] = issues;
  return first === undefined ? undefined : [first, ...rest];
}

const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Keys that could reach object prototypes, anywhere in the document. zod would silently drop a
 * `__proto__` key; a hostile pack must be rejected with a reason instead.
 */
function unsafeKeys(json: unknown): Issue[] {
  const found: Issue[] = [];
  const visit = (value: unknown, path: (string | number)[]) => {
    if (found.length >= 10 || typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, [...path, index]));
      return;
    }
    for (const key of Object.keys(value)) {
      if (UNSAFE_KEYS.has(key)) found.push(issue([...path, key], `rule pack: key \`${key}\` is not allowed (at ${[...path].join('.') || 'top level'})`));
      else visit((value as Record<string, unknown>)[key], [...path, key]);
    }
  };
  visit(json, []);
  return found;
}

/** zod reports a bad record key as "Invalid key in record": say which key and why. */
function explainKey(zodIssue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (zodIssue.code !== 'invalid_key') return zodIssue;
  const key = zodIssue.path[zodIssue.path.length - 1];
  const reason = zodIssue.issues.map((inner) => inner.message).join('; ');
  return { code: 'custom', path: zodIssue.path, message: `the name ${reason}`, input: key } as z.core.$ZodIssue;
}

/** Parses, validates and compiles a pack document; returns every problem found. */
export function compilePack(input: unknown): Result {
  let json = input;
  if (typeof input === 'string') {
    if (input.length > RULE_PACK_LIMITS.maxPackBytes) {
      return { success: false, issues: [issue([], `rule pack: ${input.length} characters, at most ${RULE_PACK_LIMITS.maxPackBytes} are allowed`)] };
    }
    try {
      json = JSON.parse(input);
    } catch (error) {
      return { success: false, issues: [{ code: 'invalid_json', path: [], message: `rule pack: not valid JSON (${(error as Error).message})` }] };
    }
  } else if (typeof input === 'object' && input !== null) {
    let size: number;
    try {
      size = JSON.stringify(input).length;
    } catch {
      return { success: false, issues: [issue([], 'rule pack: not plain JSON data (cyclic or not serialisable)')] };
    }
    if (size > RULE_PACK_LIMITS.maxPackBytes) return { success: false, issues: [issue([], `rule pack: ${size} characters of JSON, at most ${RULE_PACK_LIMITS.maxPackBytes} are allowed`)] };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { success: false, issues: [issue([], 'rule pack: expected a JSON object')] };

  const unsafe = unsafeKeys(json);
  if (unsafe.length > 0) return { success: false, issues: unsafe as [Issue, ...Issue[]] };
  const parsed = rulePackSchema.safeParse(json, { reportInput: true });
  const rawId = (json as { id?: unknown }).id;
  const packId = typeof rawId === 'string' ? rawId.slice(0, 64) : undefined;
  const withId = (issues: readonly [Issue, ...Issue[]]): Result => (packId === undefined ? { success: false, issues } : { success: false, issues, packId });
  if (!parsed.success) {
    const issues = nonEmpty(toIssues(parsed.error.issues.map(explainKey)).map((found) => ({ ...found, message: `rule pack: ${found.message}` })));
    return withId(issues ?? [issue([], 'rule pack: invalid')]);
  }
  const doc = parsed.data;
  const issues: Issue[] = [];

  const lists = new Map<string, ListData>();
  for (const [name, list] of Object.entries(doc.lists ?? {})) lists.set(name, { items: list.items, set: new Set(list.items) });
  const tables = new Map<string, TableData>();
  for (const [name, table] of Object.entries(doc.tables ?? {})) {
    const values = Object.values(table.entries);
    const type: ValueType = values.every((v) => typeof v === 'number') ? 'number' : values.every((v) => typeof v === 'string') ? 'string' : 'any';
    tables.set(name, { entries: new Map(Object.entries(table.entries)), type });
  }

  const packFrom = time(doc.effectiveFrom);
  const packTo = time(doc.effectiveTo);
  if (doc.effectiveFrom !== undefined && packFrom === null) issues.push(issue(['effectiveFrom'], `effectiveFrom: ${doc.effectiveFrom} is not a calendar date`));
  if (doc.effectiveTo !== undefined && packTo === null) issues.push(issue(['effectiveTo'], `effectiveTo: ${doc.effectiveTo} is not a calendar date`));

  const seen = new Map<string, number>();
  const rules: CompiledRule[] = [];
  doc.rules.forEach((rule, index) => {
    const label = `rules[${index}] (${rule.id})`;
    const earlier = seen.get(rule.id);
    if (earlier !== undefined) issues.push(issue(['rules', index, 'id'], `${label}.id: repeats the id of rules[${earlier}]`, rule.id));
    else seen.set(rule.id, index);
    const compiled = compileRule(rule, index, label, { lists, tables }, issues);
    if (compiled !== undefined) rules.push(compiled);
  });

  const problems = nonEmpty(issues);
  if (problems !== undefined) return withId(problems);

  const pack: RulePack = {
    id: doc.id,
    version: doc.version,
    description: doc.description,
    effectiveFrom: packFrom,
    effectiveTo: packTo,
    rules: rules.map((rule) => rule.info),
    lists: new Map([...lists].map(([name, list]) => [name, list.items])),
  };
  const enabled = rules.filter((rule) => rule.info.enabled);
  return {
    success: true,
    compiled: {
      pack,
      rules,
      declarationOnly: enabled.filter((rule) => !rule.scope.needsIsf),
      isfOnly: enabled.filter((rule) => !rule.scope.needsDeclaration),
      declarationAndIsf: enabled,
    },
  };
}

function compileRule(
  rule: RuleDocument,
  index: number,
  label: string,
  named: { readonly lists: ReadonlyMap<string, ListData>; readonly tables: ReadonlyMap<string, TableData> },
  issues: Issue[],
): CompiledRule | undefined {
  const scope = SCOPES[rule.scope] as ScopeSpec;
  const lets = new Map<string, NamedValue>();
  const fieldsRead = new Set<string>();
  const letEvaluators: Evaluator[] = [];
  const letTypes: ValueType[] = [];
  let failed = false;
  const env = (): CompileEnv => ({ sources: scope.sources, lets, lists: named.lists, tables: named.tables, fieldsRead });

  for (const [name, expression] of Object.entries(rule.let ?? {})) {
    if (RESERVED_LET_NAMES.has(name) || name.startsWith('__')) {
      issues.push(issue(['rules', index, 'let', name], `${label}.let.${name}: the name is reserved`));
      failed = true;
      continue;
    }
    try {
      const compiled = compileExpression(expression, env());
      lets.set(name, { slot: letEvaluators.length, type: compiled.type, evaluate: compiled.evaluate, whyMissing: compiled.whyMissing });
      letEvaluators.push(compiled.evaluate);
      letTypes.push(compiled.type);
    } catch (error) {
      if (!(error instanceof CompileError)) throw error;
      issues.push(issue(['rules', index, 'let', name], `${label}.let.${name}: ${error.message}`, expression));
      failed = true;
    }
  }

  let when: Attempt | undefined;
  try {
    const compiled = compileExpression(rule.when, env());
    if (compiled.type !== 'boolean' && compiled.type !== 'any') throw new CompileError(`the condition must be true or false, but it is ${compiled.type === 'strings' ? 'a list' : `a ${compiled.type}`}`);
    const condition = compiled.attempt;
    const why = compiled.whyMissing;
    // A condition that is an operator never gives null: it is the rule's condition as it is, one call less.
    when = compiled.nonNull
      ? condition
      : (frame) => {
          const value = condition(frame);
          if (value === undefined) return undefined;
          return value ?? missing(frame, why(frame));
        };
  } catch (error) {
    if (!(error instanceof CompileError)) throw error;
    issues.push(issue(['rules', index, 'when'], `${label}.when: ${error.message}`, rule.when));
  }

  let message: MessageTemplate | undefined;
  try {
    message = compileMessage(rule.message, lets, scope.sources, fieldsRead);
  } catch (error) {
    if (!(error instanceof CompileError)) throw error;
    issues.push(issue(['rules', index, 'message'], `${label}.message: ${error.message}`, rule.message));
  }

  const from = time(rule.effectiveFrom);
  const to = time(rule.effectiveTo);
  if (rule.effectiveFrom !== undefined && from === null) issues.push(issue(['rules', index, 'effectiveFrom'], `${label}.effectiveFrom: not a calendar date`));
  if (rule.effectiveTo !== undefined && to === null) issues.push(issue(['rules', index, 'effectiveTo'], `${label}.effectiveTo: not a calendar date`));
  if (failed || when === undefined || message === undefined) return undefined;

  const info: RuleInfo = {
    id: rule.id,
    title: rule.title,
    description: rule.description,
    category: rule.category,
    scope: rule.scope as RuleScope,
    points: rule.points,
    ...(rule.lane === undefined ? {} : { lane: rule.lane as Lane }),
    tags: rule.tags ?? [],
    enabled: rule.enabled ?? true,
    effectiveFrom: from,
    effectiveTo: to,
  };
  const reads = [...fieldsRead].sort().map((path): ReadField => {
    const spec = FIELDS.get(path);
    if (spec === undefined) throw new Error(`field ${path} vanished from the catalogue`);
    return { path, type: spec.type, get: spec.get, plain: spec.type === 'number' || spec.type === 'string' || spec.type === 'boolean' };
  });
  return {
    info,
    scope,
    from: from ?? Number.NEGATIVE_INFINITY,
    to: to ?? Number.POSITIVE_INFINITY,
    letNames: [...lets.keys()],
    lets: letEvaluators,
    letTypes,
    when,
    message: message.bind(new Map(reads.map((read, index) => [read.path, index])), reads.length),
    reads,
    scratch: [],
  };
}
