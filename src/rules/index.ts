export { loadRulePack, safeLoadRulePack } from './loadRulePack.js';
export { evaluateRules, evaluateIsfRules } from './evaluateRules.js';
export { mergeRulePacks } from './mergeRulePacks.js';
export { rulePackSchema, rulePackJsonSchema, RULE_SCOPES } from './rulePackSchema.js';
export { RULE_PACK_LIMITS } from './_lib/limits.js';
export type { EvaluateRulesOptions } from './evaluateRules.js';
export type { RulePack, RuleInfo } from './RulePack.js';
export type { RulePackDocument, RuleDocument, RuleScope } from './rulePackSchema.js';
