import type { HsNorm, NormStats, ReferenceData, UnitNormStats } from '../../reference/ReferenceData.js';

function sameStats(a: NormStats | undefined, b: NormStats | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.count === b.count && a.p5 === b.p5 && a.median === b.median && a.p95 === b.p95;
}

function sameUnitStats(a: UnitNormStats | undefined, b: UnitNormStats | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.unit === b.unit && sameStats(a, b);
}

function sameNormMaps(a: ReadonlyMap<string, HsNorm>, b: ReadonlyMap<string, HsNorm>): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const [key, norm] of a) {
    const other = b.get(key);
    if (other === undefined) return false;
    if (!sameUnitStats(norm.unitValue, other.unitValue) || !sameStats(norm.valuePerKg, other.valuePerKg) || !sameUnitStats(norm.kgPerUnit, other.kgPerUnit)) return false;
  }
  return true;
}

/**
 * True when two reference data sets hold the same value norms (currency, minimum count, HS6, HS6 + origin
 * and chapter norms); party profiles are not compared.
 */
export function sameValueNorms(a: ReferenceData, b: ReferenceData): boolean {
  if (a === b) return true;
  return (
    a.currency === b.currency &&
    a.minCount === b.minCount &&
    sameNormMaps(a.hs6, b.hs6) &&
    sameNormMaps(a.hs6Origin, b.hs6Origin) &&
    sameNormMaps(a.chapters, b.chapters)
  );
}
