import type { Value, ValueType } from './runtime.js';

// Formatters of message placeholders. Output is the same on every machine: no locale, fixed separators.

/** A formatter gets the value, the optional argument after the second colon, and the declaration currency. */
export type Formatter = (value: Value, arg: string | undefined, currency: string | null) => string;

/** Groups thousands with commas: 38400.5 → "38,400.50" for 2 digits. */
export function formatNumber(value: number, digits: number): string {
  // Counts in messages (lines, findings) are small whole numbers: their text is String(value) exactly
  // (-0 included, which String gives as "0"), without toFixed and grouping.
  if (digits === 0 && value > -1000 && value < 1000 && Number.isInteger(value)) return String(value);
  const fixed = toFixed(Math.abs(value), digits);
  const dot = fixed.indexOf('.');
  const whole = dot === -1 ? fixed : fixed.slice(0, dot);
  // Groups of three from the right: the first group takes the remainder.
  let grouped = whole;
  if (whole.length > 3) {
    const first = whole.length % 3 || 3;
    grouped = whole.slice(0, first);
    for (let i = first; i < whole.length; i += 3) grouped += `,${whole.slice(i, i + 3)}`;
  }
  const sign = value < 0 && Number(fixed) !== 0 ? '-' : '';
  return dot === -1 ? sign + grouped : sign + grouped + fixed.slice(dot);
}

const POWERS = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000];
const ZEROS = ['', '0', '00', '000', '0000', '00000', '000000'];

/**
 * `x.toFixed(digits)` for 0 ≤ x (digits 0–6), the same text, without toFixed's exact decimal conversion
 * (about ten times slower) where it is not needed: below 1e9, x·10^digits is within one part in 2^52 of
 * its true value, so rounding it to the nearest integer gives toFixed's digits unless its fraction is
 * within that error of one half (a tie, or nearly one); those, and everything else, go to toFixed.
 */
export function toFixed(x: number, digits: number): string {
  const power = POWERS[digits];
  if (power === undefined || !(x < 1e9)) return x.toFixed(digits);
  const scaled = x * power;
  const floor = Math.floor(scaled);
  const fraction = scaled - floor;
  if (Math.abs(fraction - 0.5) <= scaled * 4.5e-16 + 1e-300) return x.toFixed(digits);
  const n = fraction > 0.5 ? floor + 1 : floor;
  const text = String(n);
  if (digits === 0) return text;
  // n has at least digits + 1 digits once padded: "5" → "0.05" for 2 digits.
  const padded = text.length > digits ? text : (ZEROS[digits + 1 - text.length] as string) + text;
  const point = padded.length - digits;
  return `${padded.slice(0, point)}.${padded.slice(point)}`;
}

/** Whole numbers without decimals, others with up to `digits`, trailing zeros dropped. */
function smart(value: number, digits = 2): string {
  if (Number.isInteger(value)) return formatNumber(value, 0);
  const text = formatNumber(value, digits);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

function digitsOf(arg: string | undefined, fallback: number): number {
  const digits = arg === undefined ? fallback : Number(arg);
  return Number.isInteger(digits) && digits >= 0 && digits <= 6 ? digits : fallback;
}

const pad = (n: number) => String(n).padStart(2, '0');
function isoDate(time: number): string {
  const d = new Date(time);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

const asNumber = (value: Value) => (typeof value === 'number' ? value : Number.NaN);

/** Formatters by name, as written after the colon of a placeholder: `{line.unitValueRatio:percent}`. */
export const FORMATTERS: ReadonlyMap<string, { readonly description: string; readonly format: Formatter }> = new Map([
  ['number', { description: 'number with thousands separators; `:number:1` for one decimal (default 2)', format: (v, arg) => formatNumber(asNumber(v), digitsOf(arg, 2)) }],
  ['integer', { description: 'rounded whole number', format: (v) => formatNumber(asNumber(v), 0) }],
  [
    'percent',
    {
      description: 'a ratio as a percentage: 0.12 → "12 %" (one decimal below 10 %)',
      format: (v, arg) => {
        const percent = asNumber(v) * 100;
        return `${formatNumber(percent, digitsOf(arg, Math.abs(percent) < 10 && percent !== 0 ? 1 : 0))} %`;
      },
    },
  ],
  ['money', { description: 'amount with 2 decimals and the declaration currency: "1.20 USD"', format: (v, arg, currency) => `${formatNumber(asNumber(v), digitsOf(arg, 2))}${currency === null ? '' : ` ${currency}`}` }],
  ['kg', { description: 'mass: "2,160 kg"', format: (v, arg) => `${arg === undefined ? smart(asNumber(v)) : formatNumber(asNumber(v), digitsOf(arg, 1))} kg` }],
  ['hours', { description: 'duration: "23.5 h"', format: (v, arg) => `${arg === undefined ? smart(asNumber(v), 1) : formatNumber(asNumber(v), digitsOf(arg, 1))} h` }],
  ['days', { description: 'duration: "12 days"', format: (v, arg) => `${arg === undefined ? smart(asNumber(v), 1) : formatNumber(asNumber(v), digitsOf(arg, 1))} days` }],
  ['date', { description: 'date (UTC): "2024-03-21"', format: (v) => isoDate(asNumber(v)) }],
  [
    'datetime',
    {
      description: 'date and time (UTC): "2024-03-21 16:00 UTC"',
      format: (v) => {
        const d = new Date(asNumber(v));
        return `${isoDate(d.getTime())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
      },
    },
  ],
  ['text', { description: 'the value as text', format: (v) => (Array.isArray(v) ? v.join(', ') : String(v)) }],
  ['list', { description: 'a list joined with commas', format: (v) => (Array.isArray(v) ? v.join(', ') : String(v)) }],
  ['yesno', { description: 'a boolean as yes / no', format: (v) => (v === true ? 'yes' : 'no') }],
]);

/** Default formatter name of a static type, when a placeholder names none. */
export function defaultFormat(type: ValueType): string {
  switch (type) {
    case 'date':
      return 'datetime';
    case 'strings':
      return 'list';
    case 'boolean':
      return 'yesno';
    case 'number':
      return 'smart';
    default:
      return 'text';
  }
}

/** The `smart` default for numbers: whole numbers plain, others with up to 2 decimals. */
export const smartNumber: Formatter = (v) => smart(asNumber(v));
