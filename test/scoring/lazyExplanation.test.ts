import { beforeAll, describe, expect, test } from 'vitest';
import { createScorer, createScorerWith, type Scorer } from '../../src/scoring/createScorer.js';
import type { ScoreOutcome, ScoreResult } from '../../src/scoring/ScoreResult.js';
import { loadDefaultSources, type DefaultSources } from './_lib/defaultSources.js';

// The batch's scorer builds explanation strings on first read. Its results must serialise and render exactly
// as the public scorer's, whose explanations are plain data.

function scored(outcome: ScoreOutcome): ScoreResult {
  if (!outcome.ok) throw new Error(outcome.issues.map((issue) => issue.message).join('; '));
  return outcome;
}

let sources: DefaultSources;
let eager: Scorer;
let lazy: Scorer;
beforeAll(async () => {
  sources = await loadDefaultSources();
  const options = { rules: sources.pack, model: sources.model, reference: sources.reference };
  eager = createScorer(options);
  lazy = createScorerWith(options, { lazyExplanations: true });
});

describe('lazy explanations (batch scorer)', () => {
  test('give the same JSON, key order included, and the same text on 200 KCS sample rows', () => {
    for (const declaration of sources.sample.slice(0, 200)) {
      const a = scored(eager.scoreParsed(declaration));
      const b = scored(lazy.scoreParsed(declaration));
      expect(JSON.stringify(b)).toBe(JSON.stringify(a));
      expect(b.explanation.toText()).toBe(a.explanation.toText());
      expect(b.explanation.toText({ maxReasons: 2 })).toBe(a.explanation.toText({ maxReasons: 2 }));
      expect(b.explanation.summary).toBe(a.explanation.summary);
      expect(b.explanation.notEvaluated).toEqual(a.explanation.notEvaluated);
    }
  });

  test('the public scorer keeps every field an own property, so spreading keeps it', () => {
    const result = scored(eager.scoreParsed(sources.sample[0]!));
    expect(Object.keys({ ...result.explanation })).toEqual(['summary', 'reasons', 'breakdown', 'notEvaluated', 'sources', 'text']);
  });
});
