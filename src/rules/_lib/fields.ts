import type { DeclarationContext, IsfContext, LineContext } from '../../context/DeclarationContext.js';
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

/** A field getter: one closure per field, reading the context straight from the frame. */
type Get = (frame: Frame) => Value;
type D = DeclarationContext;
type L = LineContext;
type I = IsfContext;

// Each getter is its own small function literal: a shared wrapper calling a per-field inner getter would
// cost a second call per read, made from one call site for every field (which the engine cannot inline).
const time = (value: Date | null | undefined): Value => (value === undefined || value === null ? null : value.getTime());
const ctxOf = (frame: Frame) => frame.ctx as D;
const lineOf = (frame: Frame) => frame.line as L;

const fields: FieldSpec[] = [];

function declaration(path: string, type: ValueType, description: string, get: Get, whyMissing?: (ctx: D) => string) {
  const spec: FieldSpec = { path, type, source: 'declaration', description, get };
  fields.push(whyMissing === undefined ? spec : { ...spec, whyMissing: (frame) => whyMissing(ctxOf(frame)) });
}
function line(path: string, type: ValueType, description: string, get: Get, whyMissing?: (line: L, ctx: D) => string) {
  const spec: FieldSpec = { path, type, source: 'line', description, get };
  fields.push(whyMissing === undefined ? spec : { ...spec, whyMissing: (frame) => whyMissing(lineOf(frame), ctxOf(frame)) });
}
function isf(path: string, type: ValueType, description: string, get: Get) {
  fields.push({ path, type, source: 'isf', description, get });
}

// Declaration header.
declaration('declaration.id', 'string', 'declaration id', (f) => (f.ctx as D).declaration.id ?? null);
declaration('declaration.lodgedAt', 'date', 'when the declaration was lodged', (f) => time((f.ctx as D).declaration.lodgedAt));
declaration('declaration.office', 'string', 'customs office', (f) => (f.ctx as D).declaration.office ?? null);
declaration('declaration.transportMode', 'string', 'transport mode code', (f) => (f.ctx as D).declaration.transportMode ?? null);
declaration('declaration.procedureCodes', 'strings', 'procedure codes', (f) => (f.ctx as D).declaration.procedureCodes ?? null);
declaration('declaration.exportCountry', 'string', 'country of export (departure)', (f) => (f.ctx as D).declaration.exportCountry ?? null);
declaration('declaration.portOfLoading', 'string', 'port of loading (UN/LOCODE)', (f) => (f.ctx as D).declaration.portOfLoading ?? null);
declaration('declaration.portOfDischarge', 'string', 'port of discharge (UN/LOCODE)', (f) => (f.ctx as D).declaration.portOfDischarge ?? null);
declaration('declaration.portOfLoadingCountry', 'string', 'country of the port of loading', (f) => (f.ctx as D).portOfLoadingCountry ?? null);
declaration('declaration.portOfDischargeCountry', 'string', 'country of the port of discharge', (f) => (f.ctx as D).portOfDischargeCountry ?? null);
declaration('declaration.billOfLading.master', 'string', 'master bill of lading', (f) => (f.ctx as D).declaration.billOfLading?.master ?? null);
declaration('declaration.billOfLading.house', 'string', 'house bill of lading', (f) => (f.ctx as D).declaration.billOfLading?.house ?? null);
declaration('declaration.packages', 'number', 'number of packages', (f) => (f.ctx as D).declaration.packages ?? null);
declaration('declaration.incoterm', 'string', 'Incoterm', (f) => (f.ctx as D).declaration.incoterm ?? null);
declaration('declaration.paymentTerms', 'string', 'payment terms', (f) => (f.ctx as D).declaration.paymentTerms ?? null);
declaration('declaration.currency', 'string', 'currency of the values', (f) => (f.ctx as D).declaration.currency ?? null);
declaration('declaration.relatedParty', 'boolean', 'buyer and seller are related', (f) => (f.ctx as D).declaration.relatedParty ?? null);
declaration('declaration.lineCount', 'number', 'number of goods lines', (f) => (f.ctx as D).lines.length ?? null);
declaration('declaration.totalValue', 'number', 'sum of customs values', (f) => (f.ctx as D).totalValue ?? null);
declaration('declaration.totalNetMassKg', 'number', 'sum of net mass', (f) => (f.ctx as D).totalNetMassKg ?? null);
declaration('declaration.totalGrossMassKg', 'number', 'sum of gross mass', (f) => (f.ctx as D).totalGrossMassKg ?? null);
declaration('declaration.valuePerKg', 'number', 'total value per net kg', (f) => (f.ctx as D).valuePerKg ?? null);
declaration('declaration.hsChapters', 'strings', 'HS chapters of the lines', (f) => (f.ctx as D).hsChapters ?? null);
declaration('declaration.originCountries', 'strings', 'origin countries of the lines', (f) => (f.ctx as D).originCountries ?? null);
declaration('declaration.isfExpected', 'boolean', 'ocean cargo into a US port (not bulk): an ISF is due', (f) => (f.ctx as D).isfExpected ?? null);
declaration('declaration.hasIsf', 'boolean', 'an ISF was joined to the declaration', (f) => (f.ctx as D).isf !== null);

