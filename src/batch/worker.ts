// Entry of a batch worker thread (bundled as dist/batchWorker.js): builds the scorer once from the
// configuration the main thread checked, then scores chunks until the main thread terminates it.
import { workerData } from 'node:worker_threads';
import type { BatchConfig } from './BatchConfig.js';
import { createBatchHandler } from './createBatchHandler.js';
import { serveTasks } from './_lib/serveTasks.js';

const data = workerData as { config?: BatchConfig };

serveTasks(() => {
  const { config } = data;
  if (config === undefined) throw new Error('internal: the batch worker was started without its configuration');
  // The configuration carries the model and reference files' text (6.6 MB for the bundled ones): once the
  // scorer is built from it, nothing here may keep it alive for the rest of the run.
  delete data.config;
  return createBatchHandler(config);
}, (result) => (typeof result.out === 'string' ? [] : [result.out.buffer as ArrayBuffer]));
