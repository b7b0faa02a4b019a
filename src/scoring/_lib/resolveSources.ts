import type { RiskModelSource, RuleSource } from '../ScorerOptions.js';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** Checks `options.rules` and adapts a loaded rule pack to a `RuleSource`; null when no rules are given. */
export function resolveRules(rules: unknown): RuleSource | null {
  if (rules === undefined) return null;
  if (isObject(rules) && typeof rules['evaluate'] === 'function') {
    if (typeof rules['id'] !== 'string' || typeof rules['version'] !== 'string') {
      throw new TypeError('createScorer: options.rules must have a string id and version');
    }
    if (rules['evaluateIsf'] !== undefined && typeof rules['evaluateIsf'] !== 'function') {
      throw new TypeError('createScorer: options.rules.evaluateIsf must be a function');
    }
    return rules as unknown as RuleSource;
  }
  throw new TypeError('createScorer: options.rules must be a rule pack from loadRulePack or an object with evaluate(declaration, input)');
}

/** Checks `options.model`; null when no model is given. */
export function resolveModel(model: unknown): RiskModelSource | null {
  if (model === undefined) return null;
  if (isObject(model) && typeof model['explain'] === 'function') {
    if (typeof model['version'] !== 'string') throw new TypeError('createScorer: options.model must have a string version');
    return model as unknown as RiskModelSource;
  }
  throw new TypeError('createScorer: options.model must be a model from loadModel or an object with explain(declaration, input)');
}
