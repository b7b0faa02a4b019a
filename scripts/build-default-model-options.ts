import type { TrainModelOptions } from '../src/model/trainModel.js';

/** Options of the bundled default model (chosen on valid.csv; see docs/model.md). */
export const DEFAULT_MODEL_OPTIONS: TrainModelOptions = {
  trees: 100,
  maxDepth: 8,
  minSamplesLeaf: 50,
  featuresPerSplit: 'sqrt',
  seed: 20_240_401,
};
