import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // Launching Chromium for the report tests can take over the 10 s default on a loaded machine.
    hookTimeout: 60_000,
  },
});
