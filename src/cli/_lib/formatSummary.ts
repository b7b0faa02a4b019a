import { HISTOGRAM_BINS, histogramLabel } from '../../batch/BatchStats.js';
import type { ScoreStreamReport } from '../../batch/scoreStream.js';
import type { Lane } from '../../types/Lane.js';

const LANES: readonly Lane[] = ['red', 'yellow', 'blue', 'green'];
const number = (value: number): string => value.toLocaleString('en-US');
const percent = (part: number, whole: number): string => (whole === 0 ? '0.0' : ((100 * part) / whole).toFixed(1));

/**
 * The end-of-run summary of `score`: the integrity line (rows in = scored + rejected), lanes, top rules by
 * hits, the score histogram and the throughput. Plain text for stderr.
 */
export function formatSummary(report: ScoreStreamReport, run: { readonly seconds: number; readonly workers: number }): string {
  const { stats } = report;
  const lines: string[] = [];
  lines.push(
    `rows: ${number(report.rowsIn)} in = ${number(report.rowsScored)} scored + ${number(report.rowsRejected)} rejected (integrity check passed)`,
  );
  const declarations = stats.scored;
  lines.push(`declarations scored: ${number(declarations)}; rejected: ${number(stats.rejected)}`);
  lines.push(`lanes: ${LANES.map((lane) => `${lane} ${number(stats.lanes[lane])} (${percent(stats.lanes[lane], declarations)} %)`).join(', ')}`);
  const top = Object.entries(stats.ruleHits)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 10);
  if (top.length > 0) {
    lines.push('top rules by hits:');
    const width = Math.max(...top.map(([, hits]) => number(hits).length));
    for (const [rule, hits] of top) {
      lines.push(`  ${number(hits).padStart(width)}  ${percent(hits, declarations).padStart(5)} %  ${rule}  ${stats.ruleTitles[rule] ?? ''}`.trimEnd());
    }
  } else lines.push('top rules by hits: none fired');
  lines.push('score histogram:');
  const peak = Math.max(1, ...stats.histogram);
  for (let bin = 0; bin < HISTOGRAM_BINS; bin++) {
    const count = stats.histogram[bin] ?? 0;
    if (count === 0 && (bin === 0 || bin === HISTOGRAM_BINS - 1)) continue;
    const bar = '#'.repeat(Math.round((30 * count) / peak));
    lines.push(`  ${histogramLabel(bin).padStart(7)}  ${number(count).padStart(10)}  ${bar}`.trimEnd());
  }
  const rate = run.seconds > 0 ? report.rowsIn / run.seconds : 0;
  lines.push(`time: ${run.seconds.toFixed(2)} s end to end, ${number(Math.round(rate))} rows/s, ${run.workers} worker${run.workers === 1 ? '' : 's'}`);
  return `${lines.join('\n')}\n`;
}
