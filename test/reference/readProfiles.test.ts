import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { toIssues } from '../../src/records/_lib/toIssues.js';
import { parseReferenceData, safeParseReferenceData } from '../../src/reference/parseReferenceData.js';
import { serializeReferenceData } from '../../src/reference/serializeReferenceData.js';
import { readConsigneeProfiles, readImporterProfiles } from '../../src/reference/_lib/readProfiles.js';
import { consigneeEntrySchema, importerEntrySchema, referenceFileSchema } from '../../src/reference/_lib/referenceFileSchema.js';
import { fixturePath } from '../_helpers/fixtures.js';

const T = '2024-03-01T10:00:00.000Z';

/** A valid importer entry with one field replaced (or removed, for `undefined` without `keep`). */
function importer(field?: string, value?: unknown): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    id: 'IMP-1',
    declarationTimes: [T, '2024-01-01T00:00:00Z'],
    chapters: [['61', T]],
    outcomeTimes: [T],
    findingTimes: [],
  };
  if (field === undefined) return entry;
  if (value === undefined) delete entry[field];
  else entry[field] = value;
  return entry;
}

// Times zod's ISO datetime (with offset) accepts and refuses, close to the edges of its pattern.
const TIMES: unknown[] = [
  T,
  '2024-02-29T00:00:00Z',
  '2023-02-29T00:00:00Z',
  '2000-02-29T00:00:00Z',
  '1900-02-29T00:00:00Z',
  '2024-04-31T00:00:00Z',
  '2024-12-31T23:59:59.123456789Z',
  '2024-12-31T23:59:59+05:30',
  '2024-12-31T23:59:59-24:00',
  '2024-12-31T24:00:00Z',
  '2024-12-31T23:59Z',
  '2024-12-31T23:59:59',
  '2024-12-31t23:59:59z',
  '2024-12-31 23:59:59Z',
  '0001-01-01T00:00:00Z',
  '+002024-01-01T00:00:00Z',
  ` ${T}`,
  `${T}\n`,
  '',
  'yesterday',
  1_700_000_000_000,
  null,
  undefined,
  new Date(T),
  [T],
];

const IDS: unknown[] = ['I', 'x'.repeat(64), 'x'.repeat(65), '', 7, null, ['IMP-1']];

function importerVariants(): unknown[] {
  const variants: unknown[] = [importer(), { ...importer(), extra: 1 }, null, [], 'IMP-1', Object.assign(Object.create(null) as object, importer())];
  // A required key hidden from enumeration, and an unknown one in its place: zod sees the unknown key.
  const hidden: Record<string, unknown> = { ...importer('id'), extra: 1 };
  Object.defineProperty(hidden, 'id', { value: 'IMP-1', enumerable: false });
  variants.push(hidden);
  for (const id of IDS) variants.push(importer('id', id));
  for (const field of ['id', 'declarationTimes', 'chapters', 'outcomeTimes', 'findingTimes']) variants.push(importer(field));
  for (const field of ['declarationTimes', 'outcomeTimes', 'findingTimes']) {
    for (const time of TIMES) variants.push(importer(field, [T, time]));
    variants.push(importer(field, T), importer(field, {}), importer(field, null), importer(field, [T, , T]));
  }
  for (const time of TIMES) variants.push(importer('chapters', [['61', time]]));
  for (const chapter of ['6', '610', 'ab', '٦١', 61, null]) variants.push(importer('chapters', [[chapter, T]]));
  variants.push(
    importer('chapters', [['61', T, T]]),
    importer('chapters', [['61']]),
    importer('chapters', [{ 0: '61', 1: T }]),
    importer('chapters', [['61', T], ['61', '2024-01-01T00:00:00Z']]),
    importer('chapters', Array.from({ length: 100 }, () => ['61', T])),
    importer('chapters', Array.from({ length: 101 }, () => ['61', T])),
  );
  return variants;
}

function consigneeVariants(): unknown[] {
  const variants: unknown[] = [{ id: 'C-1', declarationTimes: [T] }, { id: 'C-1', declarationTimes: [T], extra: 1 }, { id: 'C-1' }, null, []];
  for (const id of IDS) variants.push({ id, declarationTimes: [] });
  for (const time of TIMES) variants.push({ id: 'C-1', declarationTimes: [time] });
  return variants;
}

const zodAccepts = (schema: z.ZodType, value: unknown) => schema.safeParse(value).success;

