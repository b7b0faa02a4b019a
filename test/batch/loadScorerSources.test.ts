import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { loadScorerSources } from '../../src/batch/_lib/loadScorerSources.js';
import { parseReferenceData } from '../../src/reference/parseReferenceData.js';
import { serializeReferenceData } from '../../src/reference/serializeReferenceData.js';
import { fixturePath } from '../_helpers/fixtures.js';

const modelText = readFileSync(fixturePath('../models/default.json'), 'utf8');
// The model's own norms with the bundled reference's importer profiles: equal norms by construction.
const bundled = JSON.parse(readFileSync(fixturePath('../models/reference.json'), 'utf8')) as { importers: unknown[] };
const referenceText = `${JSON.stringify({ ...(JSON.parse(modelText) as { reference: object }).reference, importers: bundled.importers })}\n`;
const base = { format: 'csv', layout: 'kcs', output: 'csv', explain: 'none' } as const;

describe('loadScorerSources', () => {
  test('reads the value norms once when the reference file holds the model’s norms', () => {
    const { model, reference } = loadScorerSources({ ...base, modelText, referenceText });
    expect(reference?.hs6).toBe(model?.reference.hs6);
    expect(reference?.hs6Origin).toBe(model?.reference.hs6Origin);
    expect(reference?.chapters).toBe(model?.reference.chapters);
    // The profiles still come from the reference file; the model carries none.
    expect(reference?.importers.size).toBe(bundled.importers.length);
    expect(reference?.importers.size).toBeGreaterThan(0);
    expect(model?.reference.importers.size).toBe(0);
    expect(serializeReferenceData(reference!)).toBe(referenceText);
  });

  test('keeps the reference file’s own norms when they differ from the model’s', () => {
    const json = JSON.parse(referenceText) as { hs6: Record<string, { valuePerKg?: { median: number } }> };
    const [code] = Object.keys(json.hs6).filter((key) => json.hs6[key]?.valuePerKg !== undefined);
    json.hs6[code!]!.valuePerKg!.median += 1;
    const changed = `${JSON.stringify(json)}\n`;
    const { model, reference } = loadScorerSources({ ...base, modelText, referenceText: changed });
    expect(reference?.hs6).not.toBe(model?.reference.hs6);
    expect(reference?.hs6.get(code!)).toEqual(parseReferenceData(changed).hs6.get(code!));
    expect(reference?.hs6.get(code!)?.valuePerKg?.median).toBe((model?.reference.hs6.get(code!)?.valuePerKg?.median ?? 0) + 1);
  });
});
