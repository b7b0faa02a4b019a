import { loadRulePack, type RulePack } from '../../src/index.js';

/** A pack document with one rule; fields of the rule and of the pack can be overridden. */
export function packDocument(rule: Record<string, unknown>, pack: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'test',
    version: '1',
    description: 'test pack',
    lists: { risky: { items: ['KP', 'IR'] }, terms: { items: ['parts', 'general merchandise'] }, orders: { items: ['CN:7306', 'VN:730630'] } },
    tables: { limits: { entries: { USD: 800, EUR: 150 } } },
    rules: [{ id: 'R1', title: 'Test rule', description: 'A rule under test.', category: 'test', scope: 'declaration', points: 5, message: 'fired', ...rule }],
    ...pack,
  };
}

/** Loads a one-rule pack. */
export function packWith(rule: Record<string, unknown>, pack: Record<string, unknown> = {}): RulePack {
  return loadRulePack(packDocument(rule, pack));
}
