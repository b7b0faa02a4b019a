import type { z } from 'zod';
import { InputError } from '../../errors/InputError.js';
import type { Issue } from '../Issue.js';
import { toIssues } from './toIssues.js';

/** Result of a `safeParse…` call: the record, or every issue found. */
export type SafeParseResult<T> =
  | { readonly success: true; readonly data: T }
  | { readonly success: false; readonly issues: readonly [Issue, ...Issue[]] };

function idOf(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const id = (input as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/** Builds the throwing and the safe parser of a record schema from one validation run. */
export function makeParsers<S extends z.ZodType>(schema: S, rawChecks: (input: object) => Issue[] = () => []) {
  function safeParse(input: unknown): SafeParseResult<z.output<S>> {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      return {
        success: false,
        issues: [{ code: 'invalid_type', path: [], message: '(record): expected an object', received: input }],
      };
    }
    const result = schema.safeParse(input, { reportInput: true });
    const extra = rawChecks(input);
    if (result.success && extra.length === 0) return { success: true, data: result.data };
    const issues = [...(result.success ? [] : toIssues(result.error.issues)), ...extra];
    const [first, ...rest] = issues;
    // zod never fails without an issue; the fallback keeps the non-empty type honest.
    return { success: false, issues: first === undefined ? [{ code: 'invalid_value', path: [], message: '(record): invalid' }] : [first, ...rest] };
  }

  function parse(input: unknown): z.output<S> {
    const result = safeParse(input);
    if (result.success) return result.data;
    const recordId = idOf(input);
    throw new InputError(result.issues, recordId === undefined ? {} : { recordId });
  }

  return { parse, safeParse };
}
