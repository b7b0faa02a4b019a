import { InputError } from '../../errors/InputError.js';
import type { Issue } from '../../records/Issue.js';
import { BILL_FIELDS, isTargetPath, PARTIES, type CsvLayout } from '../CsvLayout.js';
import { compileIsfRowBuilder, type IsfColumn } from './isfRowBuilder.js';

/** What one mapped column writes into. */
const enum Slot {
  Header,
  ProcedureList,
  ProcedureAt,
  Party,
  Bill,
  Attribute,
  Line,
  LineAttribute,
  Label,
}

interface ColumnSpec {
  /** Column index, or -1 for a constant. */
  readonly index: number;
  readonly constant: string;
  readonly slot: Slot;
  /** Field name (or party / attribute key). */
  readonly key: string;
  /** Party sub-field, or procedure position. */
  readonly sub: string;
  readonly position: number;
}

/** Raw label cells of a row, before they are checked. */
export interface LabelCells {
  fraud?: string;
  critical?: string;
}

/** The pieces of one row, ready for the record model (values still raw strings). */
export interface BuiltRow {
  readonly header: Record<string, unknown>;
  readonly line: Record<string, unknown>;
  readonly label: LabelCells | undefined;
  /** Problems found while decoding list cells (ISF bills and amendments), reported with the record's. */
  readonly issues?: readonly Issue[];
}

/** A layout resolved against a file's header row. */
export interface CompiledLayout {
  readonly name: string;
  /** What the rows hold. */
  readonly kind: 'declaration' | 'isf';
  readonly width: number;
  readonly grouping: 'id' | 'row';
  /** Column of the declaration id, or -1 when only a constant gives it. */
  readonly idIndex: number;
  /** Columns holding header-level values, checked for agreement across a group's rows. */
  readonly headerColumns: readonly number[];
  /** Header names of the file, for messages. */
  readonly columnNames: readonly string[];
  /** Target path of each column ('' when unmapped). */
  readonly targets: readonly string[];
  /** Whether line numbers come from the file (else they are assigned 1, 2, … per group). */
  readonly hasLineNumbers: boolean;
  build(fields: readonly string[]): BuiltRow;
  /** The label cells of a row alone (cheaper than `build`). */
  label(fields: readonly string[]): LabelCells | undefined;
}

/** Required targets: a layout that cannot fill them cannot produce one valid record. */
const REQUIRED = ['id', 'lodgedAt', 'office', 'importer.id', 'currency', 'line.hsCode', 'line.originCountry', 'line.customsValue'];
/** The same for ISF filings (what both ISF-10 and ISF-5 need from a column). */
const REQUIRED_ISF = ['id', 'type', 'filedAt', 'line.htsCode'];

function headerError(layout: string, issues: Issue[]): InputError {
  const [first, ...rest] = issues;
  if (first === undefined) throw new TypeError('headerError without issues');
  return new InputError([first, ...rest], { recordId: `header (layout ${layout})` });
}

/** Blank cells (empty or white space only) mean "absent". Non-ASCII ends may be Unicode spaces: trim them. */
export function isBlank(value: string): boolean {
  if (value === '') return true;
  const a = value.charCodeAt(0);
  const b = value.charCodeAt(value.length - 1);
  return (a <= 32 || a >= 127 || b <= 32 || b >= 127) && value.trim() === '';
}

/**
 * Resolves a layout against the header row of a file and returns a fast row builder.
 * @throws InputError naming every missing or unknown column.
 */
