import type { Declaration, DeclarationLine } from '../../records/declarationSchema.js';
import { MAX_LINES } from '../../records/declarationSchema.js';
import { parseTimestamp } from '../../records/_lib/fields.js';
import { COUNTRY_CODES } from '../../records/_lib/countries.js';
import { CURRENCY_CODES } from '../../records/_lib/currencies.js';
import { BILL_FIELDS, PARTY_FIELDS, type CsvLayout } from '../CsvLayout.js';
import { isBlank, type CompiledLayout } from './compileLayout.js';

// A hand-checked fast path from CSV cells straight to a `Declaration`, for rows that are valid. It
// mirrors the record model's zod schema field by field (same trimming, same limits, same output keys in
// the same order) and gives up (`undefined`) at the first doubt; the caller then runs zod, which
// produces the issues. So it can only ever accept what zod accepts, and tests check that it returns
// exactly zod's output (test/io/fastDeclaration.test.ts). Why: zod costs ~30 µs per KCS row, which
// alone would cap intake near 30,000 rows/s; this path costs about 1 µs.

/** How one cell is checked and normalised; mirrors `src/records/_lib/fields.ts`. */
const enum Kind {
  Id,
  Text16,
  Text32,
  Text256,
  Text512,
  Text1024,
  Country,
  Currency,
  Timestamp,
  NonNegative,
  PositiveInteger,
  Flag,
  Incoterm,
  Hs,
}

const HEADER_KINDS: readonly (readonly [string, Kind])[] = [
  ['id', Kind.Id],
  ['lodgedAt', Kind.Timestamp],
  ['office', Kind.Id],
  ['transportMode', Kind.Text16],
  ['exportCountry', Kind.Country],
  ['portOfLoading', Kind.Text16],
  ['portOfDischarge', Kind.Text16],
  ['packages', Kind.NonNegative],
  ['incoterm', Kind.Incoterm],
  ['paymentTerms', Kind.Text32],
  ['currency', Kind.Currency],
  ['relatedParty', Kind.Flag],
];
/** Schema order of the declaration's keys: zod writes its output in this order. */
const HEADER_ORDER = [
  'id',
  'lodgedAt',
  'office',
  'procedureCodes',
  'transportMode',
  'declarant',
  'importer',
  'consignee',
  'seller',
  'buyer',
  'exportCountry',
  'portOfLoading',
  'portOfDischarge',
  'billOfLading',
  'packages',
  'incoterm',
  'paymentTerms',
  'currency',
  'relatedParty',
] as const;
const LINE_KINDS: readonly (readonly [string, Kind])[] = [
  ['lineNumber', Kind.PositiveInteger],
  ['hsCode', Kind.Hs],
  ['description', Kind.Text1024],
  ['originCountry', Kind.Country],
  ['quantity', Kind.NonNegative],
  ['quantityUnit', Kind.Text16],
  ['netMassKg', Kind.NonNegative],
  ['grossMassKg', Kind.NonNegative],
  ['customsValue', Kind.NonNegative],
  ['dutyRate', Kind.NonNegative],
  ['preference', Kind.Text32],
];
const PARTY_KINDS: Record<string, Kind> = { id: Kind.Id, name: Kind.Text256, address: Kind.Text512, country: Kind.Country };
const REQUIRED_HEADER = new Set(['id', 'lodgedAt', 'office', 'currency']);
const REQUIRED_LINE = new Set(['lineNumber', 'hsCode', 'originCountry', 'customsValue']);
const INCOTERMS = new Set(['EXW', 'FCA', 'FAS', 'FOB', 'CFR', 'CIF', 'CPT', 'CIP', 'DAP', 'DPU', 'DDP', 'DAT']);
const HS_DIGITS = /^\d{5,10}$/;
const HS_SEPARATORS = /[.\s-]/g;
const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);

/** Sentinel for "not valid here, let zod say why". */
export const FAIL = Symbol('fail');
type Value = string | number | boolean | Date | typeof FAIL;

/** Writes one output key. */
type Setter = (out: Record<string, unknown>, value: unknown) => void;

/**
 * One setter per output key. A computed store (`out[key] = v`) with many keys is a megamorphic site in
 * V8 and costs tens of ns per store; each of these functions stores one named key, so every store site
 * stays monomorphic. Measured: about a third of the fast path's time.
 */
