import { kcsLayout } from '../kcsLayout.js';

/**
 * Whether a CSV header names every column of the KCS layout (label columns aside): then the file is read
 * with the `kcs` layout, else with the default one. Its own module, with no reader or schema code, because
 * the batch's main thread decides the layout without reading records.
 */
export function isKcsHeader(header: readonly string[]): boolean {
  const names = new Set(header.map((name) => name.trim()));
  const needed = Object.entries(kcsLayout.columns).filter(([path]) => !path.startsWith('label.'));
  return needed.every(([, column]) => names.has(column));
}
