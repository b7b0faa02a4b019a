import { describe, expect, test } from 'vitest';
import { parseDeclaration } from '../../src/records/parseDeclaration.js';
import { parseIsfFiling } from '../../src/records/parseIsfFiling.js';
import { createScorer } from '../../src/scoring/createScorer.js';
import type { ScorerOptions } from '../../src/scoring/ScorerOptions.js';
import type { ScoreOutcome, ScoreResult } from '../../src/scoring/ScoreResult.js';
import type { RuleError } from '../../src/types/RuleHit.js';
import { loadFixture } from '../_helpers/fixtures.js';
import { handwrittenModel, handwrittenRules } from './_lib/handwritten.js';

function scored(outcome: ScoreOutcome): ScoreResult {
  if (!outcome.ok) throw new Error(`expected a score, got issues: ${outcome.issues.map((issue) => issue.message).join('; ')}`);
  return outcome;
}

const usOcean = loadFixture('declarations/us-ocean.json');
const lateIsf = loadFixture('isf/late.json');

describe('createScorer options', () => {
  const rules = handwrittenRules();
  const cases: [string, unknown, string][] = [
    ['no options', undefined, 'TypeError: createScorer: options must be an object such as { rules, model }'],
    ['neither rules nor model', {}, 'TypeError: createScorer: options.rules or options.model is required'],
    ['an unknown option', { rules, threshold: 50 }, 'TypeError: createScorer: unknown option threshold (expected rules, model, reference, policy, modelReasons)'],
    ['rules that are not a pack', { rules: 'default' }, 'TypeError: createScorer: options.rules must be a rule pack from loadRulePack or an object with evaluate(declaration, input)'],
    ['an unknown modelReasons', { rules, modelReasons: 'some' }, 'TypeError: createScorer: options.modelReasons must be "all", "flagged" or "none", received "some"'],
    ['flagged model reasons without predict', { model: handwrittenModel(), modelReasons: 'flagged' }, 'TypeError: createScorer: options.modelReasons "flagged" needs a model with predict() and expectedValue'],
    ['a model without explain', { model: { version: '1' } }, 'TypeError: createScorer: options.model must be a model from loadModel or an object with explain(declaration, input)'],
    ['reference data that is not', { rules, reference: { hs6: {} } }, 'TypeError: createScorer: options.reference must be reference data from buildReferenceData or parseReferenceData'],
    ['a base out of range', { rules, policy: { base: 120 } }, 'RangeError: createScorer: policy.base must be between 0 and 100, received 120'],
    ['a base that is not a number', { rules, policy: { base: '20' } }, 'TypeError: createScorer: policy.base must be a number, received string'],
    ['an unknown policy key', { rules, policy: { bias: 1 } }, 'TypeError: createScorer: unknown option policy.bias (expected base, calibration, thresholds, random)'],
    ['yellow not below red', { rules, policy: { thresholds: { yellow: 80 } } }, 'RangeError: createScorer: policy.thresholds.yellow (80) must be below policy.thresholds.red (75)'],
    ['blue not below yellow', { rules, policy: { thresholds: { blue: 50 } } }, 'RangeError: createScorer: policy.thresholds.blue (50) must be below policy.thresholds.yellow (50)'],
    ['a negative threshold', { rules, policy: { thresholds: { yellow: -1 } } }, 'RangeError: createScorer: policy.thresholds.yellow must be between 0 and 1000, received -1'],
    ['random rates above 1', { rules, policy: { random: { seed: 's', rates: { red: 0.6, yellow: 0.5 } } } }, 'RangeError: createScorer: policy.random.rates must add up to at most 1, received 1.1'],
    ['a random blue rate without a blue lane', { rules, policy: { random: { seed: 's', rates: { blue: 0.1 } } } }, 'RangeError: createScorer: policy.random.rates.blue needs the blue lane: set policy.thresholds.blue'],
    ['a random seed that is not a string', { rules, policy: { random: { seed: 7, rates: {} } } }, 'TypeError: createScorer: policy.random.seed must be a string, received number'],
    ['an unknown calibration', { rules, policy: { calibration: { kind: 'isotonic' } } }, 'TypeError: createScorer: policy.calibration.kind must be "logit" or "piecewise", received "isotonic"'],
    [
      'a decreasing piecewise calibration',
      { rules, policy: { calibration: { kind: 'piecewise', knots: [[0, -10], [0.5, 10], [1, 5]] } } },
      'RangeError: createScorer: policy.calibration.knots[2]: points must not decrease (monotone calibration), 5 follows 10',
    ],
    [
      'a piecewise calibration not ending at 1',
      { rules, policy: { calibration: { kind: 'piecewise', knots: [[0, -10], [0.5, 10]] } } },
      'RangeError: createScorer: policy.calibration.knots must start at probability 0 and end at probability 1',
    ],
  ];
  test.each(cases)('rejects %s with an error naming the option', (_, options, message) => {
    expect(() => createScorer(options as ScorerOptions)).toThrow(message.slice(message.indexOf(': ') + 2));
    try {
      createScorer(options as ScorerOptions);
    } catch (error) {
      expect(`${(error as Error).name}: ${(error as Error).message}`).toBe(message);
    }
  });

  test('accepts rules only, a model only, and both', () => {
    expect(() => createScorer({ rules: handwrittenRules() })).not.toThrow();
    expect(() => createScorer({ model: handwrittenModel() })).not.toThrow();
    expect(() => createScorer({ rules: handwrittenRules(), model: handwrittenModel(), policy: { base: 0, thresholds: { blue: 30, yellow: 40, red: 60 } } })).not.toThrow();
  });
});

