import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BatchConfig } from '../../batch/BatchConfig.js';
import { CliError, usageError } from './CliError.js';
import { EXIT_CODES } from './exitCodes.js';
import { loadModelText, loadReferenceText, loadRules } from './loadSources.js';
import { packageRoot } from './packageRoot.js';

/** The `--rules`, `--model` and `--reference` flags shared by `score`, `explain` and `evaluate`. */
export interface SourceFlags {
  readonly rules?: string | undefined;
  readonly model?: string | undefined;
  readonly reference?: string | undefined;
}

/**
 * Reads the rule pack, model and reference files named by the flags, or the bundled defaults
 * (`rules/`, `models/default.json`, `models/reference.json`); `none` leaves one out. The bundled reference
 * is read only for rules: without it the model's own value norms hold no importer history, so every
 * importer would count as first-time. The model always derives its features from its own norms.
 * @throws CliError: usage error for a missing file, data error when neither rules nor a model remain
 */
export async function readScorerSources(flags: SourceFlags): Promise<Pick<BatchConfig, 'rules' | 'modelText' | 'referenceText'>> {
  for (const [flag, path] of [['rules', flags.rules], ['model', flags.model], ['reference', flags.reference]] as const) {
    if (path !== undefined && path !== 'none' && !existsSync(path)) {
      throw usageError(`--${flag}: no file or folder "${path}"`);
    }
  }
  const rules = flags.rules === 'none' ? undefined : loadRules(flags.rules ?? join(packageRoot(), 'rules'), flags.rules === undefined);
  const modelText =
    flags.model === 'none' ? undefined : loadModelText(flags.model ?? join(packageRoot(), 'models', 'default.json'), flags.model === undefined);
  if (rules === undefined && modelText === undefined) {
    throw new CliError('nothing to score with: no rule pack and no model (the bundled defaults are missing)', EXIT_CODES.dataError);
  }
  const referenceText =
    flags.reference === 'none' || (flags.reference === undefined && rules === undefined)
      ? undefined
      : await loadReferenceText(flags.reference ?? join(packageRoot(), 'models', 'reference.json'), flags.reference === undefined);
  return {
    ...(rules === undefined ? {} : { rules }),
    ...(modelText === undefined ? {} : { modelText }),
    ...(referenceText === undefined ? {} : { referenceText }),
  };
}
