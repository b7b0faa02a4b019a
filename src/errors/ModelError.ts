import { CustomsRiskError } from './CustomsRiskError.js';

/** Thrown when a model file is truncated, tampered with, of another version, or does not fit the data. */
export class ModelError extends CustomsRiskError {
  override name = 'ModelError' as const;
}
