import type { Issue } from '../../records/Issue.js';
import { BILL_FIELDS, ISF_PARTIES } from '../CsvLayout.js';
import type { BuiltRow } from './compileLayout.js';

// Turns one CSV row of an ISF layout into the raw pieces of an `IsfFiling` input (values still strings,
// checked by the record model's zod schema). The list cells are decoded here; an entry that cannot be
// decoded is reported as an issue of its own and replaced by a placeholder the schema accepts, so that
// the schema's issues for the other entries keep their positions (the filing is rejected either way).

/** A mapped column (or constant) of an ISF layout. */
export interface IsfColumn {
  readonly path: string;
  /** Column index, or -1 for a constant. */
  readonly index: number;
  readonly constant: string;
}

const enum Slot {
  Scalar,
  Party,
  Bill,
  Bills,
  Consignees,
  Amendments,
  Line,
  Manufacturer,
}

interface Spec extends IsfColumn {
  readonly slot: Slot;
  readonly key: string;
  readonly sub: string;
}

const LIST_SEPARATOR = /[\s;]+/;
const PLACEHOLDER_BILL = Object.freeze({ master: 'placeholder' });
const PLACEHOLDER_AMENDMENT = Object.freeze({ at: '1970-01-01T00:00:00Z', elements: Object.freeze(['manufacturer']) });

function specOf(column: IsfColumn): Spec {
  const [head = '', sub = '', field = ''] = column.path.split('.');
  const spec = (slot: Slot, key: string, subKey = ''): Spec => ({ ...column, slot, key, sub: subKey });
  if (head === 'billsOfLading') return spec(Slot.Bills, head);
  if (head === 'consigneeNumbers') return spec(Slot.Consignees, head);
  if (head === 'amendments') return spec(Slot.Amendments, head);
  if (head === 'billOfLading' && (BILL_FIELDS as readonly string[]).includes(sub)) return spec(Slot.Bill, head, sub);
  if ((ISF_PARTIES as readonly string[]).includes(head)) return spec(Slot.Party, head, sub);
  if (head === 'line') return sub === 'manufacturer' ? spec(Slot.Manufacturer, sub, field) : spec(Slot.Line, sub);
  return spec(Slot.Scalar, head);
}

/** Blank cells (empty or white space only) mean "absent". */
function blank(value: string): boolean {
  return value.trim() === '';
}

/**
 * `MASTER/HOUSE; MASTER; /HOUSE`: bills separated by `;`, master and house by `/`. Bill numbers are
 * written without `/` or `;` (a file whose numbers hold them needs JSONL).
 */
function decodeBills(value: string, offset: number, issues: Issue[]): object[] {
  const bills: object[] = [];
  for (const entry of value.split(';')) {
    const text = entry.trim();
    if (text === '') continue;
    const parts = text.split('/');
    const index = offset + bills.length;
    if (parts.length > 2) {
      issues.push({
        code: 'invalid_value',
        path: ['billsOfLading', index],
        message: `billsOfLading[${index}]: expected MASTER/HOUSE, MASTER or /HOUSE (one "/" at most), received ${JSON.stringify(text)}`,
        received: text,
      });
      bills.push(PLACEHOLDER_BILL);
      continue;
    }
    const master = (parts[0] ?? '').trim();
    const house = (parts[1] ?? '').trim();
    bills.push({ ...(master === '' ? {} : { master }), ...(house === '' ? {} : { house }) });
  }
  return bills;
}

/** `WHEN=ELEMENT ELEMENT; WHEN=ELEMENT`: amendments separated by `;`, each a date-time, `=`, the elements changed. */
function decodeAmendments(value: string, issues: Issue[]): object[] {
  const amendments: object[] = [];
  for (const entry of value.split(';')) {
    const text = entry.trim();
    if (text === '') continue;
    const equals = text.indexOf('=');
    const index = amendments.length;
    if (equals === -1) {
      issues.push({
        code: 'invalid_value',
        path: ['amendments', index],
        message: `amendments[${index}]: expected WHEN=ELEMENT ELEMENT… (e.g. 2024-02-27T09:00:00Z=consignee hts), received ${JSON.stringify(text)}`,
        received: text,
      });
      amendments.push(PLACEHOLDER_AMENDMENT);
      continue;
    }
    const elements = text.slice(equals + 1).trim();
    amendments.push({ at: text.slice(0, equals).trim(), elements: elements === '' ? [] : elements.split(/\s+/) });
  }
  return amendments;
}

/** Compiles the row builder of an ISF layout from its mapped columns and constants. */
export function compileIsfRowBuilder(columns: readonly IsfColumn[]): (fields: readonly string[]) => BuiltRow {
  const specs = columns.map(specOf);
  return (fields) => {
    const header: Record<string, unknown> = {};
    const line: Record<string, unknown> = {};
    const issues: Issue[] = [];
    let bill: Record<string, string> | undefined;
    let billsCell: string | undefined;
    for (const spec of specs) {
      const cell = spec.index === -1 ? spec.constant : (fields[spec.index] ?? '');
      if (blank(cell)) continue;
      const value = cell.trim();
      switch (spec.slot) {
        case Slot.Scalar:
          header[spec.key] = value;
          break;
        case Slot.Party:
          ((header[spec.key] ??= {}) as Record<string, string>)[spec.sub] = value;
          break;
        case Slot.Bill:
          (bill ??= {})[spec.sub] = value;
          break;
        case Slot.Bills:
          billsCell = value;
          break;
        case Slot.Consignees:
          header['consigneeNumbers'] = value.split(LIST_SEPARATOR).filter((number) => number !== '');
          break;
        case Slot.Amendments:
          header['amendments'] = decodeAmendments(value, issues);
          break;
        case Slot.Line:
          line[spec.key] = value;
          break;
        case Slot.Manufacturer:
          ((line['manufacturer'] ??= {}) as Record<string, string>)[spec.sub] = value;
          break;
      }
    }
    // The bill of the `billOfLading.*` columns comes first, then the listed ones.
    if (bill !== undefined || billsCell !== undefined) {
      const first = bill === undefined ? [] : [bill];
      header['billsOfLading'] = [...first, ...(billsCell === undefined ? [] : decodeBills(billsCell, first.length, issues))];
    }
    return { header, line, label: undefined, ...(issues.length === 0 ? {} : { issues }) };
  };
}
