import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { loadRulePack, mergeRulePacks, rulePackJsonSchema, RulePackError, safeLoadRulePack } from '../../src/index.js';
import { fixturePath } from '../_helpers/fixtures.js';
import { packDocument } from './_pack.js';

const messages = (input: unknown) => {
  const result = safeLoadRulePack(input);
  if (result.success) throw new Error('expected the pack to be rejected');
  return result.issues.map((issue) => issue.message);
};

describe('loadRulePack', () => {
  test('loads a pack from JSON text or a parsed object and lists its rules', () => {
    const document = packDocument({ when: "in_list(declaration.exportCountry, 'risky')" });
    const pack = loadRulePack(JSON.stringify(document));
    expect(pack).toMatchObject({ id: 'test', version: '1', rules: [{ id: 'R1', scope: 'declaration', points: 5, enabled: true, tags: [] }] });
    expect(loadRulePack(document).lists.get('risky')).toEqual(['KP', 'IR']);
  });

  test('reports every problem of a pack at once, naming the rule and the closest name', () => {
    const document = packDocument({}, {
      rules: [
        { id: 'A', title: 't', description: 'd', category: 'c', scope: 'line', when: 'line.unitValu < 3', points: 1, message: 'm' },
        { id: 'B', title: 't', description: 'd', category: 'c', scope: 'line', when: "in_list(line.originCountry, 'riskyy')", points: 1, message: 'm' },
        { id: 'C', title: 't', description: 'd', category: 'c', scope: 'declaration', when: 'lowr(declaration.id) == "x"', points: 1, message: 'm' },
        { id: 'C', title: 't', description: 'd', category: 'c', scope: 'declaration', when: 'declaration.totalValue', points: 1, message: 'value {totl}' },
        { id: 'E', title: 't', description: 'd', category: 'c', scope: 'declaration', when: 'line.hs6 == "610910"', points: 1, message: 'm' },
      ],
    });
    expect(messages(document)).toEqual([
      'rules[0] (A).when: unknown field `line.unitValu`; did you mean `line.unitValue`?',
      "rules[1] (B).when: unknown list 'riskyy' in in_list(); did you mean `risky`?",
      'rules[2] (C).when: unknown function `lowr`; did you mean `lower`?',
      'rules[3] (C).id: repeats the id of rules[2]',
      'rules[3] (C).when: the condition must be true or false, but it is a number',
      'rules[3] (C).message: message placeholder {totl} is neither a named value nor a field; did you mean {isf.id}?',
      'rules[4] (E).when: field `line.hs6` needs a goods line (scope "line", or inside any_line/all_lines/count_lines/sum_lines), which this rule\'s scope does not provide',
    ]);
  });

  test('checks the types of expressions', () => {
    const rule = (when: string) => messages(packDocument({ scope: 'line', when }))[0];
    expect(rule('line.description > 3')).toBe('rules[0] (R1).when: `line.description > 3` expects number or date, but `line.description` is string');
    expect(rule('line.hs6 == 610910')).toBe('rules[0] (R1).when: `line.hs6 == 610910` compares string with number');
    expect(rule('line.quantity == null')).toBe('rules[0] (R1).when: `line.quantity == null` compares with null; use is_missing(…) instead');
    expect(rule('word_count(line.quantity) < 3')).toBe('rules[0] (R1).when: argument 1 of word_count() must be string, but `line.quantity` is number');
    expect(rule("in_list(line.hs6)")).toBe("rules[0] (R1).when: in_list() takes 2 arguments, received 1: `in_list(value, 'list_name')`");
    expect(rule("in_list(line.hs6, line.description)")).toBe("rules[0] (R1).when: argument 2 of in_list() must name a list of the pack in quotes: `in_list(value, 'list_name')`");
    expect(rule('any_line(line.quantity)')).toBe('rules[0] (R1).when: any_line(): argument 1 must be a boolean expression, `line.quantity` is a number');
  });

  test('validates the structure and names the field', () => {
    const document = packDocument({ when: 'true', points: 'many', scope: 'everywhere', lane: 'purple' });
    expect(messages(document)).toEqual([
      'rule pack: rules[0].scope: Invalid option: expected one of "declaration"|"line"|"isf"|"declaration+isf"|"line+isf", received "everywhere"',
      'rule pack: rules[0].points: expected number, received "many"',
      'rule pack: rules[0].lane: Invalid option: expected one of "green"|"blue"|"yellow"|"red", received "purple"',
    ]);
  });

  test('throws a RulePackError carrying the issues and the pack id', () => {
    const document = packDocument({ when: 'declaration.nope' });
    expect(() => loadRulePack(document)).toThrow(RulePackError);
    try {
      loadRulePack(document);
    } catch (error) {
      expect((error as RulePackError).message).toBe('Invalid rule pack test: rules[0] (R1).when: unknown field `declaration.nope`; did you mean `declaration.id`?');
      expect((error as RulePackError).issues[0]).toMatchObject({ code: 'rule_pack', path: ['rules', 0, 'when'], received: 'declaration.nope' });
    }
  });

  test('rejects text that is not JSON', () => {
    expect(messages('{"id": ')[0]).toMatch(/^rule pack: not valid JSON/);
  });
});

describe('rulePackJsonSchema', () => {
  test('matches the committed rules/pack.schema.json (regenerate with the command in docs/rules.md)', () => {
    const committed = JSON.parse(readFileSync(fixturePath('../rules/pack.schema.json'), 'utf8')) as unknown;
    expect(committed).toEqual(rulePackJsonSchema());
  });
});

describe('mergeRulePacks', () => {
  const header = { id: 'split', version: '2', description: 'split pack', lists: { risky: { items: ['KP'] } } };
  const rulesA = { rules: [{ id: 'A', title: 't', description: 'd', category: 'c', scope: 'declaration', when: "in_list(declaration.exportCountry, 'risky')", points: 1, message: 'm' }] };
  const rulesB = { id: 'split', rules: [{ id: 'B', title: 't', description: 'd', category: 'c', scope: 'declaration', when: 'declaration.totalValue > 0', points: 1, message: 'm' }] };

  test('merges a pack split over several documents', () => {
    const pack = loadRulePack(mergeRulePacks([header, rulesA, rulesB]));
    expect(pack.rules.map((rule) => rule.id)).toEqual(['A', 'B']);
    expect(pack.id).toBe('split');
  });

  test('rejects conflicting headers and lists defined twice', () => {
    expect(() => mergeRulePacks([header, { ...rulesB, id: 'other' }, { lists: { risky: { items: [] } } }])).toThrow(
      'Invalid rule pack: pack file 2: id "other" differs from "split" in an earlier file; pack file 3: list risky is defined in an earlier file too',
    );
  });
});
