export { buildReferenceData } from './buildReferenceData.js';
export { serializeReferenceData } from './serializeReferenceData.js';
export { parseReferenceData, safeParseReferenceData } from './parseReferenceData.js';
export type { BuildReferenceDataOptions, HistoricalRecord } from './buildReferenceData.js';
export type { ReferenceData, ReferenceSummary, HsNorm, NormStats, UnitNormStats, ImporterProfile, ConsigneeProfile } from './ReferenceData.js';
