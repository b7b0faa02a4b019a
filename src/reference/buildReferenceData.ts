import type { Declaration } from '../records/declarationSchema.js';
import type { ConsigneeProfile, HsNorm, ImporterProfile, ReferenceData, UnitNormStats } from './ReferenceData.js';
import { normStats } from './_lib/stats.js';

/** One past declaration, with the outcome of its inspection when it is known. */
export interface HistoricalRecord {
  readonly record: Declaration;
  /** `fraud: true` when an inspection found a problem; omit when the declaration was never inspected. */
  readonly label?: { readonly fraud: boolean };
}

/** Options of `buildReferenceData`. */
export interface BuildReferenceDataOptions {
  /**
   * Currency of the value norms; lines declared in other currencies are left out of them.
   * @default the most frequent currency of the history (ties: alphabetical)
   */
  readonly currency?: string;
  /**
   * Fewest observations a norm needs to be kept: fewer would make p5/p95 meaningless.
   * @default 5
   */
  readonly minCount?: number;
}

/** Raw observations of one HS key, grouped by quantity unit where the measure depends on it. */
interface Samples {
  readonly valuePerKg: number[];
  readonly unitValue: Map<string, number[]>;
  readonly kgPerUnit: Map<string, number[]>;
}

interface ImporterDraft {
  readonly times: number[];
  readonly chapters: Map<string, number>;
  readonly outcomes: number[];
  readonly findings: number[];
}

const ascending = (a: number, b: number) => a - b;