const SETTERS: Record<string, Setter> = {
  id: (o, v) => {
    o['id'] = v;
  },
  lodgedAt: (o, v) => {
    o['lodgedAt'] = v;
  },
  office: (o, v) => {
    o['office'] = v;
  },
  procedureCodes: (o, v) => {
    o['procedureCodes'] = v;
  },
  transportMode: (o, v) => {
    o['transportMode'] = v;
  },
  declarant: (o, v) => {
    o['declarant'] = v;
  },
  importer: (o, v) => {
    o['importer'] = v;
  },
  consignee: (o, v) => {
    o['consignee'] = v;
  },
  seller: (o, v) => {
    o['seller'] = v;
  },
  buyer: (o, v) => {
    o['buyer'] = v;
  },
  exportCountry: (o, v) => {
    o['exportCountry'] = v;
  },
  portOfLoading: (o, v) => {
    o['portOfLoading'] = v;
  },
  portOfDischarge: (o, v) => {
    o['portOfDischarge'] = v;
  },
  billOfLading: (o, v) => {
    o['billOfLading'] = v;
  },
  packages: (o, v) => {
    o['packages'] = v;
  },
  incoterm: (o, v) => {
    o['incoterm'] = v;
  },
  paymentTerms: (o, v) => {
    o['paymentTerms'] = v;
  },
  currency: (o, v) => {
    o['currency'] = v;
  },
  relatedParty: (o, v) => {
    o['relatedParty'] = v;
  },
  lines: (o, v) => {
    o['lines'] = v;
  },
  attributes: (o, v) => {
    o['attributes'] = v;
  },
  lineNumber: (o, v) => {
    o['lineNumber'] = v;
  },
  hsCode: (o, v) => {
    o['hsCode'] = v;
  },
  description: (o, v) => {
    o['description'] = v;
  },
  originCountry: (o, v) => {
    o['originCountry'] = v;
  },
  quantity: (o, v) => {
    o['quantity'] = v;
  },
  quantityUnit: (o, v) => {
    o['quantityUnit'] = v;
  },
  netMassKg: (o, v) => {
    o['netMassKg'] = v;
  },
  grossMassKg: (o, v) => {
    o['grossMassKg'] = v;
  },
  customsValue: (o, v) => {
    o['customsValue'] = v;
  },
  dutyRate: (o, v) => {
    o['dutyRate'] = v;
  },
  preference: (o, v) => {
    o['preference'] = v;
  },
  name: (o, v) => {
    o['name'] = v;
  },
  address: (o, v) => {
    o['address'] = v;
  },
  country: (o, v) => {
    o['country'] = v;
  },
  master: (o, v) => {
    o['master'] = v;
  },
  house: (o, v) => {
    o['house'] = v;
  },
};

function setterOf(key: string): Setter {
  const setter = SETTERS[key];
  if (setter === undefined) throw new TypeError(`no setter for ${key}`);
  return setter;
}

const SET_LINE_NUMBER = setterOf('lineNumber');

/** A cell source: a column of the row, or a constant. */
interface Source {
  readonly index: number;
  readonly constant: string;
}

interface Field extends Source {
  readonly key: string;
  readonly kind: Kind;
  readonly set: Setter;
}

/** `value.trim()`, skipped when both ends are printable ASCII (the common case). */
function trimmed(value: string): string {
  const a = value.charCodeAt(0);
  const b = value.charCodeAt(value.length - 1);
  return a <= 32 || a >= 127 || b <= 32 || b >= 127 ? value.trim() : value;
}

function text(value: string, max: number): Value {
  const out = trimmed(value);
  return out === '' || out.length > max ? FAIL : out;
}

/** `value.trim().toUpperCase()`, without allocating when the code is already upper-case ASCII. */
function upperCode(value: string): string {
  const out = trimmed(value);
  for (let i = 0; i < out.length; i++) {
    const c = out.charCodeAt(i);
    if (c >= 97 || (c < 65 && (c < 48 || c > 57)) || (c > 90 && c < 97)) return out.toUpperCase();
  }
  return out;
}

/**
 * A finite number in the record model's numeric syntax (`/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/`
 * after trimming), checked by a scan instead of the regular expression: it runs on every numeric cell.
 */
export function number(value: string): number | typeof FAIL {
  const s = trimmed(value);
  return numberIn(s, 0, s.length);
}

/**
 * `number` of the text `s.slice(from, to)`, read in place (untrimmed). The character at `to`, if any,
 * must be one no number contains (the CSV row's comma): the scan stops there.
 */
