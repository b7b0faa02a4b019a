import { BILL_FIELDS, ISF_HEADER_FIELDS, ISF_LINE_FIELDS, ISF_PARTIES, PARTY_FIELDS, type CsvLayout } from './CsvLayout.js';

function identity(): Record<string, string> {
  const columns: Record<string, string> = {};
  const add = (path: string) => {
    columns[path] = path;
  };
  for (const field of ISF_HEADER_FIELDS) add(field);
  for (const field of BILL_FIELDS) add(`billOfLading.${field}`);
  for (const party of ISF_PARTIES) for (const field of PARTY_FIELDS) add(`${party}.${field}`);
  for (const field of ISF_LINE_FIELDS) add(`line.${field}`);
  for (const field of PARTY_FIELDS) add(`line.manufacturer.${field}`);
  return columns;
}

/**
 * Our own CSV layout for ISF filings, the counterpart of `defaultLayout`: header names are the target
 * paths (`type`, `seller.name`, `line.htsCode`, `line.manufacturer.country`, …) in any order, optional
 * ones may be left out, and one row is one ISF line item: a filing with several lines is consecutive
 * rows sharing its `id`, the filing-level cells on its first row (later rows leave them empty or repeat
 * them). Bills of lading, consignee numbers and amendments are compact list cells (docs/io.md).
 */
export const isfDefaultLayout: CsvLayout = {
  name: 'isf-default',
  kind: 'isf',
  grouping: 'id',
  unmappedColumns: 'error',
  columns: identity(),
};
