import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { ModelError } from '../../src/errors/ModelError.js';
import { loadModel } from '../../src/model/loadModel.js';
import { encoderEntriesValid, encoderEntrySchema, modelFileSchema } from '../../src/model/_lib/modelFileSchema.js';
import { fixturePath } from '../_helpers/fixtures.js';

const text = readFileSync(fixturePath('../models/default.json'), 'utf8');

// Entries zod's encoder entry tuple accepts and refuses, close to the edges of each element's check.
const ENTRIES: unknown[] = [
  ['IMP-1', 3, 1],
  ['', 0, 0],
  ['x'.repeat(64), 2 ** 53 - 1, 0],
  ['x'.repeat(65), 1, 1],
  ['A', 2 ** 53, 0],
  ['A', 1.5, 0],
  ['A', -1, 0],
  ['A', -0, 0],
  ['A', 1, -1],
  ['A', 1, Number.NaN],
  ['A', 1, Number.POSITIVE_INFINITY],
  ['A', '1', 0],
  ['A', 1, null],
  [7, 1, 0],
  [null, 1, 0],
  ['A', 1],
  ['A', 1, 0, 0],
  [],
  ['A', , 0],
  { 0: 'A', 1: 1, 2: 0, length: 3 },
  'A',
  null,
  undefined,
  [['A'], 1, 0],
];

describe('encoderEntriesValid', () => {
  test('accepts entries exactly when the encoder entry schema does', () => {
    const verdicts = ENTRIES.map((entry) => [JSON.stringify(entry) ?? String(entry), encoderEntriesValid([entry]), z.array(encoderEntrySchema).safeParse([entry]).success]);
    expect(verdicts.filter(([, hand, zod]) => hand !== zod)).toEqual([]);
    expect(verdicts.filter(([, hand]) => hand)).toHaveLength(4);
  });

  test('accepts the entries of the bundled model', () => {
    const file = JSON.parse(text) as { features: { encoders: { entries: unknown[] }[] } };
    expect(file.features.encoders.every((encoder) => encoderEntriesValid(encoder.entries))).toBe(true);
  });
});

describe('loadModel on the bundled model', () => {
  test('keeps the file as the full schema reads it', () => {
    const model = loadModel(text);
    const full = modelFileSchema.parse(JSON.parse(text));
    // Same keys, in the same order, with the same values.
    expect(JSON.stringify(model.file)).toBe(JSON.stringify(full));
  });

  test('reports a bad encoder entry as the full schema does, naming the field', () => {
    const file = JSON.parse(text) as { features: { encoders: { entries: unknown[][] }[] } };
    file.features.encoders[1]!.entries[5]![1] = 2.5;
    file.features.encoders[2]!.entries[0] = ['x'.repeat(65), 1, 0];
    let error: unknown;
    try {
      loadModel(file);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).message).toMatchInlineSnapshot(`
      "Invalid model file:
        - features.encoders.1.entries.5.1: Invalid input: expected int, received number
        - features.encoders.2.entries.0.0: Too big: expected string to have <=64 characters"
    `);
    const full = modelFileSchema.safeParse(file);
    expect(((error as ModelError).cause as z.ZodError).issues).toEqual(full.error?.issues);
  });

  test('reports a bad encoder field outside the entries as before', () => {
    const file = JSON.parse(text) as { features: { encoders: { prior: unknown }[] } };
    file.features.encoders[0]!.prior = 1.5;
    expect(() => loadModel(file)).toThrow('features.encoders.0.prior: Too big: expected number to be <=1');
  });
});