export function numberIn(s: string, from: number, to: number): number | typeof FAIL {
  const n = to;
  let i = from;
  let c = s.charCodeAt(from);
  const negative = c === 45;
  if (c === 43 || c === 45) c = s.charCodeAt(++i);
  // The digits are also accumulated: a plain decimal of at most 15 significant digits is computed as
  // mantissa / 10^k, which is exact (both are exact doubles, one correctly rounded division), so it
  // equals Number(s) and skips V8's general string-to-number conversion.
  let mantissa = 0;
  let digits = 0;
  let whole = 0;
  while (c >= 48 && c <= 57) {
    mantissa = mantissa * 10 + (c - 48);
    whole++;
    c = s.charCodeAt(++i);
  }
  let fraction = 0;
  if (c === 46) {
    c = s.charCodeAt(++i);
    while (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      fraction++;
      c = s.charCodeAt(++i);
    }
    if (whole === 0 && fraction === 0) return FAIL;
  } else if (whole === 0) return FAIL;
  digits = whole + fraction;
  let exponent = false;
  if (c === 101 || c === 69) {
    exponent = true;
    c = s.charCodeAt(++i);
    if (c === 43 || c === 45) c = s.charCodeAt(++i);
    let count = 0;
    while (c >= 48 && c <= 57) {
      count++;
      c = s.charCodeAt(++i);
    }
    if (count === 0) return FAIL;
  }
  if (i !== n) return FAIL;
  if (!exponent && digits <= 15) {
    const magnitude = fraction === 0 ? mantissa : mantissa / POWERS[fraction]!;
    return negative ? -magnitude : magnitude;
  }
  const parsed = Number(from === 0 && to === s.length ? s : s.slice(from, to));
  return Number.isFinite(parsed) ? parsed : FAIL;
}

const POWERS = Array.from({ length: 16 }, (_, k) => 10 ** k);

/** Epoch milliseconds of recently seen timestamp strings: KCS repeats one date per day. */
const timestamps = new Map<string, number>();

/** The last timestamp text and its epoch milliseconds: rows of one file often share a date. */
let lastText = '';
let lastMs = 0;

const CUMULATIVE_DAYS = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

function digit(value: string, index: number): number {
  const c = value.charCodeAt(index) - 48;
  return c >= 0 && c <= 9 ? c : -1000000;
}

/**
 * Epoch milliseconds of a plain `YYYY-MM-DD` (UTC midnight, as `parseTimestamp` reads it), computed from
 * the digits: `NaN` when the text has another shape (then `parseTimestamp` decides), `FAIL` when it has
 * this shape but is no calendar date (`2020-02-30`, month 13), which `parseTimestamp` rejects too. The
 * calendar is the proleptic Gregorian one of `Date` and date-fns, for every year 0000-9999 (tested
 * against `parseTimestamp` day by day).
 */
export function isoDateMs(value: string): number | typeof FAIL {
  return value.length === 10 ? isoDateMsAt(value, 0) : Number.NaN;
}

/** `isoDateMs` of the ten characters of `value` from `at`, read in place. */
export function isoDateMsAt(value: string, at: number): number | typeof FAIL {
  if (value.charCodeAt(at + 4) !== 45 || value.charCodeAt(at + 7) !== 45) return Number.NaN;
  const year = digit(value, at) * 1000 + digit(value, at + 1) * 100 + digit(value, at + 2) * 10 + digit(value, at + 3);
  const month = digit(value, at + 5) * 10 + digit(value, at + 6);
  const day = digit(value, at + 8) * 10 + digit(value, at + 9);
  // A non-digit makes its part hugely negative.
  if (year < 0 || month < 0 || day < 0) return Number.NaN;
  const leap = year % 400 === 0 || (year % 4 === 0 && year % 100 !== 0);
  const length = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  if (month < 1 || month > 12 || day < 1 || day > length) return FAIL;
  // Days since 1970-01-01: whole years (with the leap days before this year), then months, then days.
  const before = year - 1;
  const leapDays = Math.floor(before / 4) - Math.floor(before / 100) + Math.floor(before / 400) - 477;
  const days = (year - 1970) * 365 + leapDays + (CUMULATIVE_DAYS[month - 1] ?? 0) + (month > 2 && leap ? 1 : 0) + day - 1;
  return days * 86_400_000;
}

