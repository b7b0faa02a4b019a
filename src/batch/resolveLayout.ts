import type { CsvLayout } from '../io/CsvLayout.js';
import { kcsLayout } from '../io/kcsLayout.js';
import { isKcsHeader } from '../io/_lib/isKcsHeader.js';
import { csvFields } from './_lib/csvFields.js';

/** A layout option of the batch: a named layout, a mapping, or `auto` (decided from the CSV header). */
export type BatchLayout = 'auto' | 'default' | 'kcs' | CsvLayout;

/**
 * The layout to read a CSV file with. `auto` decides as the intake reader does (`kcs` when the header names
 * the KCS columns, else `default`), so that the published KCS files work without `--layout`.
 */
export function resolveLayout(layout: BatchLayout, header: string): 'default' | 'kcs' | CsvLayout {
  if (layout !== 'auto') return layout;
  return isKcsHeader(csvFields(header)) ? 'kcs' : 'default';
}

/**
 * How to read the group key (declaration id) of a raw CSV record under a layout, or undefined when every
 * row is a declaration of its own (then chunks may be cut anywhere).
 */
export function groupKeyOf(layout: 'default' | 'kcs' | CsvLayout, header: string): ((record: string) => string) | undefined {
  const resolved = layout === 'kcs' ? kcsLayout : layout;
  const grouping = resolved === 'default' ? 'id' : (resolved.grouping ?? 'id');
  if (grouping === 'row') return undefined;
  const idName = resolved === 'default' ? 'id' : resolved.columns['id'];
  const index = idName === undefined ? -1 : csvFields(header).map((name) => name.trim()).indexOf(idName);
  if (index === -1) return undefined;
  return (record) => (csvFields(record)[index] ?? '').trim();
}
