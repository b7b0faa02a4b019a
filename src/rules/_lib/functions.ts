import { differenceInMilliseconds } from 'date-fns';
import { normalizePartyName } from '../../context/_lib/sameParty.js';
import { parseTimestamp } from '../../records/_lib/fields.js';
import type { LineContext } from '../../context/DeclarationContext.js';
import { fail, type Evaluator, type Frame, type Value, type ValueType } from './runtime.js';

// The functions rules may call. Each entry declares its parameters, its result type and how it builds an
// evaluator from its compiled arguments: the compiler and the evaluator never look at function names.

/**
 * How a parameter is passed. Value kinds are checked against the argument's static type; a trailing `?`
 * accepts a missing value (otherwise a missing argument makes the rule fail with the field's reason).
 * `list` / `table` take the name of a pack list / table as a string literal, resolved at load time;
 * `lines` takes an expression evaluated once per goods line, with `line.*` fields available.
 */
export type ParamKind = ValueType | `${ValueType}?` | 'list' | 'table' | 'lines';

/** A compiled argument as a function's `build` receives it. */
export type Arg =
  | {
      readonly kind: 'value';
      readonly evaluate: Evaluator;
      readonly type: ValueType;
      readonly source: string;
      readonly constant?: Value;
      /**
       * Set on a required argument: the argument's own evaluator, which may give null, and why it has no
       * value. `evaluate` fails with that reason on null; a function may instead read `get` and check for null
       * itself (one call less).
       */
      readonly required?: RequiredValue;
      /** Set when the value is the text of these parts joined (a `concat`): the parts, in order. */
      readonly parts?: readonly RequiredValue[];
    }
  | { readonly kind: 'list'; readonly name: string; readonly items: readonly string[]; readonly set: ReadonlySet<string> }
  | { readonly kind: 'table'; readonly name: string; readonly entries: ReadonlyMap<string, number | string>; readonly type: ValueType }
  | { readonly kind: 'lines'; readonly evaluate: Evaluator; readonly type: ValueType; readonly source: string };

/** A required value as read without its check: the evaluator (may give null), why it has none, its constant. */
export interface RequiredValue {
  readonly get: Evaluator;
  readonly why: (frame: Frame) => string;
  readonly constant?: Value;
}

/** One function of the rule language. */
export interface FunctionSpec {
  readonly name: string;
  /** Call shape for the documentation, e.g. `in_list(value, 'list_name')`. */
  readonly signature: string;
  readonly description: string;
  readonly params: readonly ParamKind[];
  /** Kind of further arguments, for variadic functions. */
  readonly rest?: ParamKind;
  /** The value is the text of the value arguments joined in order (so a caller may read the parts instead). */
  readonly joinsArguments?: true;
  /** For a test of a missing value (is_missing): the evaluator whose null makes the call true. */
  readonly missingOf?: (args: readonly Arg[]) => Evaluator;
  /** Fewest arguments, when fewer than `params.length` (trailing optional parameters). */
  readonly minArgs?: number;
  readonly returns: ValueType | ((args: readonly Arg[]) => ValueType);
  /** Builds the evaluator; may throw a `TypeError` with a message to report a misuse at load time. */
  readonly build: (args: readonly Arg[]) => Evaluator;
  /**
   * The evaluator reads every required value argument, once, in argument order, before anything else it
   * does can fail: the compiler may then check required fields for a missing value before the call.
   */
  readonly argumentsFirst?: boolean;
  /**
   * The evaluator never gives null (it gives a value or fails), always or for these arguments: where it is a
   * required argument of another call, that call needs no check for null.
   */
  readonly neverNull?: boolean | ((args: readonly Arg[]) => boolean);
}

const HOUR = 3_600_000;
const DAY = 86_400_000;