// Parties, one literal getter per role and field (a role read by a variable key would be a generic lookup).
declaration('declaration.importer.id', 'string', 'importer id', (f) => (f.ctx as D).declaration.importer.id ?? null);
declaration('declaration.importer.name', 'string', 'importer name', (f) => (f.ctx as D).declaration.importer.name ?? null);
declaration('declaration.importer.country', 'string', 'importer country', (f) => (f.ctx as D).declaration.importer.country ?? null);
declaration('declaration.consignee.id', 'string', 'consignee id', (f) => (f.ctx as D).declaration.consignee?.id ?? null);
declaration('declaration.consignee.name', 'string', 'consignee name', (f) => (f.ctx as D).declaration.consignee?.name ?? null);
declaration('declaration.consignee.country', 'string', 'consignee country', (f) => (f.ctx as D).declaration.consignee?.country ?? null);
declaration('declaration.seller.id', 'string', 'seller id', (f) => (f.ctx as D).declaration.seller?.id ?? null);
declaration('declaration.seller.name', 'string', 'seller name', (f) => (f.ctx as D).declaration.seller?.name ?? null);
declaration('declaration.seller.country', 'string', 'seller country', (f) => (f.ctx as D).declaration.seller?.country ?? null);
declaration('declaration.buyer.id', 'string', 'buyer id', (f) => (f.ctx as D).declaration.buyer?.id ?? null);
declaration('declaration.buyer.name', 'string', 'buyer name', (f) => (f.ctx as D).declaration.buyer?.name ?? null);
declaration('declaration.buyer.country', 'string', 'buyer country', (f) => (f.ctx as D).declaration.buyer?.country ?? null);
declaration('declaration.declarant.id', 'string', 'declarant id', (f) => (f.ctx as D).declaration.declarant?.id ?? null);
declaration('declaration.declarant.name', 'string', 'declarant name', (f) => (f.ctx as D).declaration.declarant?.name ?? null);
declaration('declaration.declarant.country', 'string', 'declarant country', (f) => (f.ctx as D).declaration.declarant?.country ?? null);

