import { z } from 'zod';

/**
 * How the columns of a CSV file map onto a `Declaration` (or, with `kind: 'isf'`, an ISF filing). Keys
 * of `columns` are target paths (`id`, `importer.id`, `line.hsCode`, `attributes.paymentType`,
 * `label.fraud`, …; for ISF `type`, `seller.name`, `line.manufacturer.country`, …, listed in
 * `docs/io.md`); values are header names in the file.
 * @example
 * const layout: CsvLayout = { name: 'mine', columns: { id: 'Entry', 'line.hsCode': 'HS' }, constants: { currency: 'EUR' } };
 */
export interface CsvLayout {
  /** Shown in messages. */
  readonly name: string;
  /**
   * What the rows hold: declarations, or ISF filings (whose target paths differ).
   * @default 'declaration'
   */
  readonly kind?: 'declaration' | 'isf';
  /** Target path → header name. */
  readonly columns: Readonly<Record<string, string>>;
  /** Target path → fixed value used on every row (e.g. `{ currency: 'KRW' }`). */
  readonly constants?: Readonly<Record<string, string>>;
  /**
   * `id`: consecutive rows sharing the declaration id form one multi-line declaration;
   * `row`: every row is a declaration of its own.
   * @default 'id'
   */
  readonly grouping?: 'id' | 'row';
  /**
   * Header columns the mapping does not name: `ignore` them, or reject the file (`error`) so that a
   * misspelt header never loses data silently.
   * @default 'ignore'
   */
  readonly unmappedColumns?: 'ignore' | 'error';
}

/** Header-level target paths (one value per declaration). */
export const HEADER_FIELDS = [
  'id',
  'lodgedAt',
  'office',
  'procedureCodes',
  'transportMode',
  'exportCountry',
  'portOfLoading',
  'portOfDischarge',
  'packages',
  'incoterm',
  'paymentTerms',
  'currency',
  'relatedParty',
] as const;

/** Parties of a declaration and their sub-fields (`importer.id`, `seller.country`, …). */
export const PARTIES = ['declarant', 'importer', 'consignee', 'seller', 'buyer'] as const;
/** Sub-fields of a party. */
export const PARTY_FIELDS = ['id', 'name', 'address', 'country'] as const;
/** Sub-fields of the bill of lading (`billOfLading.master`). */
export const BILL_FIELDS = ['master', 'house'] as const;

/** Line-level target paths, written `line.<field>`. */
export const LINE_FIELDS = [
  'lineNumber',
  'hsCode',
  'description',
  'originCountry',
  'quantity',
  'quantityUnit',
  'netMassKg',
  'grossMassKg',
  'customsValue',
  'dutyRate',
  'preference',
] as const;

/** Outcome labels kept beside the record, written `label.<field>`. */
export const LABEL_FIELDS = ['fraud', 'critical'] as const;

/** Filing-level scalar and list target paths of an ISF filing (one value per filing). */
export const ISF_HEADER_FIELDS = [
  'id',
  'type',
  'filedAt',
  'estimatedLadingAt',
  'estimatedArrivalAt',
  'cargoType',
  'flexibleFiling',
  'importerOfRecordNumber',
  'consigneeNumbers',
  'foreignPortOfUnlading',
  'placeOfDelivery',
  'billsOfLading',
  'amendments',
] as const;

/** Parties named on an ISF (ISF-10: seller … consolidator; ISF-5: booking party, ship-to). */
export const ISF_PARTIES = ['seller', 'buyer', 'shipTo', 'stuffingLocation', 'consolidator', 'bookingParty'] as const;

/** Line-level target paths of an ISF, written `line.<field>` (plus `line.manufacturer.<party field>`). */
export const ISF_LINE_FIELDS = ['lineNumber', 'originCountry', 'htsCode'] as const;

const KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** True when `path` is a target of an ISF layout. */
export function isIsfTargetPath(path: string): boolean {
  if ((ISF_HEADER_FIELDS as readonly string[]).includes(path)) return true;
  const [head, sub, field, ...rest] = path.split('.');
  if (head === undefined || sub === undefined || rest.length > 0) return false;
  if (field === undefined) {
    if ((ISF_PARTIES as readonly string[]).includes(head)) return (PARTY_FIELDS as readonly string[]).includes(sub);
    if (head === 'billOfLading') return (BILL_FIELDS as readonly string[]).includes(sub);
    return head === 'line' && (ISF_LINE_FIELDS as readonly string[]).includes(sub);
  }
  return head === 'line' && sub === 'manufacturer' && (PARTY_FIELDS as readonly string[]).includes(field);
}

/** True when `path` is a target the CSV reader knows how to fill for a record of `kind`. */
export function isTargetPath(path: string, kind: 'declaration' | 'isf' = 'declaration'): boolean {
  if (kind === 'isf') return isIsfTargetPath(path);
  if ((HEADER_FIELDS as readonly string[]).includes(path)) return true;
  const [head, sub, ...rest] = path.split('.');
  if (head === undefined || sub === undefined) return false;
  if (rest.length === 0) {
    if ((PARTIES as readonly string[]).includes(head)) return (PARTY_FIELDS as readonly string[]).includes(sub);
    if (head === 'billOfLading') return (BILL_FIELDS as readonly string[]).includes(sub);
    if (head === 'line') return (LINE_FIELDS as readonly string[]).includes(sub);
    if (head === 'label') return (LABEL_FIELDS as readonly string[]).includes(sub);
    if (head === 'attributes') return KEY.test(sub);
    if (head === 'procedureCodes') return /^[0-7]$/.test(sub);
    return false;
  }
  return head === 'line' && sub === 'attributes' && rest.length === 1 && KEY.test(rest[0] ?? '');
}

/**
 * Every key must be a target path of some kind; reported per key with the stable code `unknown_field`
 * (checked per field, so these are reported even when another field of the layout is wrong too).
 */
const targets = <V extends z.ZodType>(value: V) =>
  z.record(z.string(), value).superRefine((record, ctx) => {
    for (const key of Object.keys(record)) {
      if (isTargetPath(key) || isIsfTargetPath(key)) continue;
      ctx.addIssue({
        code: 'custom',
        path: [key],
        input: key,
        message: 'expected a target path listed in docs/io.md (e.g. "id", "importer.id", "line.hsCode")',
        params: { code: 'unknown_field' },
      });
    }
  });

/** Schema of a layout, used to check mapping files from outside. */
export const csvLayoutSchema = z
  .strictObject({
    name: z.string().min(1).max(64),
    kind: z.enum(['declaration', 'isf']).optional(),
    columns: targets(z.string().min(1).max(256)),
    constants: targets(z.string().max(256)).optional(),
    grouping: z.enum(['id', 'row']).optional(),
    unmappedColumns: z.enum(['ignore', 'error']).optional(),
  })
  .superRefine((layout, ctx) => {
    // A target of the other kind (`line.customsValue` in an ISF layout, `type` in a declaration one).
    const kind = layout.kind ?? 'declaration';
    for (const where of ['columns', 'constants'] as const) {
      for (const key of Object.keys(layout[where] ?? {})) {
        if (isTargetPath(key, kind) || !(isTargetPath(key) || isIsfTargetPath(key))) continue;
        ctx.addIssue({
          code: 'custom',
          path: [where, key],
          input: key,
          message:
            kind === 'isf'
              ? 'is a declaration target path, not one of an ISF filing (docs/io.md lists the ISF targets)'
              : 'is an ISF target path: set "kind": "isf" for a layout of ISF filings',
          params: { code: 'unknown_field' },
        });
      }
    }
  });
