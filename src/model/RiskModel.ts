import { deriveContext } from '../context/deriveContext.js';
import type { DeclarationContext } from '../context/DeclarationContext.js';
import { ModelError } from '../errors/ModelError.js';
import type { Declaration } from '../records/declarationSchema.js';
import type { IsfFiling } from '../records/isfFilingSchema.js';
import type { ReferenceData } from '../reference/ReferenceData.js';
import type { FeatureContribution, ModelExplanation } from '../types/ModelExplanation.js';
import { createTreeShap, type TreeShap } from './createTreeShap.js';
import type { FeatureSpec } from './FeatureSpec.js';
import type { Forest } from './Forest.js';
import { predictForest } from './predictForest.js';
import { FEATURE_REGISTRY, type FeatureDefinition, type FeatureInput } from './_lib/featureRegistry.js';
import { compileFeatures } from './_lib/compileFeatures.js';
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

/** Scratch buffers kept for records of up to this many goods lines (one pair per line count). */
const SCRATCH_LINES = 32;

/**
 * Builds the model object from a validated file and its decoded forest. With `keepFile` false the model
 * does not keep its file (its encoder entries and encoded forest are a few megabytes, needed only to save
 * it again): reading `file` then throws. The batch's workers load models that way.
 */
export function createRiskModel(file: ModelFile, forest: Forest, reference: ReferenceData, keepFile = true): RiskModel {
  const spec: FeatureSpec = file.features;
  const modelVersion = file.modelVersion;
  const featureIds = spec.features;
  const definitions: FeatureDefinition[] = spec.features.map((id) => FEATURE_REGISTRY.get(id)!);
  const width = definitions.length;
  // Feature rows are written by the compiled writer; the per-lookup history only serves the wording of
  // one explained line.
  const writer = compileFeatures(definitions, spec.encoders);
  const history = createHistoryLookup(spec.encoders);
  let shap: TreeShap | null = null;

  const contextOf = (record: Declaration, options: ModelInputOptions | undefined): DeclarationContext =>
    options?.context ?? deriveContext(record, { isf: options?.isf, reference });

  // Single-record predict and explain reuse these (indexed by line count): they never leave this module,
  // and the calls are synchronous, so one set per model is enough. featureRows returns a fresh array.
  const scratchRows: Float64Array[] = [];
  const scratchProbabilities: Float64Array[] = [];
  const scratchPhi = new Float64Array(width);
  const rowsFor = (lines: number) => {
    if (lines > SCRATCH_LINES) return new Float64Array(lines * width);
    return (scratchRows[lines] ??= new Float64Array(lines * width));
  };
  const probabilitiesFor = (lines: number) => {
    if (lines > SCRATCH_LINES) return new Float64Array(lines);
    return (scratchProbabilities[lines] ??= new Float64Array(lines));
  };

  const riskiestLine = (probabilities: Float64Array, from: number, to: number) => {
    let best = from;
    for (let i = from + 1; i < to; i++) if (probabilities[i]! > probabilities[best]!) best = i;
    return best;
  };

  const predict = (record: Declaration, options?: ModelInputOptions) => {
    const context = contextOf(record, options);
    const lines = context.lines.length;
    const x = rowsFor(lines);
    writer.write(context, x, 0);
    const probabilities = predictForest(forest, x, probabilitiesFor(lines));
    return probabilities[riskiestLine(probabilities, 0, lines)]!;
  };

  const explain = (record: Declaration, options?: ModelInputOptions): ModelExplanation => {
    const context = contextOf(record, options);
    const lines = context.lines.length;
    const x = rowsFor(lines);
    writer.write(context, x, 0);
    const probabilities = predictForest(forest, x, probabilitiesFor(lines));
    const line = riskiestLine(probabilities, 0, lines);
    shap ??= createTreeShap(forest);
    const row = x.subarray(line * width, (line + 1) * width);
    const phi = scratchPhi.fill(0);
    shap.explain(row, phi);
    const lineContext = context.lines[line]!;
    const input: FeatureInput = { context, line: lineContext, history: (key) => history(key, context, lineContext) };
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
      modelVersion,
    };
    return record.lines.length > 1 ? { ...explanation, lineNumber: lineContext.lineNumber } : explanation;
  };

  const kept = keepFile ? file : undefined;
  return {
    modelVersion,
    featureIds,
    reference,
    forest,
    get file(): ModelFile {
      if (kept === undefined) throw new ModelError(`model ${modelVersion} was loaded for scoring only and does not keep its file; load it with loadModel to save it`);
      return kept;
    },
    predict,
    predictBatch: (records, options) => {
      // One matrix for all lines, scored in blocks by the compiled forest; then the riskiest line per record.
      const contexts = records.map((record, i) => deriveContext(record, { isf: options?.isf?.[i], reference }));
      let total = 0;
      for (const context of contexts) total += context.lines.length;
      const x = new Float64Array(total * width);
      let row = 0;
      for (const context of contexts) {
        writer.write(context, x, row);
        row += context.lines.length;
      }
      const probabilities = predictForest(forest, x);
      const result = new Float64Array(records.length);
      row = 0;
      contexts.forEach((context, i) => {
        const end = row + context.lines.length;
        result[i] = probabilities[riskiestLine(probabilities, row, end)]!;
        row = end;
      });
      return result;
    },
    explain,
    explainBatch: (records, options) => records.map((record, i) => explain(record, { isf: options?.isf?.[i] })),
    featureRows: (record, options) => {
      const context = contextOf(record, options);
      const x = new Float64Array(context.lines.length * width);
      writer.write(context, x, 0);
      return x;
    },
  };
}
