// deriveContext as it was before the reference index (src/context/_lib/referenceIndex.ts): every lookup
// straight from the reference's Maps and profile objects. The definition the indexed deriveContext must
// agree with, value for value and object for object (test/context/referenceIndex.test.ts).
import type { Declaration, DeclarationLine } from '../../src/records/declarationSchema.js';
import type { Isf10Filing, Isf5Filing, IsfFiling } from '../../src/records/isfFilingSchema.js';
import type { ReferenceData } from '../../src/reference/ReferenceData.js';
import type { ImporterProfile, NormStats, UnitNormStats } from '../../src/reference/ReferenceData.js';
import { countBelow } from '../../src/reference/_lib/stats.js';
import type { DeclarationContext, ImporterContext, IsfContext, IsfLineView, LineContext } from '../../src/context/DeclarationContext.js';
import { deriveIsfContext } from '../../src/context/deriveIsfContext.js';
import { monthsBefore } from '../../src/context/_lib/monthsBefore.js';

/** Options of `deriveContext`. */
interface DeriveContextOptions {
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
export function deriveContextByDefinition(declaration: Declaration, options: DeriveContextOptions = {}): DeclarationContext {
  const reference = options.reference ?? null;
  const isf: IsfContext | null = options.isf === undefined ? null : deriveIsfContext(options.isf, declaration);
  const time = declaration.lodgedAt.getTime();
  const currencyMatches = reference !== null && reference.currency === declaration.currency;
  const importerProfile = reference?.importers.get(declaration.importer.id);
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
    if (reference !== null) {
      const specific = reference.hs6Origin.get(`${hs6}:${origin}`);
      const general = reference.hs6.get(hs6);
      if (currencyMatches) {
        const specificUnit = specific?.unitValue;
        unitValueSpecific = specificUnit !== undefined;
        unitValueNorm = specificUnit ?? general?.unitValue ?? null;
        if (unitValueNorm !== null && unitValueNorm.unit !== unit) unitValueNorm = null;
        const specificPerKg = specific?.valuePerKg;
        valuePerKgSpecific = specificPerKg !== undefined;
        valuePerKgNorm = specificPerKg ?? general?.valuePerKg ?? null;
        chapterNorm = reference.chapters.get(hsChapter)?.valuePerKg ?? null;
      }
      kgPerUnitNorm = specific?.kgPerUnit ?? general?.kgPerUnit ?? null;
      if (kgPerUnitNorm !== null && kgPerUnitNorm.unit !== unit) kgPerUnitNorm = null;
    }
    const seenAt = importerProfile?.chapters.get(hsChapter);
    const unitValueBasis = unitValueNorm === null ? null : basisOf(unitValueSpecific, hs6, origin);
    // Usually both measures come from the same norm: one string for both.
    const valuePerKgBasis =
      valuePerKgNorm === null ? null : unitValueBasis !== null && valuePerKgSpecific === unitValueSpecific ? unitValueBasis : basisOf(valuePerKgSpecific, hs6, origin);

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
      unitValueRatio: unitValue === null || unitValueNorm === null ? null : quotient(unitValue, unitValueNorm.median),
      valuePerKgNorm,
      valuePerKgBasis,
      valuePerKgRatio: valuePerKg === null || valuePerKgNorm === null ? null : quotient(valuePerKg, valuePerKgNorm.median),
      chapterValuePerKgNorm: chapterNorm,
      kgPerUnitNorm,
      importerChapterSeenBefore: reference === null ? null : seenAt !== undefined && seenAt < time,
      isfLine: isfIndex === undefined ? null : isfLineFor(isfIndex, line, hs6),
    });
  }

  let consigneeShipmentsLast30Days: number | null = null;
  if (reference !== null) {
    const times = reference.consignees.get((declaration.consignee ?? declaration.importer).id)?.declarationTimes;
    consigneeShipmentsLast30Days = times === undefined ? 0 : countBelow(times, time) - countBelow(times, time - 30 * DAY);
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
    importer: reference === null ? emptyImporter() : importerContext(importerProfile, time),
    consigneeShipmentsLast30Days,
  };
}
