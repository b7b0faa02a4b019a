import { parseReferenceData } from '../../reference/parseReferenceData.js';
import { evaluateIsfRules, evaluateRules } from '../../rules/evaluateRules.js';
import { loadRulePack } from '../../rules/loadRulePack.js';
import { mergeRulePacks } from '../../rules/mergeRulePacks.js';
import type { RulePack } from '../../rules/RulePack.js';
import type { RuleSource, ScorerOptions } from '../../scoring/ScorerOptions.js';
import type { BatchConfig } from '../BatchConfig.js';

/** A loaded pack as the scorer's rule source. */
function ruleSource(pack: RulePack): RuleSource {
  return {
    id: pack.id,
    version: pack.version,
    evaluate: (declaration, input) => evaluateRules(pack, declaration, { isf: input.isf, reference: input.reference }),
    evaluateIsf: (isf) => evaluateIsfRules(pack, isf),
  };
}

/**
 * Loads the rule pack, model and reference data of a batch configuration into scorer options.
 * @throws RulePackError / ModelError / InputError for a bad pack, model or reference file
 */
export function loadScorerSources(config: BatchConfig): ScorerOptions {
  const reference = config.referenceText === undefined ? undefined : parseReferenceData(JSON.parse(config.referenceText) as unknown);
  const rules =
    config.rules === undefined ? undefined : ruleSource(loadRulePack(Array.isArray(config.rules) ? mergeRulePacks(config.rules) : config.rules));
  return {
    ...(rules === undefined ? {} : { rules }),
    ...(reference === undefined ? {} : { reference }),
    ...(config.policy === undefined ? {} : { policy: config.policy }),
  };
}
