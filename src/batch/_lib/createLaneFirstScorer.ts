import { forestExpectedValue } from '../../model/_lib/forestExpectedValue.js';
import type { RiskModel } from '../../model/RiskModel.js';
import { createScorerWith, WHOLE_MODEL_LABEL, type InternalScorer } from '../../scoring/createScorer.js';
import type { RiskModelSource, ScorerOptions } from '../../scoring/ScorerOptions.js';
import { modelInputOptions } from '../../scoring/_lib/modelInputOptions.js';

/** Id of the single model contribution of a result scored without its feature breakdown. */
export const WHOLE_MODEL_FEATURE = 'model';

/**
 * The model as one term: its probability, with the whole difference from the expected value on one
 * pseudo-feature. Score and lane are exactly those of the full explanation (model points depend on the
 * probability and the expected value only); the per-feature TreeSHAP split, by far the costliest step of
 * scoring, is left out.
 */
function wholeModel(model: RiskModel, expectedValue: number): RiskModelSource {
  const inputOptions = modelInputOptions(model);
  const predict: NonNullable<RiskModelSource['predict']> = (declaration, input) => model.predict(declaration, inputOptions(input));
  return {
    version: model.modelVersion,
    expectedValue,
    predict,
    explain: (declaration, input) => {
      const probability = predict(declaration, input);
      return {
        probability,
        expectedValue,
        contributions: [
          {
            feature: WHOLE_MODEL_FEATURE,
            label: WHOLE_MODEL_LABEL,
            value: probability,
            formatted: `probability ${probability.toFixed(3)}`,
            shap: probability - expectedValue,
          },
        ],
        modelVersion: model.modelVersion,
      };
    },
  };
}

/**
 * How much of the model's reasons a batch computes: `none` keeps the model as one term on every result,
 * `flagged` adds the per-feature TreeSHAP breakdown to results outside the green lane, `all` to every result.
 */
export type ExplainMode = 'none' | 'flagged' | 'all';

/**
 * A scorer for batches. `none`: the model counts as one term on every result (no TreeSHAP at all);
 * `flagged`: the scorer's own `modelReasons: 'flagged'` (TreeSHAP for results outside the green lane);
 * `all`: the full breakdown everywhere. Score and lane are the same in all three.
 */
export function createLaneFirstScorer(
  options: ScorerOptions & { readonly model?: RiskModel | undefined },
  explain: ExplainMode,
): InternalScorer {
  const model = options.model;
  // Results are serialised (JSON) or read for their top reasons only: the explanation strings are built lazily.
  const internal = { lazyExplanations: true };
  if (model === undefined || explain === 'all') return createScorerWith(options, internal);
  if (explain === 'flagged') return createScorerWith({ ...options, modelReasons: 'flagged' }, internal);
  return createScorerWith({ ...options, model: wholeModel(model, forestExpectedValue(model.forest)) }, internal);
}
