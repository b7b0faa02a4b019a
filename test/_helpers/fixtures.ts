import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Absolute path of a file under `fixtures/`. */
export function fixturePath(relative: string): string {
  return fileURLToPath(new URL(`../../fixtures/${relative}`, import.meta.url));
}

/** Parsed JSON of a fixture file, e.g. `loadFixture('declarations/clean.json')`. */
export function loadFixture(relative: string): Record<string, unknown> {
  return JSON.parse(readFileSync(fixturePath(relative), 'utf8')) as Record<string, unknown>;
}
