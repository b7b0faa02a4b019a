import { makeParsers, type SafeParseResult } from './_lib/makeParsers.js';
import { isfFilingSchema, type IsfFiling } from './isfFilingSchema.js';

const parsers = makeParsers(isfFilingSchema);

/**
 * Validates and normalises an ISF-10 or ISF-5 filing.
 * @throws InputError carrying every issue of the filing.
 * @example
 * parseIsfFiling(json).type //=> 'ISF-10'
 */
export function parseIsfFiling(input: unknown): IsfFiling {
  return parsers.parse(input);
}

/** Like `parseIsfFiling`, but returns the issues as data instead of throwing. */
export function safeParseIsfFiling(input: unknown): SafeParseResult<IsfFiling> {
  return parsers.safeParse(input);
}
