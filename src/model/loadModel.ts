import { ModelError } from '../errors/ModelError.js';
import { parseReferenceData } from '../reference/parseReferenceData.js';
import { createRiskModel, type RiskModel } from './RiskModel.js';
import { FEATURE_REGISTRY } from './_lib/featureRegistry.js';
import { decodeForest } from './_lib/forestCodec.js';
import { MODEL_FILE_VERSION, MODEL_FORMAT, encoderEntriesValid, modelFileSchema, modelShellSchema, type ModelFile } from './_lib/modelFileSchema.js';

/**
 * The file checked against `modelFileSchema`. A valid file takes the fast way: zod checks everything but
 * the encoders' entries, a loop checks those in place, and the entries stay the parsed JSON's own arrays
 * instead of a copy. Anything refused there is run through the full schema, so a bad file gets exactly the
 * issues the schema reports.
 */
function checkModelFile(json: unknown): ModelFile {
  const shell = modelShellSchema.safeParse(json);
  if (shell.success && shell.data.features.encoders.every((encoder) => encoderEntriesValid(encoder.entries))) {
    // The shell's output differs from the full schema's only in the entries, now known to be valid.
    return shell.data as ModelFile;
  }
  const parsed = modelFileSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .slice(0, 5)
    .map((issue) => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('\n');
  const tag = typeof json === 'object' && json !== null && (json as { format?: unknown }).format !== MODEL_FORMAT ? ` (expected format "${MODEL_FORMAT}")` : '';
  throw new ModelError(`Invalid model file${tag}:\n${issues}`, { cause: parsed.error });
}

/**
 * Reads a model file (its text or parsed JSON), validating everything before anything is scored: the
 * format and version, the feature ids, the encoders, the reference data, and the forest's sizes,
 * structure and checksum.
 *
 * @throws ModelError naming what is wrong; the cause carries the underlying error.
 * @example
 * const model = loadModel(readFileSync('models/default.json', 'utf8'));
 * model.predict(declaration) //=> 0.12
 */
export function loadModel(input: unknown): RiskModel {
  return loadModelWith(input, { keepFile: true });
}

/**
 * `loadModel` with the internal option `keepFile`: false gives a model for scoring only, whose `file`
 * (a few megabytes of encoder entries and encoded forest) is let go; reading `model.file` then throws.
 * The batch's workers load models that way. Not part of the public API.
 */
export function loadModelWith(input: unknown, options: { readonly keepFile: boolean }): RiskModel {
  let json = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input);
    } catch (error) {
      throw new ModelError(`Invalid model file: not valid JSON (${(error as Error).message}); is the file truncated?`, { cause: error });
    }
  }
  if (typeof json === 'object' && json !== null && 'formatVersion' in json && (json as { formatVersion: unknown }).formatVersion !== MODEL_FILE_VERSION) {
    const found = (json as { formatVersion: unknown }).formatVersion;
    throw new ModelError(`Invalid model file: format version ${JSON.stringify(found)} is not supported (this library reads version ${MODEL_FILE_VERSION})`);
  }
  const file = checkModelFile(json);
  const unknown = file.features.features.filter((id) => !FEATURE_REGISTRY.has(id));
  if (unknown.length > 0) throw new ModelError(`Invalid model file: unknown feature${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`);
  if (file.features.features.length !== file.forest.features) {
    throw new ModelError(`Invalid model file: the feature spec lists ${file.features.features.length} features but the forest expects ${file.forest.features}`);
  }
  const keys = file.features.encoders.map((encoder) => encoder.key);
  const needed = file.features.features.filter((id) => id.endsWith('_finding_rate') || id.endsWith('_declarations')).map((id) => id.replace(/_(finding_rate|declarations)$/, ''));
  const missing = needed.filter((key) => !keys.includes(key as (typeof keys)[number]));
  if (missing.length > 0) throw new ModelError(`Invalid model file: no fitted encoder for ${[...new Set(missing)].join(', ')}`);

  let forest;
  try {
    forest = decodeForest(file.forest);
  } catch (error) {
    throw new ModelError(`Invalid model file: ${(error as Error).message}`, { cause: error });
  }
  let reference;
  try {
    reference = parseReferenceData(file.reference);
  } catch (error) {
    throw new ModelError(`Invalid model file: reference data: ${(error as Error).message}`, { cause: error });
  }
  return createRiskModel(file, forest, reference, options.keepFile);
}
