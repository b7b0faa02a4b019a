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
