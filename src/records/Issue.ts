/**
 * Stable machine-readable codes of input problems. New codes may be added; existing ones never change meaning.
 */
export type IssueCode =
  | 'required'
  | 'invalid_type'
  | 'invalid_union'
  | 'invalid_value'
  | 'invalid_hs_code'
  | 'unknown_country'
  | 'unknown_currency'
  | 'invalid_timestamp'
  | 'not_finite'
  | 'negative_number'
  | 'not_integer'
  | 'empty_string'
  | 'too_long'
  | 'too_short'
  | 'too_many'
  | 'unknown_field'
  | 'duplicate_line_number'
  | 'duplicate_id'
  | 'missing_bill_of_lading'
  | 'malformed_row'
  | 'wrong_column_count'
  | 'invalid_encoding'
  | 'field_too_large'
  | 'invalid_json'
  | 'missing_column'
  | 'unknown_column'
  | 'duplicate_column'
  | 'inconsistent_group'
  | 'rule_pack'
  | 'model';

/** One problem with an input record: plain readonly data. */
export interface Issue {
  /** Stable snake_case code. */
  readonly code: IssueCode;
  /** Where in the record: `['lines', 0, 'hsCode']`. Empty for the record as a whole. */
  readonly path: readonly (string | number)[];
  /** Human message naming the field and what was expected. */
  readonly message: string;
  /** The value that was received, when there was one. */
  readonly received?: unknown;
}

/** Renders a path as `lines[0].hsCode`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? key : `.${key}`;
  }
  return out === '' ? '(record)' : out;
}

/** Short, bounded rendering of a received value for messages. */
export function describeReceived(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
