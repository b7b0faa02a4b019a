import { describe, expect, test } from 'vitest';
import { createScorer } from '../../src/scoring/createScorer.js';
import { selectionDraw } from '../../src/scoring/selectionDraw.js';
import type { ScoreOutcome, ScoreResult } from '../../src/scoring/ScoreResult.js';
import { LANE_SEVERITY } from '../../src/types/Lane.js';
import { loadFixture } from '../_helpers/fixtures.js';
import { generateDeclarations } from './_lib/generate.js';
import { handwrittenRules } from './_lib/handwritten.js';

function scored(outcome: ScoreOutcome): ScoreResult {
  if (!outcome.ok) throw new Error(outcome.issues.map((issue) => issue.message).join('; '));
  return outcome;
}

const usOcean = loadFixture('declarations/us-ocean.json');
const lateIsf = loadFixture('isf/late.json');

describe('lanes', () => {
  test('puts a score in the lane of the highest threshold it reaches', () => {
    // us-ocean + late ISF scores base 20 + 20 = 40 with the hand-written rules.
    const lane = (thresholds: object) => scored(createScorer({ rules: handwrittenRules(), policy: { thresholds } }).score(usOcean, { isf: lateIsf }));
    expect(lane({})).toMatchObject({ score: 40, lane: 'green', laneReason: 'threshold' });
    expect(lane({ yellow: 40 })).toMatchObject({ lane: 'yellow', laneReason: 'threshold' });
    expect(lane({ yellow: 30, red: 40 })).toMatchObject({ lane: 'red', laneReason: 'threshold' });
    expect(lane({ blue: 40 })).toMatchObject({ lane: 'blue', laneReason: 'threshold' });
    expect(lane({ blue: 40.1 })).toMatchObject({ lane: 'green', laneReason: 'threshold' });
  });

  test('sends a record to the lane a hard rule forces, whatever its score', () => {
    const result = scored(createScorer({ rules: handwrittenRules({ watchList: ['SEL-BD-0207'] }) }).score(usOcean));
    expect(result).toMatchObject({ score: 20, lane: 'red', laneReason: 'rule:parties.watch-listed' });
    expect(result.explanation.summary).toBe('DEC-US-2024-000201: score 20 of 100, lane red (forced by rule parties.watch-listed)');
  });

  test('never lets random selection override a forced lane', () => {
    const scorer = createScorer({ rules: handwrittenRules({ watchList: ['SEL-BD-0207'] }), policy: { random: { seed: 's', rates: { red: 1 } } } });
    expect(scored(scorer.score(usOcean)).laneReason).toBe('rule:parties.watch-listed');
  });

  test('selects the configured share of records at random, reproducibly, and only towards stricter lanes', () => {
    const records = generateDeclarations(2000, 3);
    const policy = { thresholds: { blue: 30, yellow: 50, red: 75 }, random: { seed: '2026-Q4', rates: { red: 0.02, yellow: 0.05, blue: 0.1 } } };
    const withRandom = createScorer({ rules: handwrittenRules({ watchList: [] }), policy });
    const without = createScorer({ rules: handwrittenRules({ watchList: [] }), policy: { thresholds: policy.thresholds } });
    const counts = { red: 0, yellow: 0, blue: 0 };
    for (const record of records) {
      const a = scored(withRandom.score(record));
      const b = scored(without.score(record));
      expect(a.score).toBe(b.score);
      const draw = selectionDraw('2026-Q4', a.id);
      const drawn = draw < 0.02 ? 'red' : draw < 0.07 ? 'yellow' : draw < 0.17 ? 'blue' : null;
      if (a.laneReason === 'random') {
        expect(a.lane).toBe(drawn);
        expect(LANE_SEVERITY[a.lane]).toBeGreaterThan(LANE_SEVERITY[b.lane]);
        counts[a.lane as 'red' | 'yellow' | 'blue'] += 1;
      } else {
        expect(a.lane).toBe(b.lane);
        if (drawn !== null) expect(LANE_SEVERITY[drawn]).toBeLessThanOrEqual(LANE_SEVERITY[b.lane]);
      }
    }
    for (const record of records.slice(0, 100)) expect(JSON.stringify(withRandom.score(record))).toBe(JSON.stringify(withRandom.score(record)));
    // Most generated records score green (20–35 points), so the random shares show through; ±3 standard deviations.
    expect(counts.red / records.length).toBeGreaterThan(0.02 - 3 * Math.sqrt((0.02 * 0.98) / records.length));
    expect(counts.red / records.length).toBeLessThan(0.02 + 3 * Math.sqrt((0.02 * 0.98) / records.length));
    expect(counts.yellow / records.length).toBeGreaterThan(0.03);
    expect(counts.blue / records.length).toBeGreaterThan(0.03); // records already blue by score are not counted
  });

  test('draws a different sample for a different seed', () => {
    const ids = Array.from({ length: 1000 }, (_, index) => `DEC-${index}`);
    const sample = (seed: string) => ids.filter((id) => selectionDraw(seed, id) < 0.1).join();
    expect(sample('2026-Q4')).not.toBe(sample('2027-Q1'));
  });
});

describe('selectionDraw', () => {
  /** The documented algorithm written out again over TextEncoder bytes, as an auditor would. */
  function audit(seed: string, id: string): number {
    let hash = 0x811c9dc5;
    for (const byte of new TextEncoder().encode(`${seed}:${id}`)) hash = Math.imul(hash ^ byte, 0x01000193);
    hash ^= hash >>> 16;
    hash = Math.imul(hash, 0x85ebca6b);
    hash ^= hash >>> 13;
    hash = Math.imul(hash, 0xc2b2ae35);
    hash ^= hash >>> 16;
    return (hash >>> 0) / 2 ** 32;
  }

  test('is FNV-1a over the UTF-8 bytes of seed:id with a murmur3 finish, for ASCII and non-ASCII ids', () => {
    for (const [seed, id] of [['2026-Q4', 'DEC-1'], ['', ''], ['s', 'DÉC-ü-€'], ['季度', '申报-𝄞-1'], ['x', 'lone\ud800surrogate']]) {
      expect(selectionDraw(seed as string, id as string)).toBe(audit(seed as string, id as string));
    }
  });

  test('gives pinned values, so that a selection can be recomputed years later', () => {
    expect([selectionDraw('2026-Q4', 'DEC-1'), selectionDraw('2026-Q4', 'DEC-2'), selectionDraw('', '')]).toMatchInlineSnapshot(`
      [
        0.445351303787902,
        0.5655303783714771,
        0.28190421988256276,
      ]
    `);
  });

  test('spreads sequential ids evenly over [0, 1)', () => {
    const bins = new Array<number>(10).fill(0);
    let [low, high] = [1, 0];
    for (let index = 0; index < 100_000; index += 1) {
      const draw = selectionDraw('seed', `DEC-2026-${String(index).padStart(7, '0')}`);
      low = Math.min(low, draw);
      high = Math.max(high, draw);
      bins[Math.floor(draw * 10)] = (bins[Math.floor(draw * 10)] ?? 0) + 1;
    }
    expect(low).toBeGreaterThanOrEqual(0);
    expect(high).toBeLessThan(1);
    // Each decile expects 10,000; 4 standard deviations is about ±380.
    for (const count of bins) expect(Math.abs(count - 10_000)).toBeLessThan(400);
  });
});
