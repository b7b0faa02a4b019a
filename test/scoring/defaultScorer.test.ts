import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { createScorer, type Scorer } from '../../src/scoring/createScorer.js';
import type { ScoreOutcome, ScoreResult } from '../../src/scoring/ScoreResult.js';
import { loadFixture } from '../_helpers/fixtures.js';
import { loadDefaultSources, readKcs, type DefaultSources } from './_lib/defaultSources.js';

// The scorer with the real default pack and the real default model (models/default.json), on the fixtures
// and on KCS rows.

function scored(outcome: ScoreOutcome): ScoreResult {
  if (!outcome.ok) throw new Error(outcome.issues.map((issue) => issue.message).join('; '));
  return outcome;
}

function expectExact(result: ScoreResult): void {
  const tenths = result.contributions.reduce((sum, c) => sum + Math.round(c.points * 10), 0);
  expect(tenths).toBe(Math.round(result.score * 10));
  expect(result.score).toBeGreaterThanOrEqual(0);
  expect(result.score).toBeLessThanOrEqual(100);
  const model = result.contributions.filter((c) => c.source === 'model').reduce((sum, c) => sum + Math.round(c.points * 10), 0);
  expect(model).toBe(Math.round((result.explanation.breakdown.model ?? 0) * 10));
}

let sources: DefaultSources;
let scorer: Scorer;
beforeAll(async () => {
  sources = await loadDefaultSources();
  scorer = createScorer({ rules: sources.pack, model: sources.model, reference: sources.reference });
});

const CASES: [declaration: string, isf: string | undefined][] = [
  ['clean', undefined],
  ['us-ocean', 'clean-isf10'],
  ['us-ocean', 'late'],
  ['mismatch', 'mismatch'],
  ['multi-line', undefined],
  ['risky', undefined],
];
const ISF_ALONE = ['clean-isf10', 'late', 'amended', 'flexible', 'break-bulk', 'isf5', 'mismatch'];

const score = (declaration: string, isf: string | undefined) =>
  scored(scorer.score(loadFixture(`declarations/${declaration}.json`), isf === undefined ? {} : { isf: loadFixture(`isf/${isf}.json`) }));

