import { readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { createScorer } from '../../src/scoring/createScorer.js';
import type { RiskModelSource } from '../../src/scoring/ScorerOptions.js';
import type { ModelCalibration } from '../../src/scoring/ScoringPolicy.js';
import type { ScoreOutcome, ScoreResult } from '../../src/scoring/ScoreResult.js';
import { fixturePath, loadFixture } from '../_helpers/fixtures.js';
import { generateDeclarations } from './_lib/generate.js';
import { handwrittenModel, handwrittenRules } from './_lib/handwritten.js';

function scored(outcome: ScoreOutcome): ScoreResult {
  if (!outcome.ok) throw new Error(outcome.issues.map((issue) => issue.message).join('; '));
  return outcome;
}

/** Sum of the contributions in tenths: exact, since every point value is a multiple of 0.1. */
const tenths = (result: ScoreResult) => result.contributions.reduce((sum, c) => sum + Math.round(c.points * 10), 0);

function expectExact(result: ScoreResult): void {
  expect(tenths(result)).toBe(Math.round(result.score * 10));
  expect(result.score).toBeGreaterThanOrEqual(0);
  expect(result.score).toBeLessThanOrEqual(100);
  for (const c of result.contributions) expect(Math.round(c.points * 10)).toBe(c.points * 10);
  const { base, rules, model, clipping, score } = result.explanation.breakdown;
  expect(Math.round((base + (rules ?? 0) + (model ?? 0) + clipping) * 10)).toBe(Math.round(score * 10));
  const modelPoints = result.contributions.filter((c) => c.source === 'model').reduce((sum, c) => sum + Math.round(c.points * 10), 0);
  expect(modelPoints).toBe(Math.round((model ?? 0) * 10));
}

/** A model with one strong feature, for driving the score past 100 or below 0. */
function constantModel(probability: number, expectedValue = 0.2): RiskModelSource {
  return {
    version: 'constant 1',
    explain: () => ({
      probability,
      expectedValue,
      contributions: [
        { feature: 'a', label: 'feature a', value: 1, formatted: '1', shap: (probability - expectedValue) * 0.7 },
        { feature: 'b', label: 'feature b', value: 2, formatted: '2', shap: (probability - expectedValue) * 0.3 },
      ],
      modelVersion: 'constant 1',
    }),
  };
}

const declarationFixtures = readdirSync(fixturePath('declarations')).filter((name) => name.endsWith('.json'));
const isfFixtures = readdirSync(fixturePath('isf')).filter((name) => name.endsWith('.json'));

describe('combination policy', () => {
  const scorers = {
    rules: createScorer({ rules: handwrittenRules() }),
    model: createScorer({ model: handwrittenModel() }),
    both: createScorer({ rules: handwrittenRules({ trusted: ['IMP-US-3301'] }), model: handwrittenModel() }),
  };

  test.each(declarationFixtures)('contributions add up to the score exactly for %s, with each ISF and in every mode', (name) => {
    const declaration = loadFixture(`declarations/${name}`);
    for (const scorer of Object.values(scorers)) {
      expectExact(scored(scorer.score(declaration)));
      for (const isf of isfFixtures) expectExact(scored(scorer.score(declaration, { isf: loadFixture(`isf/${isf}`) })));
    }
  });

  test('contributions add up to the score exactly on 3,000 generated declarations', () => {
    const scorer = createScorer({ rules: handwrittenRules({ trusted: ['IMP-7', 'IMP-8'], bonus: 33.3 }), model: handwrittenModel() });
    const records = generateDeclarations(3000);
    let clipped = 0;
    for (const record of records) {
      const result = scored(scorer.score(record));
      expectExact(result);
      if (result.explanation.breakdown.clipping !== 0) clipped += 1;
    }
    // The generator must reach the clipping path, or the test proves less than it says.
    expect(clipped).toBeGreaterThan(60);
  });

  test('caps the score at 100 with a clipping contribution that keeps the sum exact', () => {
    const result = scored(createScorer({ rules: handwrittenRules({ bonus: 70 }), model: constantModel(0.99) }).score(loadFixture('declarations/risky.json')));
    expect(result.score).toBe(100);
    const clipping = result.contributions.at(-1);
    // base 20 + rules 85 (net above gross 15, bonus 70) + model 10 × (logit 0.99 − logit 0.2) = 59.8 → 164.8.
    expect(clipping).toEqual({ source: 'clipping', id: 'clipping', label: 'score capped at 100', points: -64.8 });
    expectExact(result);
    expect(result.explanation.toText()).toContain('base 20 + rules 85 + model 59.8 - capped 64.8 = 100');
  });

  test('floors the score at 0 with a clipping contribution', () => {
    const result = scored(createScorer({ rules: handwrittenRules({ trusted: ['IMP-2024-0101'] }), model: constantModel(0.01), policy: { base: 5 } }).score(loadFixture('declarations/clean.json')));
    expect(result.score).toBe(0);
    expect(result.contributions.at(-1)).toMatchObject({ source: 'clipping', label: 'score floored at 0' });
    expectExact(result);
  });

  test('maps probability to points through a monotone calibration measured from the expected value', () => {
    const declaration = loadFixture('declarations/clean.json');
    for (const calibration of [undefined, { kind: 'piecewise', knots: [[0, -20], [0.2, 0], [0.5, 30], [1, 60]] }] as const) {
      let previous = Number.NEGATIVE_INFINITY;
      for (let p = 0; p <= 1.0000001; p += 0.01) {
        const scorer = createScorer({ model: constantModel(Math.min(1, p)), policy: calibration === undefined ? {} : { calibration } });
        const model = scored(scorer.score(declaration)).explanation.breakdown.model as number;
        expect(model).toBeGreaterThanOrEqual(previous);
        previous = model;
      }
    }
    const at = (p: number, calibration?: ModelCalibration) =>
      scored(createScorer({ model: constantModel(p), policy: calibration === undefined ? {} : { calibration } }).score(declaration)).explanation.breakdown.model;
    expect(at(0.2)).toBe(0);
    expect(at(0.5)).toBe(13.9); // 10 × (logit 0.5 − logit 0.2) = 13.86
    expect(at(1)).toBe(59.8); // clamped at 0.99
    expect(at(0.5, { kind: 'logit', pointsPerLogit: 20, epsilon: 0.001 })).toBe(27.7);
    expect(at(0.35, { kind: 'piecewise', knots: [[0, -20], [0.2, 0], [0.5, 30], [1, 60]] })).toBe(15);
  });

  test('scales each SHAP value by the same factor, so model reasons keep their shares and signs', () => {
    const result = scored(createScorer({ model: constantModel(0.5) }).score(loadFixture('declarations/clean.json')));
    // 13.9 model points split 70 / 30.
    expect(result.contributions.filter((c) => c.source === 'model').map((c) => c.points)).toEqual([9.7, 4.2]);
  });

  test('gives features points at the calibration slope when the probability equals the expected value', () => {
    const model: RiskModelSource = {
      version: 'balanced 1',
      explain: () => ({
        probability: 0.2,
        expectedValue: 0.2,
        contributions: [
          { feature: 'up', label: 'raises', value: 1, formatted: '1', shap: 0.05 },
          { feature: 'down', label: 'lowers', value: 0, formatted: '0', shap: -0.05 },
        ],
        modelVersion: 'balanced 1',
      }),
    };
    const result = scored(createScorer({ model }).score(loadFixture('declarations/clean.json')));
    // Slope of 10 × logit at 0.2 is 10 / (0.2 × 0.8) = 62.5 points per unit of probability: ±3.1 points.
    expect(result.contributions.filter((c) => c.source === 'model').map((c) => c.points)).toEqual([3.1, -3.1]);
    expect(result.score).toBe(20);
  });
});

describe('combination policy guards', () => {
  test('throws a ModelError naming the model when it answers a probability outside 0–1', () => {
    const scorer = createScorer({ model: constantModel(Number.NaN) });
    expect(() => scorer.score(loadFixture('declarations/clean.json'))).toThrowError(
      expect.objectContaining({ name: 'ModelError', message: 'model constant 1 gave probability NaN (expected value 0.2): expected numbers from 0 to 1' }),
    );
  });

  test('throws naming the rule when a rule source gives points that are not a number', () => {
    const rules = handwrittenRules({ bonus: Number.POSITIVE_INFINITY });
    expect(() => createScorer({ rules }).score(loadFixture('declarations/clean.json'))).toThrowError(
      'rule test.bonus of pack handwritten 0.1.0 gave Infinity points: expected a finite number',
    );
  });
});
