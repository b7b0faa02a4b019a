import type { DeclarationContext, LineContext } from '../../context/DeclarationContext.js';
import type { HistoryEncoder, HistoryKey } from '../FeatureSpec.js';
import { createShortKeyIndexOf, type ShortKeyIndex } from '../../reference/_lib/shortKeyIndex.js';
import { createNumberPairRows, type NumberPairRows } from './numberPairIndex.js';
import { createPrng } from './prng.js';
import { historyValue, type HistoryStats } from './featureRegistry.js';

/** Looks up the history of a key value: fast map form of a `HistoryEncoder`. */
export type HistoryLookup = (key: HistoryKey, context: DeclarationContext, line: LineContext) => HistoryStats | null;

/** A training row for encoder fitting. */
export interface EncoderRow {
  readonly context: DeclarationContext;
  readonly line: LineContext;
  readonly positive: boolean;
}

interface Tally {
  declarations: number;
  findings: number;
  readonly foldDeclarations: Int32Array;
  readonly foldFindings: Int32Array;
}

/**
 * One fitted encoder as flat tables, built once per encoder object (both the compiled feature writer and
 * the per-lookup form read it): per key value, the offset of its [declarations, smoothed rate] in `stats`.
 * Rates are computed once with the expression of the per-lookup definition (so the same double), and each
 * distinct (declarations, findings) pair is stored once: a few hundred pairs serve ~10,000 ids, so `stats`
 * stays in cache and a key's row is two numbers (16 bytes, four to a cache line).
 */
export interface HistoryTable {
  readonly key: HistoryKey;
  /** Key value → [offset in `stats`]; null for `mass_value` (see `byMassValue`). */
  readonly byValue: ShortKeyIndex | null;
  /**
   * `mass_value` only: (net mass, customs value) → [offset in `stats`]. Looking the two numbers up directly
   * saves building the `mass|value` string per line; only entries spelled exactly as that template spells
   * two numbers are indexed, the others could never be matched by it.
   */
  readonly byMassValue: NumberPairRows | null;
  /** [declarations, rate] of each distinct (declarations, findings) pair of the encoder. */
  readonly stats: Float64Array;
  /** Rate of a key value the encoder never saw: zero declarations, the prior. */
  readonly unknownRate: number;
  /** The encoder's rows by key text (built on first use for `mass_value`, where only NaN asks by text). */
  byText(): ShortKeyIndex;
}

const historyTables = new WeakMap<HistoryEncoder, HistoryTable>();

function buildHistoryTable(encoder: HistoryEncoder): HistoryTable {
  const { prior, smoothing, entries } = encoder;
  const rate = (n: number, k: number) => (k + smoothing * prior) / (n + smoothing);
  // Offset in `stats` of each entry's pair, the same pair sharing one place. Small whole counts are keyed
  // by one number; anything else (-0 included, which must keep its sign bit) by text.
  const places = new Map<number | string, number>();
  const statList: number[] = [];
  const keys: string[] = [];
  const offsets: number[] = [];
  const whole = (x: number) => Number.isInteger(x) && x > 0 && x < 67_108_864;
  for (const [value, n, k] of entries) {
    const pair = (whole(n) || n === 0) && (whole(k) || k === 0) && !Object.is(n, -0) && !Object.is(k, -0) ? n * 67_108_864 + k : `${Object.is(n, -0) ? '-0' : n},${Object.is(k, -0) ? '-0' : k}`;
    let at = places.get(pair);
    if (at === undefined) {
      at = statList.length;
      places.set(pair, at);
      statList.push(n, rate(n, k));
    }
    keys.push(value);
    offsets.push(at);
  }
  const stats = Float64Array.from(statList);
  if (encoder.key !== 'mass_value') {
    const byValue = createShortKeyIndexOf(keys, offsets, 1);
    return { key: encoder.key, byValue, byMassValue: null, stats, unknownRate: rate(0, 0), byText: always(byValue) };
  }
  const pairs: number[][] = [];
  keys.forEach((value, i) => {
    const bar = value.indexOf('|');
    const mass = Number(value.slice(0, bar));
    const customsValue = Number(value.slice(bar + 1));
    if (bar >= 0 && `${mass}|${customsValue}` === value) pairs.push([mass, customsValue, offsets[i]!]);
  });
  return { key: encoder.key, byValue: null, byMassValue: createNumberPairRows(pairs, 1), stats, unknownRate: rate(0, 0), byText: later(keys, Int32Array.from(offsets)) };
}

// Made outside buildHistoryTable: a closure made there would keep its working lists alive with the table.
const always = (index: ShortKeyIndex) => () => index;
function later(keys: readonly string[], offsets: Int32Array): () => ShortKeyIndex {
  let index: ShortKeyIndex | undefined;
  return () => (index ??= createShortKeyIndexOf(keys, offsets, 1));
}