describe('scorer.score', () => {
  test('with rules only: base plus rule points, no model probability', () => {
    const result = scored(createScorer({ rules: handwrittenRules() }).score(usOcean, { isf: lateIsf }));
    expect(result.score).toBe(40);
    expect(result.modelProbability).toBeNull();
    expect(result.hits.map((hit) => hit.ruleId)).toEqual(['timeliness.isf-late']);
    expect(result.contributions).toEqual([
      { source: 'base', id: 'base', label: 'base score', points: 20 },
      { source: 'rule', id: 'timeliness.isf-late', label: 'ISF filed late', points: 20 },
    ]);
    expect(result.explanation.breakdown).toEqual({ base: 20, rules: 20, model: null, clipping: 0, score: 40 });
  });

  test('with a model only: base plus calibrated model points, one contribution per feature', () => {
    const result = scored(createScorer({ model: handwrittenModel() }).score(loadFixture('declarations/risky.json')));
    // risky.json: duty 25 % (+0.15), related party (+0.15), cash in advance (+0.1), importer digit 2 (-0.025).
    expect(result.modelProbability).toBeCloseTo(0.575, 12);
    const logit = (p: number) => Math.log(p / (1 - p));
    expect(result.explanation.breakdown.model).toBe(Math.round(100 * (logit(0.575) - logit(0.2))) / 10);
    expect(result.score).toBe(36.9);
    expect(result.hits).toEqual([]);
    expect(result.contributions.filter((c) => c.source === 'model').map((c) => [c.id, c.points])).toEqual([
      ['max_duty_rate', 6.7],
      ['related_party', 6.8],
      ['cash_in_advance', 4.5],
      ['importer_digit', -1.1],
    ]);
  });

  test('with rules and a model: both kinds of contributions add up to the score', () => {
    const result = scored(createScorer({ rules: handwrittenRules(), model: handwrittenModel() }).score(loadFixture('declarations/risky.json')));
    expect(result.score).toBe(51.9);
    expect(result.contributions.reduce((sum, c) => sum + c.points * 10, 0)).toBe(519);
  });

  test('returns the issues, not a score, for an invalid declaration', () => {
    const outcome = createScorer({ rules: handwrittenRules() }).score({ ...usOcean, currency: 'XYZ', lines: [] });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.id).toBe('DEC-US-2024-000201');
    expect(outcome.issues.map((issue) => [issue.code, issue.path.join('.')])).toEqual([
      ['unknown_currency', 'currency'],
      ['too_short', 'lines'],
    ]);
    expect('score' in outcome).toBe(false);
  });

  test('returns the ISF issues with paths under isf when the joined ISF is invalid', () => {
    const outcome = createScorer({ rules: handwrittenRules() }).score(usOcean, { isf: { ...lateIsf, filedAt: 'yesterday' } });
    expect(outcome).toMatchObject({ ok: false, id: 'DEC-US-2024-000201', record: 'declaration' });
    if (outcome.ok) return;
    expect(outcome.issues).toHaveLength(1);
    expect(outcome.issues[0]).toMatchObject({ code: 'invalid_timestamp', path: ['isf', 'filedAt'] });
  });

  test('returns an issue for input that is not an object, with no id', () => {
    expect(createScorer({ rules: handwrittenRules() }).score('DEC-1')).toMatchObject({ ok: false, id: null, issues: [{ code: 'invalid_type' }] });
  });

  test('scores a parsed declaration exactly as its raw input', () => {
    const scorer = createScorer({ rules: handwrittenRules(), model: handwrittenModel() });
    const declaration = parseDeclaration(usOcean);
    const isf = parseIsfFiling(lateIsf);
    const expected = JSON.stringify(scorer.score(usOcean, { isf: lateIsf }));
    expect(JSON.stringify(scorer.score(declaration, { isf }))).toBe(expected);
    expect(JSON.stringify(scorer.scoreParsed(declaration, { isf }))).toBe(expected);
  });

  test('keeps no state between calls: the same record scores the same before and after others', () => {
    const scorer = createScorer({ rules: handwrittenRules(), model: handwrittenModel(), policy: { random: { seed: 'q4', rates: { yellow: 0.5 } } } });
    const first = JSON.stringify(scorer.score(usOcean, { isf: lateIsf }));
    scorer.score(loadFixture('declarations/risky.json'));
    scorer.scoreIsf(lateIsf);
    expect(JSON.stringify(scorer.score(usOcean, { isf: lateIsf }))).toBe(first);
  });

  test('serialises to JSON without functions, and the text renders the same from the JSON', async () => {
    const { renderExplanationText } = await import('../../src/scoring/renderExplanationText.js');
    const result = scored(createScorer({ rules: handwrittenRules(), model: handwrittenModel() }).score(usOcean, { isf: lateIsf }));
    const json = JSON.parse(JSON.stringify(result)) as ScoreResult;
    expect(Object.keys(json.explanation)).toEqual(['summary', 'reasons', 'breakdown', 'notEvaluated', 'sources', 'text']);
    expect(json.explanation.text).toBe(result.explanation.toText());
    expect(renderExplanationText(json.explanation)).toBe(result.explanation.toText());
  });
});

