import type { Lane } from '../types/Lane.js';

/** Width of one score histogram bin, in points. */
export const HISTOGRAM_BIN = 10;
/** Bins of the score histogram: below 0, then [0, 10), [10, 20) … [90, 100), then 100 and above. */
export const HISTOGRAM_BINS = 12;

/** Counters of a batch run, kept as plain data so that worker threads can send theirs back to be merged. */
export interface BatchStats {
  scored: number;
  rejected: number;
  lanes: Record<Lane, number>;
  /** Hits per rule id. */
  ruleHits: Record<string, number>;
  /** Rule titles by id, for the summary. */
  ruleTitles: Record<string, string>;
  /** Counts per bin; see {@link HISTOGRAM_BINS}. */
  histogram: number[];
}

/** Empty counters. */
export function emptyStats(): BatchStats {
  return {
    scored: 0,
    rejected: 0,
    lanes: { green: 0, blue: 0, yellow: 0, red: 0 },
    ruleHits: {},
    ruleTitles: {},
    histogram: new Array<number>(HISTOGRAM_BINS).fill(0),
  };
}

/** The histogram bin of a score. */
export function histogramBin(score: number): number {
  if (score < 0) return 0;
  return Math.min(HISTOGRAM_BINS - 1, 1 + Math.floor(score / HISTOGRAM_BIN));
}

/** Label of a histogram bin, e.g. `10–19`. */
export function histogramLabel(bin: number): string {
  if (bin === 0) return '< 0';
  if (bin === HISTOGRAM_BINS - 1) return `≥ ${(HISTOGRAM_BINS - 2) * HISTOGRAM_BIN}`;
  const low = (bin - 1) * HISTOGRAM_BIN;
  return `${low}–${low + HISTOGRAM_BIN - 1}`;
}

/** Adds `from` into `into` (mutates and returns `into`). */
export function mergeStats(into: BatchStats, from: BatchStats): BatchStats {
  into.scored += from.scored;
  into.rejected += from.rejected;
  for (const lane of Object.keys(into.lanes) as Lane[]) into.lanes[lane] += from.lanes[lane];
  for (const [rule, hits] of Object.entries(from.ruleHits)) into.ruleHits[rule] = (into.ruleHits[rule] ?? 0) + hits;
  Object.assign(into.ruleTitles, from.ruleTitles);
  for (let bin = 0; bin < HISTOGRAM_BINS; bin++) into.histogram[bin] = (into.histogram[bin] ?? 0) + (from.histogram[bin] ?? 0);
  return into;
}