describe('readImporterProfiles', () => {
  test('accepts an entry only when importerEntrySchema accepts it', () => {
    const verdicts = importerVariants().map((entry) => [readImporterProfiles([entry]) !== undefined, zodAccepts(importerEntrySchema, entry)]);
    // Sound: nothing zod refuses gets through.
    expect(verdicts.filter(([hand, zod]) => hand && !zod)).toEqual([]);
    // And complete: no valid entry among these is left to the slower zod path.
    expect(verdicts.filter(([hand, zod]) => !hand && zod)).toEqual([]);
    expect(verdicts.filter(([, zod]) => zod).length).toBeGreaterThan(10);
  });

  test('converts times to sorted epoch milliseconds and keeps the last of a repeated chapter or id', () => {
    const profiles = readImporterProfiles([
      importer('id', 'A'),
      { ...importer('chapters', [['61', T], ['61', '2024-01-01T00:00:00+01:00']]), id: 'B' },
      { ...importer('findingTimes', [T]), id: 'A' },
    ]);
    expect(profiles?.get('A')).toEqual({
      declarationTimes: [Date.parse('2024-01-01T00:00:00Z'), Date.parse(T)],
      chapters: new Map([['61', Date.parse(T)]]),
      outcomeTimes: [Date.parse(T)],
      findingTimes: [Date.parse(T)],
    });
    expect(profiles?.get('B')?.chapters.get('61')).toBe(Date.parse('2023-12-31T23:00:00Z'));
  });
});

describe('readConsigneeProfiles', () => {
  test('accepts an entry only when consigneeEntrySchema accepts it', () => {
    const verdicts = consigneeVariants().map((entry) => [readConsigneeProfiles([entry]) !== undefined, zodAccepts(consigneeEntrySchema, entry)]);
    expect(verdicts.filter(([hand, zod]) => hand !== zod)).toEqual([]);
  });
});

describe('parseReferenceData on the bundled reference', () => {
  const text = readFileSync(fixturePath('../models/reference.json'), 'utf8');

  test('reads it back to the same bytes', () => {
    expect(serializeReferenceData(parseReferenceData(text))).toBe(text);
  });

  test('gives the same data through the full schema as through the hand-written checks', () => {
    // An entry that is a class instance is refused by the loops and read through zod instead.
    class Entry {}
    const json = JSON.parse(text) as { importers: object[] };
    json.importers[0] = Object.assign(new Entry(), json.importers[0]);
    expect(readImporterProfiles(json.importers)).toBeUndefined();
    expect(referenceFileSchema.safeParse(json).success).toBe(true);
    expect(parseReferenceData(json)).toEqual(parseReferenceData(text));
  });
});

describe('safeParseReferenceData on a bad file', () => {
  const text = readFileSync(fixturePath('../models/reference.json'), 'utf8');

  test('reports exactly the issues of the full schema, naming the field', () => {
    const json = JSON.parse(text) as { currency: string; importers: { declarationTimes: unknown[]; chapters: unknown[][] }[] };
    json.importers[3]!.declarationTimes[0] = 'yesterday';
    json.importers[5]!.chapters[0]![0] = '6';
    json.currency = 'usd';
    const result = safeParseReferenceData(json);
    const full = referenceFileSchema.safeParse(json, { reportInput: true });
    expect(result.success).toBe(false);
    expect(full.success).toBe(false);
    if (result.success || full.success) return;
    expect(result.issues).toEqual(toIssues(full.error.issues).map((issue) => ({ ...issue, message: `reference data: ${issue.message}` })));
    expect(result.issues.map((issue) => issue.message)).toMatchInlineSnapshot(`
      [
        "reference data: currency: Invalid string: must match pattern /^[A-Z]{3}$/, received "usd"",
        "reference data: importers[3].declarationTimes[0]: Invalid ISO datetime, received "yesterday"",
        "reference data: importers[5].chapters[0][0]: Invalid string: must match pattern /^\\d{2}$/, received "6"",
      ]
    `);
  });

  test('reports a bad time alone when the rest of the file is fine', () => {
    const json = JSON.parse(text) as { importers: { outcomeTimes: unknown[] }[] };
    const last = json.importers.length - 1;
    const times = json.importers[last]!.outcomeTimes;
    times.push(42);
    expect(() => parseReferenceData(json)).toThrow(`importers[${last}].outcomeTimes[${times.length - 1}]: expected string, received 42`);
  });
});
