import type { LaneReason } from '../../../src/scoring/ScoreResult.js';
import type { Lane } from '../../../src/types/Lane.js';
import type { ReportContribution, ReportDeclaration, ReportEntry, ReportHit, ReportIsf } from '../../../src/report/types.js';

// Plain score results for report tests, built deterministically from a seed. Contributions are listed
// base first and the score is their sum in that order, as the scorer guarantees.

const PACK = { packId: 'default', packVersion: '1.0.0' } as const;

interface RuleSpec {
  readonly ruleId: string;
  readonly title: string;
  readonly points: number;
  readonly message: string;
  readonly lane?: Lane;
}

/** Rules the builder draws from (ids and weights after DOMAIN.md's starting pack). */
export const RULES: readonly RuleSpec[] = [
  { ruleId: 'VAL-UNDERVALUED', title: 'Unit value below the HS6 reference', points: 20, message: 'Declared unit value 1.20 USD/kg is 12 % of the HS 610910 reference median 10.00 USD/kg' },
  { ruleId: 'WGT-NET-GT-GROSS', title: 'Net mass above gross mass', points: 15, message: 'Net mass 2,410 kg is above gross mass 2,160 kg on line 1' },
  { ruleId: 'PTY-FIRST-TIME', title: 'First-time importer', points: 15, message: 'No prior declarations by importer IMP-DE-009' },
  { ruleId: 'GDS-VAGUE', title: 'Vague goods description', points: 12, message: 'Description "parts" has fewer than 3 words' },
  { ruleId: 'GDS-HS-RISK', title: 'High-risk HS chapter', points: 10, message: 'HS chapter 85 is on the high-risk list' },
  { ruleId: 'RTE-ORIGIN-RISK', title: 'High-risk origin', points: 15, message: 'Origin XX is on the high-risk country list' },
  { ruleId: 'ISF-LATE', title: 'ISF filed late', points: 20, message: 'ISF filed 9 h before lading; 24 h required' },
  { ruleId: 'TRM-CASH', title: 'Cash in advance', points: 6, message: 'Payment terms: cash in advance' },
  { ruleId: 'PTY-TRUSTED', title: 'Trusted trader', points: -15, message: 'Importer is AEO certified' },
  { ruleId: 'PTY-WATCH', title: 'Watch-listed party', points: 0, lane: 'red', message: 'Seller SEL-77 is on the watch list' },
];

const FEATURES = [
  ['importer_finding_rate', "importer's past finding rate"],
  ['value_per_kg_ratio', 'value per kg against the HS6 reference'],
  ['hs_chapter', 'HS chapter'],
  ['origin_finding_rate', "origin's past finding rate"],
] as const;

/** A small seeded generator (mulberry32): the same seed gives the same batch. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The lane the builder assigns to a score without a forced lane. */
export function laneFor(score: number): Lane {
  if (score >= 60) return 'red';
  if (score >= 40) return 'yellow';
  if (score >= 30) return 'blue';
  return 'green';
}

/** A declaration with one line per description. */
export function buildDeclaration(id: string, descriptions: readonly string[] = ["Men's cotton knitted T-shirts"]): ReportDeclaration {
  return {
    id,
    lodgedAt: '2024-03-14T09:30:00+01:00',
    office: 'DEHAM1',
    transportMode: '10',
    importer: { id: 'IMP-DE-004512', name: 'Nordlicht Textil AG', country: 'DE' },
    seller: { id: 'SEL-BD-0091', name: 'Chittagong Knitwear Ltd', country: 'BD' },
    exportCountry: 'BD',
    portOfLoading: 'BDCGP',
    portOfDischarge: 'DEHAM',
    billOfLading: { master: 'MAEU240311877', house: `HBL-${id}` },
    incoterm: 'FOB',
    currency: 'USD',
    lines: descriptions.map((description, index) => ({
      lineNumber: index + 1,
      hsCode: '610910',
      description,
      originCountry: 'BD',
      quantity: 12000,
      quantityUnit: 'PCE',
      netMassKg: 2160,
      grossMassKg: 2410,
      customsValue: 38400,
      dutyRate: 12,
    })),
  };
}

/** An ISF-10 linked to a declaration. */
export function buildIsf(id: string): ReportIsf {
  const party = { name: 'Chittagong Knitwear Ltd', address: 'Plot 12, CEPZ, Chattogram', country: 'BD' };
  return {
    id,
    type: 'ISF-10',
    filedAt: '2024-03-01T08:00:00Z',
    estimatedLadingAt: '2024-03-01T17:00:00Z',
    billsOfLading: [{ master: 'MAEU240311877' }],
    seller: party,
    buyer: { name: 'Nordlicht Textil AG', address: 'Hamburg', country: 'DE' },
    shipTo: { name: 'Nordlicht Lager', address: 'Bremen', country: 'DE' },
    importerOfRecordNumber: 'IOR-55',
    consigneeNumbers: ['IOR-55'],
    lines: [{ lineNumber: 1, htsCode: '610910', originCountry: 'BD', manufacturer: party }],
    amendments: [{ at: '2024-03-02T10:00:00Z', elements: ['hts', 'origin'] }],
  };
}