/** A timestamp cell as the record model reads it (a `Date`), or `FAIL`. */
export function timestamp(value: string): Value {
  if (value === lastText) return new Date(lastMs);
  const direct = isoDateMs(value);
  if (direct === FAIL) return FAIL;
  if (!Number.isNaN(direct)) {
    lastText = value;
    lastMs = direct;
    return new Date(direct);
  }
  let ms = timestamps.get(value);
  if (ms === undefined) {
    const date = parseTimestamp(value);
    if (date === undefined) return FAIL;
    ms = date.getTime();
    if (timestamps.size >= 4096) timestamps.clear();
    timestamps.set(value, ms);
  }
  return new Date(ms);
}

/** An HS code cell as the record model normalises it, or `FAIL`. */
export function hs(value: string): Value {
  let digits = trimmed(value);
  let plain = true;
  for (let i = 0; i < digits.length; i++) {
    const c = digits.charCodeAt(i);
    if (c < 48 || c > 57) {
      plain = false;
      break;
    }
  }
  // Plain digits need only the length check of /^\d{5,10}$/.
  if (!plain) digits = digits.replace(HS_SEPARATORS, '');
  if (plain ? digits.length < 5 || digits.length > 10 : !HS_DIGITS.test(digits)) return FAIL;
  return digits.length % 2 === 1 ? `0${digits}` : digits;
}

/**
 * Tables of the codes by their letters (A-Z, either case), so that a code cell is checked by two or three
 * character reads and an array load instead of hashing a fresh string; they hold the canonical upper-case
 * string, which is what the record model returns (`trim().toUpperCase()`).
 */
function codeTable(codes: ReadonlySet<string>, size: number): (string | undefined)[] {
  const table = new Array<string | undefined>(26 ** size).fill(undefined);
  for (const code of codes) {
    let index = 0;
    for (let i = 0; i < size; i++) index = index * 26 + (code.charCodeAt(i) - 65);
    table[index] = code;
  }
  return table;
}
const COUNTRY_TABLE = codeTable(COUNTRY_CODES, 2);
const CURRENCY_TABLE = codeTable(CURRENCY_CODES, 3);

/** Letter index 0-25 of an ASCII letter of either case, or a large negative number. */
function letter(c: number): number {
  if (c >= 65 && c <= 90) return c - 65;
  if (c >= 97 && c <= 122) return c - 97;
  return -100000;
}

/** The country code of the two letters of `s` at `at` (either case), read in place; undefined when not one. */
export function countryAt(s: string, at: number): string | undefined {
  const index = letter(s.charCodeAt(at)) * 26 + letter(s.charCodeAt(at + 1));
  return index >= 0 ? COUNTRY_TABLE[index] : undefined;
}

/** A country cell as the record model normalises it, or `FAIL`. */
export function country(value: string): Value {
  if (value.length === 2) {
    const index = letter(value.charCodeAt(0)) * 26 + letter(value.charCodeAt(1));
    if (index >= 0) return COUNTRY_TABLE[index] ?? FAIL;
  }
  // Anything else (spaces, non-ASCII letters that upper-case to ASCII, such as "ıt" → "IT"): as the model does.
  const code = upperCode(value);
  return COUNTRY_CODES.has(code) ? code : FAIL;
}

/** A currency cell as the record model normalises it, or `FAIL`. */
export function currency(value: string): Value {
  if (value.length === 3) {
    const index = (letter(value.charCodeAt(0)) * 26 + letter(value.charCodeAt(1))) * 26 + letter(value.charCodeAt(2));
    if (index >= 0) return CURRENCY_TABLE[index] ?? FAIL;
  }
  const code = upperCode(value);
  return CURRENCY_CODES.has(code) ? code : FAIL;
}

function check(value: string, kind: Kind): Value {
  switch (kind) {
    case Kind.Id:
      return text(value, 64);
    case Kind.Text16:
      return text(value, 16);
    case Kind.Text32:
      return text(value, 32);
    case Kind.Text256:
      return text(value, 256);
    case Kind.Text512:
      return text(value, 512);
    case Kind.Text1024:
      return text(value, 1024);
    case Kind.Country:
      return country(value);
    case Kind.Currency:
      return currency(value);
    case Kind.Timestamp:
      return timestamp(value);
    case Kind.NonNegative: {
      const n = number(value);
      return n === FAIL || n < 0 ? FAIL : n;
    }
    case Kind.PositiveInteger: {
      const n = number(value);
      return n === FAIL || !Number.isInteger(n) || n < 1 ? FAIL : n;
    }
    case Kind.Flag: {
      const key = trimmed(value).toLowerCase();
      return TRUE.has(key) ? true : FALSE.has(key) ? false : FAIL;
    }
    case Kind.Incoterm: {
      const code = upperCode(value);
      return INCOTERMS.has(code) ? code : FAIL;
    }
    case Kind.Hs:
      return hs(value);
  }
}

