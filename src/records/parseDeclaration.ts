import { makeParsers, type SafeParseResult } from './_lib/makeParsers.js';
import { checkLineNumbers, declarationSchema, type Declaration } from './declarationSchema.js';

const parsers = makeParsers(declarationSchema, checkLineNumbers);

/**
 * Validates and normalises an import declaration.
 * @param input A plain object, e.g. from JSON.
 * @returns The declaration, with HS codes, countries, currency and timestamps normalised.
 * @throws InputError carrying every issue of the record.
 * @example
 * parseDeclaration(json).lines[0].hsCode //=> '090121'
 */
export function parseDeclaration(input: unknown): Declaration {
  return parsers.parse(input);
}

/**
 * Like `parseDeclaration`, but returns the issues as data instead of throwing.
 * @example
 * safeParseDeclaration({}).success //=> false
 */
export function safeParseDeclaration(input: unknown): SafeParseResult<Declaration> {
  return parsers.safeParse(input);
}
