import { HISTOGRAM_BINS } from './summarizeBatch.js';

const WIDTH = 420;
const HEIGHT = 170;
const LEFT = 30;
const BOTTOM = 140;
const BAR_AREA = 110;
const STEP = (WIDTH - LEFT - 10) / HISTOGRAM_BINS;

/** The score histogram as an inline SVG; only numbers go into it, so nothing needs escaping. */
export function histogramSvg(histogram: readonly number[]): string {
  const max = Math.max(1, ...histogram);
  const parts: string[] = [];
  histogram.forEach((count, bin) => {
    const height = Math.round((count / max) * BAR_AREA * 10) / 10;
    const x = Math.round((LEFT + bin * STEP + 2) * 10) / 10;
    const width = Math.round((STEP - 4) * 10) / 10;
    const from = bin * 10;
    const to = bin === HISTOGRAM_BINS - 1 ? 100 : from + 9;
    parts.push(
      `<g><rect class="bin" data-bin="${bin}" data-count="${count}" x="${x}" y="${BOTTOM - height}" width="${width}" height="${height}"><title>${from}–${to}: ${count} record${count === 1 ? '' : 's'}</title></rect>` +
        `<text class="count" x="${x + width / 2}" y="${BOTTOM - height - 4}">${count}</text>` +
        `<text class="tick" x="${x + width / 2}" y="${BOTTOM + 14}">${from}</text></g>`,
    );
  });
  return (
    `<svg class="histogram" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="histogram-title">` +
    `<title id="histogram-title">Records per score band</title>` +
    `<line class="axis" x1="${LEFT}" y1="${BOTTOM}" x2="${WIDTH - 10}" y2="${BOTTOM}"/>` +
    parts.join('') +
    `<text class="axis-label" x="${WIDTH / 2}" y="${HEIGHT - 2}">score</text></svg>`
  );
}
