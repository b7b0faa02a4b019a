import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { deriveContext } from '../../src/context/deriveContext.js';
import { parseReferenceData } from '../../src/reference/parseReferenceData.js';
import type { ReferenceData } from '../../src/reference/ReferenceData.js';
import { createScorer } from '../../src/scoring/createScorer.js';
import type { ScoreOutcome, ScoreResult } from '../../src/scoring/ScoreResult.js';
import { sameValueNorms } from '../../src/scoring/_lib/sameValueNorms.js';
import { loadDefaultSources, type DefaultSources } from './_lib/defaultSources.js';

// Rules and model share one derived context per record when the scorer's reference data holds the model's
// value norms (the bundled reference does, plus party profiles). Sharing must not change any model result.

const bundledReference = (): ReferenceData =>
  parseReferenceData(readFileSync(fileURLToPath(new URL('../../models/reference.json', import.meta.url)), 'utf8'));

function scored(outcome: ScoreOutcome): ScoreResult {
  if (!outcome.ok) throw new Error(outcome.issues.map((issue) => issue.message).join('; '));
  return outcome;
}

let sources: DefaultSources;
let reference: ReferenceData;
beforeAll(async () => {
  sources = await loadDefaultSources();
  reference = bundledReference();
});

describe('sameValueNorms', () => {
  test('holds for the bundled reference and the bundled model, which differ only in party profiles', () => {
    expect(reference.importers.size).toBeGreaterThan(0);
    expect(sources.model.reference.importers.size).toBe(0);
    expect(sameValueNorms(reference, sources.model.reference)).toBe(true);
  });

  test('fails when one norm differs, when a norm is missing, or for another currency', () => {
    const [key, norm] = [...reference.hs6][0]!;
    const changed = new Map(reference.hs6);
    changed.set(key, { ...norm, valuePerKg: { count: 1, p5: 1, median: 2, p95: 3 } });
    expect(sameValueNorms({ ...reference, hs6: changed }, sources.model.reference)).toBe(false);
    const missing = new Map(reference.hs6);
    missing.delete(key);
    expect(sameValueNorms({ ...reference, hs6: missing }, sources.model.reference)).toBe(false);
    expect(sameValueNorms({ ...reference, currency: 'USD' }, sources.model.reference)).toBe(false);
    // A norm with one measure less, or with a unit norm in another unit, is another norm too.
    const [kgKey, kgNorm] = [...reference.hs6].find(([, n]) => n.valuePerKg !== undefined)!;
    const { valuePerKg: _dropped, ...fewer } = kgNorm;
    const lessMeasures = new Map(reference.hs6);
    lessMeasures.set(kgKey, fewer);
    expect(sameValueNorms({ ...reference, hs6: lessMeasures }, sources.model.reference)).toBe(false);
    const unitValue = { unit: 'PCE', count: 30, p5: 1, median: 2, p95: 3 };
    const inPieces = new Map(reference.hs6);
    inPieces.set(kgKey, { ...kgNorm, unitValue });
    const inKg = new Map(reference.hs6);
    inKg.set(kgKey, { ...kgNorm, unitValue: { ...unitValue, unit: 'KGM' } });
    expect(sameValueNorms({ ...reference, hs6: inPieces }, { ...reference, hs6: inKg })).toBe(false);
    expect(sameValueNorms({ ...reference, hs6: inPieces }, { ...reference, hs6: new Map(inPieces) })).toBe(true);
    // The sample-built reference of the other tests has norms of its own.
    expect(sameValueNorms(sources.reference, sources.model.reference)).toBe(false);
  });
});

describe('a scorer with the bundled reference', () => {
  test('gives every KCS sample row the model probability and reasons of the model on its own reference', () => {
    const shared = createScorer({ rules: sources.pack, model: sources.model, reference });
    const modelOnly = createScorer({ model: sources.model });
    for (const declaration of sources.sample.slice(0, 300)) {
      const a = scored(shared.scoreParsed(declaration));
      const b = scored(modelOnly.scoreParsed(declaration));
      expect(a.modelProbability).toBe(b.modelProbability);
      expect(a.contributions.filter((c) => c.source === 'model')).toEqual(b.contributions.filter((c) => c.source === 'model'));
    }
  });

  test('the model reads the same features from a context derived with the bundled reference', () => {
    for (const declaration of sources.sample.slice(0, 300)) {
      const context = deriveContext(declaration, { reference });
      expect(sources.model.featureRows(declaration, { context })).toEqual(sources.model.featureRows(declaration));
    }
  });
});
