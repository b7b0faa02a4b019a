import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

/** Where this module runs from: `import.meta.url` in ESM (sources and dist/*.js), `__filename` in the CJS bundle. */
function moduleUrl(): string {
  const url = (import.meta as { url?: string }).url;
  return url ?? pathToFileURL(__filename).href;
}

/** The worker script and how to start it, for the sources (TypeScript) or the tsup bundle in dist/. */
export function workerEntry(): { readonly script: URL; readonly entry?: string } {
  const here = moduleUrl();
  if (here.endsWith('.ts')) {
    // Running from src/ (tests, tsx): bootstrap registers tsx in the thread, then loads src/batch/worker.ts.
    return { script: new URL('./tsWorker.mjs', here), entry: new URL('../worker.ts', here).href };
  }
  // tsup bundles this module into dist/ next to the worker entry `batchWorker` (see tsup.config.ts).
  return { script: new URL(here.endsWith('.cjs') ? './batchWorker.cjs' : './batchWorker.js', here) };
}

/** Starts one batch worker thread with `config` as its configuration (read by `src/batch/worker.ts`). */
export function spawnWorker(config: unknown): Worker {
  const { script, entry } = workerEntry();
  return new Worker(script, { workerData: entry === undefined ? { config } : { config, entry } });
}
