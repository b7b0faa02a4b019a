import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli/main.ts', batchWorker: 'src/batch/worker.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts' } },
  clean: true,
  target: 'node20',
  // Bundled so that only mathjs's parser is kept (the package's main entry builds every function on import).
  noExternal: ['mathjs'],
});
