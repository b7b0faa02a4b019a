import type { RiskModel } from '../../model/RiskModel.js';
import type { RulePack } from '../../rules/RulePack.js';
import { evaluateIsfRules, evaluateRules } from '../../rules/evaluateRules.js';
import { forestExpectedValue } from '../../model/_lib/forestExpectedValue.js';
import type { RiskModelSource, RuleSource } from '../ScorerOptions.js';
import { modelInputOptions } from './modelInputOptions.js';

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
  if (isObject(rules) && typeof rules['id'] === 'string' && typeof rules['version'] === 'string' && Array.isArray(rules['rules'])) {
    return packSource(rules as unknown as RulePack);
  }
  throw new TypeError('createScorer: options.rules must be a rule pack from loadRulePack or an object with evaluate(declaration, input)');
}

/** Checks `options.model`; null when no model is given. */
export function resolveModel(model: unknown): RiskModelSource | null {
  if (model === undefined) return null;
  if (isObject(model) && typeof model['explain'] === 'function') {
    if (typeof model['modelVersion'] === 'string' && typeof model['featureRows'] === 'function') return modelSource(model as unknown as RiskModel);
    if (typeof model['version'] !== 'string') throw new TypeError('createScorer: options.model must have a string version');
    return model as unknown as RiskModelSource;
  }
  throw new TypeError('createScorer: options.model must be a model from loadModel or an object with explain(declaration, input)');
}

/** A loaded pack as a rule source: evaluated on the context the scorer shares with the model. */
function packSource(pack: RulePack): RuleSource {
  return {
    id: pack.id,
    version: pack.version,
    evaluate: (declaration, input) => evaluateRules(pack, declaration, input.context === undefined ? input : { context: input.context }),
    evaluateIsf: (isf) => evaluateIsfRules(pack, isf),
  };
}

/** A loaded model as a model source; see `modelInputOptions` for when it shares the scorer's context. */
function modelSource(model: RiskModel): RiskModelSource {
  const options = modelInputOptions(model);
  let expectedValue: number | undefined;
  return {
    version: model.modelVersion,
    explain: (declaration, input) => model.explain(declaration, options(input)),
    predict: (declaration, input) => model.predict(declaration, options(input)),
    // TreeSHAP's base value, computed once on first use (only `modelReasons` 'flagged' and 'none' ask for it).
    get expectedValue() {
      expectedValue ??= forestExpectedValue(model.forest);
      return expectedValue;
    },
  };
}
