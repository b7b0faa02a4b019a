import type { CsvLayout } from '../io/CsvLayout.js';
import { kcsLayout } from '../io/kcsLayout.js';
import { csvFields } from './_lib/csvFields.js';

/** A layout option of the batch: a named layout, a mapping, or `auto` (decided from the CSV header). */
export type BatchLayout = 'auto' | 'default' | 'kcs' | CsvLayout;

/**
 * The layout to read a CSV file with. `auto` picks `kcs` when the header has the KCS columns
 * ("Declaration ID", "HS6 Code", "Item Price"), else `default`: the published KCS files then work
 * without `--layout`.
 */
export function resolveLayout(layout: BatchLayout, header: string): 'default' | 'kcs' | CsvLayout {
  if (layout !== 'auto') return layout;
  const names = new Set(csvFields(header).map((name) => name.trim()));
  const kcs = Object.values(kcsLayout.columns);
  const required = ['Declaration ID', 'HS6 Code', 'Item Price'];
  return required.every((name) => names.has(name)) && kcs.filter((name) => names.has(name)).length >= kcs.length / 2 ? 'kcs' : 'default';
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