function value(args: readonly Arg[], index: number): Evaluator {
  const arg = args[index];
  if (arg === undefined || arg.kind !== 'value') throw new TypeError(`argument ${index + 1} must be a value`);
  return arg.evaluate;
}
function list(args: readonly Arg[], index: number) {
  const arg = args[index];
  if (arg === undefined || arg.kind !== 'list') throw new TypeError(`argument ${index + 1} must name a list`);
  return arg;
}
function lines(args: readonly Arg[], index: number, expected: ValueType): Evaluator {
  const arg = args[index];
  if (arg === undefined || arg.kind !== 'lines') throw new TypeError(`argument ${index + 1} must be a line expression`);
  if (arg.type !== expected && arg.type !== 'any') throw new TypeError(`argument ${index + 1} must be a ${expected} expression, \`${arg.source}\` is a ${arg.type}`);
  return arg.evaluate;
}

const num = (v: Value) => v as number;
const str = (v: Value) => v as string;

function unary(fn: (x: Value) => Value) {
  return (args: readonly Arg[]): Evaluator => {
    const a = value(args, 0);
    return (frame) => fn(a(frame));
  };
}
function binary(fn: (x: Value, y: Value) => Value) {
  return (args: readonly Arg[]): Evaluator => {
    const a = value(args, 0);
    const b = value(args, 1);
    return (frame) => fn(a(frame), b(frame));
  };
}
function finite(result: number, what: string): number {
  return Number.isFinite(result) ? result : fail(`${what} is not a finite number`);
}

const NO_LINES: readonly LineContext[] = [];

/**
 * Folds an expression over the goods lines with `frame.line` bound to each in turn. `mode` picks the fold;
 * one loop without closures, because aggregates run per record per rule. If the expression throws, the
 * evaluator restores `frame.line` (see evaluateRules), so no try/finally is needed here.
 */
function foldLines(frame: Frame, expression: Evaluator, mode: 'any' | 'all' | 'count' | 'first' | 'sum' | 'max' | 'min'): Value {
  const outer = frame.line;
  const previousOuter = frame.outerLine;
  const all = frame.ctx?.lines ?? NO_LINES;
  frame.outerLine = outer;
  let result: Value = mode === 'any' ? false : mode === 'all' ? true : mode === 'first' ? null : mode === 'max' ? Number.NEGATIVE_INFINITY : mode === 'min' ? Number.POSITIVE_INFINITY : 0;
  for (let i = 0; i < all.length; i += 1) {
    const line = all[i] as LineContext;
    frame.line = line;
    const value = expression(frame);
    if (mode === 'any') {
      if (value === true) {
        result = true;
        break;
      }
    } else if (mode === 'all') {
      if (value !== true) {
        result = false;
        break;
      }
    } else if (mode === 'count') {
      if (value === true) result = (result as number) + 1;
    } else if (mode === 'first') {
      if (value === true) {
        result = line.lineNumber;
        break;
      }
    } else if (mode === 'sum') result = (result as number) + (value as number);
    else if (mode === 'max') result = Math.max(result as number, value as number);
    else result = Math.min(result as number, value as number);
  }
  frame.line = outer;
  frame.outerLine = previousOuter;
  if ((mode === 'max' || mode === 'min') && all.length === 0) return 0;
  return result;
}

