import { describe, expect, test } from 'vitest';
import { evaluateRules, parseDeclaration } from '../../src/index.js';
import { loadFixture } from '../_helpers/fixtures.js';
import { packWith } from './_pack.js';

const declaration = parseDeclaration(loadFixture('declarations/multi-line.json'));

/** Evaluates one expression in declaration scope and returns the value a hit reports for it. */
function value(expression: string): unknown {
  const result = evaluateRules(packWith({ let: { v: expression }, when: 'is_missing(v) or true' }), declaration);
  if (result.errors.length > 0) return { error: result.errors[0]?.reason };
  return result.hits[0]?.values['v'];
}

describe('rule functions', () => {
  test.each([
    ["in_list(declaration.exportCountry, 'risky')", false],
    ["any_in_list('risky', declaration.exportCountry, declaration.buyer.id, 'KP')", true],
    ["starts_with_any('CN:7306305028', 'orders')", true],
    ["starts_with_any('VN:730640', 'orders')", false],
    ["matched_term('Assorted PARTS for machines', 'terms')", 'parts'],
    ["contains_any('nothing vague', 'terms')", false],
    ["lookup('limits', declaration.currency)", 800],
    ["lookup('limits', 'JPY', 0)", 0],
    ["has_entry('limits', 'EUR')", true],
    ["includes(declaration.originCountries, 'MY')", true],
    ['count_items(declaration.hsChapters)', 3],
    ["upper(trim('  ab '))", 'AB'],
    ["length('abcd')", 4],
    ["starts_with(declaration.portOfLoading, 'SG')", true],
    ["ends_with(declaration.portOfLoading, 'IN')", true],
    ["contains(declaration.seller.name, 'Sourcing')", true],
    ["word_count('Men\\'s leather-upper shoes , size 42')", 5],
    ["concat(declaration.exportCountry, ':', 'X')", 'SG:X'],
    ["same_party('Hudson Home & Tech, LLC', 'HUDSON HOME & TECH')", true],
    ['locode_country(declaration.portOfDischarge)', 'US'],
    ['min(3, 1, 2) + max(4, 5) + abs(-1)', 7],
    ['round(log(100) / log(10), 6)', 2],
    ['log10(1000)', 3],
    ['log(0)', { error: 'log of 0 is undefined' }],
    ['10 mod 4', 2],
    ['2 ^ 10', 1024],
    ["hours_between(date('2024-01-01'), date('2024-01-02T06:00:00Z'))", 30],
    ["days_between(declaration.lodgedAt, date('2024-04-19T13:20:00Z'))", 10],
    ["months_between(date('2024-01-31'), declaration.lodgedAt)", 3],
    ["date('2024-01-31')", '2024-01-31T00:00:00.000Z'],
    ['coalesce(declaration.relatedParty, false)', false],
    ['is_missing(declaration.buyer.id)', true],
    ['declaration.totalValue > 100000 ? "large" : "small"', 'large'],
    ['max_lines(line.customsValue) - min_lines(line.customsValue)', 45600],
  ])('%s gives %j', (expression, expected) => {
    expect(value(expression)).toEqual(expected);
  });

  test('starts_with_any answers the same on a list of more than 32 items (looked up by prefix length)', () => {
    const short = ['CN:7306', 'VN:730630'];
    const long = [...short, ...Array.from({ length: 40 }, (_, k) => `XX:${1000 + k}`)];
    const fires = (items: string[], text: string) =>
      evaluateRules(packWith({ when: `starts_with_any('${text}', 'orders')` }, { lists: { orders: { items } } }), declaration).hits.length === 1;
    const texts = ['CN:7306305028', 'CN:730', 'VN:730630123', 'VN:73063', 'XX:1039', 'XX:10399', 'XX:104', ''];
    expect(texts.map((text) => fires(long, text))).toEqual([true, false, true, false, true, true, false, false]);
    expect(texts.map((text) => fires(short, text))).toEqual([true, false, true, false, false, false, false, false]);
  });

  test('starts_with_any over concat() answers as over the joined text, walking the parts without joining them', () => {
    // multi-line.json: exportCountry SG, portOfLoading SGSIN.
    const fires = (items: string[], expression: string) =>
      evaluateRules(packWith({ when: `starts_with_any(${expression}, 'orders')` }, { lists: { orders: { items } } }), declaration).hits.length === 1;
    const lists = [['SG:SGS'], ['SG:SGSIN1'], ['SG'], ['S', 'SG:X'], ['SG:', 'SGX'], ['X', 'SG:SGSIO'], ['SG:SGSIN'], ['SGX', 'SG:SGSIN']];
    const joined = lists.map((items) => fires(items, "'SG:SGSIN'"));
    expect(joined).toEqual([true, false, true, true, true, false, true, true]);
    expect(lists.map((items) => fires(items, "concat(declaration.exportCountry, ':', declaration.portOfLoading)"))).toEqual(joined);
    expect(lists.map((items) => fires(items, "concat(declaration.exportCountry, concat(':', declaration.portOfLoading))"))).toEqual(joined);
    expect(lists.map((items) => fires(items, "concat(declaration.exportCountry, ':', declaration.portOfLoading, '')"))).toEqual(joined);
  });

  test('starts_with_any over concat() fails on a missing part with its reason, even when an earlier part matches', () => {
    const result = evaluateRules(
      packWith({ when: "starts_with_any(concat(declaration.exportCountry, ':', declaration.buyer.id), 'orders')" }, { lists: { orders: { items: ['SG'] } } }),
      declaration,
    );
    expect(result.hits).toEqual([]);
    expect(result.errors.map((error) => error.reason)).toEqual(['`declaration.buyer.id` is missing']);
  });

  test('rejects arithmetic on text at load', () => {
    expect(() => packWith({ when: "lower('ABC') + 1 > 0" })).toThrow('`lower("ABC") + 1` expects number, but `lower("ABC")` is string');
  });

  test('rejects a date literal that is not on the calendar at load', () => {
    expect(() => packWith({ when: "declaration.lodgedAt > date('2024-02-30')" })).toThrow('date(): "2024-02-30" is not an ISO 8601 date');
  });
});
