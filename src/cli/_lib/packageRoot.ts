import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

let cached: string | undefined;

/**
 * The folder of this package (where `rules/` and `models/` ship), found by walking up from this module:
 * works from the sources (src/cli/_lib) and from the bundle (dist/).
 */
export function packageRoot(): string {
  if (cached !== undefined) return cached;
  const url = (import.meta as { url?: string }).url ?? pathToFileURL(__filename).href;
  let dir = dirname(fileURLToPath(url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const name = (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name;
      if (name === 'customs-risk') return (cached = dir);
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the customs-risk package folder (rules/, models/)');
    dir = parent;
  }
}
