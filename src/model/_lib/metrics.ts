/** Share of rows (as a fraction) at which precision, recall and revenue are reported. */
export const TOP_SHARES = [0.01, 0.02, 0.05, 0.1] as const;

/** Metrics at one cut-off: the top `share` of rows by score. */
export interface TopMetrics {
  /** Fraction of rows selected, e.g. 0.05. */
  readonly share: number;
  readonly selected: number;
  readonly precision: number;
  readonly recall: number;
  /** Share of the value of all positive rows that the selected positive rows carry; null without values. */
  readonly revenue: number | null;
}

/** One bin of the calibration table. */
export interface CalibrationBin {
  /** Predicted probabilities in [from, to). */
  readonly from: number;
  readonly to: number;
  readonly rows: number;
  readonly meanPredicted: number;
  /** Observed share of positives; null for an empty bin. */
  readonly observedRate: number | null;
}

/** Ranking and calibration metrics of a set of scored rows. */
export interface RankingMetrics {
  readonly rows: number;
  readonly positives: number;
  /** Area under the ROC curve (ties count half); null when one class is absent. */
  readonly auc: number | null;
  readonly top: readonly TopMetrics[];
  readonly calibration: readonly CalibrationBin[];
}

/** Computes AUC, precision / recall / revenue at 1, 2, 5, 10 % and a 10-bin calibration table. */
export function rankingMetrics(scores: ArrayLike<number>, labels: ArrayLike<number>, values?: ArrayLike<number>): RankingMetrics {
  const n = scores.length;
  // Highest score first; ties keep input order, so the result is deterministic.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  let positives = 0;
  let positiveValue = 0;
  for (let i = 0; i < n; i++) {
    if (labels[i] === 1) {
      positives++;
      positiveValue += values?.[i] ?? 0;
    }
  }
  const top = TOP_SHARES.map((share) => {
    const selected = Math.max(1, Math.round(share * n));
    let hits = 0;
    let value = 0;
    for (let r = 0; r < Math.min(selected, n); r++) {
      const i = order[r]!;
      if (labels[i] === 1) {
        hits++;
        value += values?.[i] ?? 0;
      }
    }
    return {
      share,
      selected: Math.min(selected, n),
      precision: n === 0 ? 0 : hits / Math.min(selected, n),
      recall: positives === 0 ? 0 : hits / positives,
      revenue: values === undefined || positiveValue === 0 ? null : value / positiveValue,
    };
  });
  return { rows: n, positives, auc: auc(scores, labels, order), top, calibration: calibration(scores, labels) };
}

/** AUC by the rank-sum formula over groups of tied scores. */
function auc(scores: ArrayLike<number>, labels: ArrayLike<number>, descending: readonly number[]): number | null {
  const n = descending.length;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i] === 1 ? 1 : 0;
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return null;
  // Walk from the lowest score up, counting for each positive the negatives ranked below it.
  let negativesBelow = 0;
  let sum = 0;
  let r = n - 1;
  while (r >= 0) {
    let groupEnd = r;
    while (groupEnd > 0 && scores[descending[groupEnd - 1]!] === scores[descending[r]!]) groupEnd--;
    let groupPos = 0;
    let groupNeg = 0;
    for (let k = groupEnd; k <= r; k++) {
      if (labels[descending[k]!] === 1) groupPos++;
      else groupNeg++;
    }
    sum += groupPos * (negativesBelow + groupNeg / 2);
    negativesBelow += groupNeg;
    r = groupEnd - 1;
  }
  return sum / (positives * negatives);
}

function calibration(scores: ArrayLike<number>, labels: ArrayLike<number>): CalibrationBin[] {
  const bins = 10;
  const rows = new Array<number>(bins).fill(0);
  const predicted = new Array<number>(bins).fill(0);
  const observed = new Array<number>(bins).fill(0);
  for (let i = 0; i < scores.length; i++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(scores[i]! * bins)));
    rows[b]!++;
    predicted[b]! += scores[i]!;
    observed[b]! += labels[i] === 1 ? 1 : 0;
  }
  return rows.map((count, b) => ({
    from: b / bins,
    to: (b + 1) / bins,
    rows: count,
    meanPredicted: count === 0 ? 0 : predicted[b]! / count,
    observedRate: count === 0 ? null : observed[b]! / count,
  }));
}
