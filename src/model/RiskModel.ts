import { deriveContext } from '../context/deriveContext.js';
import type { DeclarationContext } from '../context/DeclarationContext.js';
import type { Declaration } from '../records/declarationSchema.js';
import type { IsfFiling } from '../records/isfFilingSchema.js';
import type { ReferenceData } from '../reference/ReferenceData.js';
import type { FeatureContribution, ModelExplanation } from '../types/ModelExplanation.js';
import { createTreeShap, type TreeShap } from './createTreeShap.js';
import type { FeatureSpec } from './FeatureSpec.js';
import type { Forest } from './Forest.js';
import { predictForest } from './predictForest.js';
import { FEATURE_REGISTRY, type FeatureDefinition, type FeatureInput } from './_lib/featureRegistry.js';
import { createHistoryLookup } from './_lib/historyEncoders.js';
import type { ModelFile } from './_lib/modelFileSchema.js';

/** Per-record inputs besides the declaration. */
export interface ModelInputOptions {
  /** The ISF filed for the declaration's bill, when one is linked. */
  readonly isf?: IsfFiling | undefined;
  /**
   * Context already derived for the record (e.g. by the scorer). Only pass one derived with
   * `model.reference`: the model's value-norm features were trained against that reference.
   */
  readonly context?: DeclarationContext | undefined;
}

/** Options of the batch methods: the ISF of each record, by position. */
export interface ModelBatchOptions {
  readonly isf?: readonly (IsfFiling | undefined)[];
}

/** A loaded or freshly trained risk model. */
export interface RiskModel {
  /** Identifies the model in explanations, e.g. `rf-3fa1c2d4e5b6`. */
  readonly modelVersion: string;
  /** Feature ids in column order. */
  readonly featureIds: readonly string[];
  /** Value norms the model's reference-ratio features were computed against (no party profiles). */
  readonly reference: ReferenceData;
  /** The flat forest (read-only view). */
  readonly forest: Forest;
  /** The model file this model was built from: `JSON.stringify(model.file)` writes it. */
  readonly file: ModelFile;
  /** Probability of a finding; a multi-line declaration scores as its riskiest line. */
  predict(record: Declaration, options?: ModelInputOptions): number;
  /** `predict` over many records. */
  predictBatch(records: readonly Declaration[], options?: ModelBatchOptions): Float64Array;
  /** The probability with its exact TreeSHAP decomposition over the features. */
  explain(record: Declaration, options?: ModelInputOptions): ModelExplanation;
  /** `explain` over many records. */
  explainBatch(records: readonly Declaration[], options?: ModelBatchOptions): ModelExplanation[];
  /** Feature values of each goods line of a record, row-major (NaN = missing). */
  featureRows(record: Declaration, options?: ModelInputOptions): Float64Array;
}

interface Featurized {
  readonly inputs: FeatureInput[];
  readonly x: Float64Array;
}

/** Builds the model object from a validated file and its decoded forest. */
export function createRiskModel(file: ModelFile, forest: Forest, reference: ReferenceData): RiskModel {
  const spec: FeatureSpec = file.features;
  const definitions: FeatureDefinition[] = spec.features.map((id) => FEATURE_REGISTRY.get(id)!);
  const width = definitions.length;
  const history = createHistoryLookup(spec.encoders);
  let shap: TreeShap | null = null;

  const featurize = (record: Declaration, options: ModelInputOptions = {}): Featurized => {
    const context = options.context ?? deriveContext(record, { isf: options.isf, reference });
    const inputs = context.lines.map(
      (line): FeatureInput => ({ context, line, history: (key) => history(key, context, line) }),
    );
    const x = new Float64Array(inputs.length * width);
    inputs.forEach((input, row) => {
      for (let f = 0; f < width; f++) x[row * width + f] = definitions[f]!.value(input);
    });
    return { inputs, x };
  };

  const riskiestLine = (probabilities: Float64Array) => {
    let best = 0;
    for (let i = 1; i < probabilities.length; i++) if (probabilities[i]! > probabilities[best]!) best = i;
    return best;
  };

  const predict = (record: Declaration, options?: ModelInputOptions) => {
    const probabilities = predictForest(forest, featurize(record, options).x);
    return probabilities[riskiestLine(probabilities)]!;
  };

  const explain = (record: Declaration, options?: ModelInputOptions): ModelExplanation => {
    const { inputs, x } = featurize(record, options);
    const probabilities = predictForest(forest, x);
    const line = riskiestLine(probabilities);
    shap ??= createTreeShap(forest);
    const row = x.subarray(line * width, (line + 1) * width);
    const phi = new Float64Array(width);
    shap.explain(row, phi);
    const input = inputs[line]!;
    const contributions: FeatureContribution[] = definitions.map((definition, f) => {
      const raw = row[f]!;
      const value = Number.isNaN(raw) ? null : raw;
      return { feature: definition.id, label: definition.label, value, formatted: definition.format(value, input), shap: phi[f]! };
    });
    // Largest absolute contribution first; equal ones keep column order (Array.prototype.sort is stable).
    contributions.sort((a, b) => Math.abs(b.shap) - Math.abs(a.shap));
    const explanation: ModelExplanation = {
      probability: probabilities[line]!,
      expectedValue: shap.expectedValue,
      contributions,
      modelVersion: file.modelVersion,
    };
    return record.lines.length > 1 ? { ...explanation, lineNumber: input.line.lineNumber } : explanation;
  };

  return {
    modelVersion: file.modelVersion,
    featureIds: spec.features,
    reference,
    forest,
    file,
    predict,
    predictBatch: (records, options) => {
      // One matrix for all lines, scored in blocks by the compiled forest; then the riskiest line per record.
      const parts = records.map((record, i) => featurize(record, { isf: options?.isf?.[i] }).x);
      const x = new Float64Array(parts.reduce((sum, part) => sum + part.length, 0));
      let offset = 0;
      for (const part of parts) {
        x.set(part, offset);
        offset += part.length;
      }
      const probabilities = predictForest(forest, x);
      const result = new Float64Array(records.length);
      let row = 0;
      parts.forEach((part, i) => {
        const lines = part.length / width;
        result[i] = probabilities[row + riskiestLine(probabilities.subarray(row, row + lines))]!;
        row += lines;
      });
      return result;
    },
    explain,
    explainBatch: (records, options) => records.map((record, i) => explain(record, { isf: options?.isf?.[i] })),
    featureRows: (record, options) => featurize(record, options).x,
  };
}
