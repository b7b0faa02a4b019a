const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV field per RFC 4180: quoted only when it holds a comma, a quote or a line break. Hand-written
 * because the worker threads build whole output chunks as strings; a formatter stream per row would cost
 * more than the scoring (see benchmarks/batch.ts).
 */
export function csvField(value: string | number): string {
  if (typeof value === 'number') return String(value);
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A CSV record from its fields, ending with a line feed. */
export function csvRecord(fields: readonly (string | number)[]): string {
  let line = '';
  for (let index = 0; index < fields.length; index++) {
    if (index > 0) line += ',';
    line += csvField(fields[index] ?? '');
  }
  return `${line}\n`;
}
