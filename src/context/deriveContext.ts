import type { Declaration, DeclarationLine } from '../records/declarationSchema.js';
import type { Isf10Filing, Isf5Filing, IsfFiling } from '../records/isfFilingSchema.js';
import type { ReferenceData } from '../reference/ReferenceData.js';
import type { ImporterProfile, NormStats, UnitNormStats } from '../reference/ReferenceData.js';
import { countBelow } from '../reference/_lib/stats.js';
import type { DeclarationContext, ImporterContext, IsfContext, IsfLineView, LineContext } from './DeclarationContext.js';
import { deriveIsfContext } from './deriveIsfContext.js';
import { monthsBefore } from './_lib/monthsBefore.js';
import { CHAPTER_COUNT, DECLARATION_COUNT, FINDING_COUNT, FINDINGS_AT, IMPORTER_HEADER, OUTCOME_COUNT, OUTCOMES_AT } from '../reference/_lib/profileStore.js';
import { IN_MAP, chapterNumber, countBelowIn, hs6Number, normKey, originNumber, referenceIndex, unitCode, type ReferenceIndex } from './_lib/referenceIndex.js';

/** Options of `deriveContext`. */
export interface DeriveContextOptions {
  /** The ISF filed for the declaration's bill of lading, when there is one. */
  readonly isf?: IsfFiling | undefined;
  /** Reference data built from history; without it every history-based value is null. */
  readonly reference?: ReferenceData | undefined;
}

const DAY = 86_400_000;

/** Transport mode codes meaning sea: UN/ECE Rec. 19 (`1`), KCS (`10`), and plain words. */
const OCEAN_MODES: ReadonlySet<string> = new Set(['1', '10', '11', '12', 'sea', 'ocean', 'maritime', 'vessel']);

