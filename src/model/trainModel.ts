import { createHash } from 'node:crypto';
import { deriveContext } from '../context/deriveContext.js';
import type { Declaration } from '../records/declarationSchema.js';
import type { IsfFiling } from '../records/isfFilingSchema.js';
import { buildReferenceData } from '../reference/buildReferenceData.js';
import { parseReferenceData } from '../reference/parseReferenceData.js';
import type { ReferenceData } from '../reference/ReferenceData.js';
import { serializeReferenceData } from '../reference/serializeReferenceData.js';
import { evaluateModel } from './evaluateModel.js';
import { HISTORY_KEYS, type HistoryKey } from './FeatureSpec.js';
import { createRiskModel, type RiskModel } from './RiskModel.js';
import { resolveForestOptions, trainForest, type ForestOptions } from './trainForest.js';
import { trainWithMlRandomForest } from './mlRandomForest.js';
import { DEFAULT_FEATURES, FEATURE_REGISTRY, type FeatureInput } from './_lib/featureRegistry.js';
import { encodeForest } from './_lib/forestCodec.js';
import { fitHistoryEncoders, type EncoderRow } from './_lib/historyEncoders.js';
import { MODEL_FILE_VERSION, MODEL_FORMAT, type ModelFile } from './_lib/modelFileSchema.js';
import { deriveSeed } from './_lib/prng.js';
import type { RankingMetrics } from './_lib/metrics.js';

/** A declaration with its inspection outcome (the shape `readRecords` yields for labelled data). */
export interface LabelledRecord {
  readonly record: Declaration;
  readonly label: { readonly fraud: boolean };
  /** The ISF linked to the declaration, when there is one. */
  readonly isf?: IsfFiling | undefined;
}

