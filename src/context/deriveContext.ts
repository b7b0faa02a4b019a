import type { Declaration, DeclarationLine } from '../records/declarationSchema.js';
import type { Isf10Filing, Isf5Filing, IsfFiling } from '../records/isfFilingSchema.js';
import type { HsNorm, NormStats, ReferenceData } from '../reference/ReferenceData.js';
import { countBelow } from '../reference/_lib/stats.js';
import type { DeclarationContext, ImporterContext, IsfContext, IsfLineView, LineContext } from './DeclarationContext.js';
import { deriveIsfContext } from './deriveIsfContext.js';

/** Options of `deriveContext`. */
export interface DeriveContextOptions {
  /** The ISF filed for the declaration's bill of lading, when there is one. */
  readonly isf?: IsfFiling | undefined;
  /** Reference data built from history; without it every history-based value is null. */
  readonly reference?: ReferenceData | undefined;
}

const DAY = 86_400_000;

/**
 * The same UTC clock time `months` calendar months earlier, clamped to the end of a shorter month
 * (2024-03-31 → 2024-02-29). UTC on purpose: date-fns' subMonths works in the machine's time zone, and
 * history windows must not depend on where the scorer runs.
 */
function monthsBefore(time: number, months: number): number {
  const date = new Date(time);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() - months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(date.getUTCDate(), lastDay), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds());
}
/** Transport mode codes meaning sea: UN/ECE Rec. 19 (`1`), KCS (`10`), and plain words. */
const OCEAN_MODES: ReadonlySet<string> = new Set(['1', '10', '11', '12', 'sea', 'ocean', 'maritime', 'vessel']);

const quotient = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || b === 0 ? null : a / b);
const locodeCountry = (port: string | undefined) => (port !== undefined && /^[A-Za-z]{2}/.test(port) ? port.slice(0, 2).toUpperCase() : null);

/** The HS6 + origin norm of a measure when known, else the HS6 one; which one it was, as 0 or 1. */
function pick<K extends keyof HsNorm>(specific: HsNorm | undefined, general: HsNorm | undefined, key: K): { readonly norm: NonNullable<HsNorm[K]>; readonly specific: boolean } | null {
  const first = specific?.[key];
  if (first !== undefined) return { norm: first as NonNullable<HsNorm[K]>, specific: true };
  const second = general?.[key];
  return second === undefined ? null : { norm: second as NonNullable<HsNorm[K]>, specific: false };
}

const basisOf = (picked: { readonly specific: boolean } | null, hs6: string, origin: string) =>
  picked === null ? null : picked.specific ? `HS ${hs6} from ${origin}` : `HS ${hs6}`;

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

