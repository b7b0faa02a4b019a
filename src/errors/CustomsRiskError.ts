/** Base class of every error this library throws on purpose. */
export class CustomsRiskError extends Error {
  override name: string = 'CustomsRiskError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
