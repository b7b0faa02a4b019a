// Entry of a batch worker thread (bundled as dist/batchWorker.js): builds the scorer once from the
// configuration the main thread checked, then scores chunks until the main thread terminates it.
import { workerData } from 'node:worker_threads';
import type { BatchConfig } from './BatchConfig.js';
import { createBatchHandler } from './createBatchHandler.js';
import { serveTasks } from './_lib/serveTasks.js';

const { config } = workerData as { config: BatchConfig };
serveTasks(() => createBatchHandler(config));