function samplesOf(map: Map<string, Samples>, key: string): Samples {
  let samples = map.get(key);
  if (samples === undefined) {
    samples = { valuePerKg: [], unitValue: new Map(), kgPerUnit: new Map() };
    map.set(key, samples);
  }
  return samples;
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** The norm of the most frequent unit (ties: alphabetical), so that one HS code has one comparable unit value. */
function dominantUnit(byUnit: Map<string, number[]>, minCount: number): UnitNormStats | undefined {
  let best: string | undefined;
  let bestCount = 0;
  for (const [unit, values] of byUnit) {
    if (values.length > bestCount || (values.length === bestCount && best !== undefined && unit < best)) {
      best = unit;
      bestCount = values.length;
    }
  }
  if (best === undefined || bestCount < minCount) return undefined;
  return { unit: best, ...normStats(byUnit.get(best) ?? []) };
}

function toNorms(map: Map<string, Samples>, minCount: number): Map<string, HsNorm> {
  const norms = new Map<string, HsNorm>();
  for (const key of [...map.keys()].sort()) {
    const samples = map.get(key);
    if (samples === undefined) continue;
    const unitValue = dominantUnit(samples.unitValue, minCount);
    const kgPerUnit = dominantUnit(samples.kgPerUnit, minCount);
    const norm: { -readonly [K in keyof HsNorm]: HsNorm[K] } = {};
    if (unitValue !== undefined) norm.unitValue = unitValue;
    if (samples.valuePerKg.length >= minCount) norm.valuePerKg = normStats(samples.valuePerKg);
    if (kgPerUnit !== undefined) norm.kgPerUnit = kgPerUnit;
    if (Object.keys(norm).length > 0) norms.set(key, norm);
  }
  return norms;
}

function mostFrequentCurrency(history: readonly HistoricalRecord[]): string {
  const counts = new Map<string, number>();
  for (const { record } of history) counts.set(record.currency, (counts.get(record.currency) ?? 0) + 1);
  let best = 'USD';
  let bestCount = 0;
  for (const [currency, count] of counts) {
    if (count > bestCount || (count === bestCount && currency < best)) {
      best = currency;
      bestCount = count;
    }
  }
  return best;
}

/**
 * Builds reference data from past declarations: unit-value, value-per-kg and kg-per-unit norms (count, p5,
 * median, p95) per HS6, per HS6 + origin and per HS chapter, and importer and consignee profiles (when they
 * declared, which chapters, past findings). The result does not depend on the order of the history.
 * @param history Past declarations, optionally with inspection outcomes.
 * @example
 * const reference = buildReferenceData(past.map((record) => ({ record })));
 * reference.hs6.get('610910')?.valuePerKg?.median //=> 17.8
 */
export function buildReferenceData(history: readonly HistoricalRecord[], options: BuildReferenceDataOptions = {}): ReferenceData {
  const currency = options.currency ?? mostFrequentCurrency(history);
  const minCount = options.minCount ?? 5;
  const hs6 = new Map<string, Samples>();
  const hs6Origin = new Map<string, Samples>();
  const chapters = new Map<string, Samples>();
  const importers = new Map<string, ImporterDraft>();
  const consignees = new Map<string, number[]>();
  let lines = 0;
  let withOutcome = 0;
  let otherCurrencyLines = 0;
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;

  for (const { record, label } of history) {
    const time = record.lodgedAt.getTime();
    if (time < from) from = time;
    if (time > to) to = time;
    let importer = importers.get(record.importer.id);
    if (importer === undefined) {
      importer = { times: [], chapters: new Map(), outcomes: [], findings: [] };
      importers.set(record.importer.id, importer);
    }
    importer.times.push(time);
    if (label !== undefined) {
      withOutcome += 1;
      importer.outcomes.push(time);
      if (label.fraud) importer.findings.push(time);
    }
    if (record.consignee !== undefined) push(consignees, record.consignee.id, time);

    for (const line of record.lines) {
      lines += 1;
      const code = line.hsCode.slice(0, 6);
      const chapter = line.hsCode.slice(0, 2);
      const seen = importer.chapters.get(chapter);
      if (seen === undefined || time < seen) importer.chapters.set(chapter, time);
      if (record.currency !== currency) {
        otherCurrencyLines += 1;
        continue;
      }
      // Free-of-charge lines say nothing about the price level of the goods.
      if (!(line.customsValue > 0)) continue;
      const unit = (line.quantityUnit ?? '').toUpperCase();
      const targets = [samplesOf(hs6, code), samplesOf(hs6Origin, `${code}:${line.originCountry}`), samplesOf(chapters, chapter)];
      for (const samples of targets) {
        if (line.netMassKg !== undefined && line.netMassKg > 0) samples.valuePerKg.push(line.customsValue / line.netMassKg);
        if (line.quantity !== undefined && line.quantity > 0) {
          push(samples.unitValue, unit, line.customsValue / line.quantity);
          if (line.netMassKg !== undefined && line.netMassKg > 0) push(samples.kgPerUnit, unit, line.netMassKg / line.quantity);
        }
      }
    }
  }

  const importerProfiles = new Map<string, ImporterProfile>();
  for (const id of [...importers.keys()].sort()) {
    const draft = importers.get(id);
    if (draft === undefined) continue;
    const chapterEntries = [...draft.chapters.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    importerProfiles.set(id, {
      declarationTimes: draft.times.sort(ascending),
      chapters: new Map(chapterEntries),
      outcomeTimes: draft.outcomes.sort(ascending),
      findingTimes: draft.findings.sort(ascending),
    });
  }
  const consigneeProfiles = new Map<string, ConsigneeProfile>();
  for (const id of [...consignees.keys()].sort()) {
    consigneeProfiles.set(id, { declarationTimes: (consignees.get(id) ?? []).sort(ascending) });
  }

  return {
    currency,
    minCount,
    builtFrom: {
      declarations: history.length,
      lines,
      withOutcome,
      otherCurrencyLines,
      from: history.length === 0 ? null : new Date(from).toISOString(),
      to: history.length === 0 ? null : new Date(to).toISOString(),
    },
    hs6: toNorms(hs6, minCount),
    hs6Origin: toNorms(hs6Origin, minCount),
    chapters: toNorms(chapters, minCount),
    importers: importerProfiles,
    consignees: consigneeProfiles,
  };
}
