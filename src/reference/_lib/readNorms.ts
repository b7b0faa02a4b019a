import type { HsNorm, NormStats, UnitNormStats } from '../ReferenceData.js';
import { MAX_UNIT_LENGTH } from './referenceFileSchema.js';

// Hand-written check of the norm records (`hs6`, `hs6Origin`, `chapters`: 3,268 norms in the bundled
// file, and again in the model's): zod's record and object parses cost 20-30 ms per worker start. Accepts
// only what the `norm` schema of referenceFileSchema.ts accepts and builds the same objects zod outputs
// (fresh, keys in schema order; test/reference/readNorms.test.ts); refuses anything else, and the caller
// then runs the zod schema, which reports the issues.

/** A plain object whose own keys are all enumerable strings (what JSON.parse makes), and their number. */
function plainKeys(value: unknown): number {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return -1;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return -1;
  const keys = Reflect.ownKeys(value);
  for (const key of keys) if (typeof key !== 'string' || !Object.prototype.propertyIsEnumerable.call(value, key)) return -1;
  return keys.length;
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isFinite = (value: unknown): value is number => Number.isFinite(value);

function own(value: object, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

function stats(value: unknown): NormStats | undefined {
  if (plainKeys(value) !== 4) return undefined;
  const v = value as object;
  const count = own(v, 'count');
  const p5 = own(v, 'p5');
  const median = own(v, 'median');
  const p95 = own(v, 'p95');
  if (!isCount(count) || !isFinite(p5) || !isFinite(median) || !isFinite(p95)) return undefined;
  return { count, p5, median, p95 };
}

function unitStats(value: unknown): UnitNormStats | undefined {
  if (plainKeys(value) !== 5) return undefined;
  const v = value as object;
  const unit = own(v, 'unit');
  const count = own(v, 'count');
  const p5 = own(v, 'p5');
  const median = own(v, 'median');
  const p95 = own(v, 'p95');
  if (typeof unit !== 'string' || unit.length > MAX_UNIT_LENGTH || !isCount(count) || !isFinite(p5) || !isFinite(median) || !isFinite(p95)) return undefined;
  return { unit, count, p5, median, p95 };
}

/** One norm as zod outputs it (measures in schema order, absent ones left out), or undefined. */
function norm(value: unknown): HsNorm | undefined {
  const keys = plainKeys(value);
  if (keys < 0 || keys > 3) return undefined;
  const v = value as object;
  let seen = 0;
  const out: { unitValue?: UnitNormStats; valuePerKg?: NormStats; kgPerUnit?: UnitNormStats } = {};
  if (Object.prototype.hasOwnProperty.call(v, 'unitValue')) {
    const unitValue = unitStats(own(v, 'unitValue'));
    if (unitValue === undefined) return undefined;
    out.unitValue = unitValue;
    seen++;
  }
  if (Object.prototype.hasOwnProperty.call(v, 'valuePerKg')) {
    const valuePerKg = stats(own(v, 'valuePerKg'));
    if (valuePerKg === undefined) return undefined;
    out.valuePerKg = valuePerKg;
    seen++;
  }
  if (Object.prototype.hasOwnProperty.call(v, 'kgPerUnit')) {
    const kgPerUnit = unitStats(own(v, 'kgPerUnit'));
    if (kgPerUnit === undefined) return undefined;
    out.kgPerUnit = kgPerUnit;
    seen++;
  }
  return seen === keys ? out : undefined;
}

/**
 * The norms of a record keyed as `key` requires, in key order, or undefined when the record is not exactly
 * what `z.record(z.string().regex(key), norm)` accepts.
 */
export function readNorms(record: unknown, key: RegExp): Map<string, HsNorm> | undefined {
  if (plainKeys(record) < 0) return undefined;
  const r = record as Record<string, unknown>;
  const map = new Map<string, HsNorm>();
  for (const code of Object.keys(r).sort()) {
    if (!key.test(code)) return undefined;
    const value = norm(r[code]);
    if (value === undefined) return undefined;
    map.set(code, value);
  }
  return map;
}
