import { closest } from 'fastest-levenshtein';
import { create, parseDependencies, type MathNode } from 'mathjs';
import { FIELDS, type FieldSource, type FieldSpec } from './fields.js';
import { FUNCTIONS, type Arg, type ParamKind, type RequiredValue } from './functions.js';
import { RULE_PACK_LIMITS } from './limits.js';
import { fail, missing, type Attempt, type Evaluator, type Frame, type Value, type ValueType } from './runtime.js';

// A mathjs instance that can only parse: no evaluate, import or createUnit exists in it at all, and a
// bundler keeps only the parser (about 45 MB less per worker than the full default instance).
const { parse } = create(parseDependencies === undefined ? {} : { parseDependencies }, {});

// Checks a mathjs syntax tree against a whitelist and compiles it into plain closures. mathjs is used for
// parsing only: nothing from a pack is ever evaluated by mathjs, and every name is resolved here at load time.

/** A problem found while compiling an expression; the loader turns it into a pack issue. */
export class CompileError extends Error {
  override name = 'CompileError' as const;
}

/** A named pack list, resolved for fast membership tests. */
export interface ListData {
  readonly items: readonly string[];
  readonly set: ReadonlySet<string>;
}

/** A named pack table. */
export interface TableData {
  readonly entries: ReadonlyMap<string, number | string>;
  readonly type: ValueType;
}

/** A named intermediate value of a rule: computed at most once per rule instance, on first use. */
export interface NamedValue {
  readonly slot: number;
  readonly type: ValueType;
  readonly evaluate: Evaluator;
  readonly whyMissing: (frame: Frame) => string;
}

/** What an expression may refer to. */
export interface CompileEnv {
  readonly sources: ReadonlySet<FieldSource>;
  readonly lets: ReadonlyMap<string, NamedValue>;
  readonly lists: ReadonlyMap<string, ListData>;
  readonly tables: ReadonlyMap<string, TableData>;
  /** Receives the path of every field read outside line aggregates (for the values a hit reports). */
  readonly fieldsRead: Set<string>;
  /** Field catalogue; the record fields of `fields.ts` unless given (benchmarks compile over flat facts). */
  readonly fields?: ReadonlyMap<string, FieldSpec>;
}

type ValueArg = Extract<Arg, { readonly kind: 'value' }>;

/** A compiled expression with its static type. */
export interface CompiledExpression {
  readonly evaluate: Evaluator;
  /** The same expression, reporting the common failures (a missing value) without throwing. */
  readonly attempt: Attempt;
  readonly type: ValueType;
  /** Why the expression has no value for a frame where it evaluates to null. */
  readonly whyMissing: (frame: Frame) => string;
  /** The attempt never gives null (an operator: it fails instead), so a caller need not check for it. */
  readonly nonNull: boolean;
}

interface Node {
  readonly evaluate: Evaluator;
  readonly attempt: Attempt;
  /** Set on a plain field read: its value is the field's, it never fails by itself. */
  readonly isField?: true;
  readonly type: ValueType;
  readonly source: string;
  /** Why the node's value is missing for this frame (only called on failure). */
  readonly whyMissing: (frame: Frame) => string;
  readonly constant?: Value;
  /** Set on operators: the value is never null (a missing operand is a failure). */
  readonly nonNull?: true;
  /** Set on a call joining its arguments' texts (concat): the arguments, in order. */
  readonly parts?: readonly RequiredValue[];
  /** Set on is_missing(x): x's evaluator (the call is true when it gives null). */
  readonly missingOf?: Evaluator;
  /** Set on not is_missing(x): x's evaluator (the node is true when it gives a value). */
  readonly presenceOf?: Evaluator;
  /** Set on a named value read outside line aggregates: its slot and evaluator (computed on first use). */
  readonly named?: { readonly slot: number; readonly compute: Evaluator };
}

/** The value arguments of a call as compiled: all of them, the required plain fields, and whether all are plain. */
interface Collected {
  readonly values: Node[];
  readonly strictFields: Node[];
  /** Every value argument is a plain field or a constant, and no argument is a line expression. */
  simple: boolean;
  /** The arguments without the check of a required value for null (by position), for `callAttempt`. */
  readonly unchecked: Arg[];
}

/** Names a pack may never use, even where they would otherwise only be an unknown name. */
const FORBIDDEN_NAMES: ReadonlySet<string> = new Set([
  'constructor', '__proto__', 'prototype', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__',
  'import', 'createUnit', 'evaluate', 'parse', 'compile', 'simplify', 'derivative', 'resolve', 'rationalize',
  'matrix', 'sparse', 'zeros', 'ones', 'identity', 'range', 'concat_matrix', 'chain', 'typed', 'config', 'help',
  'eval', 'Function', 'require', 'process', 'global', 'globalThis', 'window', 'this', 'new', 'reviver', 'replacer',
]);

