import type { Lane } from '../../types/Lane.js';
import type { ReportBill, ReportContribution, ReportDeclaration, ReportEntry, ReportIsf, ReportParty } from '../types.js';
import { compareText } from './summarizeBatch.js';
import { formatNumber, formatPoints, formatProbability, formatTimestamp } from './format.js';

/** A label and its value, both display text. */
export type Fact = readonly [label: string, value: string];

/**
 * One bar of the contribution waterfall and one row of the reasons table: source, id, label, points, points
 * as text, where it comes from ("rule X, line 2"), and what was seen, in words and numbers.
 */
export type Bar = readonly [source: string, id: string, label: string, points: number, shown: string, origin: string, seen: string];

/**
 * What the page embeds per worklist record. Everything is display text prepared here, in typed and tested
 * code, so that the inline script only places strings with `textContent`. Keys are short because a
 * 10,000-record page carries 10,000 of these.
 */
export interface CaseData {
  readonly id: string;
  readonly score: number;
  readonly lane: Lane;
  /** The lane reason in words. */
  readonly why: string;
  /** Model probability as text, or null without a model. */
  readonly prob: string | null;
  /** Ids of the rules that fired, sorted, once each. */
  readonly rules: readonly string[];
  /** The largest reason, for the worklist row. */
  readonly top: string;
  /** The importer, for the worklist row. */
  readonly party: string;
  /** Indices of the `reasons` the chart merges into one bar (`mergedReasons`). */
  readonly merged: readonly number[];
  /** The reasons table: every contribution, base first, except model features with 0 points. */
  readonly reasons: readonly Bar[];
  /** Model features with 0 points, left out of the table. */
  readonly zero: number;
  /** Checks that could not run, in words. */
  readonly notRun: readonly string[];
  /** The scorer's text explanation, when present. */
  readonly text: string | null;
  /** Declaration facts; empty when the declaration was not given. */
  readonly facts: readonly Fact[];
  /** Declaration lines, columns as in `LINE_COLUMNS`. */
  readonly lines: readonly (readonly string[])[];
  readonly isf: { readonly facts: readonly Fact[]; readonly lines: readonly (readonly string[])[]; readonly amendments: readonly string[] } | null;
}

/** Column headings of the declaration lines table. */
export const LINE_COLUMNS = ['Line', 'HS code', 'Description', 'Origin', 'Quantity', 'Net kg', 'Gross kg', 'Value', 'Duty %', 'Preference'] as const;
/** Column headings of the ISF lines table. */
export const ISF_LINE_COLUMNS = ['Line', 'HTS', 'Origin', 'Manufacturer'] as const;

/** The lane reason in an officer's words. */
export function describeLaneReason(laneReason: string, entry: ReportEntry): string {
  if (laneReason === 'threshold') return 'score reached the lane threshold';
  if (laneReason === 'random') return 'random selection (minimum random rate)';
  if (laneReason.startsWith('rule:')) {
    const ruleId = laneReason.slice(5);
    const hit = entry.hits.find((candidate) => candidate.ruleId === ruleId);
    return hit === undefined ? `lane forced by rule ${ruleId}` : `lane forced by rule ${ruleId}: ${hit.title}`;
  }
  return laneReason;
}

function party(value: ReportParty | undefined): string {
  if (value === undefined) return '';
  const name = value.name ?? value.id ?? '';
  const id = value.name !== undefined && value.id !== undefined ? ` (${value.id})` : '';
  const country = value.country === undefined ? '' : `, ${value.country}`;
  return `${name}${id}${country}`;
}

function optional(value: number | undefined, decimals = 2): string {
  return value === undefined ? '' : formatNumber(value, decimals);
}

function push(facts: Fact[], label: string, value: string | undefined): void {
  if (value !== undefined && value !== '') facts.push([label, value]);
}

function bill(value: ReportBill): string {
  return [value.master === undefined ? '' : `master ${value.master}`, value.house === undefined ? '' : `house ${value.house}`]
    .filter((part) => part !== '')
    .join(', ');
}

