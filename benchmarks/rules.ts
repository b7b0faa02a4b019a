// Rule evaluation throughput: the default pack compiled to closures, against json-rules-engine and mathjs
// `compile().evaluate` running an equivalent 30-rule set. Run with `npm run bench:rules`.
//
// Fairness: the two other engines get flat, precomputed facts (every derived value and list membership is
// computed for them outside the timed body), so they only evaluate conditions and collect the events. Our
// engine is timed twice: over a precomputed context (same footing) and over the raw declaration (deriving
// the context inside the timed body). Data is built before timing; results are consumed; A/B runs
// interleave in rounds in one process.
//
// Then the KCS section (always): the default pack over the rows of KCS valid.csv with contexts
// precomputed, in CPU µs per record, engines interleaved in blocks of 500 records; a second column
// evaluates each record 4 times in a row (its data in the CPU caches, as in the scorer). Flags: `--kcs-only` skips the engine comparison, `--per-rule` adds a
// table of each rule alone, `--baseline <git ref>` runs src/ of that commit too (extracted with git
// archive, imported as a second copy), interleaved, and checks that both give the same results.
// e.g. `npm run bench:rules -- --kcs-only --per-rule --baseline 40010d6`
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Engine } from 'json-rules-engine';
import { compile, type EvalFunction } from 'mathjs';
import {
  buildReferenceData,
  deriveContext,
  evaluateRules,
  loadRulePack,
  parseDeclaration,
  parseIsfFiling,
  parseReferenceData,
  type Declaration,
  type DeclarationContext,
  type IsfFiling,
  type ReferenceData,
  type RuleEvaluation,
  type RulePack,
} from '../src/index.js';
import { KCS_DIR, readLabelled } from '../scripts/model-data.js';
import { compileExpression } from '../src/rules/_lib/compileExpression.js';
import type { FieldSpec } from '../src/rules/_lib/fields.js';
import type { Frame, Value } from '../src/rules/_lib/runtime.js';

const ARGS = process.argv.slice(2);
/** `--kcs-only`: skip the engine comparison (json-rules-engine, mathjs) and time only the KCS section. */
const KCS_ONLY = ARGS.includes('--kcs-only');
/** `--per-rule`: also time each rule of the default pack alone over the KCS rows. */
const PER_RULE = ARGS.includes('--per-rule');
/** `--baseline <git ref>`: also run src/rules as of that commit (A/B in this process) and compare results. */
const BASELINE_REF = ARGS.includes('--baseline') ? ARGS[ARGS.indexOf('--baseline') + 1] : undefined;
const COUNT = Number(process.env['BENCH_COUNT'] ?? (KCS_ONLY ? 5_000 : 100_000));
const JRE_COUNT = Math.min(COUNT, Number(process.env['BENCH_JRE_COUNT'] ?? 10_000));
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);

