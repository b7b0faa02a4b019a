import { z } from 'zod';

/**
 * How the columns of a CSV file map onto a `Declaration`. Keys of `columns` are target paths
 * (`id`, `importer.id`, `line.hsCode`, `attributes.paymentType`, `label.fraud`, …, listed in
 * `docs/io.md`); values are header names in the file.
 * @example
 * const layout: CsvLayout = { name: 'mine', columns: { id: 'Entry', 'line.hsCode': 'HS' }, constants: { currency: 'EUR' } };
 */
export interface CsvLayout {
  /** Shown in messages. */
  readonly name: string;
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

const KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** True when `path` is a target the CSV reader knows how to fill. */
export function isTargetPath(path: string): boolean {
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

/** Every key must be a target path; reported per key with the stable code `unknown_field`. */
const targets = <V extends z.ZodType>(value: V) =>
  z.record(z.string(), value).superRefine((record, ctx) => {
    for (const key of Object.keys(record)) {
      if (isTargetPath(key)) continue;
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
export const csvLayoutSchema = z.strictObject({
  name: z.string().min(1).max(64),
  columns: targets(z.string().min(1).max(256)),
  constants: targets(z.string().max(256)).optional(),
  grouping: z.enum(['id', 'row']).optional(),
  unmappedColumns: z.enum(['ignore', 'error']).optional(),
});
