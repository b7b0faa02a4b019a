import type { ModelInputOptions, RiskModel } from '../../model/RiskModel.js';
import type { ReferenceData } from '../../reference/ReferenceData.js';
import type { RuleSourceInput } from '../ScorerOptions.js';
import { sameValueNorms } from './sameValueNorms.js';

/**
 * What a loaded model gets of the scorer's per-record input. The scorer's context is shared only when it
 * was derived with value norms equal to the model's own: the model's value-norm features were trained
 * against those. The bundled reference data carries the same norms as the bundled model plus party
 * profiles, so by default rules and model share one context per record (deriving it twice measured about
 * a tenth of a batch's time). The comparison runs once per reference data set.
 */
export function modelInputOptions(model: RiskModel): (input: RuleSourceInput) => ModelInputOptions {
  let checked: ReferenceData | undefined;
  let shares = false;
  const sharesContext = (reference: ReferenceData | undefined): boolean => {
    if (reference === undefined) return false;
    if (reference !== checked) {
      checked = reference;
      shares = sameValueNorms(reference, model.reference);
    }
    return shares;
  };
  // The norms are checked before `input.context` is read: reading it derives the context.
  return (input) => (sharesContext(input.reference) && input.context !== undefined ? { isf: input.isf, context: input.context } : { isf: input.isf });
}
