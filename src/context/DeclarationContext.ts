import type { Declaration, DeclarationLine } from '../records/declarationSchema.js';
import type { IsfFiling } from '../records/isfFilingSchema.js';
import type { NormStats, ReferenceData, UnitNormStats } from '../reference/ReferenceData.js';

// Derived values, computed once per record by `deriveContext` and shared by rules and model features, so
// that the "value per kg" a rule compares is the one a model reason cites. Missing values are `null`
// (never `undefined`, never NaN): a quotient with a zero or missing divisor is null.

/** Derived values of one goods line. */
export interface LineContext {
  readonly line: DeclarationLine;
  /** Position of the line in `declaration.lines`. */
  readonly index: number;
  readonly lineNumber: number;
  /** First 6 digits of the HS code. */
  readonly hs6: string;
  /** First 4 digits (heading). */
  readonly hsHeading: string;
  /** First 2 digits (chapter). */
  readonly hsChapter: string;
  /** Quantity unit upper-cased, or null. */
  readonly quantityUnit: string | null;
  /** Customs value / quantity, in the declaration currency. */
  readonly unitValue: number | null;
  /** Customs value / net kg, in the declaration currency. */
  readonly valuePerKg: number | null;
  /** Net kg / quantity. */
  readonly kgPerUnit: number | null;
  /** Unit-value norm (HS6 + origin when known, else HS6), only when unit and currency match the reference. */
  readonly unitValueNorm: UnitNormStats | null;
  /** Which norm `unitValueNorm` is: `HS 610910 from BD` or `HS 610910`. */
  readonly unitValueBasis: string | null;
  /** unitValue / unitValueNorm.median. */
  readonly unitValueRatio: number | null;
  /** Value-per-kg norm (HS6 + origin when known, else HS6), only when the currency matches the reference. */
  readonly valuePerKgNorm: NormStats | null;
  readonly valuePerKgBasis: string | null;
  /** valuePerKg / valuePerKgNorm.median. */
  readonly valuePerKgRatio: number | null;
  /** Value-per-kg norm of the whole HS chapter (the p5–p95 plausibility band). */
  readonly chapterValuePerKgNorm: NormStats | null;
  /** Kg-per-unit norm (HS6 + origin when known, else HS6), only when the unit matches. */
  readonly kgPerUnitNorm: UnitNormStats | null;
  /** Whether the importer declared this HS chapter before this declaration; null without importer history. */
  readonly importerChapterSeenBefore: boolean | null;
  /** The ISF commodity line describing the same goods (same HS6, else same line number); null without one. */
  readonly isfLine: IsfLineView | null;
}

/** The parts of an ISF commodity line that entry cross-checks read (ISF-5 lines carry only the HTS code). */
export interface IsfLineView {
  readonly lineNumber: number;
  readonly hs6: string;
  readonly originCountry: string | null;
  readonly manufacturerCountry: string | null;
  readonly manufacturerName: string | null;
}

/** What history says about the declaration's importer, as of the declaration's lodging time. */
export interface ImporterContext {
  /** Declarations of this importer lodged strictly before this one; null without reference data. */
  readonly priorDeclarations: number | null;
  /** First time the importer was seen, or null when never seen before (or no reference data). */
  readonly firstSeenAt: Date | null;
  /** Days between first seen and this declaration. */
  readonly daysSinceFirstSeen: number | null;
  /** Positive inspection findings in the 24 months before this declaration. */
  readonly findingsLast24Months: number | null;
  /** Prior declarations with a known outcome (denominator of a finding rate). */
  readonly priorWithOutcome: number | null;
  /** Prior positive findings, any age. */
  readonly priorFindings: number | null;
  /** HS chapters the importer declared before this declaration. */
  readonly priorChapters: number | null;
}

/** Derived values of the ISF filing joined to a declaration (or scored on its own). */
export interface IsfContext {
  readonly filing: IsfFiling;
  /** Hours from filing to estimated lading; negative when filed after lading. */
  readonly hoursBeforeLading: number | null;
  /** Hours from filing to estimated arrival at the first US port. */
  readonly hoursBeforeArrival: number | null;
  /** Filed under flexible timing (FR / FT / FX, or CT after it). */
  readonly flexible: boolean;
  /** Flexible filing completed: status CT, or both stuffing location and consolidator present. */
  readonly flexibleCompleted: boolean;
  /** Hours from completion (last amendment adding stuffing location / consolidator) to estimated arrival. */
  readonly flexibleCompletedHoursBeforeArrival: number | null;
  readonly amendmentCount: number;
  /** Amendments made after estimated lading (0 when lading time unknown). */
  readonly amendmentsAfterLading: number;
  /** Amendments after lading that changed HTS, origin, manufacturer or seller. */
  readonly criticalChangesAfterLading: number;
  /** Distinct HS6 codes of the ISF lines, sorted. */
  readonly hs6Codes: readonly string[];
  /** Distinct origin countries of the ISF lines (empty for ISF-5), sorted. */
  readonly originCountries: readonly string[];
  /** Distinct manufacturer countries (empty for ISF-5), sorted. */
  readonly manufacturerCountries: readonly string[];
  /** Whether one of the ISF's bills equals the declaration's master or house bill; null without a declaration bill. */
  readonly matchesBill: boolean | null;
  /** Ship-to party is the declaration's consignee (same id, or same name ignoring case, punctuation, legal form). */
  readonly shipToMatchesConsignee: boolean | null;
  /** Ship-to party is the ISF buyer (ISF-10 only). */
  readonly shipToMatchesBuyer: boolean | null;
}

/** Everything derived from one declaration (and its ISF and the reference data), computed once. */
export interface DeclarationContext {
  readonly declaration: Declaration;
  readonly reference: ReferenceData | null;
  readonly isf: IsfContext | null;
  readonly lines: readonly LineContext[];
  /** Sum of customs values, declaration currency. */
  readonly totalValue: number;
  /** Sum of net mass; null when any line lacks it. */
  readonly totalNetMassKg: number | null;
  /** Sum of gross mass; null when any line lacks it. */
  readonly totalGrossMassKg: number | null;
  /** totalValue / totalNetMassKg. */
  readonly valuePerKg: number | null;
  /** Distinct HS chapters of the lines, sorted. */
  readonly hsChapters: readonly string[];
  /** Distinct origin countries of the lines, sorted. */
  readonly originCountries: readonly string[];
  /** Country part of the UN/LOCODE port of loading (`CNSHA` → `CN`). */
  readonly portOfLoadingCountry: string | null;
  readonly portOfDischargeCountry: string | null;
  /** Whether this declaration needs an ISF: ocean transport into a US port, cargo not declared bulk. */
  readonly isfExpected: boolean;
  /** Whether the declaration and the reference data use the same currency (value norms apply). */
  readonly referenceCurrencyMatches: boolean;
  readonly importer: ImporterContext;
  /** Declarations to the same consignee in the 30 days before this one; null without reference data. */
  readonly consigneeShipmentsLast30Days: number | null;
}
