import type { DeclarationContext } from '../../context/DeclarationContext.js';
import type { FeatureDefinition, FeatureInput } from './featureRegistry.js';
import type { HistoryLookup } from './historyEncoders.js';

/**
 * The feature rows of a record computed the plain way: one `FeatureInput` per line and each column's
 * registry `value(input)`. Slow (objects and closures per line, a lookup object per history feature) but
 * the definition: the compiled writer of `compileFeatures` must give these bits exactly.
 */
export function featureRowsByDefinition(definitions: readonly FeatureDefinition[], history: HistoryLookup, context: DeclarationContext): Float64Array {
  const width = definitions.length;
  const x = new Float64Array(context.lines.length * width);
  context.lines.forEach((line, row) => {
    const input: FeatureInput = { context, line, history: (key) => history(key, context, line) };
    for (let f = 0; f < width; f++) x[row * width + f] = definitions[f]!.value(input);
  });
  return x;
}
