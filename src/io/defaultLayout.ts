import { BILL_FIELDS, HEADER_FIELDS, LABEL_FIELDS, LINE_FIELDS, PARTIES, PARTY_FIELDS, type CsvLayout } from './CsvLayout.js';

function identity(): Record<string, string> {
  const columns: Record<string, string> = {};
  for (const field of HEADER_FIELDS) columns[field] = field;
  for (const party of PARTIES) for (const field of PARTY_FIELDS) columns[`${party}.${field}`] = `${party}.${field}`;
  for (const field of BILL_FIELDS) columns[`billOfLading.${field}`] = `billOfLading.${field}`;
  for (const field of LINE_FIELDS) columns[`line.${field}`] = `line.${field}`;
  for (const field of LABEL_FIELDS) columns[`label.${field}`] = `label.${field}`;
  return columns;
}

/**
 * Our own CSV layout: header names are the target paths themselves (`id`, `importer.id`,
 * `line.hsCode`, …), columns may come in any order and optional ones may be left out, and a
 * multi-line declaration is consecutive rows sharing its `id`. Extra columns are kept when named
 * `attributes.<key>` or `line.attributes.<key>`; any other unknown header is an error.
 */
export const defaultLayout: CsvLayout = {
  name: 'default',
  grouping: 'id',
  unmappedColumns: 'error',
  columns: identity(),
};