/** Reads a cell: `undefined` when blank (absent), like the CSV row builder. */
function cell(fields: readonly string[], source: Source): string | undefined {
  const value = source.index === -1 ? source.constant : (fields[source.index] ?? '');
  return isBlank(value) ? undefined : value;
}

/** A compiled fast path: the declaration for a group of rows, or `undefined` to defer to zod. */
export type FastDeclaration = (rows: readonly (readonly string[])[]) => Declaration | undefined;

const enum Op {
  Scalar,
  Object,
  ProcedureList,
  ProcedureAt,
}

/** One header key, in schema order: a scalar cell, an object of cells (party, bill) or the procedure codes. */
interface HeaderOp {
  readonly op: Op;
  readonly key: string;
  readonly field: Field;
  /** Sub-fields of an object op. */
  readonly fields: readonly Field[];
  /** Positional procedure columns, in position order. */
  readonly sources: readonly Source[];
  readonly required: boolean;
  readonly set: Setter;
}

interface Attribute {
  readonly key: string;
  readonly source: Source;
}

const NONE: Field = { index: -1, constant: '', key: '', kind: Kind.Id, set: () => undefined };

/**
 * Compiles the fast path for a layout resolved against a file's header.
 * @returns The row-group converter, or `undefined` when the layout maps something it does not cover.
 */
