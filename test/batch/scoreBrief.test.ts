import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { createLaneFirstScorer } from '../../src/batch/_lib/createLaneFirstScorer.js';
import { loadScorerSources } from '../../src/batch/_lib/loadScorerSources.js';
import { parseDeclaration } from '../../src/records/parseDeclaration.js';
import { parseIsfFiling } from '../../src/records/parseIsfFiling.js';
import type { Declaration } from '../../src/records/declarationSchema.js';
import type { IsfFiling } from '../../src/records/isfFilingSchema.js';
import type { ScoringPolicy } from '../../src/scoring/ScoringPolicy.js';
import { createScorerWith } from '../../src/scoring/createScorer.js';
import { fixturePath } from '../_helpers/fixtures.js';
import { kcsSample } from '../model/_kcsSample.js';

const config = {
  format: 'csv',
  layout: 'kcs',
  output: 'csv',
  explain: 'none',
  rules: readFileSync(fixturePath('../rules/default.json'), 'utf8'),
  modelText: readFileSync(fixturePath('../models/default.json'), 'utf8'),
  referenceText: readFileSync(fixturePath('../models/reference.json'), 'utf8'),
} as const;

/** What a CSV line shows of a result, from the full result and from the brief. */
function fullView(scorer: ReturnType<typeof createLaneFirstScorer>, declaration: Declaration, isf?: IsfFiling) {
  const result = scorer.scoreParsed(declaration, { isf });
  const reasons = result.explanation.reasons.slice(0, 3).map(({ source, label, points, forcedLane }) => (forcedLane === undefined ? { source, label, points } : { source, label, points, forcedLane }));
  return { id: result.id, score: result.score, lane: result.lane, laneReason: result.laneReason, hits: result.hits, reasons };
}

function briefView(scorer: ReturnType<typeof createLaneFirstScorer>, declaration: Declaration, isf?: IsfFiling) {
  const { id, score, lane, laneReason, hits, reasons } = scorer.scoreParsedBrief(declaration, { isf }, 3);
  return { id, score, lane, laneReason, hits, reasons };
}

const policies: Record<string, ScoringPolicy | undefined> = {
  default: undefined,
  // Random selection moves records between lanes by a draw on the id; a high base clips at 100.
  'random selection': { random: { seed: 'brief', rates: { red: 0.05, yellow: 0.1, blue: 0.1 } }, thresholds: { blue: 20, yellow: 40, red: 75 } },
  'clipped at 100': { base: 90 },
  'floored at 0': { base: 0, calibration: { kind: 'logit', pointsPerLogit: 40, epsilon: 0.01 } },
};

describe('scoreParsedBrief', () => {
  for (const [name, policy] of Object.entries(policies)) {
    test(`gives the full result's score, lane, hits and top three reasons on the KCS sample (${name} policy)`, async () => {
      const scorer = createLaneFirstScorer({ ...loadScorerSources(config), ...(policy === undefined ? {} : { policy }) }, 'none');
      const records = await kcsSample();
      const lanes = new Set<string>();
      let withReasons = 0;
      for (const { record } of records) {
        const full = fullView(scorer, record);
        expect(briefView(scorer, record)).toEqual(full);
        lanes.add(`${full.lane} ${full.laneReason.split(':')[0]}`);
        if (full.reasons.length === 3) withReasons++;
      }
      // The comparison covers more than one kind of result.
      expect(lanes.size).toBeGreaterThan(1);
      expect(withReasons).toBeGreaterThan(10);
    });
  }

  test('gives the full result with a joined ISF, forced lanes and rule hits on the fixture declarations', () => {
    const scorer = createLaneFirstScorer(loadScorerSources(config), 'none');
    const declarations = ['clean', 'mismatch', 'multi-line', 'risky', 'us-ocean'].map((name) =>
      parseDeclaration(JSON.parse(readFileSync(fixturePath(`declarations/${name}.json`), 'utf8'))),
    );
    const filings = ['clean-isf10', 'late', 'mismatch', 'amended', 'flexible', 'isf5'].map((name) =>
      parseIsfFiling(JSON.parse(readFileSync(fixturePath(`isf/${name}.json`), 'utf8'))),
    );
    let forced = 0;
    for (const declaration of declarations) {
      for (const isf of [undefined, ...filings]) {
        const full = fullView(scorer, declaration, isf);
        expect(briefView(scorer, declaration, isf)).toEqual(full);
        if (full.laneReason.startsWith('rule:')) forced++;
      }
    }
    expect(forced).toBeGreaterThan(0);
  });

  test('keeps fewer reasons when asked, and rejects a model without predict', () => {
    const scorer = createLaneFirstScorer(loadScorerSources(config), 'none');
    const risky = parseDeclaration(JSON.parse(readFileSync(fixturePath('declarations/risky.json'), 'utf8')));
    expect(scorer.scoreParsedBrief(risky, undefined, 1).reasons).toEqual(fullView(scorer, risky).reasons.slice(0, 1));
    const explainOnly = createScorerWith({ model: { version: 'x', explain: () => ({ probability: 0.5, expectedValue: 0.5, contributions: [], modelVersion: 'x' }) } }, { lazyExplanations: true });
    expect(() => explainOnly.scoreParsedBrief(risky, undefined, 3)).toThrow('a brief score needs a model with predict() and expectedValue');
  });
});