/** Seeded PRNG (mulberry32): the benchmark data is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(20240321);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const GOODS = [
  { hs: '6109100012', unit: 'PCE', price: 3.2, kg: 0.18, text: "Men's cotton knitted T-shirts, crew neck" },
  { hs: '6110202079', unit: 'PCE', price: 9.5, kg: 0.45, text: 'Cotton pullovers, long sleeve, knitted' },
  { hs: '6403996075', unit: 'PR', price: 22, kg: 0.9, text: "Men's leather upper footwear, rubber soles" },
  { hs: '8517620090', unit: 'PCE', price: 35, kg: 0.65, text: 'Wireless network routers, dual band' },
  { hs: '9403608081', unit: 'PCE', price: 140, kg: 28, text: 'Wooden dining tables, rubberwood' },
  { hs: '7306305028', unit: 'KG', price: 1.1, kg: 1, text: 'Welded carbon steel pipe' },
  { hs: '3926909985', unit: 'PCE', price: 0.8, kg: 0.05, text: 'parts' },
  { hs: '8471300100', unit: 'PCE', price: 420, kg: 2.1, text: 'Portable laptop computers, 14 inch' },
];
const ORIGINS = ['CN', 'CN', 'CN', 'VN', 'BD', 'IN', 'MY', 'TR', 'MX', 'IR'];
const PAYMENT = ['open_account', 'letter_of_credit', 'open_account', 'cash_in_advance'];

function makeDeclaration(index: number, at: Date): { declaration: Declaration; isf?: IsfFiling } {
  const importer = `IMP-${Math.floor(random() * 3000)}`;
  const lineCount = 1 + Math.floor(random() * 3);
  const usOcean = random() < 0.6;
  const lines = Array.from({ length: lineCount }, (_, n) => {
    const goods = pick(GOODS);
    const quantity = 10 + Math.floor(random() * 5000);
    const priceFactor = random() < 0.05 ? 0.15 + random() * 0.3 : 0.7 + random() * 0.6;
    const net = quantity * goods.kg * (0.85 + random() * 0.3);
    return {
      lineNumber: n + 1,
      hsCode: goods.hs,
      description: goods.text,
      originCountry: pick(ORIGINS),
      quantity,
      quantityUnit: goods.unit,
      netMassKg: Math.round(net),
      grossMassKg: Math.round(net * (random() < 0.02 ? 0.9 : 1.08)),
      customsValue: Math.round(quantity * goods.price * priceFactor),
      dutyRate: pick([0, 2.5, 8.5, 12, 16.5, 25]),
    };
  });
  const declaration = parseDeclaration({
    id: `DEC-${index}`,
    lodgedAt: at.toISOString(),
    office: usOcean ? '2704' : 'DEHAM1',
    transportMode: usOcean ? '1' : pick(['1', '4']),
    importer: { id: importer },
    consignee: { id: random() < 0.9 ? importer : `CNS-${Math.floor(random() * 200)}`, name: 'Consignee Inc' },
    seller: { id: random() < 0.001 ? 'SEL-XX-6660' : `SEL-${Math.floor(random() * 5000)}` },
    exportCountry: random() < 0.9 ? lines[0]?.originCountry : 'AE',
    portOfLoading: random() < 0.001 ? 'IRBND' : 'CNSHA',
    portOfDischarge: usOcean ? 'USLAX' : 'DEHAM',
    billOfLading: { master: `MB${index}`, house: `HB${index}` },
    paymentTerms: pick(PAYMENT),
    currency: 'USD',
    lines,
  });
  if (!usOcean || random() < 0.1) return { declaration };
  const filed = new Date(at.getTime() - (20 + random() * 30) * 86_400_000);
  const isf = parseIsfFiling({
    type: 'ISF-10',
    id: `ISF-${index}`,
    filedAt: filed.toISOString(),
    estimatedLadingAt: new Date(filed.getTime() + (random() * 96 + 1) * 3_600_000).toISOString(),
    estimatedArrivalAt: new Date(at.getTime() - 86_400_000).toISOString(),
    cargoType: pick(['containerized', 'containerized', 'containerized', 'break_bulk']),
    billsOfLading: [{ master: `MB${index}`, house: `HB${index}` }],
    ...(random() < 0.1 ? { flexibleFiling: 'FR' } : {}),
    seller: { name: 'Seller Co', address: '1 Road', country: 'CN' },
    buyer: { name: 'Consignee Inc', address: '2 Street', country: 'US' },
    shipTo: { name: random() < 0.95 ? 'Consignee Inc' : 'Elsewhere Logistics', address: '3 Avenue', country: 'US' },
    stuffingLocation: { name: 'CFS', address: '4 Quay', country: random() < 0.95 ? 'CN' : 'VN' },
    consolidator: { name: 'Consolidator', address: '5 Quay', country: 'CN' },
    importerOfRecordNumber: importer,
    consigneeNumbers: [importer],
    lines: lines.map((line) => ({
      lineNumber: line.lineNumber,
      manufacturer: { name: 'Factory', address: '6 Zone', country: random() < 0.97 ? line.originCountry : 'CN' },
      originCountry: random() < 0.97 ? line.originCountry : 'VN',
      htsCode: random() < 0.97 ? line.hsCode : '8471300100',
    })),
    amendments: random() < 0.05 ? [{ at: new Date(filed.getTime() + 200 * 3_600_000).toISOString(), elements: ['hts'] }] : [],
  });
  return { declaration, isf };
}

// ---- data, built outside every timed body ----
const started = performance.now();
const history = Array.from({ length: 20_000 }, (_, index) => ({ record: makeDeclaration(index, new Date(Date.UTC(2023, 0, 1) + index * 1_500_000)).declaration }));
const reference = buildReferenceData(history);
const records = Array.from({ length: COUNT }, (_, index) => makeDeclaration(100_000 + index, new Date(Date.UTC(2024, 0, 1) + index * 300_000)));
const pack = loadRulePack(readFileSync(new URL('../rules/default.json', import.meta.url), 'utf8'));
const contexts: DeclarationContext[] = records.map(({ declaration, isf }) => deriveContext(declaration, { isf, reference }));
const lists = pack.lists;
const inList = (name: string, value: string | undefined) => value !== undefined && (lists.get(name) ?? []).includes(value);

/** Flat facts for the other two engines, equivalent to what the default pack reads. */
function facts(context: DeclarationContext): Record<string, number | boolean> {
  const d = context.declaration;
  const isf = context.isf;
  let minRatio = 1;
  let maxRatio = 1;
  let flags = { band: false, free: false, netGross: false, kgBand: false, vague: 0, chapter: 0, adcvd: 0, origin: 0, trans: 0, hs: 0, org: 0, man: 0, newChapter: 0 };
  let maxDuty = 0;
  for (const line of context.lines) {
    const ratio = line.unitValueRatio ?? line.valuePerKgRatio;
    if (ratio !== null) {
      minRatio = Math.min(minRatio, ratio);
      maxRatio = Math.max(maxRatio, ratio);
    }
    const band = line.chapterValuePerKgNorm;
    const kgBand = line.kgPerUnitNorm;
    const scope = `${line.line.originCountry}:${line.line.hsCode}`;
    const adcvd = (lists.get('adcvd_orders') ?? []).some((item) => scope.startsWith(item));
    flags = {
      band: flags.band || (band !== null && line.valuePerKg !== null && (line.valuePerKg < band.p5 || line.valuePerKg > band.p95)),
      free: flags.free || (line.line.customsValue === 0 && (line.line.quantity ?? 0) >= 100),
      netGross: flags.netGross || (line.line.netMassKg ?? 0) > (line.line.grossMassKg ?? Infinity),
      kgBand: flags.kgBand || (kgBand !== null && line.kgPerUnit !== null && (line.kgPerUnit < kgBand.p5 || line.kgPerUnit > kgBand.p95)),
      vague: flags.vague + ((line.line.description ?? '').split(' ').length < 3 ? 1 : 0),
      chapter: flags.chapter + (inList('high_risk_hs_chapters', line.hsChapter) ? 1 : 0),
      adcvd: flags.adcvd + (adcvd ? 1 : 0),
      origin: flags.origin + (inList('high_risk_countries', line.line.originCountry) ? 1 : 0),
      trans: flags.trans + (adcvd && d.exportCountry !== line.line.originCountry ? 1 : 0),
      hs: flags.hs + (isf !== null && !isf.hs6Codes.includes(line.hs6) ? 1 : 0),
      org: flags.org + (line.isfLine !== null && line.isfLine.originCountry !== line.line.originCountry ? 1 : 0),
      man: flags.man + (line.isfLine !== null && line.isfLine.manufacturerCountry !== line.line.originCountry ? 1 : 0),
      newChapter: flags.newChapter + (line.importerChapterSeenBefore === false ? 1 : 0),
    };
    maxDuty = Math.max(maxDuty, line.line.dutyRate ?? 0);
  }
  return {
    minRatio,
    maxRatio,
    vpkOutsideBand: flags.band,
    freeCommercial: flags.free,
    netOverGross: flags.netGross,
    kgPerUnitOutsideBand: flags.kgBand,
    priorDeclarations: context.importer.priorDeclarations ?? 0,
    newChapterLines: flags.newChapter,
    findings24: context.importer.findingsLast24Months ?? 0,
    watchListed: [d.importer.id, d.consignee?.id, d.seller?.id].some((id) => inList('watch_list_parties', id)),
    trusted: inList('trusted_traders', d.importer.id),
    totalValue: context.totalValue,
    consigneeShipments30: context.consigneeShipmentsLast30Days ?? 0,
    hasIsf: isf !== null,
    shipToMatches: isf?.shipToMatchesConsignee ?? true,
    vagueLines: flags.vague,
    highRiskChapterLines: flags.chapter,
    adcvdLines: flags.adcvd,
    maxDuty,
    hsMismatchLines: flags.hs,
    originMismatchLines: flags.org,
    manufacturerMismatchLines: flags.man,
    billMatches: isf?.matchesBill ?? true,
    highRiskOriginLines: flags.origin,
    transshipmentLines: flags.trans,
    sanctionedPort: inList('sanctioned_ports', d.portOfLoading) || inList('sanctioned_ports', d.portOfDischarge),
    containerized: isf?.filing.cargoType === 'containerized',
    hoursBeforeLading: isf?.hoursBeforeLading ?? 1e9,
    isfExpected: context.isfExpected,
    flexibleIncomplete: isf !== null && isf.flexible && !isf.flexibleCompleted,
    amendments: isf?.amendmentCount ?? 0,
    criticalChanges: isf?.criticalChangesAfterLading ?? 0,
    cashInAdvance: inList('cash_in_advance_terms', d.paymentTerms),
  };
}
const flat = contexts.map(facts);