describe('scorer.scoreIsf', () => {
  test('screens an ISF alone with the rules that apply to it, without the model', () => {
    const result = scored(createScorer({ rules: handwrittenRules(), model: handwrittenModel() }).scoreIsf(lateIsf));
    expect(result).toMatchObject({ id: 'ISF-2024-000202', record: 'isf', score: 40, lane: 'green', modelProbability: null });
    expect(result.hits.map((hit) => hit.message)).toEqual(['ISF filed 12 h before lading; 24 h required']);
  });

  test('returns the issues of an invalid ISF', () => {
    const outcome = createScorer({ rules: handwrittenRules() }).scoreIsf({ ...lateIsf, type: 'ISF-11' });
    expect(outcome).toMatchObject({ ok: false, id: 'ISF-2024-000202', record: 'isf' });
  });
});

describe('modelReasons: flagged', () => {
  const model = handwrittenModel(0.2, { withPredict: true });
  const all = createScorer({ rules: handwrittenRules(), model });
  const flagged = createScorer({ rules: handwrittenRules(), model, modelReasons: 'flagged' });

  test('gives a green result its model points as one contribution, with the same score and lane', () => {
    const a = scored(all.score(loadFixture('declarations/clean.json')));
    const f = scored(flagged.score(loadFixture('declarations/clean.json')));
    expect(f.lane).toBe('green');
    expect([f.score, f.lane, f.laneReason, f.modelProbability]).toEqual([a.score, a.lane, a.laneReason, a.modelProbability]);
    expect(f.contributions.filter((c) => c.source === 'model')).toEqual([
      { source: 'model', id: 'model', label: 'model (not broken down into reasons)', points: a.explanation.breakdown.model },
    ]);
    expect(f.explanation.reasons.filter((reason) => reason.source === 'model')).toEqual([]);
  });

  test('gives a result outside the green lane every model reason, exactly as with all', () => {
    const risky = loadFixture('declarations/risky.json');
    const f = scored(flagged.score(risky));
    expect(f.lane).toBe('red');
    expect(JSON.stringify(f)).toBe(JSON.stringify(all.score(risky)));
  });
});

describe('modelReasons: none', () => {
  test('gives every result its model points as one contribution, with the same score and lane as all', () => {
    const model = handwrittenModel(0.2, { withPredict: true });
    const all = createScorer({ rules: handwrittenRules(), model });
    const none = createScorer({ rules: handwrittenRules(), model, modelReasons: 'none' });
    for (const name of ['clean', 'risky', 'us-ocean', 'multi-line']) {
      const a = scored(all.score(loadFixture(`declarations/${name}.json`)));
      const n = scored(none.score(loadFixture(`declarations/${name}.json`)));
      expect([n.score, n.lane, n.laneReason]).toEqual([a.score, a.lane, a.laneReason]);
      expect(n.contributions.filter((c) => c.source === 'model')).toEqual([
        { source: 'model', id: 'model', label: 'model (not broken down into reasons)', points: a.explanation.breakdown.model },
      ]);
    }
  });
});

describe('explanation: rules not evaluated', () => {
  const failing = (errors: RuleError[]) => ({ id: 'test-pack', version: '1', evaluate: () => ({ hits: [], errors }) });
  const error = (ruleId: string, line: number | undefined, reason: string): RuleError => ({
    ruleId,
    title: `${ruleId} title`,
    reason,
    packId: 'test-pack',
    packVersion: '1',
    ...(line === undefined ? {} : { line }),
  });

  test('lists each rule once, in the order rules first failed, with its lines and first reason', () => {
    const result = scored(
      createScorer({ rules: failing([error('A', 1, 'no mass'), error('A', 3, 'no mass either'), error('B', undefined, 'no ISF'), error('C', 2, 'no value')]) }).score(usOcean),
    );
    expect(result.explanation.notEvaluated).toEqual(['A A title (lines 1, 3): no mass', 'B B title: no ISF', 'C C title (line 2): no value']);
  });

  test('groups the errors of a rule source that interleaves rules', () => {
    const result = scored(createScorer({ rules: failing([error('A', 1, 'first'), error('B', 1, 'other'), error('A', 2, 'second')]) }).score(usOcean));
    expect(result.explanation.notEvaluated).toEqual(['A A title (lines 1, 2): first', 'B B title (line 1): other']);
  });
});