/** The flat tables of a fitted encoder, built on first use; encoders are immutable. */
export function historyTable(encoder: HistoryEncoder): HistoryTable {
  let table = historyTables.get(encoder);
  if (table === undefined) {
    table = buildHistoryTable(encoder);
    historyTables.set(encoder, table);
  }
  return table;
}

/**
 * Offset in `table.stats` of the [declarations, rate] of a line's key value; -1 when the encoder never saw
 * the value, -2 when the record does not carry the key (`historyValue` null). One function for the
 * compiled writer and the per-lookup form.
 */
export function findHistory(table: HistoryTable, context: DeclarationContext, line: LineContext): number {
  const byMassValue = table.byMassValue;
  if (byMassValue !== null) {
    const mass = line.line.netMassKg;
    if (mass === undefined) return -2;
    const customsValue = line.line.customsValue;
    if (mass !== mass || customsValue !== customsValue) {
      // NaN is not a pair the index holds (never in a validated record): ask with the key text.
      const byText = table.byText();
      const found = byText.find(`${mass}|${customsValue}`);
      return found < 0 ? -1 : byText.data[found]!;
    }
    const found = byMassValue.find(mass, customsValue);
    return found < 0 ? -1 : byMassValue.data[found]!;
  }
  const value = historyValue(table.key, context, line);
  if (value === null) return -2;
  const byValue = table.byValue!;
  const found = byValue.find(value);
  return found < 0 ? -1 : byValue.data[found]!;
}

/** Builds the lookup of fitted encoders. Unknown values get zero declarations and the prior rate. */
export function createHistoryLookup(encoders: readonly HistoryEncoder[]): HistoryLookup {
  // As `new Map(entries)`: the last encoder of a key wins. The tables, not the encoders, are kept: a
  // model loaded for scoring only lets its encoders' entries go (see `loadModelWith`).
  const tables = new Map<HistoryKey, HistoryTable>();
  for (const encoder of encoders) tables.set(encoder.key, historyTable(encoder));
  return (key, context, line) => {
    const table = tables.get(key);
    if (table === undefined) return null;
    const at = findHistory(table, context, line);
    if (at === -2) return null;
    return at < 0 ? { declarations: 0, rate: table.unknownRate } : { declarations: table.stats[at]!, rate: table.stats[at + 1]! };
  };
}

/**
 * Fits one encoder per key on the training rows, and gives each training row an out-of-fold lookup: its
 * history comes from the other folds only, so the model never learns from a row's own label.
 */
export function fitHistoryEncoders(
  rows: readonly EncoderRow[],
  keys: readonly HistoryKey[],
  options: { readonly smoothing: number; readonly folds: number; readonly seed: number },
): { encoders: HistoryEncoder[]; outOfFold: (row: number) => HistoryLookup } {
  const { smoothing, folds } = options;
  const rng = createPrng(options.seed);
  const fold = Int32Array.from(rows, () => rng.nextInt(folds));
  const foldTotals = new Int32Array(folds);
  const foldPositives = new Int32Array(folds);
  let positives = 0;
  rows.forEach((row, i) => {
    foldTotals[fold[i]!]!++;
    if (row.positive) {
      positives++;
      foldPositives[fold[i]!]!++;
    }
  });
  const prior = rows.length === 0 ? 0 : positives / rows.length;

  const tallies = new Map<HistoryKey, Map<string, Tally>>();
  for (const key of keys) {
    const table = new Map<string, Tally>();
    rows.forEach((row, i) => {
      const value = historyValue(key, row.context, row.line);
      if (value === null) return;
      let tally = table.get(value);
      if (tally === undefined) {
        tally = { declarations: 0, findings: 0, foldDeclarations: new Int32Array(folds), foldFindings: new Int32Array(folds) };
        table.set(value, tally);
      }
      tally.declarations++;
      tally.foldDeclarations[fold[i]!]!++;
      if (row.positive) {
        tally.findings++;
        tally.foldFindings[fold[i]!]!++;
      }
    });
    tallies.set(key, table);
  }

  const encoders: HistoryEncoder[] = keys.map((key) => ({
    key,
    prior,
    smoothing,
    entries: [...tallies.get(key)!.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([value, tally]) => [value, tally.declarations, tally.findings] as const),
  }));

  const outOfFold = (row: number): HistoryLookup => {
    const f = fold[row]!;
    const foldPrior = rows.length - foldTotals[f]! === 0 ? prior : (positives - foldPositives[f]!) / (rows.length - foldTotals[f]!);
    return (key, context, line) => {
      const value = historyValue(key, context, line);
      const tally = value === null ? undefined : tallies.get(key)?.get(value);
      if (value === null || !tallies.has(key)) return null;
      const n = tally === undefined ? 0 : tally.declarations - tally.foldDeclarations[f]!;
      const k = tally === undefined ? 0 : tally.findings - tally.foldFindings[f]!;
      return { declarations: n, rate: (k + smoothing * foldPrior) / (n + smoothing) };
    };
  };
  return { encoders, outOfFold };
}
