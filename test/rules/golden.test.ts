import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { defaultPack } from './_defaultPackHelpers.js';
import { goldenCases } from './_goldenCases.js';

// The expected evaluations were written by the evaluator as of commit 40010d6, before its per-record costs
// were cut (`npx tsx test/rules/_writeGolden.ts --baseline 40010d6`): any change in a hit, a message, a
// value, an error's reason or the order of any of them shows up here.
const expected = gunzipSync(readFileSync(new URL('./golden/default-pack.jsonl.gz', import.meta.url)))
  .toString('utf8')
  .trimEnd()
  .split('\n')
  .map((line) => {
    const space = line.indexOf('" ') + 1;
    return { name: JSON.parse(line.slice(0, space)) as string, json: line.slice(space + 1) };
  });

describe('evaluateRules on the golden set', () => {
  test('gives byte-identical hits, messages, values and errors for every KCS sample record and hand-written fixture', async () => {
    const actual = await goldenCases(defaultPack);
    expect(actual.map((c) => c.name)).toEqual(expected.map((c) => c.name));
    const differing = actual.filter((c, i) => c.json !== expected[i]?.json);
    // The first difference in full, so that a failure says what changed.
    expect(differing.slice(0, 1)).toEqual([]);
    expect(differing.length).toBe(0);
    expect(actual.length).toBe(4122);
  });
});
