import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { deriveContext } from '../../src/context/deriveContext.js';
import { HISTORY_KEYS, type HistoryEncoder, type HistoryKey } from '../../src/model/FeatureSpec.js';
import { loadModel } from '../../src/model/loadModel.js';
import { predictForest } from '../../src/model/predictForest.js';
import type { RiskModel } from '../../src/model/RiskModel.js';
import { trainModel } from '../../src/model/trainModel.js';
import { compileFeatures } from '../../src/model/_lib/compileFeatures.js';
import { FEATURE_REGISTRY, historyValue, type FeatureDefinition } from '../../src/model/_lib/featureRegistry.js';
import { featureRowsByDefinition } from '../../src/model/_lib/featureRowsByDefinition.js';
import { createHistoryLookup, type HistoryLookup } from '../../src/model/_lib/historyEncoders.js';
import type { Declaration } from '../../src/records/declarationSchema.js';
import type { IsfFiling } from '../../src/records/isfFilingSchema.js';
import { parseDeclaration } from '../../src/records/parseDeclaration.js';
import { parseIsfFiling } from '../../src/records/parseIsfFiling.js';
import { fixturePath, loadFixture } from '../_helpers/fixtures.js';
import { kcsSample } from './_kcsSample.js';

interface Case {
  readonly name: string;
  readonly record: Declaration;
  readonly isf?: IsfFiling | undefined;
}

const declarations = readdirSync(fixturePath('declarations')).map((file) => ({ file, record: parseDeclaration(loadFixture(`declarations/${file}`)) }));
const filings = readdirSync(fixturePath('isf'))
  .filter((file) => file.endsWith('.json'))
  .map((file) => ({ file, isf: parseIsfFiling(loadFixture(`isf/${file}`)) }));
/** Every declaration fixture alone and with every ISF fixture, and a copy of each without net mass. */
const fixtureCases: Case[] = declarations.flatMap(({ file, record }) => [
  { name: file, record },
  { name: `${file} without net mass`, record: { ...record, lines: record.lines.map(({ netMassKg: _, ...line }) => line) } },
  ...filings.map(({ file: isfFile, isf }) => ({ name: `${file} + ${isfFile}`, record, isf })),
]);

/** Index and description of the first value that differs in its bits (NaN equals NaN, 0 differs from -0); null when none. */
function firstDifference(actual: Float64Array, expected: Float64Array): string | null {
  if (actual.length !== expected.length) return `length ${actual.length}, expected ${expected.length}`;
  for (let i = 0; i < actual.length; i++) if (!Object.is(actual[i], expected[i])) return `[${i}] ${actual[i]}, expected ${expected[i]}`;
  return null;
}

/** The probability the registry path gives: the riskiest line's (the first of equal ones). */
function referenceProbability(model: RiskModel, rows: Float64Array): number {
  const probabilities = predictForest(model.forest, rows);
  let best = 0;
  for (let i = 1; i < probabilities.length; i++) if (probabilities[i]! > probabilities[best]!) best = i;
  return probabilities[best]!;
}

/** The history of a key value as the encoder defines it: a Map of (declarations, findings) per value. */
function historyLookupByDefinition(encoders: readonly HistoryEncoder[]): HistoryLookup {
  const tables = new Map<HistoryKey, { encoder: HistoryEncoder; counts: Map<string, readonly [number, number]> }>();
  for (const encoder of encoders) tables.set(encoder.key, { encoder, counts: new Map(encoder.entries.map(([value, n, k]) => [value, [n, k] as const])) });
  return (key, context, line) => {
    const table = tables.get(key);
    const value = historyValue(key, context, line);
    if (table === undefined || value === null) return null;
    const [n, k] = table.counts.get(value) ?? [0, 0];
    const { prior, smoothing } = table.encoder;
    return { declarations: n, rate: (k + smoothing * prior) / (n + smoothing) };
  };
}

const lookups = new WeakMap<RiskModel, HistoryLookup>();