describe('the default scorer (default pack + default model)', () => {
  test.each(CASES)('adds contributions up to the score exactly for %s with ISF %s', (declaration, isf) => {
    const result = score(declaration, isf);
    expectExact(result);
    expect(result.modelProbability).toBeGreaterThan(0);
    expect(result.contributions.filter((c) => c.source === 'model')).toHaveLength(sources.model.featureIds.length);
    expect(result.contributions.filter((c) => c.source === 'rule')).toHaveLength(result.hits.length);
  });

  test('adds contributions up to the score exactly on 200 KCS sample rows (pack and model)', () => {
    for (const declaration of sources.sample.slice(0, 200)) expectExact(scorer.scoreParsed(declaration));
  });

  const KCS_DIR = process.env['KCS_DIR'] ?? '/work/shared/data/kcs';
  const haveKcs = existsSync(join(KCS_DIR, 'valid.csv'));
  test.skipIf(!haveKcs)('adds contributions up to the score exactly on 10,000 KCS rows (pack with reference)', async () => {
    const rulesOnly = createScorer({ rules: sources.pack, reference: sources.reference });
    const valid = await readKcs(join(KCS_DIR, 'valid.csv'));
    const train = await readKcs(join(KCS_DIR, 'train.csv'), { skip: 2000, limit: 10_000 - valid.length });
    const rows = [...valid, ...train];
    expect(rows.length).toBe(10_000);
    const lanes = { green: 0, blue: 0, yellow: 0, red: 0 };
    for (const { record } of rows) {
      const result = rulesOnly.scoreParsed(record);
      expectExact(result);
      lanes[result.lane] += 1;
    }
    expect(lanes.green).toBeGreaterThan(0);
    expect(lanes.yellow + lanes.red).toBeGreaterThan(0);
  });

  test('scores and lanes the same with modelReasons flagged, and explains flagged records in full', () => {
    const flagged = createScorer({ rules: sources.pack, model: sources.model, reference: sources.reference, modelReasons: 'flagged' });
    let green = 0;
    for (const declaration of sources.sample.slice(0, 150)) {
      const a = scorer.scoreParsed(declaration);
      const f = flagged.scoreParsed(declaration);
      expect([f.score, f.lane, f.laneReason, f.modelProbability]).toEqual([a.score, a.lane, a.laneReason, a.modelProbability]);
      expectExact(f);
      if (f.lane === 'green') green += 1;
      else expect(JSON.stringify(f)).toBe(JSON.stringify(a));
    }
    expect(green).toBeGreaterThan(0);
    expect(green).toBeLessThan(150);
  });

  test("shares the derived context with the model only when it is the model's own reference, without changing its answer", () => {
    const modelOnly = createScorer({ model: sources.model });
    const shared = createScorer({ rules: sources.pack, model: sources.model, reference: sources.model.reference });
    for (const [declaration, isf] of CASES) {
      const input = loadFixture(`declarations/${declaration}.json`);
      const options = isf === undefined ? {} : { isf: loadFixture(`isf/${isf}.json`) };
      const alone = scored(modelOnly.score(input, options));
      const both = scored(shared.score(input, options));
      const fromScorer = scored(scorer.score(input, options));
      expect(both.modelProbability).toBe(alone.modelProbability);
      expect(fromScorer.modelProbability).toBe(alone.modelProbability);
      expect(both.contributions.filter((c) => c.source === 'model')).toEqual(alone.contributions.filter((c) => c.source === 'model'));
    }
  });

  test('gives the same results for the same input, call after call', () => {
    const first = CASES.map(([declaration, isf]) => JSON.stringify(score(declaration, isf)));
    expect(CASES.map(([declaration, isf]) => JSON.stringify(score(declaration, isf)))).toEqual(first);
  });

  test('explains each fixture in text an officer reads in ten seconds', () => {
    const texts = CASES.map(([declaration, isf]) => score(declaration, isf).explanation.toText()).join('\n\n');
    expect(texts).toMatchInlineSnapshot(`
      "DEC-2024-000101: score 46.1 of 100, lane green (score below 50)
         +15  Importer IMP-DE-004512 has no earlier declarations  [rule PTY-001]
         +10  1 line(s) in a high-risk HS chapter (first: line 1)  [rule GDS-002]
        -3.3  identical consignments (same net mass and value): past finding rate: no history: 22 % assumed (the overall rate)  [model: mass_value_finding_rate]
        +1.8  identical consignments (same net mass and value): past declarations: 0 declarations  [model: mass_value_declarations]
        +1.6  origin country's past finding rate: 35 % over 49 declarations  [model: origin_finding_rate]
        -1.3  net mass: 2,160 kg  [model: net_mass_kg]
        +2.3  12 smaller reasons
        base 20 + rules 25 + model 1.1 = 46.1
        not evaluated: VAL-001, VAL-002, VAL-003, VAL-004, VAL-005, WGT-002
          first: VAL-001 Unit value below the reference (line 1): \`line.unitValueRatio\` is missing: the reference is in KRW, the declaration in USD
        sources: rules default 1.0.0, model kcs-default-1

      DEC-US-2024-000201: score 45.6 of 100, lane green (score below 50)
         +15  Importer IMP-US-3301 has no earlier declarations  [rule PTY-001]
         +10  1 line(s) in a high-risk HS chapter (first: line 1)  [rule GDS-002]
        -3.2  identical consignments (same net mass and value): past finding rate: no history: 22 % assumed (the overall rate)  [model: mass_value_finding_rate]
          +2  identical consignments (same net mass and value): past declarations: 0 declarations  [model: mass_value_declarations]
        -1.5  net mass: 2,160 kg  [model: net_mass_kg]
        +1.4  origin country's past finding rate: 35 % over 49 declarations  [model: origin_finding_rate]
        +1.9  12 smaller reasons
        base 20 + rules 25 + model 0.6 = 45.6
        not evaluated: VAL-001, VAL-002, VAL-003, VAL-004, VAL-005, WGT-002
          first: VAL-001 Unit value below the reference (line 1): \`line.unitValueRatio\` is missing: the reference is in KRW, the declaration in USD
        sources: rules default 1.0.0, model kcs-default-1

      DEC-US-2024-000201: score 65.6 of 100, lane yellow (score at or above 50)
         +20  ISF filed 12 h before lading (2024-02-28 20:00 UTC), less than 24 h  [rule ISF-001]
         +15  Importer IMP-US-3301 has no earlier declarations  [rule PTY-001]
         +10  1 line(s) in a high-risk HS chapter (first: line 1)  [rule GDS-002]
        -3.2  identical consignments (same net mass and value): past finding rate: no history: 22 % assumed (the overall rate)  [model: mass_value_finding_rate]
          +2  identical consignments (same net mass and value): past declarations: 0 declarations  [model: mass_value_declarations]
        -1.5  net mass: 2,160 kg  [model: net_mass_kg]
        +3.3  13 smaller reasons
        base 20 + rules 45 + model 0.6 = 65.6
        not evaluated: VAL-001, VAL-002, VAL-003, VAL-004, VAL-005, WGT-002
          first: VAL-001 Unit value below the reference (line 1): \`line.unitValueRatio\` is missing: the reference is in KRW, the declaration in USD
        sources: rules default 1.0.0, model kcs-default-1

      DEC-US-2024-000233: score 100 of 100, lane red (score at or above 75)
         +15  Importer IMP-US-7741 has no earlier declarations  [rule PTY-001]
         +15  Entry line 1 HS 610910 is not on the ISF (ISF HS6: 611020)  [rule XCK-001]
         +15  Entry line 1 origin BD differs from ISF origin VN  [rule XCK-002]
         +12  ISF manufacturer Guangzhou Everbright Knitting Co is in CN, the entry declares origin BD  [rule XCK-003]
         +10  1 line(s) in a high-risk HS chapter (first: line 1)  [rule GDS-002]
          +8  ISF ship-to Bayside Fulfilment Partners is neither the consignee Golden Gate Outfitters Inc nor the ISF buyer Golden Gate Outfitters Inc  [rule PTY-007]
        +10.4  18 smaller reasons
        base 20 + rules 83 + model 2.4 - capped 5.4 = 100
        not evaluated: VAL-001, VAL-002, VAL-003, VAL-004, VAL-005, WGT-002
          first: VAL-001 Unit value below the reference (line 1): \`line.unitValueRatio\` is missing: the reference is in KRW, the declaration in USD
        sources: rules default 1.0.0, model kcs-default-1

      DEC-US-2024-000310: score 31.6 of 100, lane red (forced by rule ISF-003)
         RED  No ISF found for bill HBL-SIN-30418 / ONEY240400871 of ocean cargo into USNYC  [rule ISF-003]
         +15  Importer IMP-US-5120 has no earlier declarations  [rule PTY-001]
         -15  Importer IMP-US-5120 is an authorised trusted trader (AEO / C-TPAT)  [rule PTY-005]
         +10  2 line(s) in a high-risk HS chapter (first: line 1)  [rule GDS-002]
        -3.9  line 2: identical consignments (same net mass and value): past finding rate: no history: 22 % assumed (the overall rate)  [model: mass_value_finding_rate]
        +2.5  line 2: HS6 code's past finding rate: 29 % over 131 declarations  [model: hs6_finding_rate]
        +1.4  line 2: identical consignments (same net mass and value): past declarations: 0 declarations  [model: mass_value_declarations]
        +1.6  11 smaller reasons
        base 20 + rules 10 + model 1.6 = 31.6
        not evaluated: VAL-001, VAL-002, VAL-003, VAL-004, VAL-005, WGT-002
          first: VAL-001 Unit value below the reference (lines 1, 2, 3): \`line.unitValueRatio\` is missing: the reference is in KRW, the declaration in USD
        sources: rules default 1.0.0, model kcs-default-1

      DEC-US-2024-000999: score 100 of 100, lane red (forced by rule PTY-004)
         RED  A party of the declaration is on the watch list (importer IMP-US-9902, seller SEL-XX-6660)  [rule PTY-004]
         RED  Route touches a sanctioned port (loading IRBND, discharge USHOU)  [rule RTE-004]
         RED  No ISF found for bill HBL-JEA-99120 / n/a of ocean cargo into USHOU  [rule ISF-003]
         +20  Goods within an AD/CVD order from CN were exported from AE  [rule RTE-002]
         +15  Net mass 12,500 kg is above gross mass 12,000 kg  [rule WGT-001]
         +15  Importer IMP-US-9902 has no earlier declarations  [rule PTY-001]
         +15  1 line(s) within the scope of an AD/CVD order (first: line 1)  [rule GDS-003]
         +12  Description "general merchandise" is too vague to classify (term: general merchandise)  [rule GDS-001]
          +8  Duty rate up to 25.0 %, at or above 25 %  [rule GDS-004]
        +4.9  17 smaller reasons
        base 20 + rules 91 - model 1.1 - capped 9.9 = 100
        not evaluated: VAL-001, VAL-002, VAL-003, VAL-004, VAL-005, WGT-002
          first: VAL-001 Unit value below the reference (line 1): \`line.unitValueRatio\` is missing: the reference is in KRW, the declaration in USD
        sources: rules default 1.0.0, model kcs-default-1"
    `);
  });

  test('explains each ISF screened alone', () => {
    const texts = ISF_ALONE.map((isf) => scored(scorer.scoreIsf(loadFixture(`isf/${isf}.json`))).explanation.toText()).join('\n\n');
    expect(texts).toMatchInlineSnapshot(`
      "ISF-2024-000201: score 20 of 100, lane green (score below 50)
        base 20 + rules 0 = 20
        sources: rules default 1.0.0

      ISF-2024-000202: score 40 of 100, lane green (score below 50)
         +20  ISF filed 12 h before lading (2024-02-28 20:00 UTC), less than 24 h  [rule ISF-001]
        base 20 + rules 20 = 40
        sources: rules default 1.0.0

      ISF-2024-000207: score 28 of 100, lane green (score below 50)
          +8  3 amendment(s), 2 after lading changing HTS, origin, manufacturer or seller  [rule ISF-005]
        base 20 + rules 8 = 28
        sources: rules default 1.0.0

      ISF-2024-000206: score 30 of 100, lane green (score below 50)
         +10  Flexible ISF (status FR) not completed at least 24 h before arrival (2024-03-20 14:00 UTC)  [rule ISF-004]
        base 20 + rules 10 = 30
        sources: rules default 1.0.0

      ISF-2024-000205: score 40 of 100, lane green (score below 50)
         +20  Break-bulk ISF filed 16 h before arrival, less than 24 h  [rule ISF-002]
        base 20 + rules 20 = 40
        sources: rules default 1.0.0

      ISF5-2024-000410: score 20 of 100, lane green (score below 50)
        base 20 + rules 0 = 20
        sources: rules default 1.0.0

      ISF-2024-000233: score 20 of 100, lane green (score below 50)
        base 20 + rules 0 = 20
        sources: rules default 1.0.0"
    `);
  });

  test('gives the structured explanation user interfaces render', () => {
    const { text: _text, ...structured } = score('us-ocean', 'late').explanation;
    expect(structured).toMatchInlineSnapshot(`
      {
        "breakdown": {
          "base": 20,
          "clipping": 0,
          "model": 0.6,
          "rules": 45,
          "score": 65.6,
        },
        "notEvaluated": [
          "VAL-001 Unit value below the reference (line 1): \`line.unitValueRatio\` is missing: the reference is in KRW, the declaration in USD",
          "VAL-002 Value per kg below the reference (line 1): \`line.valuePerKgRatio\` is missing: the reference is in KRW, the declaration in USD",
          "VAL-003 Value far below the reference (line 1): \`ratio\` has no value (\`line.unitValueRatio\` is missing: the reference is in KRW, the declaration in USD; \`line.valuePerKgRatio\` is missing: the reference is in KRW, the declaration in USD)",
          "VAL-004 Value far above the reference (line 1): \`ratio\` has no value (\`line.unitValueRatio\` is missing: the reference is in KRW, the declaration in USD; \`line.valuePerKgRatio\` is missing: the reference is in KRW, the declaration in USD)",
          "VAL-005 Value per kg outside the HS chapter band (line 1): \`line.chapterValuePerKgP5\` is missing: the reference is in KRW, the declaration in USD",
          "WGT-002 Kg per unit outside the reference band (line 1): \`line.kgPerUnitP5\` is missing: no kg-per-unit reference for HS 610910 in PCE",
        ],
        "reasons": [
          {
            "id": "ISF-001",
            "label": "ISF filed late",
            "origin": "rule ISF-001, pack default 1.0.0",
            "points": 20,
            "seen": "ISF filed 12 h before lading (2024-02-28 20:00 UTC), less than 24 h",
            "source": "rule",
          },
          {
            "id": "PTY-001",
            "label": "First-time importer",
            "origin": "rule PTY-001, pack default 1.0.0",
            "points": 15,
            "seen": "Importer IMP-US-3301 has no earlier declarations",
            "source": "rule",
          },
          {
            "id": "GDS-002",
            "label": "High-risk HS chapter",
            "origin": "rule GDS-002, pack default 1.0.0",
            "points": 10,
            "seen": "1 line(s) in a high-risk HS chapter (first: line 1)",
            "source": "rule",
          },
          {
            "id": "mass_value_finding_rate",
            "label": "identical consignments (same net mass and value): past finding rate",
            "origin": "model feature mass_value_finding_rate, model kcs-default-1",
            "points": -3.2,
            "seen": "identical consignments (same net mass and value): past finding rate: no history: 22 % assumed (the overall rate)",
            "source": "model",
          },
          {
            "id": "mass_value_declarations",
            "label": "identical consignments (same net mass and value): past declarations",
            "origin": "model feature mass_value_declarations, model kcs-default-1",
            "points": 2,
            "seen": "identical consignments (same net mass and value): past declarations: 0 declarations",
            "source": "model",
          },
          {
            "id": "net_mass_kg",
            "label": "net mass",
            "origin": "model feature net_mass_kg, model kcs-default-1",
            "points": -1.5,
            "seen": "net mass: 2,160 kg",
            "source": "model",
          },
          {
            "id": "origin_finding_rate",
            "label": "origin country's past finding rate",
            "origin": "model feature origin_finding_rate, model kcs-default-1",
            "points": 1.4,
            "seen": "origin country's past finding rate: 35 % over 49 declarations",
            "source": "model",
          },
          {
            "id": "customs_value",
            "label": "customs value",
            "origin": "model feature customs_value, model kcs-default-1",
            "points": 0.6,
            "seen": "customs value: 38,400 USD",
            "source": "model",
          },
          {
            "id": "origin_declarations",
            "label": "origin country's past declarations",
            "origin": "model feature origin_declarations, model kcs-default-1",
            "points": 0.4,
            "seen": "origin country's past declarations: 49 declarations",
            "source": "model",
          },
          {
            "id": "duty_rate",
            "label": "duty rate",
            "origin": "model feature duty_rate, model kcs-default-1",
            "points": 0.3,
            "seen": "duty rate: 16.5 %",
            "source": "model",
          },
          {
            "id": "declarant_declarations",
            "label": "declarant's past declarations",
            "origin": "model feature declarant_declarations, model kcs-default-1",
            "points": 0.3,
            "seen": "declarant's past declarations: 0 declarations",
            "source": "model",
          },
          {
            "id": "value_per_kg_ratio",
            "label": "value per kg against the HS6 reference",
            "origin": "model feature value_per_kg_ratio, model kcs-default-1",
            "points": 0.2,
            "seen": "value per kg against the HS6 reference: no reference for this HS6 code",
            "source": "model",
          },
          {
            "id": "hs6_finding_rate",
            "label": "HS6 code's past finding rate",
            "origin": "model feature hs6_finding_rate, model kcs-default-1",
            "points": 0.1,
            "seen": "HS6 code's past finding rate: 24 % over 199 declarations",
            "source": "model",
          },
          {
            "id": "preference_finding_rate",
            "label": "duty preference code's past finding rate",
            "origin": "model feature preference_finding_rate, model kcs-default-1",
            "points": -0.1,
            "seen": "duty preference code's past finding rate: not given",
            "source": "model",
          },
          {
            "id": "hs_heading",
            "label": "HS heading",
            "origin": "model feature hs_heading, model kcs-default-1",
            "points": -0.1,
            "seen": "HS heading: heading 6109",
            "source": "model",
          },
          {
            "id": "office_declarations",
            "label": "customs office's past declarations",
            "origin": "model feature office_declarations, model kcs-default-1",
            "points": 0.1,
            "seen": "customs office's past declarations: 0 declarations",
            "source": "model",
          },
          {
            "id": "hs_chapter",
            "label": "HS chapter",
            "origin": "model feature hs_chapter, model kcs-default-1",
            "points": 0.1,
            "seen": "HS chapter: chapter 61",
            "source": "model",
          },
          {
            "id": "seller_finding_rate",
            "label": "seller's past finding rate",
            "origin": "model feature seller_finding_rate, model kcs-default-1",
            "points": 0.1,
            "seen": "seller's past finding rate: no history: 22 % assumed (the overall rate)",
            "source": "model",
          },
          {
            "id": "importer_finding_rate",
            "label": "importer's past finding rate",
            "origin": "model feature importer_finding_rate, model kcs-default-1",
            "points": -0.1,
            "seen": "importer's past finding rate: no history: 22 % assumed (the overall rate)",
            "source": "model",
          },
        ],
        "sources": [
          "rules default 1.0.0",
          "model kcs-default-1",
        ],
        "summary": "DEC-US-2024-000201: score 65.6 of 100, lane yellow (score at or above 50)",
      }
    `);
  });

  test('gives the structured explanation of a forced lane', () => {
    const result = score('risky', undefined);
    expect({ lane: result.lane, laneReason: result.laneReason, summary: result.explanation.summary, top: result.explanation.reasons.slice(0, 4) }).toMatchInlineSnapshot(`
      {
        "lane": "red",
        "laneReason": "rule:PTY-004",
        "summary": "DEC-US-2024-000999: score 100 of 100, lane red (forced by rule PTY-004)",
        "top": [
          {
            "forcedLane": "red",
            "id": "PTY-004",
            "label": "Watch-listed party",
            "origin": "rule PTY-004, pack default 1.0.0",
            "points": 0,
            "seen": "A party of the declaration is on the watch list (importer IMP-US-9902, seller SEL-XX-6660)",
            "source": "rule",
          },
          {
            "forcedLane": "red",
            "id": "RTE-004",
            "label": "Sanctioned port on the route",
            "origin": "rule RTE-004, pack default 1.0.0",
            "points": 0,
            "seen": "Route touches a sanctioned port (loading IRBND, discharge USHOU)",
            "source": "rule",
          },
          {
            "forcedLane": "red",
            "id": "ISF-003",
            "label": "ISF missing at arrival",
            "origin": "rule ISF-003, pack default 1.0.0",
            "points": 0,
            "seen": "No ISF found for bill HBL-JEA-99120 / n/a of ocean cargo into USHOU",
            "source": "rule",
          },
          {
            "id": "RTE-002",
            "label": "Transshipment pattern",
            "line": 1,
            "origin": "rule RTE-002, pack default 1.0.0",
            "points": 20,
            "seen": "Goods within an AD/CVD order from CN were exported from AE",
            "source": "rule",
          },
        ],
      }
    `);
  });
});
