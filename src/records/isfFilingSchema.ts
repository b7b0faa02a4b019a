import { z } from 'zod';
import { billOfLadingSchema } from './declarationSchema.js';
import { country, hsCode, identifier, positiveInteger, text, timestamp } from './_lib/fields.js';

/** The elements an ISF amendment can change (the importer's ten, and ISF-5's own). */
export const ISF_ELEMENTS = [
  'manufacturer',
  'seller',
  'buyer',
  'ship_to',
  'stuffing_location',
  'consolidator',
  'importer_of_record',
  'consignee',
  'origin',
  'hts',
  'booking_party',
  'foreign_port_of_unlading',
  'place_of_delivery',
] as const;

/** A party named on an ISF: name, address and country are all required by 19 CFR 149. */
export const isfPartySchema = z.strictObject({
  id: identifier().optional(),
  name: text(256),
  address: text(512),
  country: country(),
});

const amendmentSchema = z.strictObject({
  at: timestamp(),
  elements: z.array(z.enum(ISF_ELEMENTS, { error: `expected one of ${ISF_ELEMENTS.join(', ')}` })).min(1).max(ISF_ELEMENTS.length),
});

const common = {
  id: identifier(),
  filedAt: timestamp(),
  estimatedLadingAt: timestamp().optional(),
  estimatedArrivalAt: timestamp().optional(),
  cargoType: z.enum(['containerized', 'break_bulk', 'bulk'], { error: 'expected containerized, break_bulk or bulk' }).default('containerized'),
  billsOfLading: z.array(billOfLadingSchema).min(1).max(100),
  amendments: z.array(amendmentSchema).max(200).default([]),
};

/** One commodity line of an ISF-10: elements 1 (manufacturer), 9 (origin) and 10 (HTS, at least 6 digits). */
export const isfLineSchema = z.strictObject({
  lineNumber: positiveInteger(),
  manufacturer: isfPartySchema,
  originCountry: country(),
  htsCode: hsCode(),
});

/** ISF-10: the importer's ten elements. Stuffing location and consolidator may follow under flexible filing. */
export const isf10Schema = z.strictObject({
  type: z.literal('ISF-10'),
  ...common,
  flexibleFiling: z.enum(['CT', 'FR', 'FT', 'FX'], { error: 'expected a flexible-filing status CT, FR, FT or FX' }).optional(),
  seller: isfPartySchema,
  buyer: isfPartySchema,
  shipTo: isfPartySchema,
  stuffingLocation: isfPartySchema.optional(),
  consolidator: isfPartySchema.optional(),
  importerOfRecordNumber: identifier(),
  consigneeNumbers: z.array(identifier()).min(1).max(50),
  lines: z.array(isfLineSchema).min(1).max(999),
});

/** ISF-5 (FROB, IE, T&E cargo): booking party, foreign port of unlading, place of delivery, ship-to, HTS-6. */
export const isf5Schema = z.strictObject({
  type: z.literal('ISF-5'),
  ...common,
  bookingParty: isfPartySchema,
  foreignPortOfUnlading: text(16),
  placeOfDelivery: text(64),
  shipTo: isfPartySchema,
  lines: z.array(z.strictObject({ lineNumber: positiveInteger(), htsCode: hsCode() })).min(1).max(999),
});

/** An ISF filing as accepted by `parseIsfFiling`. */
export const isfFilingSchema = z.discriminatedUnion('type', [isf10Schema, isf5Schema], {
  error: 'expected type "ISF-10" or "ISF-5"',
});

/** A validated ISF filing (either kind). */
export type IsfFiling = z.output<typeof isfFilingSchema>;
/** A validated ISF-10 filing. */
export type Isf10Filing = z.output<typeof isf10Schema>;
/** A validated ISF-5 filing. */
export type Isf5Filing = z.output<typeof isf5Schema>;
/** A party named on an ISF. */
export type IsfParty = z.output<typeof isfPartySchema>;
/** One element an amendment can change. */
export type IsfElement = (typeof ISF_ELEMENTS)[number];
/** What `parseIsfFiling` accepts before validation. */
export type IsfFilingInput = z.input<typeof isfFilingSchema>;
