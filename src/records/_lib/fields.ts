import { isValid, parseISO } from 'date-fns';
import { z } from 'zod';
import type { IssueCode } from '../Issue.js';
import { COUNTRY_CODES } from './countries.js';
import { CURRENCY_CODES } from './currencies.js';

// Field schemas shared by declarations and ISF filings. Each one normalises at the edge and reports
// problems with one of our stable issue codes (carried in zod's `params.code`).

type Ctx = z.core.$RefinementCtx<unknown>;

function fail(ctx: Ctx, code: IssueCode, message: string, input: unknown): typeof z.NEVER {
  ctx.issues.push({ code: 'custom', message, input, params: { code } });
  return z.NEVER;
}

/** Longest string accepted in any text field: guards memory against hostile rows. */
export const MAX_TEXT = 4096;

/** A trimmed, non-empty string of bounded length. */
export const text = (max = MAX_TEXT) =>
  z.string().transform((value, ctx) => {
    const trimmed = value.trim();
    if (trimmed === '') return fail(ctx, 'empty_string', 'expected a non-empty text', value);
    if (trimmed.length > max) return fail(ctx, 'too_long', `expected at most ${max} characters, received ${trimmed.length}`, value);
    return trimmed;
  });

/** Identifiers: non-empty, at most 64 characters. */
export const identifier = () => text(64);

const HS_DIGITS = /^\d{5,10}$/;

/**
 * HS / HTS code as a digit string of 6, 8 or 10 digits. Separators (`6109.10`) are removed and a lost
 * leading zero is restored (`90121` → `090121`, as spreadsheets and the KCS data drop it).
 */
export const hsCode = () =>
  z.union([z.string(), z.number()]).transform((value, ctx) => {
    let digits = typeof value === 'number' ? (Number.isInteger(value) && value >= 0 ? String(value) : '') : value.trim().replace(/[.\s-]/g, '');
    if (!HS_DIGITS.test(digits)) return fail(ctx, 'invalid_hs_code', 'expected an HS code of 6, 8 or 10 digits', value);
    if (digits.length % 2 === 1) digits = `0${digits}`;
    return digits;
  });

/** ISO 3166-1 alpha-2 country, upper-cased; `ZZ` (unknown) is accepted. */
export const country = () =>
  z.string().transform((value, ctx) => {
    const code = value.trim().toUpperCase();
    if (!COUNTRY_CODES.has(code)) return fail(ctx, 'unknown_country', 'expected an ISO 3166-1 alpha-2 country code', value);
    return code;
  });

/** ISO 4217 currency, upper-cased. */
export const currency = () =>
  z.string().transform((value, ctx) => {
    const code = value.trim().toUpperCase();
    if (!CURRENCY_CODES.has(code)) return fail(ctx, 'unknown_currency', 'expected an ISO 4217 currency code', value);
    return code;
  });

const ZONE = /(Z|[+-]\d{2}(:?\d{2})?)$/i;
const ISO_LIKE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/i;

/**
 * Parses an ISO 8601 date or date-time. A time zone (`Z`, `+09:00`) is honoured; a value without one
 * is read as UTC, so that the same file gives the same instants on every machine.
 */
export function parseTimestamp(value: string): Date | undefined {
  const trimmed = value.trim();
  if (!ISO_LIKE.test(trimmed)) return undefined;
  let iso = trimmed.replace(' ', 'T');
  if (iso.length === 10) iso += 'T00:00:00Z';
  else if (!ZONE.test(iso)) iso += 'Z';
  const date = parseISO(iso);
  return isValid(date) ? date : undefined;
}

/** A point in time: a `Date` or an ISO 8601 string (no zone means UTC). */
export const timestamp = () =>
  z.union([z.string(), z.date()]).transform((value, ctx) => {
    const date = typeof value === 'string' ? parseTimestamp(value) : Number.isNaN(value.getTime()) ? undefined : value;
    if (date === undefined) return fail(ctx, 'invalid_timestamp', 'expected an ISO 8601 date or date-time that exists on the calendar', value);
    return date;
  });

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function toNumber(value: unknown, ctx: Ctx): number {
  if (value === undefined) return fail(ctx, 'required', 'is required', value);
  if (typeof value !== 'number' && typeof value !== 'string') return fail(ctx, 'invalid_type', 'expected a number', value);
  const number = typeof value === 'number' ? value : NUMERIC.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (typeof value === 'string' && Number.isNaN(number)) return fail(ctx, 'invalid_type', 'expected a number', value);
  if (!Number.isFinite(number)) return fail(ctx, 'not_finite', 'expected a finite number', value);
  return number;
}

/** A finite number that is zero or more; numeric strings (`"12.5"`) are accepted. */
export const nonNegative = () =>
  z.unknown().transform((value, ctx) => {
    const number = toNumber(value, ctx);
    if (number < 0) return fail(ctx, 'negative_number', 'expected a number of zero or more', value);
    return number;
  });

/** A whole number of one or more. */
export const positiveInteger = () =>
  z.unknown().transform((value, ctx) => {
    const number = toNumber(value, ctx);
    if (!Number.isInteger(number) || number < 1) return fail(ctx, 'not_integer', 'expected a whole number of 1 or more', value);
    return number;
  });

const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);

/** A yes/no flag: a boolean or one of `true/false, yes/no, y/n, 1/0`. */
export const flag = () =>
  z.union([z.boolean(), z.string(), z.number()]).transform((value, ctx) => {
    if (typeof value === 'boolean') return value;
    const key = String(value).trim().toLowerCase();
    if (TRUE.has(key)) return true;
    if (FALSE.has(key)) return false;
    return fail(ctx, 'invalid_value', 'expected yes or no (true/false, Y/N, 1/0)', value);
  });
