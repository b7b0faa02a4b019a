import { RulePackError } from '../errors/RulePackError.js';
import type { Issue } from '../records/Issue.js';

const HEADER_FIELDS = ['$schema', 'id', 'version', 'description', 'effectiveFrom', 'effectiveTo'] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Merges the JSON documents of a pack split over several files (a folder) into one pack document for
 * `loadRulePack`. Header fields (id, version, …) may appear in any file but must agree; lists and tables are
 * merged by name and may be defined once; rules are concatenated in the order of the documents (sort the
 * file names first for a stable order). Nothing is validated beyond that: `loadRulePack` does it.
 * @param documents Parsed JSON of each file, in order.
 * @throws RulePackError naming every conflict.
 * @example
 * loadRulePack(mergeRulePacks([header, valuationRules, isfRules]))
 */
export function mergeRulePacks(documents: readonly unknown[]): Record<string, unknown> {
  const issues: Issue[] = [];
  const merged: Record<string, unknown> = {};
  const lists: Record<string, unknown> = {};
  const tables: Record<string, unknown> = {};
  const rules: unknown[] = [];
  documents.forEach((document, index) => {
    if (!isObject(document)) {
      issues.push({ code: 'rule_pack', path: [index], message: `pack file ${index + 1}: expected a JSON object` });
      return;
    }
    for (const field of HEADER_FIELDS) {
      const value = document[field];
      if (value === undefined) continue;
      if (merged[field] !== undefined && merged[field] !== value) {
        issues.push({ code: 'rule_pack', path: [index, field], message: `pack file ${index + 1}: ${field} ${JSON.stringify(value)} differs from ${JSON.stringify(merged[field])} in an earlier file` });
      } else merged[field] = value;
    }
    for (const [key, target, label] of [['lists', lists, 'list'], ['tables', tables, 'table']] as const) {
      const named = document[key];
      if (named === undefined) continue;
      if (!isObject(named)) {
        issues.push({ code: 'rule_pack', path: [index, key], message: `pack file ${index + 1}: ${key} must be an object` });
        continue;
      }
      for (const name of Object.keys(named)) {
        if (Object.hasOwn(target, name)) issues.push({ code: 'rule_pack', path: [index, key, name], message: `pack file ${index + 1}: ${label} ${name} is defined in an earlier file too` });
        // defineProperty: a name such as __proto__ stays an own key and is rejected by the loader.
        else Object.defineProperty(target, name, { value: named[name], enumerable: true, writable: true, configurable: true });
      }
    }
    const more = document['rules'];
    if (more === undefined) return;
    if (!Array.isArray(more)) issues.push({ code: 'rule_pack', path: [index, 'rules'], message: `pack file ${index + 1}: rules must be an array` });
    else rules.push(...(more as unknown[]));
  });
  const [first, ...rest] = issues;
  if (first !== undefined) throw new RulePackError([first, ...rest]);
  if (Object.keys(lists).length > 0) merged['lists'] = lists;
  if (Object.keys(tables).length > 0) merged['tables'] = tables;
  merged['rules'] = rules;
  return merged;
}
