/** Distribution of one measure (unit value, value per kg, kg per unit) over historical lines. */
export interface NormStats {
  /** Number of historical lines the statistics were computed from. */
  readonly count: number;
  /** 5th percentile (linear interpolation between closest ranks). */
  readonly p5: number;
  readonly median: number;
  /** 95th percentile (linear interpolation between closest ranks). */
  readonly p95: number;
}

/** A norm for a measure that depends on the quantity unit (`PCE`, `KG`, …): only comparable in that unit. */
export interface UnitNormStats extends NormStats {
  /** Quantity unit the statistics are expressed in, upper-cased; `''` when lines carried no unit. */
  readonly unit: string;
}

/** Value norms of one HS6 code, one HS6 + origin pair or one HS chapter. Measures without enough data are absent. */
export interface HsNorm {
  /** Customs value per unit of quantity, in the reference currency, for the most frequent quantity unit. */
  readonly unitValue?: UnitNormStats;
  /** Customs value per kg of net mass, in the reference currency. */
  readonly valuePerKg?: NormStats;
  /** Net kg per unit of quantity, for the most frequent quantity unit. */
  readonly kgPerUnit?: UnitNormStats;
}

/** What history says about one importer of record. Times are epoch milliseconds, sorted ascending. */
export interface ImporterProfile {
  /** Lodging times of every historical declaration of this importer. */
  readonly declarationTimes: readonly number[];
  /** HS chapter (2 digits) → first time the importer declared goods of that chapter. */
  readonly chapters: ReadonlyMap<string, number>;
  /** Lodging times of declarations whose outcome (finding or not) was known. */
  readonly outcomeTimes: readonly number[];
  /** Lodging times of declarations whose inspection produced a positive finding. */
  readonly findingTimes: readonly number[];
}

/** What history says about one consignee: used for low-value splitting (many small shipments). */
export interface ConsigneeProfile {
  /** Lodging times of every historical declaration to this consignee, epoch ms, sorted ascending. */
  readonly declarationTimes: readonly number[];
}

/**
 * Reference data built from past declarations by `buildReferenceData`: value norms per HS6, per HS6 + origin
 * and per HS chapter, and importer and consignee profiles. Immutable; shared by rules and model.
 */
export interface ReferenceData {
  /** Currency all values are expressed in; lines declared in another currency were left out of the norms. */
  readonly currency: string;
  /** Fewest observations a norm needs to be kept. */
  readonly minCount: number;
  /** Counts of what the data was built from. */
  readonly builtFrom: ReferenceSummary;
  /** Key: 6-digit HS code. */
  readonly hs6: ReadonlyMap<string, HsNorm>;
  /** Key: `${hs6}:${origin}`, e.g. `610910:BD`. */
  readonly hs6Origin: ReadonlyMap<string, HsNorm>;
  /** Key: 2-digit HS chapter. */
  readonly chapters: ReadonlyMap<string, HsNorm>;
  /** Key: importer party id. */
  readonly importers: ReadonlyMap<string, ImporterProfile>;
  /** Key: consignee party id. */
  readonly consignees: ReadonlyMap<string, ConsigneeProfile>;
}

/** Counts of the history a `ReferenceData` was built from. */
export interface ReferenceSummary {
  readonly declarations: number;
  readonly lines: number;
  /** Declarations that came with an outcome label. */
  readonly withOutcome: number;
  /** Lines left out of the value norms because they were declared in another currency. */
  readonly otherCurrencyLines: number;
  /** Earliest and latest lodging time (ISO 8601), or null for empty history. */
  readonly from: string | null;
  readonly to: string | null;
}
