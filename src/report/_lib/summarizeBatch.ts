import type { Lane } from '../../types/Lane.js';
import type { ReportEntry } from '../types.js';

/** Lanes in the order the report lists them, most severe first. */
export const LANES: readonly Lane[] = ['red', 'yellow', 'blue', 'green'];

/** Number of score histogram bins: 0–9, 10–19, …, 90–100. */
export const HISTOGRAM_BINS = 10;

/** A rule's share of the batch. */
export interface RuleCount {
  readonly ruleId: string;
  readonly title: string;
  /** Records on which the rule fired at least once. */
  readonly records: number;
  /** Hits in total (a line rule can fire on several lines of one record). */
  readonly hits: number;
}

/** The overview's numbers. */
export interface BatchSummary {
  readonly rows: number;
  readonly lanes: Readonly<Record<Lane, number>>;
  /** Records per score bin; the last bin holds 90–100. */
  readonly histogram: readonly number[];
  /** Every rule that fired, most records first, then by id. */
  readonly rules: readonly RuleCount[];
  /** `packId@packVersion` named by the hits, sorted. */
  readonly rulePacks: readonly string[];
  /** Model versions named by the explanations' sources (`model kcs-rf 1` → `kcs-rf 1`), sorted. */
  readonly models: readonly string[];
  readonly meanScore: number;
}

/** Orders strings by code unit, the same on every machine (localeCompare depends on the host's locale). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Histogram bin of a score: `floor(score / 10)`, with 100 in the last bin and out-of-range scores clamped. */
export function histogramBin(score: number): number {
  return Math.min(HISTOGRAM_BINS - 1, Math.max(0, Math.floor(score / 10)));
}

/** Counts rows, lanes, score bins and rule hits of a batch. */
export function summarizeBatch(entries: readonly ReportEntry[]): BatchSummary {
  const lanes: Record<Lane, number> = { red: 0, yellow: 0, blue: 0, green: 0 };
  const histogram = new Array<number>(HISTOGRAM_BINS).fill(0);
  const rules = new Map<string, { title: string; records: number; hits: number }>();
  const packs = new Set<string>();
  const models = new Set<string>();
  let total = 0;
  for (const entry of entries) {
    lanes[entry.lane] += 1;
    const bin = histogramBin(entry.score);
    histogram[bin] = (histogram[bin] ?? 0) + 1;
    total += entry.score;
    for (const source of entry.explanation?.sources ?? []) if (source.startsWith('model ')) models.add(source.slice(6));
    const seen = new Set<string>();
    for (const hit of entry.hits) {
      let count = rules.get(hit.ruleId);
      if (count === undefined) {
        count = { title: hit.title, records: 0, hits: 0 };
        rules.set(hit.ruleId, count);
      }
      count.hits += 1;
      if (!seen.has(hit.ruleId)) {
        count.records += 1;
        seen.add(hit.ruleId);
      }
      if (hit.packId !== undefined) packs.add(hit.packVersion === undefined ? hit.packId : `${hit.packId}@${hit.packVersion}`);
    }
  }
  const ruleCounts = [...rules.entries()]
    .map(([ruleId, count]) => ({ ruleId, ...count }))
    .sort((a, b) => b.records - a.records || b.hits - a.hits || compareText(a.ruleId, b.ruleId));
  return {
    rows: entries.length,
    lanes,
    histogram,
    rules: ruleCounts,
    rulePacks: [...packs].sort(compareText),
    models: [...models].sort(compareText),
    meanScore: entries.length === 0 ? 0 : total / entries.length,
  };
}
