#!/usr/bin/env node
// Thin launcher: the CLI lives in the built bundle so that it runs without a TypeScript loader.
import('../dist/cli.js').then(({ main }) => main(process.argv.slice(2))).then(
  (code) => { process.exitCode = code; },
);