/** Options of `trainModel`: the forest options plus the feature settings. */
export interface TrainModelOptions extends ForestOptions {
  /** Feature ids in column order. @default DEFAULT_FEATURES (see docs/model.md) */
  readonly features?: readonly string[];
  /** Pseudo-declarations at the overall rate added to each party's or code's history. @default 20 */
  readonly smoothing?: number;
  /** Folds for the out-of-fold history of the training rows. @default 5 */
  readonly folds?: number;
  /** Labelled records to evaluate on; their metrics are stored in the model file. */
  readonly validation?: readonly LabelledRecord[];
  /**
   * `'ml-random-forest'` trains with the reference implementation (slow: for small data and comparisons).
   * @default 'histogram'
   */
  readonly trainer?: 'histogram' | 'ml-random-forest';
  /** Version string written into explanations. @default `rf-` + the first 12 hex digits of the forest checksum */
  readonly modelVersion?: string;
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Trains a risk model on labelled declarations: builds the value norms and the history encoders from the
 * training rows (out-of-fold for the rows themselves), then a histogram random forest on one row per goods
 * line, labelled with its declaration's outcome. Same records, options and seed give a byte-identical file.
 *
 * @example
 * const model = trainModel(labelled, { trees: 100, seed: 1 });
 * model.predict(declaration) //=> 0.83
 */
export function trainModel(labelled: readonly LabelledRecord[], options: TrainModelOptions = {}): RiskModel {
  const { forestOptions, featureIds, smoothing, folds, referenceJson, reference, rows, encoders, x, labels, width } = featurizeTraining(labelled, options);
  const matrix = { x, rows: rows.length, features: width, labels };
  const trainer = options.trainer ?? 'histogram';
  const forest = trainer === 'histogram' ? trainForest(matrix, forestOptions) : trainWithMlRandomForest(matrix, forestOptions);
  const encodedForest = encodeForest(forest);

  const hash = createHash('sha256');
  let from: string | null = null;
  let to: string | null = null;
  for (const { record, label } of labelled) {
    hash.update(JSON.stringify(record));
    hash.update(label.fraud ? '\n1\n' : '\n0\n');
    const at = record.lodgedAt.toISOString();
    if (from === null || compareText(at, from) < 0) from = at;
    if (to === null || compareText(at, to) > 0) to = at;
  }

  const file: ModelFile = {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FILE_VERSION,
    modelVersion: options.modelVersion ?? `rf-${encodedForest.sha256.slice(0, 12)}`,
    features: { features: [...featureIds], encoders: encoders.map((e) => ({ ...e, entries: e.entries.map((entry) => [...entry] as [string, number, number]) })), folds },
    reference: referenceJson,
    forest: encodedForest,
    training: {
      trainer,
      dataSha256: hash.digest('hex'),
      declarations: labelled.length,
      rows: rows.length,
      positives: labels.reduce((sum, label) => sum + label, 0),
      from,
      to,
      seed: forestOptions.seed,
      options: {
        ...forestOptions,
        classWeight: typeof forestOptions.classWeight === 'string' ? forestOptions.classWeight : [forestOptions.classWeight[0], forestOptions.classWeight[1]],
      },
      smoothing,
      validation: null,
    },
  };
  const model = createRiskModel(file, forest, reference);
  if (options.validation === undefined) return model;
  const metrics = evaluateModel(model, options.validation, { trainingRecords: labelled });
  return createRiskModel({ ...file, training: { ...file.training, validation: { all: plain(metrics.all), novel: metrics.novel === null ? null : plain(metrics.novel) } } }, forest, reference);
}


/** The feature matrix of the training rows, with everything the model file needs. Internal: used by trainModel and the benchmarks. */
export function featurizeTraining(labelled: readonly LabelledRecord[], options: TrainModelOptions = {}) {
  const forestOptions = resolveForestOptions(options);
  const featureIds = options.features ?? DEFAULT_FEATURES;
  for (const id of featureIds) {
    if (!FEATURE_REGISTRY.has(id)) throw new RangeError(`options.features: unknown feature "${id}"`);
  }
  if (new Set(featureIds).size !== featureIds.length) throw new RangeError('options.features: a feature is listed twice');
  const smoothing = options.smoothing ?? 20;
  const folds = options.folds ?? 5;
  if (!(smoothing > 0)) throw new RangeError(`options.smoothing: expected a positive number, received ${smoothing}`);
  if (!Number.isInteger(folds) || folds < 2 || folds > 100) throw new RangeError(`options.folds: expected an integer from 2 to 100, received ${folds}`);
  if (labelled.length === 0) throw new RangeError('trainModel: expected at least one labelled record');

  // Value norms only: the model's features take party history from its own encoders.
  const built = buildReferenceData(labelled.map(({ record, label }) => ({ record, label })));
  const referenceJson = JSON.parse(serializeReferenceData({ ...built, importers: new Map(), consignees: new Map() })) as unknown;
  const reference: ReferenceData = parseReferenceData(referenceJson);

  const rows: EncoderRow[] = [];
  for (const { record, label, isf } of labelled) {
    const context = deriveContext(record, { isf, reference });
    for (const line of context.lines) rows.push({ context, line, positive: label.fraud });
  }
  const keys = HISTORY_KEYS.filter((key) => featureIds.some((id) => id.startsWith(`${key}_`)));
  const { encoders, outOfFold } = fitHistoryEncoders(rows, keys, { smoothing, folds, seed: deriveSeed(forestOptions.seed, 0xf0)
  });

  const definitions = featureIds.map((id) => FEATURE_REGISTRY.get(id)!);
  const width = definitions.length;
  const x = new Float64Array(rows.length * width);
  const labels = new Uint8Array(rows.length);
  rows.forEach((row, i) => {
    const lookup = outOfFold(i);
    const input: FeatureInput = { context: row.context, line: row.line, history: (key: HistoryKey) => lookup(key, row.context, row.line) };
    for (let f = 0; f < width; f++) x[i * width + f] = definitions[f]!.value(input);
    labels[i] = row.positive ? 1 : 0;
  });
  return { forestOptions, featureIds, smoothing, folds, referenceJson, reference, rows, encoders, x, labels, width };
}

/** Renders a model as its JSON file text (deterministic: same model, same bytes). */
export function serializeModel(model: RiskModel): string {
  return `${JSON.stringify(model.file)}\n`;
}

const plain = (metrics: RankingMetrics) => ({ ...metrics, top: metrics.top.map((t) => ({ ...t })), calibration: metrics.calibration.map((c) => ({ ...c })) });
