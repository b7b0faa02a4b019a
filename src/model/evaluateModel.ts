import type { RiskModel } from './RiskModel.js';
import type { LabelledRecord } from './trainModel.js';
import { rankingMetrics, type RankingMetrics } from './_lib/metrics.js';

/** Options of `evaluateModel`. */
export interface EvaluateModelOptions {
  /**
   * The records the model was trained on. When given, metrics are also reported on the "novel" records:
   * those with no goods line whose exact (net mass, customs value) pair occurs in training (see
   * docs/model.md for why the KCS data needs this).
   */
  readonly trainingRecords?: readonly LabelledRecord[];
}

/** Metrics of a model on labelled records, on all of them and on the novel ones. */
export interface ModelEvaluation {
  readonly all: RankingMetrics;
  /** Null when no training records were given. */
  readonly novel: RankingMetrics | null;
}

const pairKey = (netMass: number | undefined, value: number) => `${netMass ?? ''}|${value}`;

/**
 * Scores labelled records and reports precision and recall at 1, 2, 5 and 10 % of records, AUC, revenue at
 * the same cut-offs (share of the customs value of all positives caught) and a calibration table.
 *
 * @example
 * evaluateModel(model, valid, { trainingRecords: train }).all.auc //=> 0.95
 */
export function evaluateModel(model: RiskModel, labelled: readonly LabelledRecord[], options: EvaluateModelOptions = {}): ModelEvaluation {
  const scores = model.predictBatch(
    labelled.map((item) => item.record),
    { isf: labelled.map((item) => item.isf) },
  );
  const labels = Uint8Array.from(labelled, (item) => (item.label.fraud ? 1 : 0));
  const values = Float64Array.from(labelled, (item) => item.record.lines.reduce((sum, line) => sum + line.customsValue, 0));
  const all = rankingMetrics(scores, labels, values);
  if (options.trainingRecords === undefined) return { all, novel: null };
  const seen = new Set<string>();
  for (const { record } of options.trainingRecords) for (const line of record.lines) seen.add(pairKey(line.netMassKg, line.customsValue));
  const novel: number[] = [];
  labelled.forEach((item, i) => {
    if (item.record.lines.every((line) => !seen.has(pairKey(line.netMassKg, line.customsValue)))) novel.push(i);
  });
  return {
    all,
    novel: rankingMetrics(
      novel.map((i) => scores[i]!),
      novel.map((i) => labels[i]!),
      novel.map((i) => values[i]!),
    ),
  };
}
