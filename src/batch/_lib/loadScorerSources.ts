import { loadModel } from '../../model/loadModel.js';
import type { RiskModel } from '../../model/RiskModel.js';
import { parseReferenceData } from '../../reference/parseReferenceData.js';
import { loadRulePack } from '../../rules/loadRulePack.js';
import { mergeRulePacks } from '../../rules/mergeRulePacks.js';
import type { ScorerOptions } from '../../scoring/ScorerOptions.js';
import type { BatchConfig } from '../BatchConfig.js';

/**
 * Loads the rule pack, model and reference data of a batch configuration into scorer options. Without a
 * reference file the model's own value norms serve as reference: the value rules can then run, and rules
 * and model share one derived context per record.
 * @throws RulePackError / ModelError / InputError for a bad pack, model or reference file
 */
export function loadScorerSources(config: BatchConfig): ScorerOptions & { readonly model?: RiskModel } {
  const rules = config.rules === undefined ? undefined : loadRulePack(Array.isArray(config.rules) ? mergeRulePacks(config.rules) : config.rules);
  const model = config.modelText === undefined ? undefined : loadModel(config.modelText);
  const reference = config.referenceText === undefined ? model?.reference : parseReferenceData(config.referenceText);
  return {
    ...(rules === undefined ? {} : { rules }),
    ...(model === undefined ? {} : { model }),
    ...(reference === undefined ? {} : { reference }),
    ...(config.policy === undefined ? {} : { policy: config.policy }),
  };
}
