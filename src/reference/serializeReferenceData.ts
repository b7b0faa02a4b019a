import type { HsNorm, ReferenceData } from './ReferenceData.js';
import { REFERENCE_FILE_VERSION, REFERENCE_FORMAT, type ReferenceFile } from './_lib/referenceFileSchema.js';

const iso = (time: number) => new Date(time).toISOString();

function normsToObject(norms: ReadonlyMap<string, HsNorm>): Record<string, HsNorm> {
  const out: Record<string, HsNorm> = {};
  for (const key of [...norms.keys()].sort()) {
    const norm = norms.get(key);
    if (norm !== undefined) out[key] = norm;
  }
  return out;
}

/**
 * Renders reference data as one JSON document; `parseReferenceData` reads it back. Keys are sorted, so the
 * same data always gives the same bytes.
 * @example
 * writeFileSync('reference.json', serializeReferenceData(buildReferenceData(history)));
 */
export function serializeReferenceData(reference: ReferenceData): string {
  const file: ReferenceFile = {
    format: REFERENCE_FORMAT,
    version: REFERENCE_FILE_VERSION,
    currency: reference.currency,
    minCount: reference.minCount,
    builtFrom: { ...reference.builtFrom },
    hs6: normsToObject(reference.hs6),
    hs6Origin: normsToObject(reference.hs6Origin),
    chapters: normsToObject(reference.chapters),
    importers: [...reference.importers.keys()].sort().map((id) => {
      const profile = reference.importers.get(id);
      return {
        id,
        declarationTimes: (profile?.declarationTimes ?? []).map(iso),
        chapters: [...(profile?.chapters ?? new Map<string, number>()).entries()]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([chapter, time]): [string, string] => [chapter, iso(time)]),
        outcomeTimes: (profile?.outcomeTimes ?? []).map(iso),
        findingTimes: (profile?.findingTimes ?? []).map(iso),
      };
    }),
    consignees: [...reference.consignees.keys()].sort().map((id) => ({
      id,
      declarationTimes: (reference.consignees.get(id)?.declarationTimes ?? []).map(iso),
    })),
  };
  return `${JSON.stringify(file)}\n`;
}