function aggregate(mode: 'any' | 'all' | 'count' | 'first' | 'sum' | 'max' | 'min'): (args: readonly Arg[]) => Evaluator {
  return (args) => {
    const expression = lines(args, 0, mode === 'sum' || mode === 'max' || mode === 'min' ? 'number' : 'boolean');
    // The folds the default pack runs on every record are written out (one call less per record, no test
    // of the mode per line); they do what foldLines does for their mode (which does the rarer ones).
    if (mode === 'any') {
      return (frame) => {
        const outer = frame.line;
        const previousOuter = frame.outerLine;
        const all = frame.ctx?.lines ?? NO_LINES;
        frame.outerLine = outer;
        let result = false;
        for (let i = 0; i < all.length; i += 1) {
          frame.line = all[i] as LineContext;
          if (expression(frame) === true) {
            result = true;
            break;
          }
        }
        frame.line = outer;
        frame.outerLine = previousOuter;
        return result;
      };
    }
    if (mode === 'count') {
      return (frame) => {
        const outer = frame.line;
        const previousOuter = frame.outerLine;
        const all = frame.ctx?.lines ?? NO_LINES;
        frame.outerLine = outer;
        let result = 0;
        for (let i = 0; i < all.length; i += 1) {
          frame.line = all[i] as LineContext;
          if (expression(frame) === true) result += 1;
        }
        frame.line = outer;
        frame.outerLine = previousOuter;
        return result;
      };
    }
    if (mode === 'first') {
      return (frame) => {
        const outer = frame.line;
        const previousOuter = frame.outerLine;
        const all = frame.ctx?.lines ?? NO_LINES;
        frame.outerLine = outer;
        let result: number | null = null;
        for (let i = 0; i < all.length; i += 1) {
          const line = all[i] as LineContext;
          frame.line = line;
          if (expression(frame) === true) {
            result = line.lineNumber;
            break;
          }
        }
        frame.line = outer;
        frame.outerLine = previousOuter;
        return result;
      };
    }
    if (mode === 'max') {
      return (frame) => {
        const outer = frame.line;
        const previousOuter = frame.outerLine;
        const all = frame.ctx?.lines ?? NO_LINES;
        frame.outerLine = outer;
        let result = Number.NEGATIVE_INFINITY;
        for (let i = 0; i < all.length; i += 1) {
          frame.line = all[i] as LineContext;
          result = Math.max(result, expression(frame) as number);
        }
        frame.line = outer;
        frame.outerLine = previousOuter;
        return all.length === 0 ? 0 : result;
      };
    }
    return (frame) => foldLines(frame, expression, mode);
  };
}

function dateDifference(unit: number, label: string): (args: readonly Arg[]) => Evaluator {
  return binary((a, b) => finite(differenceInMilliseconds(num(b), num(a)) / unit, label));
}