export function compileFastDeclaration(layout: CsvLayout, compiled: CompiledLayout): FastDeclaration | undefined {
  const constants = layout.constants ?? {};
  // Constants only fill targets that no column maps (as in the row builder).
  const sourceOf = (path: string): Source | undefined => {
    const index = compiled.targets.indexOf(path);
    if (index !== -1) return { index, constant: '' };
    const constant = constants[path];
    return constant === undefined ? undefined : { index: -1, constant };
  };
  const kinds = new Map(HEADER_KINDS);
  const ops: HeaderOp[] = [];
  const base = { field: NONE, fields: [] as Field[], sources: [] as Source[], required: false, set: setterOf('procedureCodes') };
  for (const key of HEADER_ORDER) {
    if (key === 'procedureCodes') {
      const list = sourceOf('procedureCodes');
      const positions: [number, Source][] = [];
      for (let position = 0; position < 8; position++) {
        const source = sourceOf(`procedureCodes.${position}`);
        if (source !== undefined) positions.push([position, source]);
      }
      if (list !== undefined && positions.length > 0) return undefined;
      if (list !== undefined) ops.push({ ...base, op: Op.ProcedureList, key, field: { ...list, key, kind: Kind.Text16, set: setterOf(key) } });
      if (positions.length > 0) ops.push({ ...base, op: Op.ProcedureAt, key, sources: positions.map(([, source]) => source) });
      continue;
    }
    const kind = kinds.get(key);
    if (kind !== undefined) {
      const source = sourceOf(key);
      if (source !== undefined) ops.push({ ...base, op: Op.Scalar, key, field: { ...source, key, kind, set: setterOf(key) }, required: REQUIRED_HEADER.has(key), set: setterOf(key) });
      else if (REQUIRED_HEADER.has(key)) return undefined;
      continue;
    }
    const subs: readonly string[] = key === 'billOfLading' ? BILL_FIELDS : PARTY_FIELDS;
    const fields: Field[] = [];
    for (const sub of subs) {
      const source = sourceOf(`${key}.${sub}`);
      if (source !== undefined) fields.push({ ...source, key: sub, kind: key === 'billOfLading' ? Kind.Id : (PARTY_KINDS[sub] ?? Kind.Id), set: setterOf(sub) });
    }
    if (fields.length > 0) ops.push({ ...base, op: Op.Object, key, fields, required: key === 'importer', set: setterOf(key) });
    else if (key === 'importer') return undefined;
  }
  const lineFields: Field[] = [];
  for (const [key, kind] of LINE_KINDS) {
    const source = sourceOf(`line.${key}`);
    if (source !== undefined) lineFields.push({ ...source, key, kind, set: setterOf(key) });
    else if (REQUIRED_LINE.has(key) && (key !== 'lineNumber' || compiled.hasLineNumbers)) return undefined;
  }
  // Attribute keys keep the row builder's order: constants first, then columns left to right.
  const attributes: Attribute[] = [];
  const lineAttributes: Attribute[] = [];
  for (const [path, value] of Object.entries(constants)) {
    if (compiled.targets.includes(path)) continue;
    if (path.startsWith('attributes.')) attributes.push({ key: path.slice(11), source: { index: -1, constant: value } });
    else if (path.startsWith('line.attributes.')) lineAttributes.push({ key: path.slice(16), source: { index: -1, constant: value } });
  }
  compiled.targets.forEach((path, index) => {
    if (path.startsWith('attributes.')) attributes.push({ key: path.slice(11), source: { index, constant: '' } });
    else if (path.startsWith('line.attributes.')) lineAttributes.push({ key: path.slice(16), source: { index, constant: '' } });
  });
  const assignLineNumbers = !compiled.hasLineNumbers;

  function line(fields: readonly string[], position: number): DeclarationLine | undefined {
    const out: Record<string, unknown> = {};
    if (assignLineNumbers) SET_LINE_NUMBER(out, position + 1);
    for (const field of lineFields) {
      const value = cell(fields, field);
      if (value === undefined) {
        if (REQUIRED_LINE.has(field.key)) return undefined;
        continue;
      }
      const checked = check(value, field.kind);
      if (checked === FAIL) return undefined;
      field.set(out, checked);
    }
    if (lineAttributes.length > 0) {
      const attrs = readAttributes(fields, lineAttributes);
      if (attrs === FAIL) return undefined;
      if (attrs !== undefined) out['attributes'] = attrs;
    }
    return out as DeclarationLine;
  }

  return (rows) => {
    const first = rows[0];
    if (first === undefined || rows.length > MAX_LINES) return undefined;
    const out: Record<string, unknown> = {};
    for (const op of ops) {
      switch (op.op) {
        case Op.Scalar: {
          const value = cell(first, op.field);
          if (value === undefined) {
            if (op.required) return undefined;
            continue;
          }
          const checked = check(value, op.field.kind);
          if (checked === FAIL) return undefined;
          op.set(out, checked);
          break;
        }
        case Op.Object: {
          let object: Record<string, unknown> | undefined;
          for (const field of op.fields) {
            const value = cell(first, field);
            if (value === undefined) continue;
            const checked = check(value, field.kind);
            if (checked === FAIL) return undefined;
            field.set((object ??= {}), checked);
          }
          if (object === undefined) {
            if (op.required) return undefined;
            continue;
          }
          // A party needs its id; a bill of lading needs a master or a house number (one is enough).
          if (op.key !== 'billOfLading' && object['id'] === undefined) return undefined;
          op.set(out, object);
          break;
        }
        case Op.ProcedureList: {
          const value = cell(first, op.field);
          if (value === undefined) continue;
          const codes = value.trim().split(/\s+/);
          if (codes.length > 8) return undefined;
          for (let i = 0; i < codes.length; i++) {
            const checked = text(codes[i] ?? '', 16);
            if (checked === FAIL) return undefined;
            codes[i] = checked as string;
          }
          op.set(out, codes);
          break;
        }
        case Op.ProcedureAt: {
          let codes: string[] | undefined;
          for (const source of op.sources) {
            const value = cell(first, source);
            if (value === undefined) continue;
            const checked = text(value, 16);
            if (checked === FAIL) return undefined;
            (codes ??= []).push(checked as string);
          }
          if (codes !== undefined) op.set(out, codes);
          break;
        }
      }
    }
    const lines: DeclarationLine[] = [];
    if (rows.length === 1) {
      const built = line(first, 0);
      if (built === undefined) return undefined;
      lines.push(built);
    } else {
      const numbers = new Set<number>();
      for (let i = 0; i < rows.length; i++) {
        const built = line(rows[i] ?? [], i);
        if (built === undefined || numbers.has(built.lineNumber)) return undefined;
        numbers.add(built.lineNumber);
        lines.push(built);
      }
    }
    out['lines'] = lines;
    if (attributes.length > 0) {
      const attrs = readAttributes(first, attributes);
      if (attrs === FAIL) return undefined;
      if (attrs !== undefined) out['attributes'] = attrs;
    }
    return out as Declaration;
  };
}

function readAttributes(fields: readonly string[], attributes: readonly Attribute[]): Record<string, string> | undefined | typeof FAIL {
  let out: Record<string, string> | undefined;
  for (const attribute of attributes) {
    const value = cell(fields, attribute.source);
    if (value === undefined) continue;
    const kept = trimmed(value);
    if (kept.length > 1024) return FAIL;
    (out ??= {})[attribute.key] = kept;
  }
  return out;
}
