import { describe, expect, test } from 'vitest';
import { renderReport } from '../../src/report/index.js';
import { cardValue, chartBars, readEmbedded } from './_lib/readEmbedded.js';
import { scoreFixtures } from './_lib/scoreFixtures.js';

// The fixtures scored for real by the bundled rule pack and model, then rendered.

const { results, entries, modelVersion } = scoreFixtures();

describe('renderReport on scorer output', () => {
  test('renders every scored fixture, with bars that add up to each score', () => {
    const html = renderReport(entries, { includeGreen: true });
    const cases = readEmbedded(html).cases;
    expect(cases).toHaveLength(results.length);
    expect(cardValue(html, 'rows')).toBe(String(results.length));
    for (const result of results) {
      const shown = cases.find((c) => c.id === result.id);
      expect(shown?.lane).toBe(result.lane);
      const zero = result.contributions.filter((c) => c.source === 'model' && c.points === 0).length;
      expect(shown?.reasons).toHaveLength(result.contributions.length - zero);
      expect(shown?.zero).toBe(zero);
      // Points are multiples of 0.1 (ScoreResult): the sum in tenths is exact.
      const tenths = chartBars(shown!).reduce((sum, bar) => sum + Math.round(bar[1] * 10), 0);
      expect(tenths / 10).toBe(result.score);
      expect(shown?.text).toBe(result.explanation.text);
      expect(shown?.facts[0]).toEqual(['Declaration', result.id]);
    }
  });

  test("shows each rule reason with the scorer's words and numbers and names the model from the explanations", () => {
    const html = renderReport(entries);
    expect(html).toContain(`<dt>Model</dt><dd>${modelVersion}</dd>`);
    expect(html).toContain('<dt>Rule packs</dt><dd>default@1.0.0</dd>');
    const cases = readEmbedded(html).cases;
    for (const result of results.filter((r) => r.lane !== 'green')) {
      const shown = cases.find((c) => c.id === result.id);
      for (const reason of result.explanation.reasons) {
        const bar = shown?.reasons.find((b) => b[0] === reason.source && b[1] === reason.id && (reason.line === undefined || b[5].endsWith(`line ${reason.line}`)));
        // Shown without the feature label, which the reason column already shows.
        const prefix = `${reason.label}: `;
        expect(bar?.[6]).toBe(reason.seen.startsWith(prefix) ? reason.seen.slice(prefix.length) : reason.seen);
      }
    }
    expect(cases.some((c) => c.isf !== null)).toBe(true);
  });
});
