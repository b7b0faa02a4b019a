import { z } from 'zod';
import type { Issue } from './Issue.js';
import { country, currency, flag, hsCode, identifier, nonNegative, positiveInteger, text, timestamp } from './_lib/fields.js';

/** Most goods lines one declaration may carry (WCO data model: 999). */
export const MAX_LINES = 999;

const INCOTERMS = ['EXW', 'FCA', 'FAS', 'FOB', 'CFR', 'CIF', 'CPT', 'CIP', 'DAP', 'DPU', 'DDP', 'DAT'] as const;

/** Free-form extra columns (layout-specific codes) kept with a record so that rules can read them. */
const attributes = () => z.record(z.string().max(64), z.string().max(1024)).optional();

/** A party on a declaration, identified by the id the administration knows it by. */
export const partySchema = z.strictObject({
  id: identifier(),
  name: text(256).optional(),
  address: text(512).optional(),
  country: country().optional(),
});

/** A bill of lading reference: master, house, or both. */
export const billOfLadingSchema = z
  .strictObject({ master: identifier().optional(), house: identifier().optional() })
  .refine((bill) => bill.master !== undefined || bill.house !== undefined, {
    message: 'expected a master or a house bill number',
    params: { code: 'missing_bill_of_lading' },
  });

/** One goods line (item) of a declaration. */
export const declarationLineSchema = z.strictObject({
  lineNumber: positiveInteger(),
  hsCode: hsCode(),
  description: text(1024).optional(),
  originCountry: country(),
  quantity: nonNegative().optional(),
  quantityUnit: text(16).optional(),
  netMassKg: nonNegative().optional(),
  grossMassKg: nonNegative().optional(),
  customsValue: nonNegative(),
  dutyRate: nonNegative().optional(),
  preference: text(32).optional(),
  attributes: attributes(),
});

/** An import declaration (entry) as accepted by `parseDeclaration`. */
export const declarationSchema = z.strictObject({
    id: identifier(),
    lodgedAt: timestamp(),
    office: identifier(),
    procedureCodes: z.array(text(16)).max(8).optional(),
    transportMode: text(16).optional(),
    declarant: partySchema.optional(),
    importer: partySchema,
    consignee: partySchema.optional(),
    seller: partySchema.optional(),
    buyer: partySchema.optional(),
    exportCountry: country().optional(),
    portOfLoading: text(16).optional(),
    portOfDischarge: text(16).optional(),
    billOfLading: billOfLadingSchema.optional(),
    packages: nonNegative().optional(),
    incoterm: z
      .string()
      .transform((value) => value.trim().toUpperCase())
      .pipe(z.enum(INCOTERMS, { error: `expected an Incoterm (${INCOTERMS.join(', ')})` }))
      .optional(),
    paymentTerms: text(32).optional(),
    currency: currency(),
    relatedParty: flag().optional(),
    lines: z.array(declarationLineSchema).min(1).max(MAX_LINES),
    attributes: attributes(),
  });

/** A validated, normalised import declaration. */
export type Declaration = z.output<typeof declarationSchema>;
/** One goods line of a validated declaration. */
export type DeclarationLine = z.output<typeof declarationLineSchema>;
/** A party on a declaration. */
export type Party = z.output<typeof partySchema>;
/** A bill of lading reference. */
export type BillOfLading = z.output<typeof billOfLadingSchema>;
/** What `parseDeclaration` accepts before validation. */
export type DeclarationInput = z.input<typeof declarationSchema>;

/**
 * Checks that the raw input does not repeat a line number. Runs on the raw input so that it is reported
 * together with the other issues even when some lines fail validation.
 */
export function checkLineNumbers(input: unknown): Issue[] {
  const lines = (input as { lines?: unknown }).lines;
  if (!Array.isArray(lines)) return [];
  const issues: Issue[] = [];
  const seen = new Set<number>();
  lines.forEach((line: unknown, index) => {
    const raw = typeof line === 'object' && line !== null ? (line as { lineNumber?: unknown }).lineNumber : undefined;
    const number = typeof raw === 'number' || typeof raw === 'string' ? Number(raw) : Number.NaN;
    if (!Number.isInteger(number)) return;
    if (seen.has(number)) {
      issues.push({
        code: 'duplicate_line_number',
        path: ['lines', index, 'lineNumber'],
        message: `lines[${index}].lineNumber: expected each line number once, line ${number} repeats`,
        received: raw,
      });
    }
    seen.add(number);
  });
  return issues;
}
