import { beforeAll, describe, expect, test } from 'vitest';
import { ModelError } from '../../src/errors/ModelError.js';
import { parseDeclaration } from '../../src/records/parseDeclaration.js';
import { parseIsfFiling } from '../../src/records/parseIsfFiling.js';
import { evaluateModel } from '../../src/model/evaluateModel.js';
import { loadModel } from '../../src/model/loadModel.js';
import type { RiskModel } from '../../src/model/RiskModel.js';
import { serializeModel, trainModel, type LabelledRecord } from '../../src/model/trainModel.js';
import { loadFixture } from '../_helpers/fixtures.js';
import { kcsSample } from './_kcsSample.js';

let train: LabelledRecord[];
let holdout: LabelledRecord[];
let model: RiskModel;
let text: string;

beforeAll(async () => {
  const sample = await kcsSample();
  train = sample.slice(0, 1500);
  holdout = sample.slice(1500);
  model = trainModel(train, { trees: 20, maxDepth: 8, minSamplesLeaf: 10, seed: 7 });
  text = serializeModel(model);
});

describe('trainModel', () => {
  test('writes a byte-identical model file for the same data and seed', () => {
    const again = trainModel(train, { trees: 20, maxDepth: 8, minSamplesLeaf: 10, seed: 7 });
    expect(serializeModel(again)).toBe(text);
    expect(serializeModel(trainModel(train, { trees: 20, maxDepth: 8, minSamplesLeaf: 10, seed: 8 }))).not.toBe(text);
  });

  test('records where the model came from', () => {
    const { training } = model.file;
    expect(training.declarations).toBe(1500);
    expect(training.rows).toBe(1500);
    expect(training.positives).toBe(train.filter((item) => item.label.fraud).length);
    expect(training.dataSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(training.from! <= training.to!).toBe(true);
    expect(model.modelVersion).toBe(`rf-${model.file.forest.sha256.slice(0, 12)}`);
  });

  test('rejects an unknown feature id', () => {
    expect(() => trainModel(train, { features: ['customs_value', 'shoe_size'] })).toThrow('options.features: unknown feature "shoe_size"');
  });
});

describe('loadModel', () => {
  test('reads back a model that scores exactly like the trained one', () => {
    const loaded = loadModel(text);
    const records = holdout.map((item) => item.record);
    expect(Array.from(loaded.predictBatch(records))).toEqual(Array.from(model.predictBatch(records)));
  });

  test('refuses a truncated file', () => {
    expect(() => loadModel(text.slice(0, text.length / 2))).toThrow(ModelError);
    expect(() => loadModel(text.slice(0, text.length / 2))).toThrow(/not valid JSON .*is the file truncated\?/);
  });

  test('refuses a file whose forest was changed', () => {
    const file = JSON.parse(text) as { forest: { threshold: string } };
    const bytes = Buffer.from(file.forest.threshold, 'base64');
    bytes[10] = bytes[10]! ^ 1;
    file.forest.threshold = bytes.toString('base64');
    expect(() => loadModel(file)).toThrow(/checksum .* does not match the recorded .*changed or corrupted/);
  });

  test('refuses another format version and unknown features', () => {
    const file = JSON.parse(text) as { formatVersion: number; features: { features: string[] } };
    expect(() => loadModel({ ...file, formatVersion: 2 })).toThrow('format version 2 is not supported (this library reads version 1)');
    file.features.features[0] = 'shoe_size';
    expect(() => loadModel(file)).toThrow('unknown feature shoe_size');
  });

  test('refuses something that is not a model file', () => {
    expect(() => loadModel({ hello: 'world' })).toThrow(/Invalid model file \(expected format "customs-risk\/model"\)/);
  });
});

describe('model.explain', () => {
  test('decomposes each probability exactly: expected value plus contributions', () => {
    for (const { record } of holdout.slice(0, 200)) {
      const explanation = model.explain(record);
      const total = explanation.contributions.reduce((sum, c) => sum + c.shap, explanation.expectedValue);
      expect(Math.abs(total - explanation.probability)).toBeLessThan(1e-9);
      expect(explanation.probability).toBe(model.predict(record));
    }
  });

  test('sorts contributions by size and words them for an officer', () => {
    const explanation = model.explain(holdout[0]!.record);
    const sizes = explanation.contributions.map((c) => Math.abs(c.shap));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    const importer = explanation.contributions.find((c) => c.feature === 'importer_finding_rate')!;
    expect(importer.label).toBe("importer's past finding rate");
    expect(importer.formatted).toMatch(/^(\d+(\.\d)? % over \d+ declarations|no history: \d+(\.\d)? % assumed \(the overall rate\))$/);
    const mass = explanation.contributions.find((c) => c.feature === 'net_mass_kg')!;
    expect(mass.formatted).toBe(`${holdout[0]!.record.lines[0]!.netMassKg!.toLocaleString('en-US', { maximumFractionDigits: 2 })} kg`);
    expect(explanation.contributions.find((c) => c.feature === 'isf_hours_before_lading')).toMatchObject({ value: null, formatted: 'no ISF linked' });
  });

  test('reads the ISF lead time from a linked filing', () => {
    const record = parseDeclaration(loadFixture('declarations/us-ocean.json'));
    const isf = parseIsfFiling(loadFixture('isf/late.json'));
    const withIsf = model.explain(record, { isf }).contributions.find((c) => c.feature === 'isf_hours_before_lading');
    expect(withIsf).toMatchObject({ label: 'ISF filed before lading', value: 12, formatted: '12 h before lading' });
    // The KCS sample has no ISF, so the trees never split on it: no share of the probability.
    expect(withIsf!.shap).toBe(0);
  });

  test('scores a multi-line declaration as its riskiest line and names that line', () => {
    const record = parseDeclaration(loadFixture('declarations/multi-line.json'));
    const explanation = model.explain(record);
    const lineScores = record.lines.map((line) => model.predict({ ...record, lines: [line] }));
    expect(explanation.probability).toBeCloseTo(Math.max(...lineScores), 12);
    expect(record.lines[lineScores.indexOf(Math.max(...lineScores))]!.lineNumber).toBe(explanation.lineNumber);
  });
});

describe('evaluateModel', () => {
  test('reports every metric on all records and on records with an unseen mass and value pair', () => {
    const result = evaluateModel(model, holdout, { trainingRecords: train });
    expect(result.all.rows).toBe(500);
    expect(result.all.top.map((t) => t.selected)).toEqual([5, 10, 25, 50]);
    expect(result.novel!.rows).toBeLessThan(500);
    expect(result.all.auc!).toBeGreaterThan(0.5);
    expect(result.all.calibration.reduce((sum, bin) => sum + bin.rows, 0)).toBe(500);
  });
});

describe('trainModel with the ml-random-forest trainer', () => {
  test('trains a model that loads, scores and explains like any other', () => {
    const small = train.slice(0, 300);
    const reference = trainModel(small, { trainer: 'ml-random-forest', trees: 3, maxDepth: 4, minSamplesLeaf: 10, seed: 2 });
    expect(reference.file.training.trainer).toBe('ml-random-forest');
    const loaded = loadModel(serializeModel(reference));
    const record = holdout[0]!.record;
    const explanation = loaded.explain(record);
    expect(explanation.probability).toBe(reference.predict(record));
    const total = explanation.contributions.reduce((sum, c) => sum + c.shap, explanation.expectedValue);
    expect(Math.abs(total - explanation.probability)).toBeLessThan(1e-9);
  });
});
