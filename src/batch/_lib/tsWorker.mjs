// Worker bootstrap used only when the library runs from its TypeScript sources (vitest, tsx): Node 20 does
// not pass a parent's module loader hooks on to worker threads, so the worker registers tsx itself and
// then imports the real worker module. The built package (dist/) never loads this file.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