function declarationFacts(declaration: ReportDeclaration): Fact[] {
  const facts: Fact[] = [];
  push(facts, 'Declaration', declaration.id);
  push(facts, 'Lodged', formatTimestamp(declaration.lodgedAt));
  push(facts, 'Office', declaration.office);
  push(facts, 'Procedure', declaration.procedureCodes?.join(', '));
  push(facts, 'Transport mode', declaration.transportMode);
  push(facts, 'Importer', party(declaration.importer));
  push(facts, 'Consignee', party(declaration.consignee));
  push(facts, 'Seller', party(declaration.seller));
  push(facts, 'Buyer', party(declaration.buyer));
  push(facts, 'Declarant', party(declaration.declarant));
  const route = [declaration.exportCountry, declaration.portOfLoading, declaration.portOfDischarge].filter((part) => part !== undefined);
  push(facts, 'Export → loading → discharge', route.join(' → '));
  push(facts, 'Bill of lading', declaration.billOfLading === undefined ? undefined : bill(declaration.billOfLading));
  push(facts, 'Packages', optional(declaration.packages, 0));
  push(facts, 'Incoterm', declaration.incoterm);
  push(facts, 'Payment terms', declaration.paymentTerms);
  push(facts, 'Related party', declaration.relatedParty === undefined ? undefined : declaration.relatedParty ? 'yes' : 'no');
  const total = declaration.lines.reduce((sum, line) => sum + line.customsValue, 0);
  push(facts, 'Customs value', `${formatNumber(total)} ${declaration.currency} over ${declaration.lines.length} line${declaration.lines.length === 1 ? '' : 's'}`);
  return facts;
}

function declarationLines(declaration: ReportDeclaration): string[][] {
  return declaration.lines.map((line) => [
    String(line.lineNumber),
    line.hsCode,
    line.description ?? '',
    line.originCountry,
    line.quantity === undefined ? '' : `${formatNumber(line.quantity)}${line.quantityUnit === undefined ? '' : ` ${line.quantityUnit}`}`,
    optional(line.netMassKg),
    optional(line.grossMassKg),
    `${formatNumber(line.customsValue)} ${declaration.currency}`,
    optional(line.dutyRate),
    line.preference ?? '',
  ]);
}

function isfData(isf: ReportIsf): NonNullable<CaseData['isf']> {
  const facts: Fact[] = [];
  push(facts, 'ISF', `${isf.id} (${isf.type})`);
  push(facts, 'Filed', formatTimestamp(isf.filedAt));
  push(facts, 'Estimated lading', isf.estimatedLadingAt === undefined ? undefined : formatTimestamp(isf.estimatedLadingAt));
  push(facts, 'Estimated arrival', isf.estimatedArrivalAt === undefined ? undefined : formatTimestamp(isf.estimatedArrivalAt));
  push(facts, 'Flexible filing', isf.flexibleFiling);
  push(facts, 'Bills of lading', isf.billsOfLading?.map(bill).join('; '));
  push(facts, 'Seller', party(isf.seller));
  push(facts, 'Buyer', party(isf.buyer));
  push(facts, 'Ship-to', party(isf.shipTo));
  push(facts, 'Stuffing location', party(isf.stuffingLocation));
  push(facts, 'Consolidator', party(isf.consolidator));
  push(facts, 'Booking party', party(isf.bookingParty));
  push(facts, 'Importer of record no.', isf.importerOfRecordNumber);
  push(facts, 'Consignee nos.', isf.consigneeNumbers?.join(', '));
  push(facts, 'Foreign port of unlading', isf.foreignPortOfUnlading);
  push(facts, 'Place of delivery', isf.placeOfDelivery);
  const lines = isf.lines.map((line) => [String(line.lineNumber), line.htsCode, line.originCountry ?? '', party(line.manufacturer)]);
  const amendments = (isf.amendments ?? []).map((amendment) => `${formatTimestamp(amendment.at)}: ${amendment.elements.join(', ')}`);
  return { facts, lines, amendments };
}

function origin(contribution: ReportContribution): string {
  const line = contribution.line === undefined ? '' : `, line ${contribution.line}`;
  if (contribution.source === 'rule') return `rule ${contribution.id}${line}`;
  if (contribution.source === 'model') return `model: ${contribution.id}${line}`;
  return contribution.source;
}