/** The equivalent 30-rule set, as mathjs expressions over the flat facts, with points. */
const EQUIVALENT: readonly [string, string, number][] = [
  ['VAL-001', 'minRatio < 0.5', 20],
  ['VAL-003', 'minRatio < 0.2', 15],
  ['VAL-004', 'maxRatio > 3', 10],
  ['VAL-005', 'vpkOutsideBand == true', 10],
  ['VAL-006', 'freeCommercial == true', 10],
  ['WGT-001', 'netOverGross == true', 15],
  ['WGT-002', 'kgPerUnitOutsideBand == true', 15],
  ['PTY-001', 'priorDeclarations == 0', 15],
  ['PTY-002', 'priorDeclarations > 0 and newChapterLines > 0', 12],
  ['PTY-003', 'findings24 > 0', 20],
  ['PTY-004', 'watchListed == true', 0],
  ['PTY-005', 'trusted == true', -15],
  ['PTY-006', 'totalValue < 800 and consigneeShipments30 > 10', 10],
  ['PTY-007', 'hasIsf == true and shipToMatches == false', 8],
  ['GDS-001', 'vagueLines > 0', 12],
  ['GDS-002', 'highRiskChapterLines > 0', 10],
  ['GDS-003', 'adcvdLines > 0', 15],
  ['GDS-004', 'maxDuty >= 25', 8],
  ['XCK-001', 'hasIsf == true and hsMismatchLines > 0', 15],
  ['XCK-002', 'hasIsf == true and originMismatchLines > 0', 15],
  ['XCK-003', 'hasIsf == true and manufacturerMismatchLines > 0', 12],
  ['XCK-004', 'hasIsf == true and billMatches == false', 10],
  ['RTE-001', 'highRiskOriginLines > 0', 15],
  ['RTE-002', 'transshipmentLines > 0', 20],
  ['RTE-004', 'sanctionedPort == true', 0],
  ['ISF-001', 'hasIsf == true and containerized == true and hoursBeforeLading < 24', 20],
  ['ISF-003', 'isfExpected == true and hasIsf == false', 0],
  ['ISF-004', 'flexibleIncomplete == true', 10],
  ['ISF-005', 'hasIsf == true and (amendments >= 3 or criticalChanges > 0)', 8],
  ['TRM-001', 'cashInAdvance == true', 6],
];

