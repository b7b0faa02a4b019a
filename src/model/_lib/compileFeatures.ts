import type { DeclarationContext, LineContext } from '../../context/DeclarationContext.js';
import { HISTORY_KEYS, type HistoryEncoder, type HistoryKey } from '../FeatureSpec.js';
import { FEATURE_REGISTRY, type FeatureDefinition, type FeatureInput } from './featureRegistry.js';
import { createHistoryLookup, findHistory, historyTable, type HistoryTable } from './historyEncoders.js';

// The registry's `value(input)` functions are the definition of every feature; this is the same arithmetic
// compiled once per model so that scoring a line allocates nothing: no FeatureInput object or history
// closure per line, no {declarations, rate} object or key string per history lookup, no megamorphic call
// per feature. test/model/compileFeatures.test.ts checks that both give the same bits, NaN included.

/** Writes the feature rows of a record straight into a row-major matrix. */
export interface FeatureWriter {
  readonly width: number;
  /** Writes one row per goods line of `context` into `x`, the first at row `row`. */
  write(context: DeclarationContext, x: Float64Array, row: number): void;
}

// Column kinds. A column whose definition is not one of these (a feature added to the registry later and
// not compiled here) is computed by its registry definition: slower, never wrong.
const CUSTOMS_VALUE = 0;
const NET_MASS = 1;
const QUANTITY = 2;
const DUTY_RATE = 3;
const LOG_VALUE = 4;
const LOG_VALUE_PER_KG = 5;
const VALUE_PER_KG_RATIO = 6;
const UNIT_VALUE_RATIO = 7;
const HS_CHAPTER = 8;
const HS_HEADING = 9;
const LINE_COUNT = 10;
const ISF_HOURS = 11;
const HISTORY_RATE = 12;
const HISTORY_DECLARATIONS = 13;
const BY_DEFINITION = 14;

const BASE_KINDS: Readonly<Record<string, number>> = {
  customs_value: CUSTOMS_VALUE,
  net_mass_kg: NET_MASS,
  quantity: QUANTITY,
  duty_rate: DUTY_RATE,
  log_value: LOG_VALUE,
  log_value_per_kg: LOG_VALUE_PER_KG,
  value_per_kg_ratio: VALUE_PER_KG_RATIO,
  unit_value_ratio: UNIT_VALUE_RATIO,
  hs_chapter: HS_CHAPTER,
  hs_heading: HS_HEADING,
  line_count: LINE_COUNT,
  isf_hours_before_lading: ISF_HOURS,
};

/**
 * Compiles the feature columns of a model: `definitions[c]` gives column `c`, history features read the
 * fitted `encoders`. Values are those of `definitions[c].value(input)`, bit for bit.
 */
export function compileFeatures(definitions: readonly FeatureDefinition[], encoders: readonly HistoryEncoder[]): FeatureWriter {
  const width = definitions.length;
  const kinds = new Int32Array(width);
  const slots = new Int32Array(width);
  const tables: (HistoryTable | null)[] = [];
  const slotOf = new Map<HistoryKey, number>();
  const encoderOf = new Map(encoders.map((encoder) => [encoder.key, encoder]));

  // A loop, not forEach: a callback would put `encoderOf` in the context that the writer's closures
  // share, and keep every encoder's entries alive as long as the model (a model loaded for scoring only
  // lets them go).
  for (let c = 0; c < width; c++) {
    const definition = definitions[c]!;
    // Only the registry's own definition of an id is compiled; anything else keeps its `value` function.
    const compiled = FEATURE_REGISTRY.get(definition.id) === definition;
    const historyMatch = /^(.*)_(finding_rate|declarations)$/.exec(definition.id);
    const key = HISTORY_KEYS.find((candidate) => candidate === historyMatch?.[1]);
    if (compiled && BASE_KINDS[definition.id] !== undefined) {
      kinds[c] = BASE_KINDS[definition.id]!;
    } else if (compiled && key !== undefined) {
      kinds[c] = historyMatch?.[2] === 'finding_rate' ? HISTORY_RATE : HISTORY_DECLARATIONS;
      let slot = slotOf.get(key);
      if (slot === undefined) {
        slot = tables.length;
        slotOf.set(key, slot);
        const encoder = encoderOf.get(key);
        // No fitted encoder: the per-lookup path gives null, so the feature is missing (NaN).
        tables.push(encoder === undefined ? null : historyTable(encoder));
      }
      slots[c] = slot;
    } else {
      kinds[c] = BY_DEFINITION;
    }
  }

  // Per-line history of each key, resolved once and shared by its rate and count columns.
  const historyDeclarations = new Float64Array(tables.length);
  const historyRates = new Float64Array(tables.length);
  const needsInput = kinds.includes(BY_DEFINITION);
  const fallbackLookup = needsInput ? createHistoryLookup(encoders) : null;

  const resolveHistory = (context: DeclarationContext, line: LineContext) => {
    for (let s = 0; s < tables.length; s++) {
      const table = tables[s]!;
      const at = table === null ? -2 : findHistory(table, context, line);
      if (at === -2) {
        historyDeclarations[s] = Number.NaN;
        historyRates[s] = Number.NaN;
      } else if (at < 0) {
        historyDeclarations[s] = 0;
        historyRates[s] = table!.unknownRate;
      } else {
        historyDeclarations[s] = table!.stats[at]!;
        historyRates[s] = table!.stats[at + 1]!;
      }
    }
  };

  const write = (context: DeclarationContext, x: Float64Array, row: number) => {
    const lines = context.lines;
    for (let l = 0; l < lines.length; l++) {
      const line = lines[l]!;
      const goods = line.line;
      if (tables.length > 0) resolveHistory(context, line);
      const input: FeatureInput | null = fallbackLookup === null ? null : { context, line, history: (key) => fallbackLookup(key, context, line) };
      const base = (row + l) * width;
      for (let c = 0; c < width; c++) {
        let v: number;
        switch (kinds[c]) {
          case CUSTOMS_VALUE:
            v = goods.customsValue;
            break;
          case NET_MASS:
            v = goods.netMassKg ?? Number.NaN;
            break;
          case QUANTITY:
            v = goods.quantity ?? Number.NaN;
            break;
          case DUTY_RATE:
            v = goods.dutyRate ?? Number.NaN;
            break;
          case LOG_VALUE:
            v = Math.log10(1 + goods.customsValue);
            break;
          case LOG_VALUE_PER_KG: {
            const perKg = line.valuePerKg;
            v = perKg === null || perKg <= 0 ? Number.NaN : Math.log10(perKg);
            break;
          }
          case VALUE_PER_KG_RATIO:
            v = line.valuePerKgRatio ?? Number.NaN;
            break;
          case UNIT_VALUE_RATIO:
            v = line.unitValueRatio ?? Number.NaN;
            break;
          case HS_CHAPTER:
            v = Number(line.hsChapter);
            break;
          case HS_HEADING:
            v = Number(line.hsHeading);
            break;
          case LINE_COUNT:
            v = context.declaration.lines.length;
            break;
          case ISF_HOURS:
            v = context.isf?.hoursBeforeLading ?? Number.NaN;
            break;
          case HISTORY_RATE:
            v = historyRates[slots[c]!]!;
            break;
          case HISTORY_DECLARATIONS:
            v = historyDeclarations[slots[c]!]!;
            break;
          default:
            v = definitions[c]!.value(input!);
        }
        x[base + c] = v;
      }
    }
  };
  return { width, write };
}