/**
 * What was seen for each contribution: the explanation's reason (same source, id and line) when the result
 * carries one, else the rule hit's message; nothing for the base and the clipping. Looked up through one
 * map per record: a model gives 30 or more reasons, and a batch has thousands of records.
 */
function seenLookup(entry: ReportEntry): (contribution: ReportContribution) => string {
  const key = (source: string, id: string, line: number | undefined) => `${source}\u0000${id}\u0000${line ?? ''}`;
  const seen = new Map<string, string>();
  for (const hit of entry.hits) if (!seen.has(key('rule', hit.ruleId, hit.line))) seen.set(key('rule', hit.ruleId, hit.line), hit.message);
  for (const reason of entry.explanation?.reasons ?? []) seen.set(key(reason.source, reason.id, reason.line), reason.seen);
  return (contribution) =>
    contribution.source === 'rule' || contribution.source === 'model' ? (seen.get(key(contribution.source, contribution.id, contribution.line)) ?? '') : '';
}

/** Model reasons the chart draws one by one; a forest gives one per feature, often 30 or more. */
export const CHART_MODEL_BARS = 8;

/**
 * The reasons the waterfall merges into one bar: the model reasons beyond the `CHART_MODEL_BARS` largest.
 * The page draws every other reason as its own bar, in order, and the merged bar (their sum, so that the
 * bars still add up to the score) after the last model reason. Model features with 0 points are neither
 * in the reasons nor drawn.
 */
export function mergedReasons(reasons: readonly Bar[]): number[] {
  const model = reasons.flatMap((bar, index) => (bar[0] === 'model' ? [index] : []));
  const kept = new Set(
    [...model]
      .sort((a, b) => Math.abs(reasons[b]?.[3] ?? 0) - Math.abs(reasons[a]?.[3] ?? 0) || a - b)
      .slice(0, CHART_MODEL_BARS),
  );
  return model.filter((index) => !kept.has(index));
}

/**
 * What a model reason saw, without the feature label the reason already shows: "origin country's past
 * finding rate: 35 % over 49 declarations" → "35 % over 49 declarations".
 */
function withoutLabel(seen: string, label: string): string {
  return seen.startsWith(`${label}: `) ? seen.slice(label.length + 2) : seen;
}

/** Prepares one worklist record for the page. */
export function toCaseData(entry: ReportEntry): CaseData {
  const base = entry.contributions.filter((contribution) => contribution.source === 'base');
  const rest = entry.contributions.filter((contribution) => contribution.source !== 'base');
  const ordered = [...base, ...rest];
  const seenFor = seenLookup(entry);
  const zero = ordered.filter((c) => c.points === 0 && c.source === 'model');
  const reasons = ordered
    .filter((c) => c.points !== 0 || c.source !== 'model')
    .map((c): Bar => [
      c.source,
      c.id,
      c.label,
      c.points,
      c.source === 'base' ? formatNumber(c.points) : formatPoints(c.points),
      origin(c),
      withoutLabel(seenFor(c), c.label),
    ]);
  let top = '';
  let topPoints = 0;
  for (const contribution of rest) {
    if (contribution.source !== 'clipping' && contribution.points > topPoints) {
      top = contribution.label;
      topPoints = contribution.points;
    }
  }
  if (top === '' && entry.hits[0] !== undefined) top = entry.hits[0].title;
  const text = entry.explanation?.text ?? entry.explanation?.summary;
  return {
    id: entry.id,
    score: entry.score,
    lane: entry.lane,
    why: describeLaneReason(entry.laneReason, entry),
    prob: entry.modelProbability === null ? null : formatProbability(entry.modelProbability),
    rules: [...new Set(entry.hits.map((hit) => hit.ruleId))].sort(compareText),
    top,
    party: entry.declaration === undefined ? '' : party(entry.declaration.importer),
    reasons,
    merged: mergedReasons(reasons),
    zero: zero.length,
    notRun: entry.explanation?.notEvaluated ?? [],
    text: text === undefined || text === '' ? null : text,
    facts: entry.declaration === undefined ? [] : declarationFacts(entry.declaration),
    lines: entry.declaration === undefined ? [] : declarationLines(entry.declaration),
    isf: entry.isf === undefined ? null : isfData(entry.isf),
  };
}
