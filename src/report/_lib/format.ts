// Formatting without Intl or toLocaleString: their output depends on the host's locale and ICU data,
// and the report must be byte-identical on every machine.

/** `1234567.891` → `1,234,567.89` with at most `decimals` decimals, trailing zeros dropped. */
export function formatNumber(value: number, decimals = 2): string {
  if (!Number.isFinite(value)) return String(value);
  // Fast path for the common case (points, percentages): below 1,000 no grouping is needed, and String()
  // of the rounded value already has no trailing zeros. A report formats tens of numbers per case.
  const magnitude = Math.abs(value);
  if (magnitude < 1000) {
    const factor = 10 ** decimals;
    const rounded = Math.round(magnitude * factor) / factor;
    const body = String(rounded);
    if (rounded < 1000 && !body.includes('e')) return value < 0 && rounded !== 0 ? `-${body}` : body;
  }
  const fixed = Math.abs(value).toFixed(decimals);
  const [whole = '0', fraction = ''] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const trimmed = fraction.replace(/0+$/, '');
  const body = trimmed === '' ? grouped : `${grouped}.${trimmed}`;
  return value < 0 && body !== '0' ? `-${body}` : body;
}

/** Points with a sign: `+20`, `-15`, `+7.25`, `0`. */
export function formatPoints(points: number): string {
  const body = formatNumber(points, 2);
  if (body === '0' || body.startsWith('-')) return body;
  return `+${body}`;
}

/** A probability as a percentage: `0.7341` → `73.4 %`. */
export function formatProbability(probability: number): string {
  return `${formatNumber(probability * 100, 1)} %`;
}

/** A `Date` as `2024-03-14 08:30 UTC`; a string is shown as given (it is what the file said). */
export function formatTimestamp(value: Date | string): string {
  if (typeof value === 'string') return value;
  if (Number.isNaN(value.getTime())) return 'invalid date';
  return `${value.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
