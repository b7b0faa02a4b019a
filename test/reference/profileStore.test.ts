import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseReferenceData } from '../../src/reference/parseReferenceData.js';
import type { ImporterProfile } from '../../src/reference/ReferenceData.js';
import { consigneeRuns, importerRuns, IN_MAP, StoredImporterProfiles } from '../../src/reference/_lib/profileStore.js';
import { readConsigneeProfiles, readImporterProfiles } from '../../src/reference/_lib/readProfiles.js';
import { fixturePath } from '../_helpers/fixtures.js';

const T1 = '2024-01-01T00:00:00.000Z';
const T2 = '2024-03-01T10:00:00.000Z';
const ms = (iso: string) => Date.parse(iso);
const entry = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  declarationTimes: [T2, T1],
  chapters: [
    ['61', T1],
    ['05', T2],
  ],
  outcomeTimes: [T1, T2],
  findingTimes: [T2],
  ...overrides,
});

describe('stored importer profiles', () => {
  const profiles = readImporterProfiles([entry('B'), entry('A', { findingTimes: [] }), entry('C', { declarationTimes: [], chapters: [], outcomeTimes: [], findingTimes: [] }), entry('B', { findingTimes: [T1] })])!;

  test('read as a Map of plain profiles in file order, a repeated id keeping its first place and last entry', () => {
    expect(profiles).toBeInstanceOf(Map);
    expect(profiles.size).toBe(3);
    expect([...profiles.keys()]).toEqual(['B', 'A', 'C']);
    expect(profiles.get('B')).toEqual({
      declarationTimes: [ms(T1), ms(T2)],
      chapters: new Map([
        ['61', ms(T1)],
        ['05', ms(T2)],
      ]),
      outcomeTimes: [ms(T1), ms(T2)],
      findingTimes: [ms(T1)],
    });
    expect(profiles.get('C')).toEqual({ declarationTimes: [], chapters: new Map(), outcomeTimes: [], findingTimes: [] });
    expect([profiles.has('A'), profiles.has('D'), profiles.get('D')]).toEqual([true, false, undefined]);
  });

  test('give the same profile object for an id every time, by get and by iteration', () => {
    const a = profiles.get('A');
    expect(profiles.get('A')).toBe(a);
    expect(new Map(profiles).get('A')).toBe(a);
    const seen: [string, ImporterProfile][] = [];
    profiles.forEach((profile, id, map) => {
      expect(map).toBe(profiles);
      seen.push([id, profile]);
    });
    expect(seen).toEqual([...profiles.entries()]);
    expect([...profiles.values()][1]).toBe(a);
  });

  test('share one array between lists with the same times, as the object form did', () => {
    const a = profiles.get('A')!;
    expect(a.outcomeTimes).toBe(a.declarationTimes);
    expect(a.findingTimes).toEqual([]);
  });

  test('show their profiles when inspected', async () => {
    const { inspect } = await import('node:util');
    expect(inspect(profiles)).toBe(inspect(new Map(profiles)));
    expect(inspect(profiles)).toContain("'C' => {");
  });

  test('refuse to be changed', () => {
    const map = profiles as Map<string, ImporterProfile>;
    expect(() => map.set('X', profiles.get('A')!)).toThrow(/read-only/);
    expect(() => map.delete('A')).toThrow(/read-only/);
    expect(() => map.clear()).toThrow(/read-only/);
    expect(profiles.size).toBe(3);
  });

  test('come out of the bundled file equal through the fast checks and through the full schema', () => {
    const text = readFileSync(fixturePath('../models/reference.json'), 'utf8');
    const json = JSON.parse(text) as { importers: object[] };
    class Entry {}
    json.importers[0] = Object.assign(new Entry(), json.importers[0]);
    const fast = parseReferenceData(text);
    const slow = parseReferenceData(json);
    expect(fast.importers).toBeInstanceOf(StoredImporterProfiles);
    expect(slow.importers).toBeInstanceOf(StoredImporterProfiles);
    const ids = [...fast.importers.keys()];
    expect([...slow.importers.keys()]).toEqual(ids);
    for (const id of ids.filter((_, i) => i % 50 === 0)) expect(slow.importers.get(id), id).toEqual(fast.importers.get(id));
  });
});

describe('profile runs', () => {
  test('of stored profiles are the stored runs themselves', () => {
    const stored = readImporterProfiles([entry('A')])!;
    expect(importerRuns(stored)).toBe(stored);
    const consignees = readConsigneeProfiles([{ id: 'C', declarationTimes: [T1] }])!;
    expect(consigneeRuns(consignees)).toBe(consignees);
  });

  test('of a Map of objects mark profiles that are not plain numbers to be read from the Map', () => {
    const plain: ImporterProfile = { declarationTimes: [1, 2], chapters: new Map([['61', 1]]), outcomeTimes: [2], findingTimes: [] };
    const runs = importerRuns(
      new Map<string, ImporterProfile>([
        ['OK', plain],
        ['ODD-CHAPTER', { ...plain, chapters: new Map([['6', 1]]) }],
        ['TEXT-TIME', { ...plain, declarationTimes: ['1' as unknown as number] }],
        ['NONE', undefined as unknown as ImporterProfile],
      ]),
    );
    const payload = (id: string) => runs.index.data[runs.index.find(id)];
    expect(payload('OK')).toBeGreaterThanOrEqual(0);
    expect([payload('ODD-CHAPTER'), payload('TEXT-TIME'), payload('NONE')]).toEqual([IN_MAP, IN_MAP, IN_MAP]);
    expect(runs.index.find('MISSING')).toBe(-1);
  });
});