export function compileLayout(layout: CsvLayout, header: readonly string[]): CompiledLayout {
  const kind = layout.kind ?? 'declaration';
  const required = kind === 'isf' ? REQUIRED_ISF : REQUIRED;
  const names = header.map((name) => name.trim());
  const byName = new Map<string, number>();
  const issues: Issue[] = [];
  names.forEach((name, index) => {
    if (byName.has(name)) {
      issues.push({ code: 'duplicate_column', path: ['header', index], message: `header: column "${name}" appears twice`, received: name });
    }
    byName.set(name, index);
  });
  const constants = layout.constants ?? {};
  const targets: string[] = names.map(() => '');
  for (const [path, column] of Object.entries(layout.columns)) {
    const index = byName.get(column);
    if (index === undefined) {
      if (required.includes(path) && constants[path] === undefined) {
        issues.push({
          code: 'missing_column',
          path: ['header'],
          message: `header: expected a column "${column}" (for ${path}, layout ${layout.name})`,
          received: names.join(','),
        });
      }
      continue;
    }
    targets[index] = path;
  }
  names.forEach((name, index) => {
    if (targets[index] !== '') return;
    // Extra codes are kept when the header says where: `attributes.x` / `line.attributes.x`.
    if (kind === 'declaration' && (name.startsWith('attributes.') || name.startsWith('line.attributes.')) && isTargetPath(name)) {
      targets[index] = name;
      return;
    }
    if (layout.unmappedColumns === 'error') {
      issues.push({
        code: 'unknown_column',
        path: ['header', index],
        message: `header: column "${name}" is not part of layout ${layout.name} (name it attributes.<key> to keep it)`,
        received: name,
      });
    }
  });
  if (issues.length > 0) throw headerError(layout.name, issues);
  const common = {
    name: layout.name,
    kind,
    width: names.length,
    grouping: layout.grouping ?? 'id',
    idIndex: targets.indexOf('id'),
    columnNames: names,
    targets,
    hasLineNumbers: targets.includes('line.lineNumber') || constants['line.lineNumber'] !== undefined,
  };
  if (kind === 'isf') {
    const columns: IsfColumn[] = [];
    for (const [path, value] of Object.entries(constants)) if (!targets.includes(path)) columns.push({ path, index: -1, constant: value });
    const filingColumns: number[] = [];
    targets.forEach((path, index) => {
      if (path === '') return;
      columns.push({ path, index, constant: '' });
      if (!path.startsWith('line.')) filingColumns.push(index);
    });
    return { ...common, headerColumns: filingColumns, build: compileIsfRowBuilder(columns), label: () => undefined };
  }

  const specs: ColumnSpec[] = [];
  const headerColumns: number[] = [];
  // Constants fill the targets no present column maps, and come first so that attribute keys keep a
  // stable order (the fast path reads them in the same order).
  for (const [path, value] of Object.entries(constants)) {
    if (!targets.includes(path)) specs.push(specOf(path, -1, value));
  }
  targets.forEach((path, index) => {
    if (path === '') return;
    const spec = specOf(path, index, '');
    specs.push(spec);
    if (spec.slot !== Slot.Line && spec.slot !== Slot.LineAttribute) headerColumns.push(index);
  });

  function build(fields: readonly string[]): BuiltRow {
    const header: Record<string, unknown> = {};
    const line: Record<string, unknown> = {};
    let label: LabelCells | undefined;
    let procedures: string[] | undefined;
    let attributes: Record<string, string> | undefined;
    let lineAttributes: Record<string, string> | undefined;
    for (const spec of specs) {
      const value = spec.index === -1 ? spec.constant : (fields[spec.index] ?? '');
      if (isBlank(value)) continue;
      switch (spec.slot) {
        case Slot.Header:
          header[spec.key] = value;
          break;
        case Slot.Line:
          line[spec.key] = value;
          break;
        case Slot.Party: {
          const party = (header[spec.key] ??= {}) as Record<string, string>;
          party[spec.sub] = value;
          break;
        }
        case Slot.Bill: {
          const bill = (header['billOfLading'] ??= {}) as Record<string, string>;
          bill[spec.sub] = value;
          break;
        }
        case Slot.ProcedureList:
          procedures ??= [];
          for (const code of value.trim().split(/\s+/)) procedures.push(code);
          break;
        case Slot.ProcedureAt:
          (procedures ??= [])[spec.position] = value;
          break;
        case Slot.Attribute:
          (attributes ??= {})[spec.key] = value.trim();
          break;
        case Slot.LineAttribute:
          (lineAttributes ??= {})[spec.key] = value.trim();
          break;
        case Slot.Label:
          (label ??= {})[spec.key as keyof LabelCells] = value.trim();
          break;
      }
    }
    // Positional procedure columns may leave holes when a code is empty: keep the given ones in order.
    if (procedures !== undefined) header['procedureCodes'] = procedures.filter((code) => code !== undefined);
    if (attributes !== undefined) header['attributes'] = attributes;
    if (lineAttributes !== undefined) line['attributes'] = lineAttributes;
    return { header, line, label };
  }

  const labelSpecs = specs.filter((spec) => spec.slot === Slot.Label);
  function label(fields: readonly string[]): LabelCells | undefined {
    let cells: LabelCells | undefined;
    for (const spec of labelSpecs) {
      const value = spec.index === -1 ? spec.constant : (fields[spec.index] ?? '');
      if (!isBlank(value)) (cells ??= {})[spec.key as keyof LabelCells] = value.trim();
    }
    return cells;
  }

  return { ...common, label, headerColumns, build };
}

function specOf(path: string, index: number, constant: string): ColumnSpec {
  const [head = '', sub = '', rest = ''] = path.split('.');
  const spec = (slot: Slot, key: string, subKey = '', position = 0): ColumnSpec => ({ index, constant, slot, key, sub: subKey, position });
  if (sub === '') return path === 'procedureCodes' ? spec(Slot.ProcedureList, path) : spec(Slot.Header, path);
  if (head === 'procedureCodes') return spec(Slot.ProcedureAt, head, '', Number(sub));
  if ((PARTIES as readonly string[]).includes(head)) return spec(Slot.Party, head, sub);
  if (head === 'billOfLading' && (BILL_FIELDS as readonly string[]).includes(sub)) return spec(Slot.Bill, head, sub);
  if (head === 'attributes') return spec(Slot.Attribute, sub);
  if (head === 'label') return spec(Slot.Label, sub);
  if (head === 'line' && sub === 'attributes') return spec(Slot.LineAttribute, rest);
  return spec(Slot.Line, sub);
}