const compiledMathjs: [string, EvalFunction, number][] = EQUIVALENT.map(([id, expression, points]) => [id, compile(expression), points]);

/** The same 30 rules for json-rules-engine: mathjs syntax mechanically translated to its condition JSON. */
function jreCondition(expression: string): Record<string, unknown> {
  const parts = expression.replace(/[()]/g, '').split(/ (and|or) /);
  const conditions: Record<string, unknown>[] = [];
  const joins: string[] = [];
  for (const part of parts) {
    if (part === 'and' || part === 'or') {
      joins.push(part);
      continue;
    }
    const [fact, op, raw] = part.trim().split(' ') as [string, string, string];
    const operator = { '==': 'equal', '<': 'lessThan', '>': 'greaterThan', '>=': 'greaterThanInclusive', '<=': 'lessThanInclusive' }[op] ?? 'equal';
    const value = raw === 'true' ? true : raw === 'false' ? false : Number(raw);
    conditions.push({ fact, operator, value });
  }
  if (joins.length === 0) return { all: conditions };
  if (joins.every((join) => join === 'and')) return { all: conditions };
  // "a and (b or c)": the only mixed form in the set.
  return { all: [conditions[0], { any: conditions.slice(1) }] };
}
const engine = new Engine([], { allowUndefinedFacts: true });
for (const [id, expression, points] of EQUIVALENT) {
  engine.addRule({ name: id, conditions: jreCondition(expression) as never, event: { type: id, params: { points } } });
}

