import type { DeclarationContext, IsfContext, LineContext } from '../../context/DeclarationContext.js';
import type { Party } from '../../records/declarationSchema.js';
import type { IsfParty } from '../../records/isfFilingSchema.js';
import type { Frame, Value, ValueType } from './runtime.js';

// The fields a rule can read, by dotted path. Expressions never access objects dynamically: each path is
// resolved here at load time to one getter, so a pack can reach nothing that is not listed.

/** What part of the record a field needs; the rule's scope must provide it. */
export type FieldSource = 'declaration' | 'line' | 'isf';

/** One readable field. */
export interface FieldSpec {
  readonly path: string;
  readonly type: ValueType;
  readonly source: FieldSource;
  readonly description: string;
  readonly get: (frame: Frame) => Value;
  /** Why the value is missing for this record, in plain words (only called on failure). */
  readonly whyMissing?: (frame: Frame) => string;
}

type Getter<C> = (context: C) => Value | undefined | Date;

const toValue = (value: Value | undefined | Date): Value => (value === undefined ? null : value instanceof Date ? value.getTime() : value);
const plain = (value: Value | undefined | Date): Value => (value ?? null) as Value;
const ctxOf = (frame: Frame) => frame.ctx as DeclarationContext;
const lineOf = (frame: Frame) => frame.line as LineContext;
const isfOf = (frame: Frame) => frame.isf as IsfContext;

const fields: FieldSpec[] = [];

function declaration(path: string, type: ValueType, description: string, get: Getter<DeclarationContext>, whyMissing?: (ctx: DeclarationContext) => string) {
  const spec: FieldSpec = { path, type, source: 'declaration', description, get: type === 'date' ? (frame) => toValue(get(ctxOf(frame))) : (frame) => plain(get(ctxOf(frame))) };
  fields.push(whyMissing === undefined ? spec : { ...spec, whyMissing: (frame) => whyMissing(ctxOf(frame)) });
}
function line(path: string, type: ValueType, description: string, get: Getter<LineContext>, whyMissing?: (line: LineContext, ctx: DeclarationContext) => string) {
  const spec: FieldSpec = { path, type, source: 'line', description, get: type === 'date' ? (frame) => toValue(get(lineOf(frame))) : (frame) => plain(get(lineOf(frame))) };
  fields.push(whyMissing === undefined ? spec : { ...spec, whyMissing: (frame) => whyMissing(lineOf(frame), ctxOf(frame)) });
}
function isf(path: string, type: ValueType, description: string, get: Getter<IsfContext>) {
  fields.push({ path, type, source: 'isf', description, get: type === 'date' ? (frame) => toValue(get(isfOf(frame))) : (frame) => plain(get(isfOf(frame))) });
}

// Declaration header.
declaration('declaration.id', 'string', 'declaration id', (c) => c.declaration.id);
declaration('declaration.lodgedAt', 'date', 'when the declaration was lodged', (c) => c.declaration.lodgedAt);
declaration('declaration.office', 'string', 'customs office', (c) => c.declaration.office);
declaration('declaration.transportMode', 'string', 'transport mode code', (c) => c.declaration.transportMode);
declaration('declaration.procedureCodes', 'strings', 'procedure codes', (c) => c.declaration.procedureCodes);
declaration('declaration.exportCountry', 'string', 'country of export (departure)', (c) => c.declaration.exportCountry);
declaration('declaration.portOfLoading', 'string', 'port of loading (UN/LOCODE)', (c) => c.declaration.portOfLoading);
declaration('declaration.portOfDischarge', 'string', 'port of discharge (UN/LOCODE)', (c) => c.declaration.portOfDischarge);
declaration('declaration.portOfLoadingCountry', 'string', 'country of the port of loading', (c) => c.portOfLoadingCountry);
declaration('declaration.portOfDischargeCountry', 'string', 'country of the port of discharge', (c) => c.portOfDischargeCountry);
declaration('declaration.billOfLading.master', 'string', 'master bill of lading', (c) => c.declaration.billOfLading?.master);
declaration('declaration.billOfLading.house', 'string', 'house bill of lading', (c) => c.declaration.billOfLading?.house);
declaration('declaration.packages', 'number', 'number of packages', (c) => c.declaration.packages);
declaration('declaration.incoterm', 'string', 'Incoterm', (c) => c.declaration.incoterm);
declaration('declaration.paymentTerms', 'string', 'payment terms', (c) => c.declaration.paymentTerms);
declaration('declaration.currency', 'string', 'currency of the values', (c) => c.declaration.currency);
declaration('declaration.relatedParty', 'boolean', 'buyer and seller are related', (c) => c.declaration.relatedParty);
declaration('declaration.lineCount', 'number', 'number of goods lines', (c) => c.lines.length);
declaration('declaration.totalValue', 'number', 'sum of customs values', (c) => c.totalValue);
declaration('declaration.totalNetMassKg', 'number', 'sum of net mass', (c) => c.totalNetMassKg);
declaration('declaration.totalGrossMassKg', 'number', 'sum of gross mass', (c) => c.totalGrossMassKg);
declaration('declaration.valuePerKg', 'number', 'total value per net kg', (c) => c.valuePerKg);
declaration('declaration.hsChapters', 'strings', 'HS chapters of the lines', (c) => c.hsChapters);
declaration('declaration.originCountries', 'strings', 'origin countries of the lines', (c) => c.originCountries);
declaration('declaration.isfExpected', 'boolean', 'ocean cargo into a US port (not bulk): an ISF is due', (c) => c.isfExpected);
declaration('declaration.hasIsf', 'boolean', 'an ISF was joined to the declaration', (c) => c.isf !== null);

