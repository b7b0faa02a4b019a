import type { DeclarationContext, LineContext } from '../../context/DeclarationContext.js';
import { HISTORY_KEYS, type HistoryKey } from '../FeatureSpec.js';

/** What history says about one key value: training declarations that carried it, and the smoothed finding rate. */
export interface HistoryStats {
  readonly declarations: number;
  readonly rate: number;
}

/** Everything a feature is computed from. */
export interface FeatureInput {
  readonly context: DeclarationContext;
  readonly line: LineContext;
  /** History of the key's value on this record; null when the record does not carry the key. */
  history(key: HistoryKey): HistoryStats | null;
}

/** One feature: how to compute it (NaN when missing) and how to say it to an officer. */
export interface FeatureDefinition {
  readonly id: string;
  /** Officer-language label, e.g. "importer's past finding rate". */
  readonly label: string;
  value(input: FeatureInput): number;
  /** The value in words; `value` is null when missing. */
  format(value: number | null, input: FeatureInput): string;
}

// One formatter per digit count, made once: `toLocaleString` with options builds a new Intl.NumberFormat
// on every call, which cost more than the whole TreeSHAP computation of an explanation.
const formatters = new Map<number, Intl.NumberFormat>();
/**
 * An integer as en-US writes it (`1,234,567`), the output of the formatters below for any digit count.
 * About ten times faster than Intl, and most values in an explanation are integers (counts, many values).
 */
function groupedInteger(value: number): string {
  const digits = String(Math.abs(value));
  let out = digits.slice(0, digits.length % 3 || 3);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return value < 0 ? `-${out}` : out;
}
/** @internal Exported for its test against Intl. */
export const formatNumber = (value: number, digits = 0) => {
  // Intl writes -0 as "-0"; String(-0) is "0": the shortcut is for other integers below 10^15 only.
  if (Number.isInteger(value) && value < 1e15 && value > -1e15 && !Object.is(value, -0)) return groupedInteger(value);
  let formatter = formatters.get(digits);
  if (formatter === undefined) {
    formatter = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
    formatters.set(digits, formatter);
  }
  return formatter.format(value);
};
const number = formatNumber;
const percent = (ratio: number) => `${number(ratio * 100, ratio < 0.1 ? 1 : 0)} %`;
const orNaN = (value: number | null | undefined) => (value === null || value === undefined ? Number.NaN : value);
const missing = 'not given';

/** The key value a record carries for a history key, or null. */
export function historyValue(key: HistoryKey, context: DeclarationContext, line: LineContext): string | null {
  const declaration = context.declaration;
  switch (key) {
    case 'importer':
      return declaration.importer.id;
    case 'declarant':
      return declaration.declarant?.id ?? null;
    case 'seller':
      return declaration.seller?.id ?? null;
    case 'hs6':
      return line.hs6;
    case 'origin':
      return line.line.originCountry;
    case 'office':
      return declaration.office;
    case 'preference':
      return line.line.preference ?? null;
    case 'mass_value':
      // Repeat consignments: the same goods declared again with the exact same net mass and value.
      return line.line.netMassKg === undefined ? null : `${line.line.netMassKg}|${line.line.customsValue}`;
  }
}

const HISTORY_NAMES: Record<HistoryKey, { who: string; unit: string }> = {
  importer: { who: "importer's", unit: 'declarations' },
  declarant: { who: "declarant's", unit: 'declarations' },
  seller: { who: "seller's", unit: 'declarations' },
  hs6: { who: "HS6 code's", unit: 'declarations' },
  origin: { who: "origin country's", unit: 'declarations' },
  office: { who: "customs office's", unit: 'declarations' },
  preference: { who: "duty preference code's", unit: 'declarations' },
  mass_value: { who: 'identical consignments (same net mass and value):', unit: 'declarations' },
};

function historyFeatures(key: HistoryKey): FeatureDefinition[] {
  const { who, unit } = HISTORY_NAMES[key];
  return [
    {
      id: `${key}_finding_rate`,
      label: `${who} past finding rate`,
      value: (input) => orNaN(input.history(key)?.rate),
      format: (value, input) => {
        const stats = input.history(key);
        if (value === null || stats === null) return missing;
        if (stats.declarations === 0) return `no history: ${percent(value)} assumed (the overall rate)`;
        return `${percent(value)} over ${number(stats.declarations)} ${unit}`;
      },
    },
    {
      id: `${key}_declarations`,
      label: `${who} past ${unit}`,
      value: (input) => orNaN(input.history(key)?.declarations),
      format: (value) => (value === null ? missing : `${number(value)} ${unit}`),
    },
  ];
}

