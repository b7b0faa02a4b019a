import { describe, expect, test } from 'vitest';
import { rankingMetrics } from '../../src/model/_lib/metrics.js';

describe('rankingMetrics', () => {
  test('computes AUC with ties counted half', () => {
    // Positives at 0.9 and 0.5, negatives at 0.5 and 0.1: pairs won 1 + 1 + 0.5 + 1 of 4.
    expect(rankingMetrics([0.9, 0.5, 0.5, 0.1], [1, 1, 0, 0]).auc).toBe(0.875);
    expect(rankingMetrics([0.3, 0.2], [1, 1]).auc).toBeNull();
  });

  test('computes precision, recall and revenue among the top rows', () => {
    const scores = Array.from({ length: 100 }, (_, i) => 1 - i / 100);
    const labels = Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? 1 : 0));
    const values = Array.from({ length: 100 }, () => 10);
    const at5 = rankingMetrics(scores, labels, values).top[2]!;
    expect(at5).toEqual({ share: 0.05, selected: 5, precision: 0.6, recall: 3 / 50, revenue: 30 / 500 });
  });
});