// History of the importer and consignee, as of the lodging time.
const noHistory = (c: DeclarationContext) => (c.reference === null ? 'no reference data was given' : 'no history for this party');
declaration('importer.priorDeclarations', 'number', 'declarations of the importer before this one', (f) => (f.ctx as D).importer.priorDeclarations ?? null, noHistory);
declaration('importer.firstSeenAt', 'date', 'first declaration of the importer', (f) => time((f.ctx as D).importer.firstSeenAt), (c) => (c.reference === null ? noHistory(c) : 'the importer has no earlier declaration'));
declaration('importer.daysSinceFirstSeen', 'number', 'days since the importer was first seen', (f) => (f.ctx as D).importer.daysSinceFirstSeen ?? null, (c) => (c.reference === null ? noHistory(c) : 'the importer has no earlier declaration'));
declaration('importer.findingsLast24Months', 'number', 'positive findings against the importer in the last 24 months', (f) => (f.ctx as D).importer.findingsLast24Months ?? null, noHistory);
declaration('importer.priorFindings', 'number', 'positive findings against the importer, any age', (f) => (f.ctx as D).importer.priorFindings ?? null, noHistory);
declaration('importer.priorWithOutcome', 'number', 'earlier declarations with a known inspection outcome', (f) => (f.ctx as D).importer.priorWithOutcome ?? null, noHistory);
declaration('importer.priorChapters', 'number', 'HS chapters the importer declared before', (f) => (f.ctx as D).importer.priorChapters ?? null, noHistory);
declaration('consigneeHistory.shipmentsLast30Days', 'number', 'declarations to the same consignee in the 30 days before', (f) => (f.ctx as D).consigneeShipmentsLast30Days ?? null, noHistory);

