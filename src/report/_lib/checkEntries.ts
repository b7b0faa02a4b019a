import type { ReportEntry } from '../types.js';
import { LANES } from './summarizeBatch.js';

function fail(index: number, entry: ReportEntry, field: string, expected: string, received: unknown): never {
  const id = typeof entry.id === 'string' ? ` (id ${JSON.stringify(entry.id)})` : '';
  const shown = typeof received === 'number' ? String(received) : received === undefined ? 'nothing' : JSON.stringify(received);
  throw new TypeError(`renderReport: results[${index}]${id}.${field}: expected ${expected}, received ${shown}`);
}

/**
 * Checks the few invariants the page relies on (types can be bypassed from plain JavaScript or JSON), so
 * that a bad record gives an error naming it instead of a broken page.
 */
export function checkEntries(entries: readonly ReportEntry[]): void {
  entries.forEach((entry, index) => {
    if (typeof entry !== 'object' || entry === null) throw new TypeError(`renderReport: results[${index}]: expected a score result object`);
    if (typeof entry.id !== 'string' || entry.id === '') fail(index, entry, 'id', 'a non-empty string', entry.id);
    if (typeof entry.score !== 'number' || !Number.isFinite(entry.score)) fail(index, entry, 'score', 'a finite number', entry.score);
    if (!LANES.includes(entry.lane)) fail(index, entry, 'lane', `one of ${LANES.join(', ')}`, entry.lane);
    if (!Array.isArray(entry.hits)) fail(index, entry, 'hits', 'an array', entry.hits);
    if (!Array.isArray(entry.contributions)) fail(index, entry, 'contributions', 'an array', entry.contributions);
    entry.contributions.forEach((contribution, at) => {
      if (typeof contribution.points !== 'number' || !Number.isFinite(contribution.points)) {
        fail(index, entry, `contributions[${at}].points`, 'a finite number', contribution.points);
      }
    });
  });
}