const specs: FunctionSpec[] = [
  // Missing values.
  {
    name: 'is_missing',
    signature: 'is_missing(x)',
    description: 'true when x has no value (an optional field left out, no reference entry, …)',
    params: ['any?'],
    returns: 'boolean',
    // Written out rather than built with unary(): it guards most optional reads, one call less each.
    build: (args) => {
      const x = value(args, 0);
      return (frame) => x(frame) === null;
    },
    missingOf: (args) => value(args, 0),
  },
  {
    name: 'coalesce',
    signature: 'coalesce(x, fallback, …)',
    description: 'the first argument that has a value (missing when none has)',
    params: ['any?', 'any?'],
    rest: 'any?',
    returns: (args) => args.map((arg) => (arg.kind === 'value' ? arg.type : 'any')).find((type) => type !== 'null') ?? 'any',
    // `coalesce(x, '')`: a constant other than null among the arguments is reached when nothing before it has a value.
    neverNull: (args) => args.some((arg) => arg.kind === 'value' && arg.constant !== undefined && arg.constant !== null),
    build: (args) => {
      const evaluators = args.map((_, index) => value(args, index));
      const [first, second] = evaluators;
      // Two arguments (`coalesce(line.description, '')`) without a loop, and a constant fallback without a call.
      const fallback = args[1]?.kind === 'value' ? args[1].constant : undefined;
      if (evaluators.length === 2 && first !== undefined && fallback !== undefined) return (frame) => first(frame) ?? fallback;
      if (evaluators.length === 2 && first !== undefined && second !== undefined) return (frame) => first(frame) ?? second(frame);
      return (frame) => {
        for (let i = 0; i < evaluators.length; i += 1) {
          const result = (evaluators[i] as Evaluator)(frame);
          if (result !== null) return result;
        }
        return null;
      };
    },
  },
  // Lists of the pack.
  {
    name: 'in_list',
    signature: "in_list(value, 'list_name')",
    description: 'true when value is an item of the named list (exact match)',
    params: ['string', 'list'],
    returns: 'boolean',
    build: (args) => {
      const x = value(args, 0);
      const { set } = list(args, 1);
      const required = args[0]?.kind === 'value' ? args[0].required : undefined;
      if (required !== undefined && required.constant === undefined) {
        // `in_list(line.hsChapter, …)`: the field read and checked here, as the argument's check would.
        const { get, why } = required;
        return (frame) => {
          const text = get(frame);
          return text === null ? fail(why(frame)) : set.has(text as string);
        };
      }
      return (frame) => set.has(str(x(frame)));
    },
  },
  {
    name: 'any_in_list',
    signature: "any_in_list('list_name', value, …)",
    description: 'true when any of the values is an item of the named list; missing values are skipped',
    params: ['list', 'string?'],
    rest: 'string?',
    returns: 'boolean',
    build: (args) => {
      const { set } = list(args, 0);
      const evaluators = args.slice(1).map((_, index) => value(args, index + 1));
      return (frame) => {
        for (let i = 0; i < evaluators.length; i += 1) {
          const x = (evaluators[i] as Evaluator)(frame);
          if (x !== null && set.has(x as string)) return true;
        }
        return false;
      };
    },
  },
  {
    name: 'starts_with_any',
    signature: "starts_with_any(value, 'list_name')",
    description: 'true when value starts with an item of the named list (HS prefixes, `CN:7306` order scopes)',
    params: ['string', 'list'],
    returns: 'boolean',
    build: (args) => {
      const x = value(args, 0);
      const { set, items } = list(args, 1);
      // A short list is walked as a tree of its items' characters along the text: as many steps as the
      // longest matching prefix, and nothing allocated. A text joined by concat() is walked part by part,
      // without joining it (every part is read first, in order, as concat() reads them). A long list is
      // tried by each distinct item length (a prefix slice and a set lookup), O(lengths), not O(items).
      if (items.length <= 32) {
        const root = prefixTree(items);
        const arg = args[0];
        const parts = arg?.kind === 'value' ? arg.parts : undefined;
        const [p0, p1, p2] = parts ?? [];
        const middle = p1?.constant;
        if (parts?.length === 3 && p0 !== undefined && p2 !== undefined && typeof middle === 'string') {
          // `concat(line.originCountry, ':', line.hsCode)`: two reads, each checked as concat() checks it.
          const [g0, w0, g2, w2] = [p0.get, p0.why, p2.get, p2.why];
          return (frame) => {
            const first = g0(frame);
            if (first === null) return fail(w0(frame));
            const third = g2(frame);
            if (third === null) return fail(w2(frame));
            let node = walk(root, first as string);
            if (node !== null && node !== MATCHED) node = walk(node, middle);
            if (node !== null && node !== MATCHED) node = walk(node, third as string);
            return node === MATCHED;
          };
        }
        if ((parts?.length === 2 || parts?.length === 3) && p0 !== undefined && p1 !== undefined) {
          const [g0, w0, g1, w1] = [p0.get, p0.why, p1.get, p1.why];
          const g2 = p2?.get;
          const w2 = p2?.why;
          return (frame) => {
            const first = g0(frame);
            if (first === null) return fail(w0(frame));
            const second = g1(frame);
            if (second === null) return fail(w1(frame));
            let third: Value = '';
            if (g2 !== undefined && w2 !== undefined) {
              third = g2(frame);
              if (third === null) return fail(w2(frame));
            }
            let node = walk(root, first as string);
            if (node !== null && node !== MATCHED) node = walk(node, second as string);
            if (node !== null && node !== MATCHED) node = walk(node, third as string);
            return node === MATCHED;
          };
        }
        return (frame) => walk(root, str(x(frame))) === MATCHED;
      }
      const lengths = [...new Set(items.map((item) => item.length))].sort((a, b) => a - b);
      return (frame) => {
        const text = str(x(frame));
        for (const length of lengths) {
          if (length > text.length) break;
          if (set.has(text.slice(0, length))) return true;
        }
        return false;
      };
    },
  },
  {
    name: 'matched_term',
    signature: "matched_term(text, 'list_name')",
    description: 'the first item of the named list contained in text, ignoring case; missing when none is',
    params: ['string', 'list'],
    returns: 'string',
    build: (args) => {
      const x = value(args, 0);
      const terms = list(args, 1).items.map((item) => item.toLowerCase());
      const shortest = Math.min(...terms.map((term) => term.length));
      return (frame) => firstContainedTerm(terms, shortest, str(x(frame)));
    },
  },
  {
    name: 'contains_any',
    signature: "contains_any(text, 'list_name')",
    description: 'true when text contains an item of the named list, ignoring case',
    params: ['string', 'list'],
    returns: 'boolean',
    build: (args) => {
      const x = value(args, 0);
      const terms = list(args, 1).items.map((item) => item.toLowerCase());
      const shortest = Math.min(...terms.map((term) => term.length));
      return (frame) => firstContainedTerm(terms, shortest, str(x(frame))) !== null;
    },
  },
  // Tables of the pack.
  {
    name: 'lookup',
    signature: "lookup('table_name', key[, fallback])",
    description: 'the entry of the named table for key; without a fallback a missing entry makes the rule fail',
    params: ['table', 'string', 'any?'],
    minArgs: 2,
    returns: (args) => (args[0]?.kind === 'table' ? args[0].type : 'any'),
    build: (args) => {
      const table = args[0];
      if (table?.kind !== 'table') throw new TypeError('argument 1 must name a table');
      const key = value(args, 1);
      const fallback = args.length > 2 ? value(args, 2) : undefined;
      const required = args[1]?.kind === 'value' ? args[1].required : undefined;
      if (required !== undefined && required.constant === undefined) {
        // `lookup('de_minimis', declaration.currency)`: the key read and checked here, as its check would.
        const { get, why } = required;
        return (frame) => {
          const k = get(frame);
          if (k === null) return fail(why(frame));
          const found = table.entries.get(k as string);
          if (found !== undefined) return found;
          return fallback === undefined ? fail(`table ${table.name} has no entry for ${JSON.stringify(k)}`) : fallback(frame);
        };
      }
      return (frame) => {
        const k = str(key(frame));
        const found = table.entries.get(k);
        if (found !== undefined) return found;
        return fallback === undefined ? fail(`table ${table.name} has no entry for ${JSON.stringify(k)}`) : fallback(frame);
      };
    },
  },
  {
    name: 'has_entry',
    signature: "has_entry('table_name', key)",
    description: 'true when the named table has an entry for key',
    params: ['table', 'string'],
    returns: 'boolean',
    build: (args) => {
      const table = args[0];
      if (table?.kind !== 'table') throw new TypeError('argument 1 must name a table');
      const key = value(args, 1);
      return (frame) => table.entries.has(str(key(frame)));
    },
  },
  // Lists read from the record.
  {
    name: 'includes',
    signature: 'includes(items, value)',
    description: 'true when a list field (isf.hs6Codes, declaration.originCountries, …) contains value',
    params: ['strings', 'string'],
    returns: 'boolean',
    build: (args) => {
      const items = value(args, 0);
      const x = value(args, 1);
      return (frame) => (items(frame) as readonly string[]).includes(str(x(frame)));
    },
  },
  {
    name: 'count_items',
    signature: 'count_items(items)',
    description: 'number of items of a list field',
    params: ['strings'],
    returns: 'number',
    build: (args) => {
      const items = value(args, 0);
      return (frame) => (items(frame) as readonly string[]).length;
    },
  },
  // Strings.
  { name: 'lower', signature: 'lower(text)', description: 'text in lower case', params: ['string'], returns: 'string', build: (args) => {
      const x = value(args, 0);
      return (frame) => str(x(frame)).toLowerCase();
    } },
  { name: 'upper', signature: 'upper(text)', description: 'text in upper case', params: ['string'], returns: 'string', build: (args) => {
      const x = value(args, 0);
      return (frame) => str(x(frame)).toUpperCase();
    } },
  { name: 'trim', signature: 'trim(text)', description: 'text without surrounding spaces', params: ['string'], returns: 'string', build: (args) => {
      const x = value(args, 0);
      return (frame) => str(x(frame)).trim();
    } },
  { name: 'length', signature: 'length(text)', description: 'number of characters', params: ['string'], returns: 'number', build: (args) => {
      const x = value(args, 0);
      return (frame) => str(x(frame)).length;
    } },
  {
    name: 'starts_with',
    signature: 'starts_with(text, prefix)',
    description: 'true when text starts with prefix (case-sensitive)',
    params: ['string', 'string'],
    returns: 'boolean',
    build: (args) => {
      const x = value(args, 0);
      const p = value(args, 1);
      return (frame) => str(x(frame)).startsWith(str(p(frame)));
    },
  },
  {
    name: 'ends_with',
    signature: 'ends_with(text, suffix)',
    description: 'true when text ends with suffix (case-sensitive)',
    params: ['string', 'string'],
    returns: 'boolean',
    build: (args) => {
      const x = value(args, 0);
      const p = value(args, 1);
      return (frame) => str(x(frame)).endsWith(str(p(frame)));
    },
  },
  {
    name: 'contains',
    signature: 'contains(text, part)',
    description: 'true when text contains part (case-sensitive; use lower() for case-insensitive)',
    params: ['string', 'string'],
    returns: 'boolean',
    build: (args) => {
      const x = value(args, 0);
      const p = value(args, 1);
      return (frame) => str(x(frame)).includes(str(p(frame)));
    },
  },
  {
    name: 'word_count',
    signature: 'word_count(text)',
    description: "number of words: runs of non-space characters holding a letter or digit (\"Men's T-shirts , 42\" has 3)",
    params: ['string'],
    returns: 'number',
    build: unary((x) => {
      let count = 0;
      let inWord = false;
      let counted = false;
      const text = str(x);
      for (let i = 0; i < text.length; i += 1) {
        const code = text.charCodeAt(i);
        const space = code === 32 || (code >= 9 && code <= 13) || code === 160;
        if (space) {
          inWord = false;
          continue;
        }
        if (!inWord) {
          inWord = true;
          counted = false;
        }
        // A token of punctuation only (a stray comma or dash) is not a word; anything above ASCII counts as a letter.
        const alnum = (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code > 127;
        if (alnum && !counted) {
          count += 1;
          counted = true;
        }
      }
      return count;
    }),
  },
  {
    name: 'concat',
    signature: 'concat(text, text, …)',
    description: 'the texts joined together',
    params: ['string', 'string'],
    rest: 'string',
    returns: 'string',
    joinsArguments: true,
    build: (args) => {
      const evaluators = args.map((_, index) => value(args, index));
      const [a, b, c] = evaluators;
      // Two or three parts (`concat(line.originCountry, ':', line.hsCode)`) without a loop; in this order.
      if (evaluators.length === 2 && a !== undefined && b !== undefined) return (frame) => str(a(frame)) + str(b(frame));
      if (evaluators.length === 3 && a !== undefined && b !== undefined && c !== undefined) {
        return (frame) => {
          const first = str(a(frame));
          const second = str(b(frame));
          return first + second + str(c(frame));
        };
      }
      return (frame) => {
        let out = '';
        for (let i = 0; i < evaluators.length; i += 1) out += str((evaluators[i] as Evaluator)(frame));
        return out;
      };
    },
  },
  {
    name: 'same_party',
    signature: 'same_party(name, name)',
    description: 'true when two party names are the same ignoring case, punctuation and legal form (Ltd, Inc, GmbH, …)',
    params: ['string', 'string'],
    returns: 'boolean',
    build: binary((a, b) => normalizePartyName(str(a)) === normalizePartyName(str(b))),
  },
  {
    name: 'locode_country',
    signature: 'locode_country(port)',
    description: 'country part of a UN/LOCODE (`CNSHA` → `CN`)',
    params: ['string'],
    returns: 'string',
    build: unary((x) => str(x).slice(0, 2).toUpperCase()),
  },
  // Numbers.
  {
    name: 'min',
    signature: 'min(x, y, …)',
    description: 'smallest of the numbers',
    params: ['number'],
    rest: 'number',
    returns: 'number',
    build: (args) => {
      const evaluators = args.map((_, index) => value(args, index));
      return (frame) => {
        let best = Number.POSITIVE_INFINITY;
        for (const evaluate of evaluators) best = Math.min(best, num(evaluate(frame)));
        return best;
      };
    },
  },
  {
    name: 'max',
    signature: 'max(x, y, …)',
    description: 'largest of the numbers',
    params: ['number'],
    rest: 'number',
    returns: 'number',
    build: (args) => {
      const evaluators = args.map((_, index) => value(args, index));
      return (frame) => {
        let best = Number.NEGATIVE_INFINITY;
        for (const evaluate of evaluators) best = Math.max(best, num(evaluate(frame)));
        return best;
      };
    },
  },
  { name: 'abs', signature: 'abs(x)', description: 'absolute value', params: ['number'], returns: 'number', build: unary((x) => Math.abs(num(x))) },
  {
    name: 'log',
    signature: 'log(x)',
    description: 'natural logarithm; fails for x ≤ 0',
    params: ['number'],
    returns: 'number',
    build: unary((x) => (num(x) > 0 ? Math.log(num(x)) : fail(`log of ${num(x)} is undefined`))),
  },
  {
    name: 'log10',
    signature: 'log10(x)',
    description: 'base-10 logarithm; fails for x ≤ 0',
    params: ['number'],
    returns: 'number',
    build: unary((x) => (num(x) > 0 ? Math.log10(num(x)) : fail(`log10 of ${num(x)} is undefined`))),
  },
  {
    name: 'round',
    signature: 'round(x[, digits])',
    description: 'x rounded to digits decimals (default 0)',
    params: ['number', 'number'],
    minArgs: 1,
    returns: 'number',
    build: (args) => {
      const x = value(args, 0);
      const digits = args.length > 1 ? value(args, 1) : () => 0;
      return (frame) => {
        const factor = 10 ** Math.max(0, Math.min(12, Math.trunc(num(digits(frame)))));
        return Math.round(num(x(frame)) * factor) / factor;
      };
    },
  },
  // Dates.
  {
    name: 'date',
    signature: "date('2024-01-31')",
    description: 'an ISO 8601 date or date-time (no zone means UTC)',
    params: ['string'],
    returns: 'date',
    build: (args) => {
      const arg = args[0];
      const parse = (text: string) => parseTimestamp(text)?.getTime() ?? fail(`${JSON.stringify(text)} is not an ISO 8601 date`);
      if (arg?.kind === 'value' && typeof arg.constant === 'string') {
        const time = parseTimestamp(arg.constant)?.getTime();
        if (time === undefined) throw new TypeError(`${JSON.stringify(arg.constant)} is not an ISO 8601 date`);
        return () => time;
      }
      const x = value(args, 0);
      return (frame) => parse(str(x(frame)));
    },
  },
  { name: 'hours_between', signature: 'hours_between(from, to)', description: 'hours from the first date to the second (negative when earlier)', params: ['date', 'date'], returns: 'number', build: dateDifference(HOUR, 'hours_between') },
  { name: 'days_between', signature: 'days_between(from, to)', description: 'days from the first date to the second (fractional)', params: ['date', 'date'], returns: 'number', build: dateDifference(DAY, 'days_between') },
  {
    name: 'months_between',
    signature: 'months_between(from, to)',
    description: 'calendar months from the first date to the second (UTC calendar)',
    params: ['date', 'date'],
    returns: 'number',
    // UTC, not date-fns' differenceInCalendarMonths, whose answer depends on the machine's time zone.
    build: binary((a, b) => {
      const from = new Date(num(a));
      const to = new Date(num(b));
      return (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + (to.getUTCMonth() - from.getUTCMonth());
    }),
  },
  // Aggregates over the goods lines.
  {
    name: 'any_line',
    signature: 'any_line(condition)',
    description: 'true when the condition holds for at least one goods line',
    params: ['lines'],
    returns: 'boolean',
    build: aggregate('any'),
  },
  {
    name: 'all_lines',
    signature: 'all_lines(condition)',
    description: 'true when the condition holds for every goods line',
    params: ['lines'],
    returns: 'boolean',
    build: aggregate('all'),
  },
  {
    name: 'count_lines',
    signature: 'count_lines(condition)',
    description: 'number of goods lines for which the condition holds',
    params: ['lines'],
    returns: 'number',
    build: aggregate('count'),
  },
  {
    name: 'first_line',
    signature: 'first_line(condition)',
    description: 'line number of the first goods line for which the condition holds; missing when none does',
    params: ['lines'],
    returns: 'number',
    build: aggregate('first'),
  },
  { name: 'sum_lines', signature: 'sum_lines(expression)', description: 'sum of the expression over the goods lines', params: ['lines'], returns: 'number', build: aggregate('sum') },
  { name: 'max_lines', signature: 'max_lines(expression)', description: 'largest value of the expression over the goods lines', params: ['lines'], returns: 'number', build: aggregate('max') },
  { name: 'min_lines', signature: 'min_lines(expression)', description: 'smallest value of the expression over the goods lines', params: ['lines'], returns: 'number', build: aggregate('min') },
];

/** A node of a prefix tree: whether an item ends here, and the next character codes with their nodes. */
interface PrefixNode {
  end: boolean;
  readonly codes: number[];
  readonly next: PrefixNode[];
}

/** Said by `walk` when an item is a prefix of the text walked. */
const MATCHED: PrefixNode = { end: true, codes: [], next: [] };

function prefixTree(items: readonly string[]): PrefixNode {
  const root: PrefixNode = { end: false, codes: [], next: [] };
  for (const item of items) {
    let node = root;
    for (let i = 0; i < item.length; i += 1) {
      const code = item.charCodeAt(i);
      const at = node.codes.indexOf(code);
      if (at !== -1) node = node.next[at] as PrefixNode;
      else {
        const child: PrefixNode = { end: false, codes: [], next: [] };
        node.codes.push(code);
        node.next.push(child);
        node = child;
      }
    }
    node.end = true;
  }
  return root;
}

/**
 * Walks `text` down the tree from `node`: MATCHED as soon as an item ends (that item is a prefix of what was
 * walked), null when no item continues with the next character, else the node reached at the end of the text.
 */
function walk(node: PrefixNode, text: string): PrefixNode | null {
  if (node.end) return MATCHED;
  let at: PrefixNode = node;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    const codes = at.codes;
    let k = 0;
    while (k < codes.length && codes[k] !== code) k += 1;
    if (k === codes.length) return null;
    at = at.next[k] as PrefixNode;
    if (at.end) return MATCHED;
  }
  return at;
}

/** The first of the lower-cased `terms` that `text` contains, ignoring case; null when none is. */
function firstContainedTerm(terms: readonly string[], shortest: number, text: string): string | null {
  const lower = text.toLowerCase();
  // A text shorter than every term contains none (a missing description coalesced to '' mostly).
  if (lower.length < shortest) return null;
  for (let i = 0; i < terms.length; i += 1) if (lower.includes(terms[i] as string)) return terms[i] as string;
  return null;
}

// Functions whose evaluator reads its required value arguments first and in order (built with unary or
// binary, or reading its one required argument first). Not round: it reads its digits before x.
const ARGUMENTS_FIRST: ReadonlySet<string> = new Set([
  'in_list', 'starts_with_any', 'matched_term', 'contains_any', 'lookup', 'has_entry', 'includes', 'count_items',
  'lower', 'upper', 'trim', 'length', 'starts_with', 'ends_with', 'contains', 'word_count', 'concat', 'same_party',
  'locode_country', 'min', 'max', 'abs', 'log', 'log10', 'date', 'hours_between', 'days_between', 'months_between',
]);

// Functions whose evaluator never gives null: every one but coalesce, matched_term, lookup (its fallback may
// be null) and first_line. A function left out of this list is only checked once more where it is passed on.
const NEVER_NULL: ReadonlySet<string> = new Set([
  'is_missing', 'in_list', 'any_in_list', 'starts_with_any', 'contains_any', 'has_entry', 'includes', 'count_items',
  'lower', 'upper', 'trim', 'length', 'starts_with', 'ends_with', 'contains', 'word_count', 'concat', 'same_party',
  'locode_country', 'min', 'max', 'abs', 'log', 'log10', 'round', 'date', 'hours_between', 'days_between',
  'months_between', 'any_line', 'all_lines', 'count_lines', 'sum_lines', 'max_lines', 'min_lines',
]);

/** The function registry, by name. */
export const FUNCTIONS: ReadonlyMap<string, FunctionSpec> = new Map(
  specs.map((spec) => [spec.name, { ...spec, argumentsFirst: ARGUMENTS_FIRST.has(spec.name), ...(NEVER_NULL.has(spec.name) ? { neverNull: true } : {}) }]),
);
