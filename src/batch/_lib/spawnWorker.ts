import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** How to start a batch worker thread: the script, and for the tsx bootstrap the module it loads. */
export interface WorkerScript {
  readonly script: URL;
  readonly entry?: string;
}

/** Where this module runs from: `import.meta.url` in ESM (sources and dist/*.js), `__filename` in the CJS bundle. */
function moduleUrl(): string {
  const url = (import.meta as { url?: string }).url;
  return url ?? pathToFileURL(__filename).href;
}

let devBundle: Promise<WorkerScript> | undefined;

/**
 * Running from the TypeScript sources (tests, tsx): bundles src/batch/worker.ts with its packages once per
 * process with esbuild (a dev dependency, loaded by a computed name so that no bundler pulls it in). One
 * bundled file loads several times faster in a worker than the same modules through tsx (the fallback when
 * esbuild is missing), which registers its loader and transforms every file again in every thread.
 */
async function bundleSources(here: string): Promise<WorkerScript> {
  const source = fileURLToPath(new URL('../worker.ts', here));
  try {
    const esbuild = (await import(['es', 'build'].join(''))) as {
      build(options: Record<string, unknown>): Promise<unknown>;
    };
    const folder = join(tmpdir(), 'customs-risk');
    mkdirSync(folder, { recursive: true });
    const outfile = join(folder, `batch-worker-${process.pid}.mjs`);
    await esbuild.build({
      entryPoints: [source],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
      // CommonJS packages inside an ES module bundle still call require() for Node built-ins.
      banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    });
    process.once('exit', () => rmSync(outfile, { force: true }));
    return { script: pathToFileURL(outfile) };
  } catch {
    return { script: new URL('./tsWorker.mjs', here), entry: pathToFileURL(source).href };
  }
}

/**
 * The worker script: the tsup bundle `batchWorker` next to this module in dist/ (see tsup.config.ts), or,
 * from the sources, a bundle built on first use.
 */
export function prepareWorker(): Promise<WorkerScript> {
  const here = moduleUrl();
  if (here.endsWith('.ts')) return (devBundle ??= bundleSources(here));
  return Promise.resolve({ script: new URL(here.endsWith('.cjs') ? './batchWorker.cjs' : './batchWorker.js', here) });
}

/**
 * Heap limits of a batch worker. Without them V8 lets a busy worker's heap grow lazily with the input
 * (measured: 2 workers, 100,000 rows, 619 MB peak RSS). Too tight, and garbage collection takes the time:
 * on 1,000,000 KCS rows with 2 workers, a young generation of 8 MB and an old one of 128 MB spent 11 s in
 * 2,378 scavenges (40.9 s in all, 335 MB); 16 MB and 192 MB spent 3.1 s in 1,194 (16.0 s, 348 MB). A
 * worker's live heap is about 40 MB once loaded (rule compiler, model, reference data; 53 MB before the
 * loaders stopped copying the files' bulk, see docs/cli.md) plus the chunks in hand; a worker that still
 * runs out fails the run (exit 70) and nothing is committed. An old generation of 128 MB measured the same
 * heap sizes and full collections on 1,000,000 rows, so it was not lowered.
 */
export const WORKER_LIMITS = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 192 } as const;

/** Starts one batch worker thread with `config` as its configuration (read by `src/batch/worker.ts`). */
export function spawnWorker(script: WorkerScript, config: unknown): Worker {
  return new Worker(script.script, {
    workerData: script.entry === undefined ? { config } : { config, entry: script.entry },
    resourceLimits: WORKER_LIMITS,
  });
}
