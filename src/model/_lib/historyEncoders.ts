import type { DeclarationContext, LineContext } from '../../context/DeclarationContext.js';
import type { HistoryEncoder, HistoryKey } from '../FeatureSpec.js';
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

/** Builds the lookup of fitted encoders. Unknown values get zero declarations and the prior rate. */
export function createHistoryLookup(encoders: readonly HistoryEncoder[]): HistoryLookup {
  const tables = new Map<HistoryKey, { encoder: HistoryEncoder; counts: Map<string, readonly [number, number]> }>();
  for (const encoder of encoders) {
    tables.set(encoder.key, { encoder, counts: new Map(encoder.entries.map(([value, n, k]) => [value, [n, k] as const])) });
  }
  return (key, context, line) => {
    const table = tables.get(key);
    const value = historyValue(key, context, line);
    if (table === undefined || value === null) return null;
    const [n, k] = table.counts.get(value) ?? [0, 0];
    const { prior, smoothing } = table.encoder;
    return { declarations: n, rate: (k + smoothing * prior) / (n + smoothing) };
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
