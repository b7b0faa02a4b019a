import type { Declaration } from '../../records/declarationSchema.js';
import { safeParseDeclaration } from '../../records/parseDeclaration.js';
import type { SafeParseResult } from '../../records/_lib/makeParsers.js';

/** Validates the raw object built from CSV cells. */
export type DeclarationValidator = (input: Record<string, unknown>) => SafeParseResult<Declaration>;

/** The reference validator: the record model's zod schema. */
export const zodValidator: DeclarationValidator = safeParseDeclaration;