const partyRoles = ['importer', 'consignee', 'seller', 'buyer', 'declarant'] as const;
for (const role of partyRoles) {
  const party = (c: DeclarationContext): Party | undefined => c.declaration[role];
  declaration(`declaration.${role}.id`, 'string', `${role} id`, (c) => party(c)?.id);
  declaration(`declaration.${role}.name`, 'string', `${role} name`, (c) => party(c)?.name);
  declaration(`declaration.${role}.country`, 'string', `${role} country`, (c) => party(c)?.country);
}

// History of the importer and consignee, as of the lodging time.
const noHistory = (c: DeclarationContext) => (c.reference === null ? 'no reference data was given' : 'no history for this party');
declaration('importer.priorDeclarations', 'number', 'declarations of the importer before this one', (c) => c.importer.priorDeclarations, noHistory);
declaration('importer.firstSeenAt', 'date', 'first declaration of the importer', (c) => c.importer.firstSeenAt, (c) => (c.reference === null ? noHistory(c) : 'the importer has no earlier declaration'));
declaration('importer.daysSinceFirstSeen', 'number', 'days since the importer was first seen', (c) => c.importer.daysSinceFirstSeen, (c) => (c.reference === null ? noHistory(c) : 'the importer has no earlier declaration'));
declaration('importer.findingsLast24Months', 'number', 'positive findings against the importer in the last 24 months', (c) => c.importer.findingsLast24Months, noHistory);
declaration('importer.priorFindings', 'number', 'positive findings against the importer, any age', (c) => c.importer.priorFindings, noHistory);
declaration('importer.priorWithOutcome', 'number', 'earlier declarations with a known inspection outcome', (c) => c.importer.priorWithOutcome, noHistory);
declaration('importer.priorChapters', 'number', 'HS chapters the importer declared before', (c) => c.importer.priorChapters, noHistory);
declaration('consigneeHistory.shipmentsLast30Days', 'number', 'declarations to the same consignee in the 30 days before', (c) => c.consigneeShipmentsLast30Days, noHistory);

// Goods lines: raw fields and derived values with their reference norms.
line('line.lineNumber', 'number', 'line number', (l) => l.lineNumber);
line('line.hsCode', 'string', 'HS code as declared (6–10 digits)', (l) => l.line.hsCode);
line('line.hs6', 'string', 'first 6 digits of the HS code', (l) => l.hs6);
line('line.hsHeading', 'string', 'HS heading (4 digits)', (l) => l.hsHeading);
line('line.hsChapter', 'string', 'HS chapter (2 digits)', (l) => l.hsChapter);
line('line.description', 'string', 'goods description', (l) => l.line.description);
line('line.originCountry', 'string', 'country of origin', (l) => l.line.originCountry);
line('line.quantity', 'number', 'quantity', (l) => l.line.quantity);
line('line.quantityUnit', 'string', 'quantity unit, upper-cased', (l) => l.quantityUnit);
line('line.netMassKg', 'number', 'net mass in kg', (l) => l.line.netMassKg);
line('line.grossMassKg', 'number', 'gross mass in kg', (l) => l.line.grossMassKg);
line('line.customsValue', 'number', 'customs value', (l) => l.line.customsValue);
line('line.dutyRate', 'number', 'duty rate in percent', (l) => l.line.dutyRate);
line('line.preference', 'string', 'preference code', (l) => l.line.preference);
line('line.unitValue', 'number', 'customs value per unit of quantity', (l) => l.unitValue, () => 'the line has no quantity (or it is zero)');
line('line.valuePerKg', 'number', 'customs value per net kg', (l) => l.valuePerKg, () => 'the line has no net mass (or it is zero)');
line('line.kgPerUnit', 'number', 'net kg per unit of quantity', (l) => l.kgPerUnit, () => 'the line has no quantity or no net mass');

