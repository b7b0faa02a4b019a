import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { loadModel, loadModelWith } from '../../src/model/loadModel.js';
import { fixturePath } from '../_helpers/fixtures.js';
import { kcsSample } from './_kcsSample.js';

const text = readFileSync(fixturePath('../models/default.json'), 'utf8');

describe('loadModelWith', () => {
  test('a model loaded for scoring only predicts and explains as the full model', async () => {
    const full = loadModel(text);
    const scoring = loadModelWith(text, { keepFile: false });
    const records = (await kcsSample()).slice(0, 300).map((row) => row.record);
    expect(Array.from(scoring.predictBatch(records))).toEqual(Array.from(full.predictBatch(records)));
    for (const record of records.slice(0, 20)) expect(scoring.explain(record)).toEqual(full.explain(record));
    expect(scoring.modelVersion).toBe(full.modelVersion);
    expect(scoring.featureIds).toEqual(full.featureIds);
  });

  test('a model loaded for scoring only says so when its file is asked for', () => {
    const scoring = loadModelWith(text, { keepFile: false });
    expect(() => scoring.file).toThrow(`model ${scoring.modelVersion} was loaded for scoring only and does not keep its file; load it with loadModel to save it`);
    expect(`${JSON.stringify(loadModelWith(text, { keepFile: true }).file)}\n`).toBe(text);
  });
});
