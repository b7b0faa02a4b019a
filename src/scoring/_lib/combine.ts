import { CustomsRiskError } from '../../errors/CustomsRiskError.js';
import { ModelError } from '../../errors/ModelError.js';
import type { ModelExplanation } from '../../types/ModelExplanation.js';
import type { RuleEvaluation, RuleHit } from '../../types/RuleHit.js';
import type { Contribution } from '../ScoreResult.js';
import { apportion } from './apportion.js';
import { fromTenths } from './format.js';
import type { ResolvedPolicy } from './resolvePolicy.js';

/** The additive score of one record, in tenths of a point so that the terms add up exactly. */
export interface Combined {
  readonly contributions: readonly Contribution[];
  /** Points (tenths) of each model feature, in the order of `model.contributions`. */
  readonly modelTenths: readonly number[];
  readonly baseTenths: number;
  readonly ruleTenths: number;
  readonly modelTotalTenths: number;
  readonly clippingTenths: number;
  readonly scoreTenths: number;
}

const MAX_TENTHS = 1000;

/** A rule hit's points in tenths. @throws CustomsRiskError when the pack gave a non-finite number */
export function hitTenths(hit: RuleHit): number {
  if (!Number.isFinite(hit.points)) throw new CustomsRiskError(`rule ${hit.ruleId} of pack ${hit.packId} ${hit.packVersion} gave ${hit.points} points: expected a finite number`);
  return Math.round(hit.points * 10);
}

/**
 * The model's points, `calibrate(p) − calibrate(expectedValue)`, unrounded.
 * @throws ModelError when probability or expected value is not a number from 0 to 1
 */
export function modelPoints(probability: number, expectedValue: number, modelVersion: string, policy: ResolvedPolicy): number {
  // A NaN would silently poison the score and the lane: a model that answers outside [0, 1] is broken.
  if (!(probability >= 0 && probability <= 1) || !(expectedValue >= 0 && expectedValue <= 1)) {
    throw new ModelError(`model ${modelVersion} gave probability ${probability} (expected value ${expectedValue}): expected numbers from 0 to 1`);
  }
  return policy.calibrate(probability) - policy.calibrate(expectedValue);
}

/** The score in tenths from its terms: clipped to 0–100. */
export const clipTenths = (raw: number): number => Math.min(MAX_TENTHS, Math.max(0, raw));

/**
 * Adds base, rule points and calibrated model points; clips to 0–100 with an explicit clipping term, so that
 * the contributions always add up to the score.
 *
 * Model points are `calibrate(p) − calibrate(expectedValue)`. Each feature's SHAP value (probability units)
 * is multiplied by the same factor `(calibrate(p) − calibrate(expectedValue)) / (p − expectedValue)` (the
 * calibration's slope when p equals the expected value), which keeps each feature's share and sign, then
 * rounded to tenths with the difference settled so that the feature points add up to the model points.
 */
export function combine(evaluation: RuleEvaluation | null, model: ModelExplanation | null, policy: ResolvedPolicy): Combined {
  const contributions: Contribution[] = [{ source: 'base', id: 'base', label: 'base score', points: fromTenths(policy.baseTenths) }];
  let ruleTenths = 0;
  if (evaluation !== null) {
    for (const hit of evaluation.hits) {
      const tenths = hitTenths(hit);
      ruleTenths += tenths;
      const contribution: Contribution =
        hit.line === undefined
          ? { source: 'rule', id: hit.ruleId, label: hit.title, points: fromTenths(tenths) }
          : { source: 'rule', id: hit.ruleId, label: hit.title, points: fromTenths(tenths), line: hit.line };
      contributions.push(contribution);
    }
  }

  let modelTotalTenths = 0;
  let modelTenths: number[] = [];
  if (model !== null) {
    const { probability, expectedValue } = model;
    const points = modelPoints(probability, expectedValue, model.modelVersion, policy);
    const features = model.contributions;
    for (let index = 0; index < features.length; index += 1) {
      const feature = features[index] as (typeof features)[number];
      if (!Number.isFinite(feature.shap)) throw new ModelError(`model ${model.modelVersion} gave feature ${feature.feature} a contribution of ${feature.shap}`);
    }
    const calibrate = policy.calibrate;
    modelTotalTenths = Math.round(points * 10);
    const delta = probability - expectedValue;
    const factor = Math.abs(delta) > 1e-12 ? points / delta : calibrate.slope(expectedValue);
    const shares = new Array<number>(features.length);
    for (let index = 0; index < features.length; index += 1) shares[index] = (features[index] as (typeof features)[number]).shap * factor * 10;
    modelTenths = apportion(shares, modelTotalTenths);
    const line = model.lineNumber;
    if (features.length === 0) {
      // Not broken down (modelReasons 'none', or 'flagged' on a green record): the model points in one term.
      contributions.push({ source: 'model', id: 'model', label: 'model (not broken down into reasons)', points: fromTenths(modelTotalTenths) });
    }
    for (let index = 0; index < features.length; index += 1) {
      const feature = features[index] as (typeof features)[number];
      const featurePoints = fromTenths(modelTenths[index] as number);
      contributions.push(
        line === undefined
          ? { source: 'model', id: feature.feature, label: feature.label, points: featurePoints }
          : { source: 'model', id: feature.feature, label: feature.label, points: featurePoints, line },
      );
    }
  }

  const raw = policy.baseTenths + ruleTenths + modelTotalTenths;
  const scoreTenths = clipTenths(raw);
  const clippingTenths = scoreTenths - raw;
  if (clippingTenths !== 0) {
    contributions.push({
      source: 'clipping',
      id: 'clipping',
      label: clippingTenths < 0 ? 'score capped at 100' : 'score floored at 0',
      points: fromTenths(clippingTenths),
    });
  }
  return { contributions, modelTenths, baseTenths: policy.baseTenths, ruleTenths, modelTotalTenths, clippingTenths, scoreTenths };
}