function noNorm(measure: string) {
  return (l: LineContext, c: DeclarationContext): string => {
    if (c.reference === null) return 'no reference data was given';
    if (measure !== 'kg-per-unit' && !c.referenceCurrencyMatches) return `the reference is in ${c.reference.currency}, the declaration in ${c.declaration.currency}`;
    return `no ${measure} reference for HS ${l.hs6}${l.quantityUnit === null || measure === 'value-per-kg' ? '' : ` in ${l.quantityUnit}`}`;
  };
}
const unitNorm = noNorm('unit-value');
const kgNorm = noNorm('value-per-kg');
const kgUnitNorm = noNorm('kg-per-unit');
line('line.unitValueMedian', 'number', 'reference median unit value', (l) => l.unitValueNorm?.median, unitNorm);
line('line.unitValueP5', 'number', 'reference 5th percentile unit value', (l) => l.unitValueNorm?.p5, unitNorm);
line('line.unitValueP95', 'number', 'reference 95th percentile unit value', (l) => l.unitValueNorm?.p95, unitNorm);
line('line.unitValueBasis', 'string', 'which unit-value reference applies (HS6 + origin or HS6)', (l) => l.unitValueBasis, unitNorm);
line('line.unitValueRatio', 'number', 'unit value / reference median', (l) => l.unitValueRatio, (l, c) => (l.unitValue === null ? 'the line has no quantity (or it is zero)' : unitNorm(l, c)));
line('line.valuePerKgMedian', 'number', 'reference median value per kg', (l) => l.valuePerKgNorm?.median, kgNorm);
line('line.valuePerKgP5', 'number', 'reference 5th percentile value per kg', (l) => l.valuePerKgNorm?.p5, kgNorm);
line('line.valuePerKgP95', 'number', 'reference 95th percentile value per kg', (l) => l.valuePerKgNorm?.p95, kgNorm);
line('line.valuePerKgBasis', 'string', 'which value-per-kg reference applies', (l) => l.valuePerKgBasis, kgNorm);
line('line.valuePerKgRatio', 'number', 'value per kg / reference median', (l) => l.valuePerKgRatio, (l, c) => (l.valuePerKg === null ? 'the line has no net mass (or it is zero)' : kgNorm(l, c)));
line('line.chapterValuePerKgP5', 'number', "5th percentile value per kg of the HS chapter", (l) => l.chapterValuePerKgNorm?.p5, (l, c) => kgNorm(l, c).replace(`HS ${l.hs6}`, `HS chapter ${l.hsChapter}`));
line('line.chapterValuePerKgP95', 'number', "95th percentile value per kg of the HS chapter", (l) => l.chapterValuePerKgNorm?.p95, (l, c) => kgNorm(l, c).replace(`HS ${l.hs6}`, `HS chapter ${l.hsChapter}`));
line('line.kgPerUnitMedian', 'number', 'reference median kg per unit', (l) => l.kgPerUnitNorm?.median, kgUnitNorm);
line('line.kgPerUnitP5', 'number', 'reference 5th percentile kg per unit', (l) => l.kgPerUnitNorm?.p5, kgUnitNorm);
line('line.kgPerUnitP95', 'number', 'reference 95th percentile kg per unit', (l) => l.kgPerUnitNorm?.p95, kgUnitNorm);
line('line.importerChapterSeenBefore', 'boolean', 'the importer declared this HS chapter before', (l) => l.importerChapterSeenBefore, (_l, c) => noHistory(c));
const noIsfLine = () => 'no ISF line describes these goods (or no ISF was joined)';
line('line.isfHs6', 'string', 'HS6 of the matching ISF line', (l) => l.isfLine?.hs6, noIsfLine);
line('line.isfOriginCountry', 'string', 'origin on the matching ISF line', (l) => l.isfLine?.originCountry, noIsfLine);
line('line.isfManufacturerCountry', 'string', 'manufacturer country on the matching ISF line', (l) => l.isfLine?.manufacturerCountry, noIsfLine);
line('line.isfManufacturerName', 'string', 'manufacturer on the matching ISF line', (l) => l.isfLine?.manufacturerName, noIsfLine);