// Our compiler over the same 30 flat rules: each fact becomes a field `f.<name>` read from the frame.
const factNames = Object.keys(flat[0] ?? {});
const factFields = new Map<string, FieldSpec>(
  factNames.map((name) => [
    `f.${name}`,
    {
      path: `f.${name}`,
      type: typeof flat[0]?.[name] === 'boolean' ? 'boolean' : 'number',
      source: 'declaration',
      description: name,
      get: (frame: Frame) => ((frame.ctx as unknown as Record<string, Value>)[name] ?? null) as Value,
    },
  ]),
);
const factPattern = new RegExp(`\\b(${factNames.join('|')})\\b`, 'g');
const compiledOurs = EQUIVALENT.map(([id, expression, points]) => {
  const compiled = compileExpression(expression.replace(factPattern, 'f.$1'), {
    sources: new Set(['declaration']),
    lets: new Map(),
    lists: new Map(),
    tables: new Map(),
    fieldsRead: new Set(),
    fields: factFields,
  });
  return [id, compiled.evaluate, points] as const;
});

const setupSeconds = (performance.now() - started) / 1000;

// ---- timed bodies ----
interface Run {
  readonly records: number;
  /** CPU time of this process (user + system), in ms: stable when other processes share the cores. */
  readonly ms: number;
  readonly hits: number;
}

/** CPU milliseconds used by this process since `since` (from `process.cpuUsage()`). */
function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

function runOursFlat(): Run {
  const t0 = process.cpuUsage();
  let hits = 0;
  const frame: Frame = { ctx: null, isf: null, line: null, outerLine: null, lets: [], letMask: 0, failure: '' };
  for (let i = 0; i < COUNT; i += 1) {
    frame.ctx = flat[i] as unknown as DeclarationContext;
    const fired: { ruleId: string; points: number }[] = [];
    for (const [ruleId, evaluate, points] of compiledOurs) if (evaluate(frame) === true) fired.push({ ruleId, points });
    hits += fired.length;
  }
  return { records: COUNT, ms: cpuMs(t0), hits };
}

function runOursWithContext(): Run {
  const t0 = process.cpuUsage();
  let hits = 0;
  for (let i = 0; i < COUNT; i += 1) {
    const context = contexts[i] as DeclarationContext;
    hits += evaluateRules(pack, context.declaration, { context }).hits.length;
  }
  return { records: COUNT, ms: cpuMs(t0), hits };
}

function runOursFromDeclaration(): Run {
  const t0 = process.cpuUsage();
  let hits = 0;
  for (let i = 0; i < COUNT; i += 1) {
    const { declaration, isf } = records[i] as (typeof records)[number];
    hits += evaluateRules(pack, declaration, { isf, reference }).hits.length;
  }
  return { records: COUNT, ms: cpuMs(t0), hits };
}

function runMathjs(): Run {
  const t0 = process.cpuUsage();
  let hits = 0;
  for (let i = 0; i < COUNT; i += 1) {
    const scope = flat[i] as Record<string, number | boolean>;
    const fired: { ruleId: string; points: number }[] = [];
    for (const [ruleId, evaluate, points] of compiledMathjs) if (evaluate.evaluate(scope) === true) fired.push({ ruleId, points });
    hits += fired.length;
  }
  return { records: COUNT, ms: cpuMs(t0), hits };
}

