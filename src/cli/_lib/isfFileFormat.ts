import { extname } from 'node:path';

/**
 * The format of an ISF file given with `--isf`: CSV (the ISF layout of docs/io.md) for a `.csv` file,
 * JSONL (one filing per line) for anything else.
 */
export function isfFileFormat(path: string): 'csv' | 'jsonl' {
  return extname(path).toLowerCase() === '.csv' ? 'csv' : 'jsonl';
}