// ISF filing.
isf('isf.id', 'string', 'ISF transaction id', (i) => i.filing.id);
isf('isf.type', 'string', '"ISF-10" or "ISF-5"', (i) => i.filing.type);
isf('isf.filedAt', 'date', 'when the ISF was filed', (i) => i.filing.filedAt);
isf('isf.estimatedLadingAt', 'date', 'estimated lading at the foreign port', (i) => i.filing.estimatedLadingAt);
isf('isf.estimatedArrivalAt', 'date', 'estimated arrival at the first US port', (i) => i.filing.estimatedArrivalAt);
isf('isf.cargoType', 'string', 'containerized, break_bulk or bulk', (i) => i.filing.cargoType);
isf('isf.flexibleFiling', 'string', 'flexible filing status (CT, FR, FT, FX)', (i) => (i.filing.type === 'ISF-10' ? i.filing.flexibleFiling : undefined));
isf('isf.hoursBeforeLading', 'number', 'hours from filing to estimated lading', (i) => i.hoursBeforeLading);
isf('isf.hoursBeforeArrival', 'number', 'hours from filing to estimated arrival', (i) => i.hoursBeforeArrival);
isf('isf.flexible', 'boolean', 'filed under flexible timing', (i) => i.flexible);
isf('isf.flexibleCompleted', 'boolean', 'flexible filing completed (CT)', (i) => i.flexibleCompleted);
isf('isf.flexibleCompletedHoursBeforeArrival', 'number', 'hours from completion of a flexible filing to arrival', (i) => i.flexibleCompletedHoursBeforeArrival);
isf('isf.amendmentCount', 'number', 'number of amendments', (i) => i.amendmentCount);
isf('isf.amendmentsAfterLading', 'number', 'amendments after estimated lading', (i) => i.amendmentsAfterLading);
isf('isf.criticalChangesAfterLading', 'number', 'amendments after lading changing HTS, origin, manufacturer or seller', (i) => i.criticalChangesAfterLading);
isf('isf.hs6Codes', 'strings', 'HS6 codes of the ISF lines', (i) => i.hs6Codes);
isf('isf.originCountries', 'strings', 'origin countries of the ISF lines', (i) => i.originCountries);
isf('isf.manufacturerCountries', 'strings', 'manufacturer countries of the ISF lines', (i) => i.manufacturerCountries);
isf('isf.lineCount', 'number', 'number of ISF lines', (i) => i.filing.lines.length);
isf('isf.matchesBill', 'boolean', "the ISF names the declaration's bill of lading", (i) => i.matchesBill);
isf('isf.shipToMatchesConsignee', 'boolean', "ship-to party is the declaration's consignee", (i) => i.shipToMatchesConsignee);
isf('isf.shipToMatchesBuyer', 'boolean', 'ship-to party is the ISF buyer', (i) => i.shipToMatchesBuyer);
isf('isf.importerOfRecordNumber', 'string', 'importer of record number', (i) => (i.filing.type === 'ISF-10' ? i.filing.importerOfRecordNumber : undefined));
isf('isf.foreignPortOfUnlading', 'string', 'foreign port of unlading (ISF-5)', (i) => (i.filing.type === 'ISF-5' ? i.filing.foreignPortOfUnlading : undefined));
const isfRoles = ['seller', 'buyer', 'shipTo', 'stuffingLocation', 'consolidator', 'bookingParty'] as const;
for (const role of isfRoles) {
  const party = (i: IsfContext): IsfParty | undefined => (role in i.filing ? (i.filing as unknown as Record<string, IsfParty | undefined>)[role] : undefined);
  isf(`isf.${role}.name`, 'string', `ISF ${role} name`, (i) => party(i)?.name);
  isf(`isf.${role}.country`, 'string', `ISF ${role} country`, (i) => party(i)?.country);
}

/** Every field a rule can read, by path. */
export const FIELDS: ReadonlyMap<string, FieldSpec> = new Map(fields.map((spec) => [spec.path, spec]));