async function runJre(): Promise<Run> {
  const t0 = process.cpuUsage();
  let hits = 0;
  for (let i = 0; i < JRE_COUNT; i += 1) {
    const { events } = await engine.run({ ...(flat[i] as Record<string, number | boolean>) });
    hits += events.length;
  }
  return { records: JRE_COUNT, ms: cpuMs(t0), hits };
}

const results: Record<string, Run[]> = { flat: [], ours: [], oursFull: [], mathjs: [], jre: [] };
for (let round = 0; round < (KCS_ONLY ? 0 : ROUNDS); round += 1) {
  results['flat']?.push(runOursFlat());
  results['ours']?.push(runOursWithContext());
  results['mathjs']?.push(runMathjs());
  results['jre']?.push(await runJre());
  results['oursFull']?.push(runOursFromDeclaration());
}

const rate = (runs: readonly Run[]) => {
  const rates = runs.map((run) => (run.records / run.ms) * 1000).sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)] ?? 0;
};
const mathjsRate = rate(results['mathjs'] ?? []);
const jreRate = rate(results['jre'] ?? []);
const row = (label: string, key: string, rules: string) => {
  const runs = results[key] ?? [];
  const r = rate(runs);
  const first = runs[0];
  const hitsPerRecord = first === undefined ? 0 : first.hits / first.records;
  return `| ${label} | ${rules} | ${first?.records.toLocaleString('en-US')} | ${Math.round(r).toLocaleString('en-US')} | ${hitsPerRecord.toFixed(2)} | ${(r / mathjsRate).toFixed(1)}× | ${(r / jreRate).toFixed(1)}× |`;
};

