import type { HsNorm, ReferenceData } from '../../reference/ReferenceData.js';

function sameNormMaps(a: ReadonlyMap<string, HsNorm>, b: ReadonlyMap<string, HsNorm>): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const [key, norm] of a) {
    const other = b.get(key);
    // Norms are small plain records built in a fixed key order: their JSON is a faithful comparison.
    if (other === undefined || JSON.stringify(norm) !== JSON.stringify(other)) return false;
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
