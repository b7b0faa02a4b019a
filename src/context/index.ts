export { deriveContext } from './deriveContext.js';
export { deriveIsfContext } from './deriveIsfContext.js';
export { normalizePartyName } from './_lib/sameParty.js';
export type { DeriveContextOptions } from './deriveContext.js';
export type { DeclarationContext, LineContext, ImporterContext, IsfContext, IsfLineView } from './DeclarationContext.js';