if (!KCS_ONLY) {
  console.log(`rules benchmark: ${COUNT.toLocaleString('en-US')} declarations (json-rules-engine: first ${JRE_COUNT.toLocaleString('en-US')}), ${ROUNDS} interleaved rounds, median rate over CPU time of this process; setup ${setupSeconds.toFixed(1)} s`);
  console.log('');
  console.log('| engine | rules | declarations | declarations/s (CPU) | hits per declaration | vs mathjs | vs json-rules-engine |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
  console.log(row('customs-risk closures, flat facts', 'flat', '30 equivalent'));
  console.log(row('mathjs compile().evaluate, flat facts', 'mathjs', '30 equivalent'));
  console.log(row('json-rules-engine 7, flat facts', 'jre', '30 equivalent'));
  console.log(row('customs-risk evaluateRules, precomputed context', 'ours', `${pack.rules.length} (default pack, per line, messages)`));
  console.log(row('customs-risk evaluateRules, deriving the context', 'oursFull', `${pack.rules.length} (default pack, per line, messages)`));
  const sameHits = results['flat']?.[0]?.hits === results['mathjs']?.[0]?.hits;
  console.log('');
  console.log(`closures and mathjs found the same ${results['flat']?.[0]?.hits.toLocaleString('en-US')} hits: ${sameHits ? 'yes' : 'NO'}`);
}

await kcsSection({ pack, records, reference, contexts });

// ---- KCS section: the default pack over the rows of KCS valid.csv, contexts precomputed ----
// This is what `customs-risk score` runs per record on KCS data (the profile of issue #6): one goods line
// per declaration, no ISF, the bundled reference. Timed as CPU microseconds per record, every pass over
// all records; with --baseline the same passes run with src/rules of an earlier commit, interleaved.

interface RulesImpl {
  readonly label: string;
  readonly evaluate: (pack: RulePack, declaration: Declaration, options: { context: DeclarationContext; isf?: IsfFiling; reference?: ReferenceData }) => RuleEvaluation;
  readonly load: (input: unknown) => RulePack;
}

/** src/ of `ref` extracted to a temporary folder (node_modules linked), imported as a second library copy. */
async function baselineEngine(ref: string): Promise<RulesImpl & { cleanup(): void }> {
  const root = new URL('..', import.meta.url).pathname;
  const dir = mkdtempSync(join(tmpdir(), 'rules-baseline-'));
  const archive = execFileSync('git', ['-C', root, 'archive', '--format=tar', ref, 'src'], { maxBuffer: 1 << 28 });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  const sha = execFileSync('git', ['-C', root, 'rev-parse', '--short', ref], { encoding: 'utf8' }).trim();
  const lib = (await import(pathToFileURL(join(dir, 'src/index.ts')).href)) as typeof import('../src/index.js');
  return { label: `src/rules at ${ref} (${sha})`, evaluate: lib.evaluateRules, load: lib.loadRulePack, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

async function kcsSection(synthetic: {
  pack: RulePack;
  records: readonly { declaration: Declaration; isf?: IsfFiling }[];
  reference: ReferenceData;
  contexts: readonly DeclarationContext[];
}): Promise<void> {
  const packText = readFileSync(new URL('../rules/default.json', import.meta.url), 'utf8');
  const bundled = parseReferenceData(readFileSync(new URL('../models/reference.json', import.meta.url), 'utf8'));
  const valid = (await readLabelled(`${KCS_DIR}/valid.csv`)).records.map((item) => item.record);
  const kcs = valid.map((declaration) => deriveContext(declaration, { reference: bundled }));
  const engines: RulesImpl[] = [{ label: 'src/rules (working tree)', evaluate: evaluateRules, load: loadRulePack }];
  const baseline = BASELINE_REF === undefined ? undefined : await baselineEngine(BASELINE_REF);
  if (baseline !== undefined) engines.push(baseline);
  const packs = engines.map((engine) => engine.load(packText));

  // Same results: every KCS row and every synthetic record (with ISFs), compared as JSON text.
  let differing = 0;
  let compared = 0;
  if (baseline !== undefined) {
    const [a, b] = engines as [RulesImpl, RulesImpl];
    const [packA, packB] = packs as [RulePack, RulePack];
    kcs.forEach((context) => {
      compared += 1;
      if (JSON.stringify(a.evaluate(packA, context.declaration, { context })) !== JSON.stringify(b.evaluate(packB, context.declaration, { context }))) differing += 1;
    });
    synthetic.contexts.forEach((context) => {
      compared += 1;
      if (JSON.stringify(a.evaluate(packA, context.declaration, { context })) !== JSON.stringify(b.evaluate(packB, context.declaration, { context }))) differing += 1;
    });
  }

  const PASSES = 3;
  let sink = 0;
  const time = (engine: RulesImpl, pack: RulePack, passes = PASSES): number => {
    const t0 = process.cpuUsage();
    for (let pass = 0; pass < passes; pass += 1) {
      for (let i = 0; i < kcs.length; i += 1) {
        const context = kcs[i] as DeclarationContext;
        const result = engine.evaluate(pack, context.declaration, { context });
        sink += result.hits.length + result.errors.length;
      }
    }
    return (cpuMs(t0) * 1000) / (passes * kcs.length);
  };
  const median = (values: readonly number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? 0;
  const rounds = Math.max(ROUNDS, 5);
  // Each round passes over the rows in blocks of BLOCK records, every engine timed on each block in turn
  // (the order alternating from block to block), so that a change of the machine's load between two timed
  // bodies falls on both engines: on a shared 2-core machine, rounds of whole passes were ±5 % apart.
  // `reps` evaluates each record that many times in a row: with 4, three of four evaluations find the
  // record's data in the CPU caches, which is how the scorer calls the pack (just after deriving the
  // context); with 1, every record is read from memory first, which costs this loop more than the scorer.
  const BLOCK = 500;
  const interleaved = (reps: number): number[][] => {
    const perRound: number[][] = engines.map(() => []);
    for (let round = 0; round < rounds; round += 1) {
      const totals = engines.map(() => 0);
      for (let pass = 0; pass < PASSES; pass += 1) {
        for (let from = 0, block = 0; from < kcs.length; from += BLOCK, block += 1) {
          const to = Math.min(kcs.length, from + BLOCK);
          for (let k = 0; k < engines.length; k += 1) {
            const e = (block + k) % engines.length;
            const engine = engines[e] as RulesImpl;
            const pack = packs[e] as RulePack;
            const t0 = process.cpuUsage();
            for (let i = from; i < to; i += 1) {
              const context = kcs[i] as DeclarationContext;
              for (let r = 0; r < reps; r += 1) {
                const result = engine.evaluate(pack, context.declaration, { context });
                sink += result.hits.length + result.errors.length;
              }
            }
            totals[e] = (totals[e] ?? 0) + cpuMs(t0);
          }
        }
      }
      totals.forEach((total, e) => perRound[e]?.push((total * 1000) / (PASSES * kcs.length * reps)));
    }
    return perRound;
  };
  const full = interleaved(1);
  const hot = interleaved(4);

  const load = (await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log('');
  console.log(`KCS section: default pack (${synthetic.pack.rules.length} rules) over ${kcs.length.toLocaleString('en-US')} rows of ${KCS_DIR}/valid.csv, contexts precomputed with models/reference.json; median of ${rounds} rounds of ${PASSES} passes, engines interleaved in blocks of ${BLOCK} records, CPU µs per record; load average ${load}`);
  console.log('');
  const base = median(full[1] ?? []);
  const baseHot = median(hot[1] ?? []);
  console.log(`| evaluator | µs per record (CPU) | records/s (CPU) |${baseline === undefined ? '' : ' vs baseline |'} µs, each record 4× in a row |${baseline === undefined ? '' : ' vs baseline |'}`);
  console.log(`| --- | ---: | ---: |${baseline === undefined ? '' : ' ---: |'} ---: |${baseline === undefined ? '' : ' ---: |'}`);
  engines.forEach((engine, e) => {
    const us = median(full[e] ?? []);
    const usHot = median(hot[e] ?? []);
    const ratio = (value: number) => (baseline === undefined ? '' : ` ${value.toFixed(2)}× |`);
    console.log(`| ${engine.label} | ${us.toFixed(2)} | ${Math.round(1e6 / us).toLocaleString('en-US')} |${ratio(base / us)} ${usHot.toFixed(2)} |${ratio(baseHot / usHot)}`);
  });
  if (baseline !== undefined) {
    console.log('');
    console.log(`identical results (JSON text) on ${compared.toLocaleString('en-US')} records (KCS rows and synthetic declarations with ISFs): ${differing === 0 ? 'yes' : `NO, ${differing} differ`}`);
  }

  if (PER_RULE) {
    // Each rule alone in a pack (with the pack's lists and tables), over the same rows; the first row is a
    // pack whose one rule is disabled: the cost of the call itself, included in every other row.
    const document = JSON.parse(packText) as { rules: { id: string }[] } & Record<string, unknown>;
    const first = document.rules[0] as { id: string };
    const single = [
      { id: '(call, no rule enabled)', packs: engines.map((engine) => engine.load({ ...document, rules: [{ ...first, enabled: false }] })) },
      ...document.rules.map((rule) => ({ id: rule.id, packs: engines.map((engine) => engine.load({ ...document, rules: [rule] })) })),
    ];
    const perRule = single.map(() => engines.map((): number[] => []));
    const RULE_PASSES = 8;
    for (let round = 0; round < rounds; round += 1) {
      single.forEach((rule, r) => engines.forEach((engine, e) => perRule[r]?.[e]?.push(time(engine, rule.packs[e] as RulePack, RULE_PASSES))));
    }
    console.log('');
    console.log(`Each rule alone: median of ${rounds} rounds of ${RULE_PASSES} passes, CPU µs per record.`);
    console.log('');
    console.log(`| rule | ${engines.map((engine) => `${engine.label} µs`).join(' | ')} |${baseline === undefined ? '' : ' vs baseline |'}`);
    console.log(`| --- | ${engines.map(() => '---:').join(' | ')} |${baseline === undefined ? '' : ' ---: |'}`);
    single.forEach((rule, r) => {
      const us = engines.map((_, e) => median(perRule[r]?.[e] ?? []));
      console.log(`| ${rule.id} | ${us.map((u) => u.toFixed(2)).join(' | ')} |${baseline === undefined ? '' : ` ${((us[1] ?? 0) / (us[0] ?? 1)).toFixed(2)}× |`}`);
    });
  }
  baseline?.cleanup();
  if (sink === -1) console.log('');
}