/** Builds an entry from its rule hits and model points; score = base + all points, in that order. */
export function buildEntry(
  id: string,
  rules: readonly RuleSpec[],
  model: readonly number[] = [],
  extra: {
    readonly declaration?: ReportDeclaration;
    readonly isf?: ReportIsf;
    readonly base?: number;
    readonly lane?: Lane;
    readonly notEvaluated?: readonly string[];
  } = {},
): ReportEntry {
  const base = extra.base ?? 10;
  const hits: ReportHit[] = rules.map((rule) => ({
    ruleId: rule.ruleId,
    title: rule.title,
    points: rule.points,
    message: rule.message,
    ...(rule.lane === undefined ? {} : { lane: rule.lane }),
    ...PACK,
  }));
  const contributions: ReportContribution[] = [
    { source: 'base' as const, id: 'base', label: 'Base score', points: base },
    ...rules.map((rule) => ({ source: 'rule' as const, id: rule.ruleId, label: rule.title, points: rule.points })),
    ...model.map((points, index) => {
      const [feature, label] = FEATURES[index % FEATURES.length] ?? FEATURES[0];
      return { source: 'model' as const, id: feature, label, points };
    }),
  ];
  const score = contributions.reduce((sum, contribution) => sum + contribution.points, 0);
  const forced = rules.find((rule) => rule.lane !== undefined);
  const lane = extra.lane ?? forced?.lane ?? laneFor(score);
  const laneReason: LaneReason = forced === undefined ? 'threshold' : `rule:${forced.ruleId}`;
  const text = contributions.map((c) => `  ${c.points >= 0 ? '+' : ''}${c.points}  ${c.label}`).join('\n');
  const summary = `${id}: score ${Math.round(score * 100) / 100}, lane ${lane}`;
  const reasons = [
    ...rules.map((rule) => ({ source: 'rule' as const, id: rule.ruleId, label: rule.title, seen: rule.message, points: rule.points })),
    ...model.map((points, index) => {
      const [feature, label] = FEATURES[index % FEATURES.length] ?? FEATURES[0];
      return { source: 'model' as const, id: feature, label, seen: `${label}: ${points > 0 ? 'above' : 'below'} the usual`, points };
    }),
  ];
  return {
    id,
    score,
    lane,
    laneReason,
    hits,
    modelProbability: model.length === 0 ? null : Math.min(1, score / 100),
    contributions,
    explanation: {
      summary,
      text: `${summary}\n${text}`,
      reasons,
      notEvaluated: extra.notEvaluated ?? [],
      sources: model.length === 0 ? ['rules default 1.0.0'] : ['rules default 1.0.0', 'model test-forest 1'],
    },
    ...(extra.declaration === undefined ? {} : { declaration: extra.declaration }),
    ...(extra.isf === undefined ? {} : { isf: extra.isf }),
  };
}

/** `count` entries drawn from a seed, every third with an ISF, scores kept within 0–100. */
export function buildBatch(count: number, seed = 1): ReportEntry[] {
  const random = seededRandom(seed);
  const positive = RULES.filter((rule) => rule.points > 0);
  const entries: ReportEntry[] = [];
  for (let index = 0; index < count; index += 1) {
    const id = `DEC-${String(index + 1).padStart(6, '0')}`;
    const rules = positive.filter(() => random() < 0.18).slice(0, 4);
    if (random() < 0.1 && rules.reduce((sum, rule) => sum + rule.points, 0) >= 15) rules.push(RULES.find((rule) => rule.ruleId === 'PTY-TRUSTED') ?? positive[0]!);
    if (random() < 0.01) rules.push(RULES.find((rule) => rule.ruleId === 'PTY-WATCH') ?? positive[0]!);
    const model = [Math.round(random() * 120) / 10, Math.round((random() - 0.5) * 60) / 10];
    const declaration = buildDeclaration(id, [`Goods lot ${index % 97}`, 'Cotton hoodies']);
    const entry = buildEntry(id, rules, model, index % 3 === 0 ? { declaration, isf: buildIsf(`ISF-${index + 1}`) } : { declaration });
    entries.push(entry);
  }
  return entries;
}

/** Text that would run or inject markup if it were ever parsed as HTML or script. */
export const HOSTILE = `<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"></script><!-- \u2028\u2029 & "quotes" 'single'`;

/** A red entry whose description, rule title, message, label and party name all hold hostile text. */
export function buildHostileEntry(): ReportEntry {
  const declaration = buildDeclaration('DEC-HOSTILE', [HOSTILE]);
  return buildEntry(
    'DEC-HOSTILE',
    [{ ruleId: 'GDS-HOSTILE', title: `Vague ${HOSTILE}`, points: 60, message: `Description ${HOSTILE}` }],
    [],
    { declaration: { ...declaration, importer: { id: 'IMP-X', name: HOSTILE } } },
  );
}