function referenceRows(model: RiskModel, { record, isf }: Case): Float64Array {
  const definitions = model.featureIds.map((id) => FEATURE_REGISTRY.get(id)!);
  const context = deriveContext(record, { isf, reference: model.reference });
  let lookup = lookups.get(model);
  if (lookup === undefined) lookups.set(model, (lookup = historyLookupByDefinition(model.file.features.encoders)));
  return featureRowsByDefinition(definitions, lookup, context);
}

/** Checks rows, predict, predictBatch and explain of the model against the registry path on every case. */
function expectSameAsRegistry(model: RiskModel, cases: readonly Case[]) {
  const differences: string[] = [];
  const expectedProbabilities: number[] = [];
  for (const item of cases) {
    const expected = referenceRows(model, item);
    const difference = firstDifference(model.featureRows(item.record, { isf: item.isf }), expected);
    if (difference !== null) differences.push(`${item.name}: ${difference}`);
    const probability = referenceProbability(model, expected);
    expectedProbabilities.push(probability);
    if (!Object.is(model.predict(item.record, { isf: item.isf }), probability)) differences.push(`${item.name}: predict`);
  }
  expect(differences).toEqual([]);
  const batch = model.predictBatch(
    cases.map((item) => item.record),
    { isf: cases.map((item) => item.isf) },
  );
  expect(Array.from(batch)).toEqual(expectedProbabilities);
  return expectedProbabilities;
}

let defaultModel: RiskModel;
let sample: Case[];

beforeAll(async () => {
  defaultModel = loadModel(readFileSync(fixturePath('../models/default.json'), 'utf8'));
  sample = (await kcsSample()).map(({ record }) => ({ name: record.id, record }));
});