const money = (value: number, input: FeatureInput) => `${number(value)} ${input.context.declaration.currency}`;

const BASE_FEATURES: FeatureDefinition[] = [
  {
    id: 'customs_value',
    label: 'customs value',
    value: (input) => input.line.line.customsValue,
    format: (value, input) => (value === null ? missing : money(value, input)),
  },
  {
    id: 'net_mass_kg',
    label: 'net mass',
    value: (input) => orNaN(input.line.line.netMassKg),
    format: (value) => (value === null ? missing : `${number(value, 2)} kg`),
  },
  {
    id: 'quantity',
    label: 'quantity',
    value: (input) => orNaN(input.line.line.quantity),
    format: (value, input) => (value === null ? missing : `${number(value, 2)} ${input.line.quantityUnit ?? ''}`.trim()),
  },
  {
    id: 'duty_rate',
    label: 'duty rate',
    value: (input) => orNaN(input.line.line.dutyRate),
    format: (value) => (value === null ? missing : `${number(value, 2)} %`),
  },
  {
    id: 'log_value',
    label: 'customs value (log scale)',
    value: (input) => Math.log10(1 + input.line.line.customsValue),
    format: (value, input) => (value === null ? missing : money(input.line.line.customsValue, input)),
  },
  {
    id: 'log_value_per_kg',
    label: 'value per kg (log scale)',
    value: (input) => {
      const perKg = input.line.valuePerKg;
      return perKg === null || perKg <= 0 ? Number.NaN : Math.log10(perKg);
    },
    format: (value, input) => (value === null || input.line.valuePerKg === null ? missing : `${money(input.line.valuePerKg, input)} per kg`),
  },
  {
    id: 'value_per_kg_ratio',
    label: 'value per kg against the HS6 reference',
    value: (input) => orNaN(input.line.valuePerKgRatio),
    format: (value, input) =>
      value === null ? 'no reference for this HS6 code' : `value per kg ${percent(value)} of the ${input.line.valuePerKgBasis ?? 'HS6'} reference median`,
  },
  {
    id: 'unit_value_ratio',
    label: 'unit value against the HS6 reference',
    value: (input) => orNaN(input.line.unitValueRatio),
    format: (value, input) =>
      value === null ? 'no reference for this HS6 code and unit' : `unit value ${percent(value)} of the ${input.line.unitValueBasis ?? 'HS6'} reference median`,
  },
  {
    id: 'hs_chapter',
    label: 'HS chapter',
    value: (input) => Number(input.line.hsChapter),
    format: (_value, input) => `chapter ${input.line.hsChapter}`,
  },
  {
    id: 'hs_heading',
    label: 'HS heading',
    value: (input) => Number(input.line.hsHeading),
    format: (_value, input) => `heading ${input.line.hsHeading}`,
  },
  {
    id: 'line_count',
    label: 'goods lines on the declaration',
    value: (input) => input.context.declaration.lines.length,
    format: (value) => (value === null ? missing : `${number(value)} line${value === 1 ? '' : 's'}`),
  },
  {
    id: 'isf_hours_before_lading',
    label: 'ISF filed before lading',
    value: (input) => orNaN(input.context.isf?.hoursBeforeLading),
    format: (value) => (value === null ? 'no ISF linked' : value < 0 ? `${number(-value, 1)} h after lading` : `${number(value, 1)} h before lading`),
  },
];

/** Every feature the model knows, by id. A model file may only name these. */
export const FEATURE_REGISTRY: ReadonlyMap<string, FeatureDefinition> = new Map(
  [...BASE_FEATURES, ...HISTORY_KEYS.flatMap(historyFeatures)].map((definition) => [definition.id, definition]),
);

/** Features of the default model, in column order. */
export const DEFAULT_FEATURES: readonly string[] = [
  'customs_value',
  'net_mass_kg',
  'quantity',
  'duty_rate',
  'log_value_per_kg',
  'value_per_kg_ratio',
  'unit_value_ratio',
  'hs_chapter',
  'hs_heading',
  'line_count',
  'isf_hours_before_lading',
  ...HISTORY_KEYS.flatMap((key) => [`${key}_finding_rate`, `${key}_declarations`]),
];