const quotient = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || b === 0 ? null : a / b);
const isLetter = (code: number) => (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
/** Country part of a UN/LOCODE: the first two characters upper-cased, when both are ASCII letters. */
const locodeCountry = (port: string | undefined) =>
  port !== undefined && port.length >= 2 && isLetter(port.charCodeAt(0)) && isLetter(port.charCodeAt(1)) ? port.slice(0, 2).toUpperCase() : null;
const basisOf = (specific: boolean, hs6: string, origin: string) => (specific ? `HS ${hs6} from ${origin}` : `HS ${hs6}`);

/** `basisOf`, taken from the index's entry of the norm when the norm came from the index (entry ≥ 0). */
const basisText = (indexed: ReferenceIndex | null, entry: number, specific: boolean, hs6: string, origin: string) =>
  entry >= 0 ? indexed!.bases[entry]! : basisOf(specific, hs6, origin);

/** Adds a value to a sorted array of distinct values (code-unit order, as `Array.prototype.sort`). */
function insertSorted(values: string[], value: string): void {
  let i = values.length;
  while (i > 0 && values[i - 1]! > value) i -= 1;
  if (i > 0 && values[i - 1] === value) return;
  if (i === values.length) values.push(value);
  else values.splice(i, 0, value);
}

function emptyImporter(): ImporterContext {
  return {
    priorDeclarations: null,
    firstSeenAt: null,
    daysSinceFirstSeen: null,
    findingsLast24Months: null,
    priorWithOutcome: null,
    priorFindings: null,
    priorChapters: null,
  };
}

/** The importer's history as of `time`, from its profile (already looked up; undefined = never seen). */
function importerContext(profile: ImporterProfile | undefined, time: number): ImporterContext {
  if (profile === undefined) {
    return {
      priorDeclarations: 0,
      firstSeenAt: null,
      daysSinceFirstSeen: null,
      findingsLast24Months: 0,
      priorWithOutcome: 0,
      priorFindings: 0,
      priorChapters: 0,
    };
  }
  const priorDeclarations = countBelow(profile.declarationTimes, time);
  const first = profile.declarationTimes[0];
  const firstSeenAt = priorDeclarations > 0 && first !== undefined ? new Date(first) : null;
  const priorFindings = countBelow(profile.findingTimes, time);
  // Findings before the window start are a prefix of those before `time`: no need for the window when none.
  const findingsLast24Months = priorFindings === 0 ? 0 : priorFindings - countBelow(profile.findingTimes, monthsBefore(time, 24));
  let priorChapters = 0;
  for (const seen of profile.chapters.values()) if (seen < time) priorChapters += 1;
  return {
    priorDeclarations,
    firstSeenAt,
    daysSinceFirstSeen: firstSeenAt === null ? null : (time - firstSeenAt.getTime()) / DAY,
    findingsLast24Months,
    priorWithOutcome: countBelow(profile.outcomeTimes, time),
    priorFindings,
    priorChapters,
  };
}

/** `importerContext` of a profile held as a run at `at` of `store` (layout in profileStore.ts). */
function indexedImporterContext(store: Float64Array, at: number, time: number): ImporterContext {
  const chaptersAt = at + IMPORTER_HEADER;
  const declarationsAt = chaptersAt + 2 * store[at + CHAPTER_COUNT]!;
  let priorChapters = 0;
  for (let k = chaptersAt + 1; k < declarationsAt; k += 2) if (store[k]! < time) priorChapters += 1;
  const priorDeclarations = countBelowIn(store, declarationsAt, store[at + DECLARATION_COUNT]!, time);
  const firstSeenAt = priorDeclarations > 0 ? new Date(store[declarationsAt]!) : null;
  const findingsAt = store[at + FINDINGS_AT]!;
  const findings = store[at + FINDING_COUNT]!;
  const priorFindings = countBelowIn(store, findingsAt, findings, time);
  const findingsLast24Months = priorFindings === 0 ? 0 : priorFindings - countBelowIn(store, findingsAt, findings, monthsBefore(time, 24));
  return {
    priorDeclarations,
    firstSeenAt,
    daysSinceFirstSeen: firstSeenAt === null ? null : (time - firstSeenAt.getTime()) / DAY,
    findingsLast24Months,
    priorWithOutcome: countBelowIn(store, store[at + OUTCOMES_AT]!, store[at + OUTCOME_COUNT]!, time),
    priorFindings,
    priorChapters,
  };
}

/** First time the importer whose run is at `at` declared chapter `chapter` (0–99), or undefined. */
function indexedChapterSeen(store: Float64Array, at: number, chapter: number): number | undefined {
  const chaptersAt = at + IMPORTER_HEADER;
  const chaptersEnd = chaptersAt + 2 * store[at + CHAPTER_COUNT]!;
  for (let k = chaptersAt; k < chaptersEnd; k += 2) if (store[k] === chapter) return store[k + 1]!;
  return undefined;
}

type IsfLine = Isf10Filing['lines'][number] | Isf5Filing['lines'][number];

/** Index of ISF lines: the first line per HS6 and per line number, built once per declaration. */
function indexIsfLines(filing: IsfFiling): { readonly byHs6: Map<string, IsfLine>; readonly byNumber: Map<number, IsfLine> } {
  const byHs6 = new Map<string, IsfLine>();
  const byNumber = new Map<number, IsfLine>();
  for (const candidate of filing.lines) {
    const hs6 = candidate.htsCode.slice(0, 6);
    if (!byHs6.has(hs6)) byHs6.set(hs6, candidate);
    if (!byNumber.has(candidate.lineNumber)) byNumber.set(candidate.lineNumber, candidate);
  }
  return { byHs6, byNumber };
}

function isfLineFor(index: ReturnType<typeof indexIsfLines>, line: DeclarationLine, hs6: string): IsfLineView | null {
  // The ISF describes the same goods as the entry, but its lines need not be numbered the same way:
  // match by HS6 first, by line number second.
  const match = index.byHs6.get(hs6) ?? index.byNumber.get(line.lineNumber);
  if (match === undefined) return null;
  // ISF-10 lines extend ISF-5 lines, so the union collapses to the ISF-5 shape: narrow by hand.
  const full = 'manufacturer' in match ? (match as Isf10Filing['lines'][number]) : undefined;
  return {
    lineNumber: match.lineNumber,
    hs6: match.htsCode.slice(0, 6),
    originCountry: full?.originCountry ?? null,
    manufacturerCountry: full?.manufacturer.country ?? null,
    manufacturerName: full?.manufacturer.name ?? null,
  };
}

/**
 * Computes every derived value of a declaration once: per-line unit value, value per kg and kg per unit with
 * their reference norms and ratios, HS chapter and heading, declaration totals, the importer's history as of
 * the lodging time, and the ISF lead times and cross-checks. Rules and model features both read this.
 * @param declaration A validated declaration.
 * @param options The joined ISF and the reference data, when available.
 * @example
 * const context = deriveContext(declaration, { reference });
 * context.lines[0].valuePerKgRatio //=> 0.12  (12 % of the reference median)
 */
export function deriveContext(declaration: Declaration, options: DeriveContextOptions = {}): DeclarationContext {
  const reference = options.reference ?? null;
  const isf: IsfContext | null = options.isf === undefined ? null : deriveIsfContext(options.isf, declaration);
  const time = declaration.lodgedAt.getTime();
  const currencyMatches = reference !== null && reference.currency === declaration.currency;
  const indexed: ReferenceIndex | null = reference === null ? null : referenceIndex(reference);
  // The importer's profile: in the index's store (at `importerAt`), or read from the Map when the index
  // does not hold it as numbers; neither when never seen.
  let importerAt = -1;
  let importerProfile: ImporterProfile | undefined;
  if (indexed !== null) {
    const ids = indexed.importers.index;
    const found = ids.find(declaration.importer.id);
    const at = found < 0 ? -1 : ids.data[found]!;
    if (at === IN_MAP) importerProfile = reference!.importers.get(declaration.importer.id);
    else importerAt = at;
  }
  const isfIndex = options.isf === undefined ? undefined : indexIsfLines(options.isf);

  // One pass over the lines, no intermediate objects: this runs for every record the scorer sees (twice
  // when rules and model use different reference data), so norms are picked inline and the distinct
  // chapters and origins are kept sorted as they come (declarations have few lines).
  let totalValue = 0;
  let totalNet: number | null = 0;
  let totalGross: number | null = 0;
  const chapters: string[] = [];
  const origins: string[] = [];
  const lines: LineContext[] = [];
  for (let index = 0; index < declaration.lines.length; index += 1) {
    const line = declaration.lines[index] as DeclarationLine;
    const hsCode = line.hsCode;
    const origin = line.originCountry;
    const hs6 = hsCode.slice(0, 6);
    const hsChapter = hsCode.slice(0, 2);
    totalValue += line.customsValue;
    totalNet = totalNet === null || line.netMassKg === undefined ? null : totalNet + line.netMassKg;
    totalGross = totalGross === null || line.grossMassKg === undefined ? null : totalGross + line.grossMassKg;
    insertSorted(chapters, hsChapter);
    insertSorted(origins, origin);

    const quantityUnit = line.quantityUnit === undefined ? null : line.quantityUnit.toUpperCase();
    const unitValue = quotient(line.customsValue, line.quantity);
    const valuePerKg = quotient(line.customsValue, line.netMassKg);
    const kgPerUnit = quotient(line.netMassKg, line.quantity);
    const unit = quantityUnit ?? '';

    // Each measure's norm: the HS6 + origin one when the reference has it, else the HS6 one.
    let unitValueNorm: UnitNormStats | null = null;
    let unitValueSpecific = false;
    let valuePerKgNorm: NormStats | null = null;
    let valuePerKgSpecific = false;
    let kgPerUnitNorm: UnitNormStats | null = null;
    let chapterNorm: NormStats | null = null;
    // Norm entries of the index (-1: none, or read from a Map), which carry their basis text.
    let specificEntry = -1;
    let generalEntry = -1;
    let seenAt: number | undefined;
    // Medians the ratios divide by (read from the index's arrays, or from the norm object).
    let unitValueMedian: number | undefined;
    let valuePerKgMedian: number | undefined;
    if (reference !== null) {
      const ix = indexed!;
      // Keys of the shape the index holds are looked up by number, others (never in a validated record) by text.
      const hs6Code = hs6Number(hsCode);
      const originCode = hs6Code < 0 ? -1 : originNumber(origin);
      const chapterCode = chapterNumber(hsChapter);
      if (hs6Code >= 0) {
        generalEntry = ix.findNorm(normKey(hs6Code, -1));
        if (originCode >= 0) specificEntry = ix.findNorm(normKey(hs6Code, originCode));
      }
      if (originCode >= 0 && (specificEntry < 0 || ix.plain[specificEntry] === 1) && (generalEntry < 0 || ix.plain[generalEntry] === 1)) {
        // Both norms (or their absence) from the index's arrays: no norm object is read, only handed on.
        // Each measure: the HS6 + origin one when present, else the HS6 one; unit measures only in the line's unit.
        const lineUnit = unitCode(unit);
        const s = specificEntry;
        const g = generalEntry;
        if (currencyMatches) {
          unitValueSpecific = s >= 0 && ix.unitValues[s] !== undefined;
          const u = unitValueSpecific ? s : g >= 0 && ix.unitValues[g] !== undefined ? g : -1;
          if (u >= 0 && (lineUnit >= 0 && ix.unitValueUnits[u]! >= 0 ? ix.unitValueUnits[u] === lineUnit : ix.unitValues[u]!.unit === unit)) {
            unitValueNorm = ix.unitValues[u]!;
            unitValueMedian = ix.unitValueMedians[u];
          }
          valuePerKgSpecific = s >= 0 && ix.valuesPerKg[s] !== undefined;
          const v = valuePerKgSpecific ? s : g >= 0 && ix.valuesPerKg[g] !== undefined ? g : -1;
          if (v >= 0) {
            valuePerKgNorm = ix.valuesPerKg[v]!;
            valuePerKgMedian = ix.valuePerKgMedians[v];
          }
          chapterNorm = chapterCode >= 0 ? ix.chapterValuePerKg[chapterCode]! : (reference.chapters.get(hsChapter)?.valuePerKg ?? null);
        }
        const k = s >= 0 && ix.kgPerUnits[s] !== undefined ? s : g >= 0 && ix.kgPerUnits[g] !== undefined ? g : -1;
        if (k >= 0 && (lineUnit >= 0 && ix.kgPerUnitUnits[k]! >= 0 ? ix.kgPerUnitUnits[k] === lineUnit : ix.kgPerUnits[k]!.unit === unit)) {
          kgPerUnitNorm = ix.kgPerUnits[k]!;
        }
      } else {
        // The norm objects as the Maps give them (a key or norm of a shape the index does not flatten).
        const specific = specificEntry >= 0 ? ix.norms[specificEntry] : hs6Code >= 0 && originCode >= 0 ? undefined : reference.hs6Origin.get(`${hs6}:${origin}`);
        const general = generalEntry >= 0 ? ix.norms[generalEntry] : hs6Code >= 0 ? undefined : reference.hs6.get(hs6);
        if (currencyMatches) {
          const specificUnit = specific?.unitValue;
          unitValueSpecific = specificUnit !== undefined;
          unitValueNorm = specificUnit ?? general?.unitValue ?? null;
          if (unitValueNorm !== null && unitValueNorm.unit !== unit) unitValueNorm = null;
          const specificPerKg = specific?.valuePerKg;
          valuePerKgSpecific = specificPerKg !== undefined;
          valuePerKgNorm = specificPerKg ?? general?.valuePerKg ?? null;
          chapterNorm = chapterCode >= 0 ? ix.chapterValuePerKg[chapterCode]! : (reference.chapters.get(hsChapter)?.valuePerKg ?? null);
          unitValueMedian = unitValueNorm?.median;
          valuePerKgMedian = valuePerKgNorm?.median;
        }
        kgPerUnitNorm = specific?.kgPerUnit ?? general?.kgPerUnit ?? null;
        if (kgPerUnitNorm !== null && kgPerUnitNorm.unit !== unit) kgPerUnitNorm = null;
      }
      if (importerAt >= 0) seenAt = chapterCode < 0 ? undefined : indexedChapterSeen(ix.importers.data, importerAt, chapterCode);
      else seenAt = importerProfile?.chapters.get(hsChapter);
    }
    const unitValueBasis = unitValueNorm === null ? null : basisText(indexed, unitValueSpecific ? specificEntry : generalEntry, unitValueSpecific, hs6, origin);
    // Usually both measures come from the same norm: one string for both.
    const valuePerKgBasis =
      valuePerKgNorm === null ? null : unitValueBasis !== null && valuePerKgSpecific === unitValueSpecific ? unitValueBasis : basisText(indexed, valuePerKgSpecific ? specificEntry : generalEntry, valuePerKgSpecific, hs6, origin);

    lines.push({
      line,
      index,
      lineNumber: line.lineNumber,
      hs6,
      hsHeading: hsCode.slice(0, 4),
      hsChapter,
      quantityUnit,
      unitValue,
      valuePerKg,
      kgPerUnit,
      unitValueNorm,
      unitValueBasis,
      unitValueRatio: unitValue === null || unitValueNorm === null ? null : quotient(unitValue, unitValueMedian),
      valuePerKgNorm,
      valuePerKgBasis,
      valuePerKgRatio: valuePerKg === null || valuePerKgNorm === null ? null : quotient(valuePerKg, valuePerKgMedian),
      chapterValuePerKgNorm: chapterNorm,
      kgPerUnitNorm,
      importerChapterSeenBefore: reference === null ? null : seenAt !== undefined && seenAt < time,
      isfLine: isfIndex === undefined ? null : isfLineFor(isfIndex, line, hs6),
    });
  }

  let consigneeShipmentsLast30Days: number | null = null;
  if (reference !== null) {
    const id = (declaration.consignee ?? declaration.importer).id;
    const consignees = indexed!.consignees;
    const found = consignees === null ? -1 : consignees.index.find(id);
    const at = found < 0 ? -1 : consignees!.index.data[found]!;
    if (at === IN_MAP) {
      const times = reference.consignees.get(id)?.declarationTimes;
      consigneeShipmentsLast30Days = times === undefined ? 0 : countBelow(times, time) - countBelow(times, time - 30 * DAY);
    } else if (at >= 0) {
      const store = consignees!.data;
      const n = store[at]!;
      consigneeShipmentsLast30Days = countBelowIn(store, at + 1, n, time) - countBelowIn(store, at + 1, n, time - 30 * DAY);
    } else {
      consigneeShipmentsLast30Days = 0;
    }
  }
  const portOfDischargeCountry = locodeCountry(declaration.portOfDischarge);
  const mode = declaration.transportMode;
  const isfExpected =
    mode !== undefined &&
    OCEAN_MODES.has(mode.toLowerCase()) &&
    portOfDischargeCountry === 'US' &&
    declaration.attributes?.['cargoType']?.toLowerCase() !== 'bulk';

  return {
    declaration,
    reference,
    isf,
    lines,
    totalValue,
    totalNetMassKg: totalNet,
    totalGrossMassKg: totalGross,
    valuePerKg: quotient(totalValue, totalNet ?? undefined),
    hsChapters: chapters,
    originCountries: origins,
    portOfLoadingCountry: locodeCountry(declaration.portOfLoading),
    portOfDischargeCountry,
    isfExpected,
    referenceCurrencyMatches: currencyMatches,
    importer: reference === null ? emptyImporter() : importerAt >= 0 ? indexedImporterContext(indexed!.importers.data, importerAt, time) : importerContext(importerProfile, time),
    consigneeShipmentsLast30Days,
  };
}
