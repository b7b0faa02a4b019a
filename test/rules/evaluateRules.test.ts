import { describe, expect, test } from 'vitest';
import { deriveContext, evaluateIsfRules, evaluateRules, parseDeclaration, parseIsfFiling } from '../../src/index.js';
import { loadFixture } from '../_helpers/fixtures.js';
import { packWith } from './_pack.js';

const declaration = parseDeclaration(loadFixture('declarations/multi-line.json'));
const isf = parseIsfFiling(loadFixture('isf/clean-isf10.json'));

describe('evaluateRules', () => {
  test('runs line rules once per line and reports the line number and the values read', () => {
    const pack = packWith({ scope: 'line', when: 'line.customsValue > 40000', message: 'Line {line.lineNumber} is worth {line.customsValue:money}' });
    const { hits, errors } = evaluateRules(pack, declaration);
    expect(errors).toEqual([]);
    expect(hits).toMatchInlineSnapshot(`
      [
        {
          "category": "test",
          "description": "A rule under test.",
          "line": 1,
          "message": "Line 1 is worth 79,200.00 USD",
          "packId": "test",
          "packVersion": "1",
          "points": 5,
          "ruleId": "R1",
          "title": "Test rule",
          "values": {
            "line.customsValue": 79200,
            "line.lineNumber": 1,
          },
        },
        {
          "category": "test",
          "description": "A rule under test.",
          "line": 2,
          "message": "Line 2 is worth 52,500.00 USD",
          "packId": "test",
          "packVersion": "1",
          "points": 5,
          "ruleId": "R1",
          "title": "Test rule",
          "values": {
            "line.customsValue": 52500,
            "line.lineNumber": 2,
          },
        },
      ]
    `);
  });

  test('aggregates over lines in declaration rules', () => {
    const pack = packWith({
      let: { heavy: 'count_lines(line.netMassKg > 1000)', total: 'sum_lines(line.netMassKg)', first: 'first_line(line.originCountry == "CN")' },
      when: 'heavy >= 2 and all_lines(line.customsValue > 0) and not any_line(line.dutyRate > 50)',
      message: '{heavy} heavy lines, {total:kg} in all, first Chinese line {first}',
    });
    expect(evaluateRules(pack, declaration).hits[0]?.message).toBe('2 heavy lines, 10,935 kg in all, first Chinese line 2');
  });

  test('records a rule that cannot be evaluated as an error and still runs the other rules', () => {
    const pack = packWith(
      {},
      {
        rules: [
          { id: 'DIV', title: 'Division', description: 'd', category: 'c', scope: 'line', when: 'line.customsValue / (line.quantity - line.quantity) > 1', points: 1, message: 'm' },
          { id: 'MISS', title: 'Missing', description: 'd', category: 'c', scope: 'declaration', when: 'declaration.relatedParty', points: 1, message: 'm' },
          { id: 'TAB', title: 'Table', description: 'd', category: 'c', scope: 'declaration', when: "lookup('limits', 'JPY') > 1", points: 1, message: 'm' },
          { id: 'OK', title: 'Fine', description: 'd', category: 'c', scope: 'declaration', when: 'declaration.lineCount == 3', points: 1, message: 'm' },
        ],
      },
    );
    const { hits, errors } = evaluateRules(pack, declaration);
    expect(hits.map((hit) => hit.ruleId)).toEqual(['OK']);
    expect(errors.map((error) => [error.ruleId, error.line ?? null, error.reason])).toEqual([
      ['DIV', 1, 'division by zero: `line.quantity - line.quantity` is 0'],
      ['DIV', 2, 'division by zero: `line.quantity - line.quantity` is 0'],
      ['DIV', 3, 'division by zero: `line.quantity - line.quantity` is 0'],
      ['MISS', null, '`declaration.relatedParty` is missing'],
      ['TAB', null, 'table limits has no entry for "JPY"'],
    ]);
  });

  test('computes named values only when used, so guards avoid errors', () => {
    const pack = packWith({ let: { ratio: 'line.unitValueRatio' }, scope: 'line', when: 'not is_missing(line.unitValueRatio) and ratio < 0.5' });
    expect(evaluateRules(pack, declaration)).toEqual({ hits: [], errors: [] });
  });

  test('binds named values of a line rule to its own line inside aggregates', () => {
    const pack = packWith({ scope: 'line', let: { own: 'line.customsValue' }, when: 'count_lines(line.customsValue > own) == 0', message: 'line {line.lineNumber} is the most valuable ({own:money})' });
    expect(evaluateRules(pack, declaration).hits.map((hit) => hit.message)).toEqual(['line 1 is the most valuable (79,200.00 USD)']);
  });

  test('respects the enabled flag and effective dates of rules and packs', () => {
    expect(evaluateRules(packWith({ when: 'true', enabled: false }), declaration).hits).toEqual([]);
    expect(evaluateRules(packWith({ when: 'true', effectiveFrom: '2024-04-10' }), declaration).hits).toEqual([]);
    expect(evaluateRules(packWith({ when: 'true', effectiveTo: '2024-04-09T13:20:00Z' }), declaration).hits).toEqual([]);
    expect(evaluateRules(packWith({ when: 'true', effectiveFrom: '2024-04-09T13:20:00Z' }), declaration).hits).toHaveLength(1);
    expect(evaluateRules(packWith({ when: 'true' }, { effectiveTo: '2024-01-01' }), declaration).hits).toEqual([]);
  });

  test('runs ISF rules only with an ISF, and cross-checks only with both', () => {
    const isfRule = packWith({ scope: 'isf', when: 'isf.hoursBeforeLading < 100', message: '{isf.hoursBeforeLading:hours} before lading, filed {isf.filedAt}' });
    expect(evaluateRules(isfRule, declaration).hits).toEqual([]);
    expect(evaluateRules(isfRule, declaration, { isf }).hits[0]?.message).toBe('70 h before lading, filed 2024-02-26 10:00 UTC');
    expect(evaluateIsfRules(isfRule, isf).hits[0]?.values).toEqual({ 'isf.filedAt': '2024-02-26T10:00:00.000Z', 'isf.hoursBeforeLading': 70 });
    const crossCheck = packWith({ scope: 'declaration+isf', when: 'not isf.matchesBill' });
    expect(evaluateIsfRules(crossCheck, isf).hits).toEqual([]);
    expect(evaluateRules(crossCheck, declaration, { isf }).hits).toHaveLength(1);
  });

  test('formats percentages, money, dates and lists', () => {
    const pack = packWith({
      let: { share: 'line.customsValue / declaration.totalValue' },
      scope: 'line',
      when: 'line.lineNumber == 3',
      message: '{share:percent} of {declaration.totalValue:money}; {line.netMassKg:kg}; {declaration.lodgedAt:date}; {declaration.originCountries}; {share:number:3}',
    });
    expect(evaluateRules(pack, declaration).hits[0]?.message).toBe('20 % of 165,300.00 USD; 6,720 kg; 2024-04-09; CN, MY, VN; 0.203');
  });

  test('uses a context derived earlier instead of deriving it again', () => {
    const context = deriveContext(declaration, { isf });
    const pack = packWith({ scope: 'declaration+isf', when: 'declaration.hasIsf' });
    expect(evaluateRules(pack, declaration, { context }).hits).toHaveLength(1);
  });

  test('is deterministic', () => {
    const pack = packWith({ scope: 'line', when: 'line.customsValue > 0', message: '{line.valuePerKg:money}/kg' });
    expect(JSON.stringify(evaluateRules(pack, declaration))).toBe(JSON.stringify(evaluateRules(pack, declaration)));
  });

  test('refuses objects that did not come from loadRulePack', () => {
    const forged = { ...packWith({ when: 'true' }) };
    expect(() => evaluateRules(forged, declaration)).toThrow('evaluateRules: expected a pack returned by loadRulePack');
  });
});
