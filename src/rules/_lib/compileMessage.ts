import { closest } from 'fastest-levenshtein';
import { CompileError } from './compileExpression.js';
import { FIELDS, type FieldSource } from './fields.js';
import { defaultFormat, FORMATTERS, smartNumber, type Formatter } from './formatters.js';
import type { Frame, Value, ValueType } from './runtime.js';

/** A compiled message template: renders with the rule's frame after it fired. */
export type MessageRenderer = (frame: Frame, currency: string | null) => string;

const PLACEHOLDER = /\{([^{}]*)\}/g;

interface Part {
  readonly text: string;
  readonly read?: (frame: Frame) => Value;
  readonly format?: Formatter;
  readonly arg?: string;
}

/**
 * Compiles `Declared value {line.valuePerKg:money}/kg …`: each placeholder names a named value of the rule
 * or a field the rule's scope provides, optionally followed by `:format` and `:argument`.
 * @param lets Named values of the rule with their slots and types.
 */
export function compileMessage(
  template: string,
  lets: ReadonlyMap<string, { readonly slot: number; readonly type: ValueType }>,
  sources: ReadonlySet<FieldSource>,
  fieldsRead: Set<string>,
): MessageRenderer {
  const opening = template.split('{').length;
  if (opening !== template.split('}').length) throw new CompileError('message has an unbalanced { or }');
  const parts: Part[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const index = match.index;
    parts.push({ text: template.slice(last, index) });
    last = index + match[0].length;
    const [name = '', formatName, arg] = (match[1] ?? '').trim().split(':').map((piece) => piece.trim());
    let read: (frame: Frame) => Value;
    let type: ValueType;
    const named = lets.get(name);
    const field = FIELDS.get(name);
    if (named !== undefined) {
      const slot = named.slot;
      read = (frame) => frame.lets[slot] ?? null;
      type = named.type;
    } else if (field !== undefined) {
      if (!sources.has(field.source)) throw new CompileError(`message placeholder {${name}} reads a field this rule's scope does not provide`);
      read = field.get;
      type = field.type;
      fieldsRead.add(name);
    } else {
      throw new CompileError(`message placeholder {${name}} is neither a named value nor a field; did you mean {${closest(name, [...lets.keys(), ...FIELDS.keys()])}}?`);
    }
    const chosen = formatName ?? defaultFormat(type);
    const formatter = chosen === 'smart' ? smartNumber : FORMATTERS.get(chosen)?.format;
    if (formatter === undefined) throw new CompileError(`message placeholder {${match[1]}} uses unknown format "${chosen}"; known: ${[...FORMATTERS.keys()].join(', ')}`);
    parts.push(arg === undefined ? { text: '', read, format: formatter } : { text: '', read, format: formatter, arg });
  }
  parts.push({ text: template.slice(last) });
  const fixed = parts.filter((part) => part.text !== '' || part.read !== undefined);
  return (frame, currency) => {
    let out = '';
    for (const part of fixed) {
      out += part.text;
      if (part.read !== undefined && part.format !== undefined) {
        const value = part.read(frame);
        out += value === null ? 'n/a' : part.format(value, part.arg, currency);
      }
    }
    return out;
  };
}