function importerContext(reference: ReferenceData, declaration: Declaration): ImporterContext {
  const time = declaration.lodgedAt.getTime();
  const profile = reference.importers.get(declaration.importer.id);
  if (profile === undefined) {
    return { ...emptyImporter(), priorDeclarations: 0, findingsLast24Months: 0, priorWithOutcome: 0, priorFindings: 0, priorChapters: 0 };
  }
  const priorDeclarations = countBelow(profile.declarationTimes, time);
  const first = profile.declarationTimes[0];
  const firstSeenAt = priorDeclarations > 0 && first !== undefined ? new Date(first) : null;
  const priorFindings = countBelow(profile.findingTimes, time);
  const windowStart = monthsBefore(time, 24);
  let priorChapters = 0;
  for (const seen of profile.chapters.values()) if (seen < time) priorChapters += 1;
  return {
    priorDeclarations,
    firstSeenAt,
    daysSinceFirstSeen: firstSeenAt === null ? null : (time - firstSeenAt.getTime()) / DAY,
    findingsLast24Months: priorFindings - countBelow(profile.findingTimes, windowStart),
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
export function deriveContext(declaration: Declaration, options: DeriveContextOptions = {}): DeclarationContext {
  const reference = options.reference ?? null;
  const isf: IsfContext | null = options.isf === undefined ? null : deriveIsfContext(options.isf, declaration);
  const time = declaration.lodgedAt.getTime();
  const currencyMatches = reference !== null && reference.currency === declaration.currency;
  const importerProfile = reference?.importers.get(declaration.importer.id);
  const isfIndex = options.isf === undefined ? undefined : indexIsfLines(options.isf);

  let totalValue = 0;
  let totalNet: number | null = 0;
  let totalGross: number | null = 0;
  const chapters = new Set<string>();
  const origins = new Set<string>();
  const lines: LineContext[] = [];
  for (let index = 0; index < declaration.lines.length; index += 1) {
    const line = declaration.lines[index] as DeclarationLine;
    const hs6 = line.hsCode.slice(0, 6);
    const hsChapter = line.hsCode.slice(0, 2);
    totalValue += line.customsValue;
    totalNet = totalNet === null || line.netMassKg === undefined ? null : totalNet + line.netMassKg;
    totalGross = totalGross === null || line.grossMassKg === undefined ? null : totalGross + line.grossMassKg;
    chapters.add(hsChapter);
    origins.add(line.originCountry);

    const quantityUnit = line.quantityUnit === undefined ? null : line.quantityUnit.toUpperCase();
    const unitValue = quotient(line.customsValue, line.quantity);
    const valuePerKg = quotient(line.customsValue, line.netMassKg);
    const kgPerUnit = quotient(line.netMassKg, line.quantity);
    const specific = reference?.hs6Origin.get(`${hs6}:${line.originCountry}`);
    const general = reference?.hs6.get(hs6);
    const unit = quantityUnit ?? '';
    let unitPick = currencyMatches ? pick(specific, general, 'unitValue') : null;
    if (unitPick !== null && unitPick.norm.unit !== unit) unitPick = null;
    const valuePerKgPick = currencyMatches ? pick(specific, general, 'valuePerKg') : null;
    let kgPerUnitPick = pick(specific, general, 'kgPerUnit');
    if (kgPerUnitPick !== null && kgPerUnitPick.norm.unit !== unit) kgPerUnitPick = null;
    const chapterNorm: NormStats | undefined = currencyMatches ? reference?.chapters.get(hsChapter)?.valuePerKg : undefined;
    const seenAt = importerProfile?.chapters.get(hsChapter);

    lines.push({
      line,
      index,
      lineNumber: line.lineNumber,
      hs6,
      hsHeading: line.hsCode.slice(0, 4),
      hsChapter,
      quantityUnit,
      unitValue,
      valuePerKg,
      kgPerUnit,
      unitValueNorm: unitPick?.norm ?? null,
      unitValueBasis: basisOf(unitPick, hs6, line.originCountry),
      unitValueRatio: unitValue === null || unitPick === null ? null : quotient(unitValue, unitPick.norm.median),
      valuePerKgNorm: valuePerKgPick?.norm ?? null,
      valuePerKgBasis: basisOf(valuePerKgPick, hs6, line.originCountry),
      valuePerKgRatio: valuePerKg === null || valuePerKgPick === null ? null : quotient(valuePerKg, valuePerKgPick.norm.median),
      chapterValuePerKgNorm: chapterNorm ?? null,
      kgPerUnitNorm: kgPerUnitPick?.norm ?? null,
      importerChapterSeenBefore: reference === null ? null : seenAt !== undefined && seenAt < time,
      isfLine: isfIndex === undefined ? null : isfLineFor(isfIndex, line, hs6),
    });
  }

  let consigneeShipmentsLast30Days: number | null = null;
  if (reference !== null) {
    const times = reference.consignees.get((declaration.consignee ?? declaration.importer).id)?.declarationTimes ?? [];
    consigneeShipmentsLast30Days = countBelow(times, time) - countBelow(times, time - 30 * DAY);
  }
  const mode = declaration.transportMode?.toLowerCase();
  const isfExpected =
    mode !== undefined &&
    OCEAN_MODES.has(mode) &&
    locodeCountry(declaration.portOfDischarge) === 'US' &&
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
    hsChapters: [...chapters].sort(),
    originCountries: [...origins].sort(),
    portOfLoadingCountry: locodeCountry(declaration.portOfLoading),
    portOfDischargeCountry: locodeCountry(declaration.portOfDischarge),
    isfExpected,
    referenceCurrencyMatches: currencyMatches,
    importer: reference === null ? emptyImporter() : importerContext(reference, declaration),
    consigneeShipmentsLast30Days,
  };
}
