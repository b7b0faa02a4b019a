import { closest } from 'fastest-levenshtein';
import { CompileError } from './compileExpression.js';
import { FIELDS, type FieldSource } from './fields.js';
import { defaultFormat, FORMATTERS, smartNumber, type Formatter } from './formatters.js';
import type { Value, ValueType } from './runtime.js';

/**
 * A compiled message template: renders from the values a hit reports, `values[k]` being the value of the
 * rule's k-th read field and `values[fieldCount + slot]` that of its named value in `slot`.
 */
export type MessageRenderer = (values: readonly Value[], currency: string | null) => string;

/** A checked template whose placeholders still name fields by path: bound once the rule's reads are known. */
export interface MessageTemplate {
  /** Binds the placeholders to positions in the values a hit reports (see `MessageRenderer`). */
  readonly bind: (fieldIndex: ReadonlyMap<string, number>, fieldCount: number) => MessageRenderer;
}

const PLACEHOLDER = /\{([^{}]*)\}/g;

interface Placeholder {
  /** The text before the placeholder. */
  readonly text: string;
  readonly field?: string;
  readonly slot?: number;
  readonly format: Formatter;
  readonly arg: string | undefined;
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
): MessageTemplate {
  const opening = template.split('{').length;
  if (opening !== template.split('}').length) throw new CompileError('message has an unbalanced { or }');
  const placeholders: Placeholder[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const index = match.index;
    const text = template.slice(last, index);
    last = index + match[0].length;
    const [name = '', formatName, arg] = (match[1] ?? '').trim().split(':').map((piece) => piece.trim());
    let type: ValueType;
    let source: { readonly field: string } | { readonly slot: number };
    const named = lets.get(name);
    const field = FIELDS.get(name);
    if (named !== undefined) {
      source = { slot: named.slot };
      type = named.type;
    } else if (field !== undefined) {
      if (!sources.has(field.source)) throw new CompileError(`message placeholder {${name}} reads a field this rule's scope does not provide`);
      source = { field: name };
      type = field.type;
      fieldsRead.add(name);
    } else {
      throw new CompileError(`message placeholder {${name}} is neither a named value nor a field; did you mean {${closest(name, [...lets.keys(), ...FIELDS.keys()])}}?`);
    }
    const chosen = formatName ?? defaultFormat(type);
    const formatter = chosen === 'smart' ? smartNumber : FORMATTERS.get(chosen)?.format;
    if (formatter === undefined) throw new CompileError(`message placeholder {${match[1]}} uses unknown format "${chosen}"; known: ${[...FORMATTERS.keys()].join(', ')}`);
    placeholders.push({ text, ...source, format: formatter, arg });
  }
  const tail = template.slice(last);
  return {
    bind: (fieldIndex, fieldCount) => {
      // Parallel arrays: the text before each placeholder, where its value is, how it is written.
      const texts = placeholders.map((placeholder) => placeholder.text);
      const positions = placeholders.map((placeholder) => {
        if (placeholder.slot !== undefined) return fieldCount + placeholder.slot;
        const position = fieldIndex.get(placeholder.field ?? '');
        if (position === undefined) throw new Error(`message field ${placeholder.field} is not among the rule's reads`);
        return position;
      });
      const formats = placeholders.map((placeholder) => placeholder.format);
      const args = placeholders.map((placeholder) => placeholder.arg);
      const count = placeholders.length;
      if (count === 0) return () => tail;
      return (values, currency) => {
        let out = '';
        for (let k = 0; k < count; k += 1) {
          const value = values[positions[k] as number] ?? null;
          out += texts[k] as string;
          out += value === null ? 'n/a' : (formats[k] as Formatter)(value, args[k], currency);
        }
        return out + tail;
      };
    },
  };
}