// Goods lines: raw fields and derived values with their reference norms.
line('line.lineNumber', 'number', 'line number', (f) => (f.line as L).lineNumber ?? null);
line('line.hsCode', 'string', 'HS code as declared (6–10 digits)', (f) => (f.line as L).line.hsCode ?? null);
line('line.hs6', 'string', 'first 6 digits of the HS code', (f) => (f.line as L).hs6 ?? null);
line('line.hsHeading', 'string', 'HS heading (4 digits)', (f) => (f.line as L).hsHeading ?? null);
line('line.hsChapter', 'string', 'HS chapter (2 digits)', (f) => (f.line as L).hsChapter ?? null);
line('line.description', 'string', 'goods description', (f) => (f.line as L).line.description ?? null);
line('line.originCountry', 'string', 'country of origin', (f) => (f.line as L).line.originCountry ?? null);
line('line.quantity', 'number', 'quantity', (f) => (f.line as L).line.quantity ?? null);
line('line.quantityUnit', 'string', 'quantity unit, upper-cased', (f) => (f.line as L).quantityUnit ?? null);
line('line.netMassKg', 'number', 'net mass in kg', (f) => (f.line as L).line.netMassKg ?? null);
line('line.grossMassKg', 'number', 'gross mass in kg', (f) => (f.line as L).line.grossMassKg ?? null);
line('line.customsValue', 'number', 'customs value', (f) => (f.line as L).line.customsValue ?? null);
line('line.dutyRate', 'number', 'duty rate in percent', (f) => (f.line as L).line.dutyRate ?? null);
line('line.preference', 'string', 'preference code', (f) => (f.line as L).line.preference ?? null);
line('line.unitValue', 'number', 'customs value per unit of quantity', (f) => (f.line as L).unitValue ?? null, () => 'the line has no quantity (or it is zero)');
line('line.valuePerKg', 'number', 'customs value per net kg', (f) => (f.line as L).valuePerKg ?? null, () => 'the line has no net mass (or it is zero)');
line('line.kgPerUnit', 'number', 'net kg per unit of quantity', (f) => (f.line as L).kgPerUnit ?? null, () => 'the line has no quantity or no net mass');

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
line('line.unitValueMedian', 'number', 'reference median unit value', (f) => (f.line as L).unitValueNorm?.median ?? null, unitNorm);
line('line.unitValueP5', 'number', 'reference 5th percentile unit value', (f) => (f.line as L).unitValueNorm?.p5 ?? null, unitNorm);
line('line.unitValueP95', 'number', 'reference 95th percentile unit value', (f) => (f.line as L).unitValueNorm?.p95 ?? null, unitNorm);
line('line.unitValueBasis', 'string', 'which unit-value reference applies (HS6 + origin or HS6)', (f) => (f.line as L).unitValueBasis ?? null, unitNorm);
line('line.unitValueRatio', 'number', 'unit value / reference median', (f) => (f.line as L).unitValueRatio ?? null, (l, c) => (l.unitValue === null ? 'the line has no quantity (or it is zero)' : unitNorm(l, c)));
line('line.valuePerKgMedian', 'number', 'reference median value per kg', (f) => (f.line as L).valuePerKgNorm?.median ?? null, kgNorm);
line('line.valuePerKgP5', 'number', 'reference 5th percentile value per kg', (f) => (f.line as L).valuePerKgNorm?.p5 ?? null, kgNorm);
line('line.valuePerKgP95', 'number', 'reference 95th percentile value per kg', (f) => (f.line as L).valuePerKgNorm?.p95 ?? null, kgNorm);
line('line.valuePerKgBasis', 'string', 'which value-per-kg reference applies', (f) => (f.line as L).valuePerKgBasis ?? null, kgNorm);
line('line.valuePerKgRatio', 'number', 'value per kg / reference median', (f) => (f.line as L).valuePerKgRatio ?? null, (l, c) => (l.valuePerKg === null ? 'the line has no net mass (or it is zero)' : kgNorm(l, c)));
line('line.chapterValuePerKgP5', 'number', "5th percentile value per kg of the HS chapter", (f) => (f.line as L).chapterValuePerKgNorm?.p5 ?? null, (l, c) => kgNorm(l, c).replace(`HS ${l.hs6}`, `HS chapter ${l.hsChapter}`));
line('line.chapterValuePerKgP95', 'number', "95th percentile value per kg of the HS chapter", (f) => (f.line as L).chapterValuePerKgNorm?.p95 ?? null, (l, c) => kgNorm(l, c).replace(`HS ${l.hs6}`, `HS chapter ${l.hsChapter}`));
line('line.kgPerUnitMedian', 'number', 'reference median kg per unit', (f) => (f.line as L).kgPerUnitNorm?.median ?? null, kgUnitNorm);
line('line.kgPerUnitP5', 'number', 'reference 5th percentile kg per unit', (f) => (f.line as L).kgPerUnitNorm?.p5 ?? null, kgUnitNorm);
line('line.kgPerUnitP95', 'number', 'reference 95th percentile kg per unit', (f) => (f.line as L).kgPerUnitNorm?.p95 ?? null, kgUnitNorm);
line('line.importerChapterSeenBefore', 'boolean', 'the importer declared this HS chapter before', (f) => (f.line as L).importerChapterSeenBefore ?? null, (_l, c) => noHistory(c));
const noIsfLine = () => 'no ISF line describes these goods (or no ISF was joined)';
line('line.isfHs6', 'string', 'HS6 of the matching ISF line', (f) => (f.line as L).isfLine?.hs6 ?? null, noIsfLine);
line('line.isfOriginCountry', 'string', 'origin on the matching ISF line', (f) => (f.line as L).isfLine?.originCountry ?? null, noIsfLine);
line('line.isfManufacturerCountry', 'string', 'manufacturer country on the matching ISF line', (f) => (f.line as L).isfLine?.manufacturerCountry ?? null, noIsfLine);
line('line.isfManufacturerName', 'string', 'manufacturer on the matching ISF line', (f) => (f.line as L).isfLine?.manufacturerName ?? null, noIsfLine);

