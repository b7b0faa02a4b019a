import type { BatchConfig } from './BatchConfig.js';
import type { ChunkResult, ChunkTask } from './ChunkTask.js';
import { createChunkHandler } from './scoreChunk.js';
import { IsfIndex } from './_lib/IsfIndex.js';
import { createLaneFirstScorer } from './_lib/createLaneFirstScorer.js';
import { loadScorerSources } from './_lib/loadScorerSources.js';

/**
 * Builds the chunk handler of a batch from its configuration: the same function runs in every worker
 * thread and, with one worker, on the main thread, so the output bytes cannot depend on the thread count.
 */
export function createBatchHandler(config: BatchConfig): (task: ChunkTask) => Promise<ChunkResult> {
  const scorer = createLaneFirstScorer(loadScorerSources(config), config.explain);
  return createChunkHandler({
    format: config.format,
    layout: config.layout,
    output: config.output,
    explain: config.explain,
    scorer,
    isf: config.isf === undefined || config.isf.length === 0 ? undefined : new IsfIndex(config.isf),
  });
}