const SOURCE_LABEL: Record<FieldSource, string> = {
  declaration: 'a declaration',
  line: 'a goods line (scope "line", or inside any_line/all_lines/count_lines/sum_lines)',
  isf: 'an ISF (scope "isf", "declaration+isf" or "line+isf")',
};

const OPERATORS = {
  add: '+',
  subtract: '-',
  multiply: '*',
  divide: '/',
  mod: 'mod',
  pow: '^',
  unaryMinus: '-',
  unaryPlus: '+',
  not: 'not',
  and: 'and',
  or: 'or',
  xor: 'xor',
  equal: '==',
  unequal: '!=',
  smaller: '<',
  larger: '>',
  smallerEq: '<=',
  largerEq: '>=',
} as const;
type OperatorFn = keyof typeof OPERATORS;

function suggest(name: string, candidates: Iterable<string>): string {
  const list = [...candidates];
  if (list.length === 0) return '';
  return `; did you mean \`${closest(name, list)}\`?`;
}

/** Deepest nesting of brackets, counted on the raw text so that mathjs never sees a pathological input. */
function bracketDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quote !== null) {
      if (ch === '\\') i += 1;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(' || ch === '[' || ch === '{') deepest = Math.max(deepest, ++depth);
    else if (ch === ')' || ch === ']' || ch === '}') depth -= 1;
  }
  return deepest;
}

function describeType(type: ValueType): string {
  return type === 'strings' ? 'list of texts' : type === 'null' ? 'null' : type;
}

function accepts(kind: ValueType, type: ValueType): boolean {
  return kind === 'any' || type === 'any' || kind === type;
}

const missingDefault = (source: string) => {
  const reason = `\`${source}\` has no value`;
  return () => reason;
};

/**
 * `reason: explanation`, reusing the last text while the explanation repeats (it mostly does: "no
 * reference data was given", "the line has no quantity (or it is zero)"), so that records failing the same
 * way share one string instead of building it again.
 */
function explained(reason: string, why: (frame: Frame) => string): (frame: Frame) => string {
  let lastWhy: string | undefined;
  let last = '';
  return (frame) => {
    const text = why(frame);
    if (text !== lastWhy) {
      lastWhy = text;
      last = `${reason}: ${text}`;
    }
    return last;
  };
}

/** Checks and compiles one expression; throws `CompileError` naming the problem. */
export function compileExpression(text: string, env: CompileEnv): CompiledExpression {
  if (text.length > RULE_PACK_LIMITS.maxExpressionLength) {
    throw new CompileError(`expression is ${text.length} characters long, at most ${RULE_PACK_LIMITS.maxExpressionLength} are allowed`);
  }
  if (bracketDepth(text) > RULE_PACK_LIMITS.maxDepth) throw new CompileError(`expression nests brackets deeper than ${RULE_PACK_LIMITS.maxDepth} levels`);
  let tree: MathNode;
  try {
    tree = parse(text);
  } catch (error) {
    throw new CompileError(`syntax error: ${(error as Error).message}`);
  }
  let nodes = 0;
  let insideAggregate = false;
  const outerHasLine = env.sources.has('line');

  function compile(node: MathNode, depth: number, sources: ReadonlySet<FieldSource>): Node {
    nodes += 1;
    if (nodes > RULE_PACK_LIMITS.maxNodes) throw new CompileError(`expression has more than ${RULE_PACK_LIMITS.maxNodes} parts`);
    if (depth > RULE_PACK_LIMITS.maxDepth) throw new CompileError(`expression nests deeper than ${RULE_PACK_LIMITS.maxDepth} levels`);
    const source = node.toString({ notation: 'fixed' });
    switch (node.type) {
      case 'ParenthesisNode':
        return compile((node as unknown as { content: MathNode }).content, depth + 1, sources);
      case 'ConstantNode':
        return constant((node as unknown as { value: unknown }).value, source);
      case 'SymbolNode':
        return symbol((node as unknown as { name: string }).name, source);
      case 'AccessorNode':
        return field(node, source, sources);
      case 'OperatorNode':
        return operator(node, depth, sources, source);
      case 'ConditionalNode':
        return conditional(node, depth, sources, source);
      case 'FunctionNode':
        return call(node, depth, sources, source);
      case 'AssignmentNode':
      case 'FunctionAssignmentNode':
        throw new CompileError(`assignments and function definitions are not allowed: \`${source}\``);
      case 'BlockNode':
        throw new CompileError('only one expression is allowed (no `;` or line breaks between statements)');
      case 'ArrayNode':
      case 'ObjectNode':
      case 'RangeNode':
      case 'IndexNode':
        throw new CompileError(`matrices, objects, ranges and indexes are not allowed: \`${source}\`; use a named list of the pack`);
      case 'RelationalNode':
        throw new CompileError(`chained comparisons are not allowed: \`${source}\`; combine two comparisons with \`and\``);
      default:
        throw new CompileError(`${node.type} is not allowed: \`${source}\``);
    }
  }

  function constant(value: unknown, source: string): Node {
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new CompileError(`number ${source} is not finite`);
      const evaluate = () => value;
      return { evaluate, attempt: evaluate, type: 'number', source, whyMissing: missingDefault(source), constant: value };
    }
    if (typeof value === 'string') {
      const evaluate = () => value;
      return { evaluate, attempt: evaluate, type: 'string', source, whyMissing: missingDefault(source), constant: value };
    }
    if (typeof value === 'boolean') {
      const evaluate = () => value;
      return { evaluate, attempt: evaluate, type: 'boolean', source, whyMissing: missingDefault(source), constant: value };
    }
    if (value === null) {
      const evaluate = () => null;
      return { evaluate, attempt: evaluate, type: 'null', source, whyMissing: () => 'the literal null', constant: null };
    }
    throw new CompileError(`constant ${source} is not allowed (numbers, 'texts', true, false and null are)`);
  }

  function symbol(name: string, source: string): Node {
    if (FORBIDDEN_NAMES.has(name)) throw new CompileError(`the name \`${name}\` is forbidden`);
    const named = env.lets.get(name);
    if (named !== undefined) {
      const slot = named.slot;
      const bit = 1 << slot;
      const compute = named.evaluate;
      const why = named.whyMissing;
      // Lazy, so that a guard such as `importer.priorDeclarations > 0 and new_lines > 0` never computes
      // a value it does not need (and never fails on it).
      const evaluate: Evaluator = insideAggregate
          ? (frame) => {
              // First used inside a line aggregate: compute it for the rule's own line, not the iterated one.
              if ((frame.letMask & bit) === 0) {
                const iterated = frame.line;
                frame.line = frame.outerLine;
                try {
                  frame.lets[slot] = compute(frame);
                } finally {
                  frame.line = iterated;
                }
                frame.letMask |= bit;
              }
              return frame.lets[slot] ?? null;
            }
          : (frame) => {
              if ((frame.letMask & bit) === 0) {
                frame.lets[slot] = compute(frame);
                frame.letMask |= bit;
              }
              return frame.lets[slot] ?? null;
            };
      const whyMissing = (frame: Frame) => `\`${name}\` has no value (${why(frame)})`;
      if (insideAggregate) return { evaluate, attempt: evaluate, type: named.type, source, whyMissing };
      return { evaluate, attempt: evaluate, type: named.type, source, whyMissing, named: { slot, compute } };
    }
    if (name === 'declaration' || name === 'line' || name === 'isf' || name === 'importer' || name === 'consigneeHistory') {
      throw new CompileError(`\`${name}\` is a record, not a value: read one of its fields, e.g. \`${closest(`${name}.`, [...FIELDS.keys()])}\``);
    }
    throw new CompileError(`unknown name \`${name}\`${suggest(name, [...env.lets.keys(), ...FIELDS.keys()])}`);
  }

  function fieldPath(node: MathNode): string {
    if (node.type === 'SymbolNode') {
      const name = (node as unknown as { name: string }).name;
      if (FORBIDDEN_NAMES.has(name)) throw new CompileError(`the name \`${name}\` is forbidden`);
      return name;
    }
    if (node.type !== 'AccessorNode') throw new CompileError(`property access is only allowed on record fields, not on \`${node.toString()}\``);
    const accessor = node as unknown as { object: MathNode; index: { dotNotation: boolean; dimensions: MathNode[] }; optionalChaining?: boolean };
    if (accessor.optionalChaining === true) throw new CompileError('optional chaining (`?.`) is not allowed; use is_missing() or coalesce()');
    const key = accessor.index.dimensions[0] as unknown as { type: string; value?: unknown } | undefined;
    if (!accessor.index.dotNotation || accessor.index.dimensions.length !== 1 || key?.type !== 'ConstantNode' || typeof key.value !== 'string') {
      throw new CompileError(`bracket indexing is not allowed: \`${node.toString()}\`; write the field path with dots`);
    }
    const object = fieldPath(accessor.object);
    if (FORBIDDEN_NAMES.has(key.value)) throw new CompileError(`the property name \`${key.value}\` is forbidden`);
    return `${object}.${key.value}`;
  }

  function field(node: MathNode, source: string, sources: ReadonlySet<FieldSource>): Node {
    const path = fieldPath(node);
    const catalogue = env.fields ?? FIELDS;
    const spec: FieldSpec | undefined = catalogue.get(path);
    if (spec === undefined) throw new CompileError(`unknown field \`${path}\`${suggest(path, catalogue.keys())}`);
    if (!sources.has(spec.source)) throw new CompileError(`field \`${path}\` needs ${SOURCE_LABEL[spec.source]}, which this rule's scope does not provide`);
    if (spec.source !== 'line' || outerHasLine) env.fieldsRead.add(path);
    const why = spec.whyMissing;
    // Built once: a field without its own explanation gives the same reason on every record.
    const reason = `\`${path}\` is missing`;
    return {
      evaluate: spec.get,
      attempt: spec.get,
      isField: true,
      type: spec.type,
      source,
      whyMissing: why === undefined ? () => reason : explained(reason, why),
    };
  }

  function expectType(operand: Node, allowed: readonly ValueType[], context: string): void {
    if (operand.type === 'any' || allowed.includes(operand.type)) return;
    if (operand.type === 'null') throw new CompileError(`\`${context}\` compares with null; use is_missing(…) instead`);
    throw new CompileError(`\`${context}\` expects ${allowed.map(describeType).join(' or ')}, but \`${operand.source}\` is ${describeType(operand.type)}`);
  }

  /** The throwing form of an attempt: fails with the reason the attempt recorded. */
  function throwing(attempt: Attempt): Evaluator {
    return (frame) => {
      const value = attempt(frame);
      return value === undefined ? fail(frame.failure) : value;
    };
  }

  function operator(node: MathNode, depth: number, sources: ReadonlySet<FieldSource>, source: string): Node {
    const op = node as unknown as { fn: string; args: MathNode[]; implicit?: boolean; isPercentage?: boolean };
    if (op.implicit === true) throw new CompileError(`implicit multiplication is not allowed (units are not supported): \`${source}\``);
    if (op.isPercentage === true) throw new CompileError(`the % sign is not supported: write \`${source.replace('%', '')} / 100\``);
    if (!(op.fn in OPERATORS)) throw new CompileError(`operator \`${op.fn}\` is not allowed in \`${source}\``);
    const fn = op.fn as OperatorFn;
    const operands = op.args.map((arg) => compile(arg, depth + 1, sources));
    const [a, b] = operands;
    if (a === undefined) throw new CompileError(`operator without operands: \`${source}\``);
    const xa = a.attempt;
    const whyA = a.whyMissing;
    // Each operator is written once, as an attempt (a missing operand records its reason in the frame and
    // gives undefined, an operand's undefined is passed on); its throwing form is derived from it.
    if (fn === 'unaryMinus' || fn === 'unaryPlus' || fn === 'not') {
      expectType(a, fn === 'not' ? ['boolean'] : ['number'], source);
      const x = a.missingOf;
      if (fn === 'not' && x !== undefined) {
        // `not is_missing(x)`: x has a value, one closure instead of two.
        const present: Evaluator = (frame) => x(frame) !== null;
        return { evaluate: present, attempt: present, type: 'boolean', source, whyMissing: whyA, nonNull: true, presenceOf: x };
      }
      if (fn === 'not' && a.isField === true) {
        // `not line.importerChapterSeenBefore` inside a line aggregate: the throwing form reads the field itself.
        const get = a.evaluate;
        const attempt: Attempt = (frame) => {
          const v = get(frame);
          return v === null ? missing(frame, whyA(frame)) : !v;
        };
        const evaluate: Evaluator = (frame) => {
          const v = get(frame);
          return v === null ? fail(whyA(frame)) : !v;
        };
        return { evaluate, attempt, type: 'boolean', source, whyMissing: whyA, nonNull: true };
      }
      const attempt: Attempt =
        fn === 'not'
          ? (frame) => {
              const v = xa(frame);
              if (v === undefined) return undefined;
              return v === null ? missing(frame, whyA(frame)) : !v;
            }
          : fn === 'unaryMinus'
            ? (frame) => {
                const v = xa(frame);
                if (v === undefined) return undefined;
                return v === null ? missing(frame, whyA(frame)) : -(v as number);
              }
            : (frame) => {
                const v = xa(frame);
                if (v === undefined) return undefined;
                return v ?? missing(frame, whyA(frame));
              };
      return { evaluate: throwing(attempt), attempt, type: fn === 'not' ? 'boolean' : 'number', source, whyMissing: whyA, nonNull: true };
    }
    if (b === undefined) throw new CompileError(`operator \`${OPERATORS[fn]}\` needs two operands: \`${source}\``);
    const ya = b.attempt;
    const whyB = b.whyMissing;
    // Operators never return a missing value (they fail instead), so this is only asked for completeness.
    const why = whyA;

    if (fn === 'and' || fn === 'or' || fn === 'xor') {
      expectType(a, ['boolean'], source);
      expectType(b, ['boolean'], source);
      // `and` / `or` short-circuit, so a guard like `not is_missing(x) and x > 3` never reads a missing x.
      const present = a.presenceOf;
      if (fn === 'and' && present !== undefined) {
        // That guard tested in place: one closure less.
        const attempt: Attempt = (frame) => {
          if (present(frame) === null) return false;
          const w = ya(frame);
          if (w === undefined) return undefined;
          return w ?? missing(frame, whyB(frame));
        };
        return { evaluate: throwing(attempt), attempt, type: 'boolean', source, whyMissing: why, nonNull: true };
      }
      const absent = a.missingOf;
      if (fn === 'and' && absent !== undefined) {
        // `is_missing(line.unitValueRatio) and …` (VAL-002) tested in place likewise.
        const attempt: Attempt = (frame) => {
          if (absent(frame) !== null) return false;
          const w = ya(frame);
          if (w === undefined) return undefined;
          return w ?? missing(frame, whyB(frame));
        };
        return { evaluate: throwing(attempt), attempt, type: 'boolean', source, whyMissing: why, nonNull: true };
      }
      if (fn === 'or' && present !== undefined) {
        // `not is_missing(term) or …` (GDS-001 on every row) tested in place likewise.
        const attempt: Attempt = (frame) => {
          if (present(frame) !== null) return true;
          const w = ya(frame);
          if (w === undefined) return undefined;
          return w ?? missing(frame, whyB(frame));
        };
        return { evaluate: throwing(attempt), attempt, type: 'boolean', source, whyMissing: why, nonNull: true };
      }
      const attempt: Attempt =
        fn === 'and'
          ? (frame) => {
              const v = xa(frame);
              if (v === undefined) return undefined;
              if (v === null) return missing(frame, whyA(frame));
              if (v === false) return false;
              const w = ya(frame);
              if (w === undefined) return undefined;
              return w ?? missing(frame, whyB(frame));
            }
          : fn === 'or'
            ? (frame) => {
                const v = xa(frame);
                if (v === undefined) return undefined;
                if (v === null) return missing(frame, whyA(frame));
                if (v === true) return true;
                const w = ya(frame);
                if (w === undefined) return undefined;
                return w ?? missing(frame, whyB(frame));
              }
            : (frame) => {
                const v = xa(frame);
                if (v === undefined) return undefined;
                if (v === null) return missing(frame, whyA(frame));
                const w = ya(frame);
                if (w === undefined) return undefined;
                if (w === null) return missing(frame, whyB(frame));
                return v !== w;
              };
      return { evaluate: throwing(attempt), attempt, type: 'boolean', source, whyMissing: why, nonNull: true };
    }

    if (fn === 'equal' || fn === 'unequal') {
      if (a.type === 'null' || b.type === 'null') throw new CompileError(`\`${source}\` compares with null; use is_missing(…) instead`);
      if (a.type !== 'any' && b.type !== 'any' && a.type !== b.type) {
        throw new CompileError(`\`${source}\` compares ${describeType(a.type)} with ${describeType(b.type)}`);
      }
      if (a.type === 'strings' || b.type === 'strings') throw new CompileError(`\`${source}\` compares lists; use includes(…)`);
      const equal = fn === 'equal';
      const constant = b.constant;
      if (constant !== undefined) {
        // Against a constant (`importer.priorDeclarations == 0`, `isf.type == 'ISF-10'`): no call for it.
        const attempt: Attempt = equal
          ? (frame) => {
              const v = xa(frame);
              if (v === undefined) return undefined;
              return v === null ? missing(frame, whyA(frame)) : v === constant;
            }
          : (frame) => {
              const v = xa(frame);
              if (v === undefined) return undefined;
              return v === null ? missing(frame, whyA(frame)) : v !== constant;
            };
        return { evaluate: throwing(attempt), attempt, type: 'boolean', source, whyMissing: why, nonNull: true };
      }
      const attempt: Attempt = (frame) => {
        const v = xa(frame);
        if (v === undefined) return undefined;
        if (v === null) return missing(frame, whyA(frame));
        const w = ya(frame);
        if (w === undefined) return undefined;
        if (w === null) return missing(frame, whyB(frame));
        return (v === w) === equal;
      };
      return { evaluate: throwing(attempt), attempt, type: 'boolean', source, whyMissing: why, nonNull: true };
    }

    if (fn === 'smaller' || fn === 'larger' || fn === 'smallerEq' || fn === 'largerEq') {
      expectType(a, ['number', 'date'], source);
      expectType(b, ['number', 'date'], source);
      if (a.type !== 'any' && b.type !== 'any' && a.type !== b.type) throw new CompileError(`\`${source}\` compares ${a.type} with ${b.type}`);
      const limit = b.constant;
      const named = a.named;
      if (typeof limit === 'number' && named !== undefined) {
        // A named value against a constant (`ratio < 0.2`, `new_lines > 0`): the value read (computed on
        // first use, as the name's own evaluator does) in place, one closure less.
        const { slot, compute } = named;
        const bit = 1 << slot;
        const attempt: Attempt =
          fn === 'smaller'
            ? (frame) => {
                if ((frame.letMask & bit) === 0) {
                  frame.lets[slot] = compute(frame);
                  frame.letMask |= bit;
                }
                const v = frame.lets[slot] ?? null;
                return v === null ? missing(frame, whyA(frame)) : (v as number) < limit;
              }
            : fn === 'larger'
              ? (frame) => {
                  if ((frame.letMask & bit) === 0) {
                    frame.lets[slot] = compute(frame);
                    frame.letMask |= bit;
                  }
                  const v = frame.lets[slot] ?? null;
                  return v === null ? missing(frame, whyA(frame)) : (v as number) > limit;
                }
              : fn === 'smallerEq'
                ? (frame) => {
                    if ((frame.letMask & bit) === 0) {
                      frame.lets[slot] = compute(frame);
                      frame.letMask |= bit;
                    }
                    const v = frame.lets[slot] ?? null;
                    return v === null ? missing(frame, whyA(frame)) : (v as number) <= limit;
                  }
                : (frame) => {
                    if ((frame.letMask & bit) === 0) {
                      frame.lets[slot] = compute(frame);
                      frame.letMask |= bit;
                    }
                    const v = frame.lets[slot] ?? null;
                    return v === null ? missing(frame, whyA(frame)) : (v as number) >= limit;
                  };
        return { evaluate: throwing(attempt), attempt, type: 'boolean', source, whyMissing: why, nonNull: true };
      }
      if (typeof limit === 'number') {
        // Against a constant (`line.unitValueRatio < 0.5`): no call for it. One closure per operator.
        const attempt: Attempt =
          fn === 'smaller'
            ? (frame) => {
                const v = xa(frame);
                if (v === undefined) return undefined;
                return v === null ? missing(frame, whyA(frame)) : (v as number) < limit;
              }
            : fn === 'larger'
              ? (frame) => {
                  const v = xa(frame);
                  if (v === undefined) return undefined;
                  return v === null ? missing(frame, whyA(frame)) : (v as number) > limit;
                }
              : fn === 'smallerEq'
                ? (frame) => {
                    const v = xa(frame);
                    if (v === undefined) return undefined;
                    return v === null ? missing(frame, whyA(frame)) : (v as number) <= limit;
                  }
                : (frame) => {
                    const v = xa(frame);
                    if (v === undefined) return undefined;
                    return v === null ? missing(frame, whyA(frame)) : (v as number) >= limit;
                  };
        return { evaluate: throwing(attempt), attempt, type: 'boolean', source, whyMissing: why, nonNull: true };
      }
      // One closure per operator, so the hot path has no extra call.
      const attempt: Attempt =
        fn === 'smaller'
          ? (frame) => {
              const v = xa(frame);
              if (v === undefined) return undefined;
              if (v === null) return missing(frame, whyA(frame));
              const w = ya(frame);
              if (w === undefined) return undefined;
              return w === null ? missing(frame, whyB(frame)) : (v as number) < (w as number);
            }
          : fn === 'larger'
            ? (frame) => {
                const v = xa(frame);
                if (v === undefined) return undefined;
                if (v === null) return missing(frame, whyA(frame));
                const w = ya(frame);
                if (w === undefined) return undefined;
                return w === null ? missing(frame, whyB(frame)) : (v as number) > (w as number);
              }
            : fn === 'smallerEq'
              ? (frame) => {
                  const v = xa(frame);
                  if (v === undefined) return undefined;
                  if (v === null) return missing(frame, whyA(frame));
                  const w = ya(frame);
                  if (w === undefined) return undefined;
                  return w === null ? missing(frame, whyB(frame)) : (v as number) <= (w as number);
                }
              : (frame) => {
                  const v = xa(frame);
                  if (v === undefined) return undefined;
                  if (v === null) return missing(frame, whyA(frame));
                  const w = ya(frame);
                  if (w === undefined) return undefined;
                  return w === null ? missing(frame, whyB(frame)) : (v as number) >= (w as number);
                };
      return { evaluate: throwing(attempt), attempt, type: 'boolean', source, whyMissing: why, nonNull: true };
    }

    expectType(a, ['number'], source);
    expectType(b, ['number'], source);
    const byZero = `division by zero: \`${b.source}\` is 0`;
    const arithmetic: (v: number, w: number) => number =
      fn === 'add'
        ? (v, w) => v + w
        : fn === 'subtract'
          ? (v, w) => v - w
          : fn === 'multiply'
            ? (v, w) => v * w
            : fn === 'divide'
              ? (v, w) => (w === 0 ? fail(byZero) : v / w)
              : fn === 'mod'
                ? (v, w) => (w === 0 ? fail(byZero) : v % w)
                : (v, w) => v ** w;
    const notFinite = `\`${source}\` is not a finite number`;
    const attempt: Attempt = (frame) => {
      const v = xa(frame);
      if (v === undefined) return undefined;
      if (v === null) return missing(frame, whyA(frame));
      const w = ya(frame);
      if (w === undefined) return undefined;
      if (w === null) return missing(frame, whyB(frame));
      const result = arithmetic(v as number, w as number);
      return Number.isFinite(result) ? result : missing(frame, notFinite);
    };
    return { evaluate: throwing(attempt), attempt, type: 'number', source, whyMissing: why, nonNull: true };
  }

  function conditional(node: MathNode, depth: number, sources: ReadonlySet<FieldSource>, source: string): Node {
    const parts = node as unknown as { condition: MathNode; trueExpr: MathNode; falseExpr: MathNode };
    const condition = compile(parts.condition, depth + 1, sources);
    const then = compile(parts.trueExpr, depth + 1, sources);
    const otherwise = compile(parts.falseExpr, depth + 1, sources);
    expectType(condition, ['boolean'], source);
    if (then.type !== otherwise.type && ![then.type, otherwise.type].some((type) => type === 'any' || type === 'null')) {
      throw new CompileError(`the branches of \`${source}\` have different types (${then.type} and ${otherwise.type})`);
    }
    const c = condition.evaluate;
    const whyCondition = condition.whyMissing;
    const ca = condition.attempt;
    const ta = then.attempt;
    const oa = otherwise.attempt;
    const attempt: Attempt = (frame) => {
      const v = ca(frame);
      if (v === undefined) return undefined;
      if (v === null) return missing(frame, whyCondition(frame));
      return v ? ta(frame) : oa(frame);
    };
    const type = then.type === 'null' || then.type === 'any' ? otherwise.type : then.type;
    return { evaluate: throwing(attempt), attempt, type, source, whyMissing: (frame) => (c(frame) ? then.whyMissing(frame) : otherwise.whyMissing(frame)) };
  }

  function call(node: MathNode, depth: number, sources: ReadonlySet<FieldSource>, source: string): Node {
    const fnNode = (node as unknown as { fn: MathNode }).fn;
    const args = (node as unknown as { args: MathNode[] }).args;
    if (fnNode.type !== 'SymbolNode') throw new CompileError(`only the listed functions can be called, not \`${fnNode.toString()}\``);
    const name = (fnNode as unknown as { name: string }).name;
    if (FORBIDDEN_NAMES.has(name)) throw new CompileError(`the function \`${name}\` is not allowed: packs cannot run code`);
    const spec = FUNCTIONS.get(name);
    if (spec === undefined) throw new CompileError(`unknown function \`${name}\`${suggest(name, FUNCTIONS.keys())}`);
    const min = spec.minArgs ?? spec.params.length;
    const max = spec.rest === undefined ? spec.params.length : 64;
    if (args.length < min || args.length > max) {
      const expected = min === max ? `${min}` : spec.rest === undefined ? `${min} to ${max}` : `at least ${min}`;
      throw new CompileError(`${name}() takes ${expected} argument${expected === '1' ? '' : 's'}, received ${args.length}: \`${spec.signature}\``);
    }
    const collected: Collected = { values: [], strictFields: [], simple: true, unchecked: [] };
    const valueNodes = collected.values;
    const compiled: Arg[] = args.map((argNode, index) => {
      const kind: ParamKind = spec.params[index] ?? spec.rest ?? 'any';
      return argument(name, spec.signature, kind, argNode, index, depth, sources, collected);
    });
    let evaluate: Evaluator;
    try {
      evaluate = spec.build(compiled);
    } catch (error) {
      throw new CompileError(`${name}(): ${(error as Error).message}`);
    }
    const type = typeof spec.returns === 'function' ? spec.returns(compiled) : spec.returns;
    // A function gives no value when its arguments have none (coalesce of missing values): report theirs.
    const whyMissing = (frame: Frame): string => {
      const reasons = valueNodes.filter((node) => node.evaluate(frame) === null).map((node) => node.whyMissing(frame));
      return reasons.length === 0 ? `${name}() gave no value` : reasons.join('; ');
    };
    const checksFirst = spec.argumentsFirst === true && collected.simple && collected.strictFields.length > 0;
    // When callAttempt has checked every required field, the function may read its arguments unchecked.
    const unchecked = checksFirst ? spec.build(collected.unchecked) : evaluate;
    const attempt = checksFirst ? callAttempt(collected.strictFields, unchecked) : evaluate;
    const neverNull = typeof spec.neverNull === 'function' ? spec.neverNull(compiled) : spec.neverNull === true;
    const result: Node = neverNull ? { evaluate, attempt, type, source, whyMissing, nonNull: true } : { evaluate, attempt, type, source, whyMissing };
    if (spec.missingOf !== undefined) return { ...result, missingOf: spec.missingOf(compiled) };
    if (spec.joinsArguments !== true) return result;
    return { ...result, parts: compiled.map((arg) => (arg.kind === 'value' && arg.required !== undefined ? arg.required : fail('a joined argument must be a required value'))) };
  }

  /**
   * A call fails on its first missing required argument. When the function reads its arguments first and in
   * order, and every argument is a plain field or a constant (so reading one can neither fail nor cost),
   * the required fields are checked here, in the same order with the same reasons, before the call
   * (which then reads them without a check: `evaluate` is the function built over unchecked arguments).
   */
  function callAttempt(strictFields: readonly Node[], evaluate: Evaluator): Attempt {
    const gets = strictFields.map((node) => node.evaluate);
    const whys = strictFields.map((node) => node.whyMissing);
    const [get, why] = [gets[0] as Evaluator, whys[0] as (frame: Frame) => string];
    if (gets.length === 1) return (frame) => (get(frame) === null ? missing(frame, why(frame)) : evaluate(frame));
    return (frame) => {
      for (let i = 0; i < gets.length; i += 1) if ((gets[i] as Evaluator)(frame) === null) return missing(frame, (whys[i] as (frame: Frame) => string)(frame));
      return evaluate(frame);
    };
  }

  function argument(
    name: string,
    signature: string,
    kind: ParamKind,
    argNode: MathNode,
    index: number,
    depth: number,
    sources: ReadonlySet<FieldSource>,
    collected: Collected,
  ): Arg {
    const position = `argument ${index + 1} of ${name}()`;
    if (kind === 'list' || kind === 'table') {
      const literal = argNode as unknown as { type: string; value?: unknown };
      if (literal.type !== 'ConstantNode' || typeof literal.value !== 'string') {
        throw new CompileError(`${position} must name a ${kind} of the pack in quotes: \`${signature}\``);
      }
      const listName = literal.value;
      if (kind === 'list') {
        const found = env.lists.get(listName);
        if (found === undefined) throw new CompileError(`unknown list '${listName}' in ${name}()${suggest(listName, env.lists.keys())}`);
        return unchanged(collected, { kind: 'list', name: listName, items: found.items, set: found.set });
      }
      const found = env.tables.get(listName);
      if (found === undefined) throw new CompileError(`unknown table '${listName}' in ${name}()${suggest(listName, env.tables.keys())}`);
      return unchanged(collected, { kind: 'table', name: listName, entries: found.entries, type: found.type });
    }
    if (kind === 'lines') {
      if (!sources.has('declaration')) throw new CompileError(`${name}() needs a declaration, which this rule's scope does not provide`);
      // Nested aggregates would cost lines^depth evaluations per record: one level is all a rule needs.
      if (insideAggregate) throw new CompileError(`${name}() cannot be used inside another line aggregate`);
      const inner = new Set(sources);
      inner.add('line');
      insideAggregate = true;
      let compiled: Node;
      try {
        compiled = compile(argNode, depth + 1, inner);
      } finally {
        insideAggregate = false;
      }
      collected.simple = false;
      return unchanged(collected, { kind: 'lines', evaluate: compiled.evaluate, type: compiled.type, source: compiled.source });
    }
    const compiled = compile(argNode, depth + 1, sources);
    collected.values.push(compiled);
    const nullable = kind.endsWith('?');
    if (compiled.isField !== true && compiled.constant === undefined) collected.simple = false;
    else if (compiled.isField === true && !nullable) collected.strictFields.push(compiled);
    const expected = (nullable ? kind.slice(0, -1) : kind) as ValueType;
    if (compiled.type === 'null' && !nullable) throw new CompileError(`${position} cannot be null`);
    if (compiled.type !== 'null' && !accepts(expected, compiled.type)) {
      throw new CompileError(`${position} must be ${describeType(expected)}, but \`${compiled.source}\` is ${describeType(compiled.type)}`);
    }
    const inner = compiled.evaluate;
    let evaluate = inner;
    // A missing argument makes the rule fail with the reason the field gives, e.g. "no reference data".
    // Constants (never null here: the type check refused null) and operators and functions that never give
    // null need no check.
    if (!nullable && compiled.constant === undefined && compiled.nonNull !== true) {
      const why = compiled.whyMissing;
      evaluate = (frame) => inner(frame) ?? fail(why(frame));
    }
    const parts = compiled.parts;
    const required: RequiredValue | undefined = nullable
      ? undefined
      : compiled.constant === undefined
        ? { get: inner, why: compiled.whyMissing }
        : { get: inner, why: compiled.whyMissing, constant: compiled.constant };
    const value = (get: Evaluator): Arg => {
      const arg: { -readonly [K in keyof ValueArg]: ValueArg[K] } = { kind: 'value', evaluate: get, type: compiled.type, source: compiled.source };
      if (compiled.constant !== undefined) arg.constant = compiled.constant;
      if (required !== undefined) arg.required = required;
      if (parts !== undefined) arg.parts = parts;
      return arg;
    };
    collected.unchecked.push(value(inner));
    return value(evaluate);
  }

  /** An argument that has no unchecked form (a list, a table, a line expression). */
  function unchanged(collected: Collected, arg: Arg): Arg {
    collected.unchecked.push(arg);
    return arg;
  }

  const root = compile(tree, 0, env.sources);
  return { evaluate: root.evaluate, attempt: root.attempt, type: root.type, whyMissing: root.whyMissing, nonNull: root.nonNull === true };
}