describe('compiled feature rows', () => {
  test('give the bits of the registry definitions for the default model on every fixture, with and without an ISF', () => {
    expectSameAsRegistry(defaultModel, fixtureCases);
  });

  test('give the bits of the registry definitions for the default model on the 2,000-row KCS sample', () => {
    expectSameAsRegistry(defaultModel, sample);
  });

  test('mark missing values as NaN, as the registry does', () => {
    const record = declarations.find(({ file }) => file === 'us-ocean.json')!.record;
    const withoutMass = { ...record, lines: record.lines.map(({ netMassKg: _, ...line }) => line) };
    const row = defaultModel.featureRows(withoutMass);
    for (const id of ['net_mass_kg', 'log_value_per_kg', 'mass_value_finding_rate', 'mass_value_declarations', 'isf_hours_before_lading']) {
      expect(row[defaultModel.featureIds.indexOf(id)]).toBeNaN();
    }
    expect(firstDifference(row, referenceRows(defaultModel, { name: 'no mass', record: withoutMass }))).toBeNull();
  });

  test('give the bits of the registry definitions for a model with every registry feature, and explain from them', () => {
    const labelled = sample.slice(0, 400).map(({ record }, i) => ({ record, label: { fraud: i % 7 === 0 } }));
    const model = trainModel(labelled, { features: [...FEATURE_REGISTRY.keys()].reverse(), trees: 5, maxDepth: 5, minSamplesLeaf: 5, seed: 3 });
    const cases = [...fixtureCases, ...sample.slice(300, 700)];
    const probabilities = expectSameAsRegistry(model, cases);
    cases.slice(0, 40).forEach((item, i) => {
      const explanation = model.explain(item.record, { isf: item.isf });
      expect(explanation.probability).toBe(probabilities[i]);
    });
  });

  test('return a new array from featureRows that later calls leave alone', () => {
    const [first, second] = sample;
    const rows = defaultModel.featureRows(first!.record);
    const copy = Float64Array.from(rows);
    defaultModel.predict(second!.record);
    defaultModel.explain(second!.record);
    defaultModel.featureRows(second!.record);
    expect(firstDifference(rows, copy)).toBeNull();
    expect(defaultModel.featureRows(first!.record)).not.toBe(rows);
  });

  test('look up identical consignments by number only where the key text is spelled as the registry spells it', () => {
    const record = declarations.find(({ file }) => file === 'us-ocean.json')!.record;
    const line = record.lines[0]!;
    const key = `${line.netMassKg}|${line.customsValue}`;
    const encoders: HistoryEncoder[] = [
      // Repeated values: the last entry counts. A zero-padded spelling of the same numbers never matches.
      {
        key: 'mass_value',
        prior: 0.1,
        smoothing: 20,
        entries: [[key, 5, 2], [`0${key}`, 9, 9], [key, 7, 1], ['not|numbers', 3, 3], ['-0|0', 4, 4], ['0|0', 11, 3], ['NaN|5', 6, 1], [`Infinity|${line.customsValue}`, 2, 2], ['1|2|3', 8, 8]],
      },
      { key: 'importer', prior: 0.2, smoothing: 5, entries: [[record.importer.id, 10, 1], [record.importer.id, 12, 6]] },
    ];
    const ids = ['mass_value_finding_rate', 'mass_value_declarations', 'importer_finding_rate', 'importer_declarations', 'seller_finding_rate', 'seller_declarations'];
    const definitions = ids.map((id) => FEATURE_REGISTRY.get(id)!);
    const writer = compileFeatures(definitions, encoders);
    const records = [
      record,
      { ...record, lines: [{ ...line, netMassKg: 0 }, { ...line, netMassKg: -0, customsValue: 0 }, { ...line, customsValue: line.customsValue + 1 }] },
      // Not valid records, but the lookup must still agree with the key text: NaN and infinite masses.
      { ...record, lines: [{ ...line, netMassKg: Number.NaN, customsValue: 5 }, { ...line, netMassKg: Number.POSITIVE_INFINITY }, { ...line, netMassKg: 1, customsValue: Number.NaN }] },
    ];
    for (const candidate of records) {
      const context = deriveContext(candidate);
      const x = new Float64Array(context.lines.length * ids.length);
      writer.write(context, x, 0);
      expect(firstDifference(x, featureRowsByDefinition(definitions, historyLookupByDefinition(encoders), context))).toBeNull();
    }
    const row = new Float64Array(ids.length);
    writer.write(deriveContext(record), row, 0);
    // 7 declarations, (1 + 20 × 0.1) / (7 + 20); no seller encoder: missing.
    expect(Array.from(row.subarray(0, 4))).toEqual([(1 + 20 * 0.1) / (7 + 20), 7, (6 + 5 * 0.2) / (12 + 5), 12]);
    expect(row[4]).toBeNaN();
  });

  test('find every one of thousands of identical-consignment keys and nothing else', () => {
    const record = declarations.find(({ file }) => file === 'us-ocean.json')!.record;
    const entries: [string, number, number][] = [];
    const lines = [];
    for (let i = 0; i < 5000; i++) {
      const mass = (i * 37) % 1013 / 8;
      const customsValue = i % 3 === 0 ? i * 0.1 : i * 1000;
      entries.push([`${mass}|${customsValue}`, i + 1, i % 5]);
      // Every key, and a near miss next to it.
      lines.push({ ...record.lines[0]!, lineNumber: 2 * i + 1, netMassKg: mass, customsValue });
      lines.push({ ...record.lines[0]!, lineNumber: 2 * i + 2, netMassKg: mass, customsValue: customsValue + 0.5 });
    }
    const encoders: HistoryEncoder[] = [{ key: 'mass_value', prior: 0.05, smoothing: 20, entries }];
    const definitions = ['mass_value_declarations', 'mass_value_finding_rate'].map((id) => FEATURE_REGISTRY.get(id)!);
    const context = deriveContext({ ...record, lines });
    const x = new Float64Array(lines.length * 2);
    compileFeatures(definitions, encoders).write(context, x, 0);
    expect(firstDifference(x, featureRowsByDefinition(definitions, historyLookupByDefinition(encoders), context))).toBeNull();
    expect(x.filter((_, i) => i % 2 === 0 && x[i]! > 0).length).toBeGreaterThan(4900);
  });

  test('compute a feature it does not compile by its definition', () => {
    const customsValue = FEATURE_REGISTRY.get('customs_value')!;
    const definitions: FeatureDefinition[] = [
      { id: 'line_index_twice', label: 'line index × 2', value: (input) => input.line.index * 2, format: (value) => String(value) },
      { ...customsValue, value: (input) => -input.line.line.customsValue },
      { id: 'importer_rate_again', label: 'importer rate', value: (input) => input.history('importer')?.rate ?? Number.NaN, format: (value) => String(value) },
    ];
    const encoders = defaultModel.file.features.encoders;
    const writer = compileFeatures(definitions, encoders);
    const record = declarations.find(({ file }) => file === 'multi-line.json')!.record;
    const context = deriveContext(record, { reference: defaultModel.reference });
    const x = new Float64Array(context.lines.length * definitions.length);
    writer.write(context, x, 0);
    expect(firstDifference(x, featureRowsByDefinition(definitions, historyLookupByDefinition(encoders), context))).toBeNull();
    expect(x[definitions.length]).toBe(2);
    expect(x[1]).toBe(-record.lines[0]!.customsValue);
  });

  test('keep any key text, short or long, ASCII or not, and find exactly the values the encoder saw', () => {
    const record = declarations.find(({ file }) => file === 'us-ocean.json')!.record;
    const ids = ['A', 'ABCDEFG', 'ABCDEFGH', 'IMP-LONG-IDENTIFIER', 'Ünal', 'A\u0000B', '\u007f', '', ' ', 'abcdefg', 'ABCDEFg'];
    const seen = ids.filter((_, i) => i % 2 === 0);
    const encoders: HistoryEncoder[] = [
      { key: 'importer', prior: 0.3, smoothing: 7, entries: seen.map((id, i) => [id, i + 1, i % 2] as const) },
      { key: 'seller', prior: 0.1, smoothing: 2, entries: [] },
      // Counts that differ only in sign: kept apart (JSON can spell -0), with smoothing 0 the rates are ±Infinity.
      { key: 'declarant', prior: 0.5, smoothing: 0, entries: [['A', 0, 1], ['ABCDEFG', -0, 1], ['Ünal', -0, -0], [' ', 0, 0]] },
    ];
    const ids2 = ['importer_finding_rate', 'importer_declarations', 'seller_finding_rate', 'seller_declarations', 'declarant_finding_rate', 'declarant_declarations'];
    const definitions = ids2.map((id) => FEATURE_REGISTRY.get(id)!);
    const writer = compileFeatures(definitions, encoders);
    const lookup = createHistoryLookup(encoders);
    const byDefinition = historyLookupByDefinition(encoders);
    for (const id of ids) {
      const context = deriveContext({ ...record, importer: { id }, seller: { id }, declarant: { id } });
      const x = new Float64Array(ids2.length);
      writer.write(context, x, 0);
      expect(firstDifference(x, featureRowsByDefinition(definitions, byDefinition, context)), JSON.stringify(id)).toBeNull();
      expect(lookup('importer', context, context.lines[0]!), JSON.stringify(id)).toEqual(byDefinition('importer', context, context.lines[0]!));
      expect(x[1], JSON.stringify(id)).toBe(seen.includes(id) ? seen.indexOf(id) + 1 : 0);
    }
  });

  test('answer per lookup as the encoder definition for every key on the KCS sample', () => {
    const encoders = defaultModel.file.features.encoders;
    const lookup = createHistoryLookup(encoders);
    const byDefinition = historyLookupByDefinition(encoders);
    let found = 0;
    for (const { record } of sample) {
      const context = deriveContext(record, { reference: defaultModel.reference });
      for (const line of context.lines) {
        for (const key of HISTORY_KEYS) {
          const expected = byDefinition(key, context, line);
          expect(lookup(key, context, line), `${record.id} ${key}`).toEqual(expected);
          if (expected !== null && expected.declarations > 0) found++;
        }
      }
    }
    expect(found).toBeGreaterThan(sample.length * 4);
  });
});
