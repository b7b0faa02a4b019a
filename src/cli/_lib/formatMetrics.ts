import type { RankingMetrics } from '../../model/_lib/metrics.js';

const pct = (value: number | null): string => (value === null ? '–' : `${(100 * value).toFixed(1)} %`);
const num = (value: number): string => value.toLocaleString('en-US');

/**
 * The model metrics as a text table: one column per record set (all, novel), rows for AUC and precision,
 * recall and revenue at 1, 2, 5 and 10 % of records.
 */
export function formatMetrics(sets: readonly (readonly [name: string, metrics: RankingMetrics])[]): string {
  const header = ['metric', ...sets.map(([name]) => name)];
  const rows: string[][] = [
    ['records', ...sets.map(([, m]) => num(m.rows))],
    ['positives', ...sets.map(([, m]) => `${num(m.positives)} (${pct(m.rows === 0 ? null : m.positives / m.rows)})`)],
    ['AUC', ...sets.map(([, m]) => (m.auc === null ? '–' : m.auc.toFixed(3)))],
  ];
  const shares = sets[0]?.[1].top.map((top) => top.share) ?? [];
  for (const [index, share] of shares.entries()) {
    const label = `${(share * 100).toFixed(0)} %`;
    rows.push([`precision@${label}`, ...sets.map(([, m]) => pct(m.top[index]?.precision ?? null))]);
    rows.push([`recall@${label}`, ...sets.map(([, m]) => pct(m.top[index]?.recall ?? null))]);
    rows.push([`revenue@${label}`, ...sets.map(([, m]) => pct(m.top[index]?.revenue ?? null))]);
  }
  return table([header, ...rows]);
}

/** Columns two spaces apart: the first and the `textColumns` left-aligned, the others (numbers) right-aligned. */
export function table(rows: readonly (readonly string[])[], textColumns: readonly number[] = []): string {
  const widths = (rows[0] ?? []).map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const left = (column: number): boolean => column === 0 || textColumns.includes(column);
  return `${rows
    .map((row) => row.map((cell, column) => (left(column) ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ').trimEnd())
    .join('\n')}\n`;
}