// ISF filing.
isf('isf.id', 'string', 'ISF transaction id', (f) => (f.isf as I).filing.id ?? null);
isf('isf.type', 'string', '"ISF-10" or "ISF-5"', (f) => (f.isf as I).filing.type ?? null);
isf('isf.filedAt', 'date', 'when the ISF was filed', (f) => time((f.isf as I).filing.filedAt));
isf('isf.estimatedLadingAt', 'date', 'estimated lading at the foreign port', (f) => time((f.isf as I).filing.estimatedLadingAt));
isf('isf.estimatedArrivalAt', 'date', 'estimated arrival at the first US port', (f) => time((f.isf as I).filing.estimatedArrivalAt));
isf('isf.cargoType', 'string', 'containerized, break_bulk or bulk', (f) => (f.isf as I).filing.cargoType ?? null);
isf('isf.flexibleFiling', 'string', 'flexible filing status (CT, FR, FT, FX)', (f) => {
  const filing = (f.isf as I).filing;
  return filing.type === 'ISF-10' ? (filing.flexibleFiling ?? null) : null;
});
isf('isf.hoursBeforeLading', 'number', 'hours from filing to estimated lading', (f) => (f.isf as I).hoursBeforeLading ?? null);
isf('isf.hoursBeforeArrival', 'number', 'hours from filing to estimated arrival', (f) => (f.isf as I).hoursBeforeArrival ?? null);
isf('isf.flexible', 'boolean', 'filed under flexible timing', (f) => (f.isf as I).flexible ?? null);
isf('isf.flexibleCompleted', 'boolean', 'flexible filing completed (CT)', (f) => (f.isf as I).flexibleCompleted ?? null);
isf('isf.flexibleCompletedHoursBeforeArrival', 'number', 'hours from completion of a flexible filing to arrival', (f) => (f.isf as I).flexibleCompletedHoursBeforeArrival ?? null);
isf('isf.amendmentCount', 'number', 'number of amendments', (f) => (f.isf as I).amendmentCount ?? null);
isf('isf.amendmentsAfterLading', 'number', 'amendments after estimated lading', (f) => (f.isf as I).amendmentsAfterLading ?? null);
isf('isf.criticalChangesAfterLading', 'number', 'amendments after lading changing HTS, origin, manufacturer or seller', (f) => (f.isf as I).criticalChangesAfterLading ?? null);
isf('isf.hs6Codes', 'strings', 'HS6 codes of the ISF lines', (f) => (f.isf as I).hs6Codes ?? null);
isf('isf.originCountries', 'strings', 'origin countries of the ISF lines', (f) => (f.isf as I).originCountries ?? null);
isf('isf.manufacturerCountries', 'strings', 'manufacturer countries of the ISF lines', (f) => (f.isf as I).manufacturerCountries ?? null);
isf('isf.lineCount', 'number', 'number of ISF lines', (f) => (f.isf as I).filing.lines.length ?? null);
isf('isf.matchesBill', 'boolean', "the ISF names the declaration's bill of lading", (f) => (f.isf as I).matchesBill ?? null);
isf('isf.shipToMatchesConsignee', 'boolean', "ship-to party is the declaration's consignee", (f) => (f.isf as I).shipToMatchesConsignee ?? null);
isf('isf.shipToMatchesBuyer', 'boolean', 'ship-to party is the ISF buyer', (f) => (f.isf as I).shipToMatchesBuyer ?? null);
isf('isf.importerOfRecordNumber', 'string', 'importer of record number', (f) => {
  const filing = (f.isf as I).filing;
  return filing.type === 'ISF-10' ? (filing.importerOfRecordNumber ?? null) : null;
});
isf('isf.foreignPortOfUnlading', 'string', 'foreign port of unlading (ISF-5)', (f) => {
  const filing = (f.isf as I).filing;
  return filing.type === 'ISF-5' ? (filing.foreignPortOfUnlading ?? null) : null;
});
const isfRoles = ['seller', 'buyer', 'shipTo', 'stuffingLocation', 'consolidator', 'bookingParty'] as const;
for (const role of isfRoles) {
  const party = (f: Frame): IsfParty | undefined => {
    const filing = (f.isf as I).filing;
    return role in filing ? (filing as unknown as Record<string, IsfParty | undefined>)[role] : undefined;
  };
  isf(`isf.${role}.name`, 'string', `ISF ${role} name`, (f) => party(f)?.name ?? null);
  isf(`isf.${role}.country`, 'string', `ISF ${role} country`, (f) => party(f)?.country ?? null);
}

/** Every field a rule can read, by path. */
export const FIELDS: ReadonlyMap<string, FieldSpec> = new Map(fields.map((spec) => [spec.path, spec]));
