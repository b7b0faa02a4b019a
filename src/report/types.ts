import type { Lane } from '../types/Lane.js';
import type { Contribution, ExplanationReason, LaneReason } from '../scoring/ScoreResult.js';
import type { RuleHit } from '../types/RuleHit.js';

// The report reads scoring results only (ARCHITECTURE.md): these types are picked from the scorer's own
// result types, so that a `ScoreResult` is a `ReportEntry` (test/report/types.test.ts checks it) and so is
// the same result read back from JSONL. Declaration and ISF types are structural subsets for the same
// reason: a parsed `Declaration` or `IsfFiling` fits, and so does their JSON, where timestamps are strings.

/** One term of the score: the base, a rule hit, a model feature, or the clipping that keeps it in 0–100. */
export type ReportContribution = Pick<Contribution, 'source' | 'id' | 'label' | 'points'> & {
  readonly line?: number | undefined;
};

/** One reason of the explanation, with what was seen in words and numbers. */
export type ReportReason = Pick<ExplanationReason, 'source' | 'id' | 'label' | 'seen' | 'points'> & {
  readonly line?: number | undefined;
  readonly origin?: string | undefined;
};

/** The parts of the scorer's explanation the report shows; a JSONL line may carry only some of them. */
export interface ReportExplanation {
  /** The compact text block (`renderExplanationText`). */
  readonly text?: string | undefined;
  readonly summary?: string | undefined;
  readonly reasons?: readonly ReportReason[] | undefined;
  /** Rules that could not be evaluated, in words. */
  readonly notEvaluated?: readonly string[] | undefined;
  /** The rule pack and model of the result, e.g. `rules default 1.0.0`, `model kcs-rf 1`. */
  readonly sources?: readonly string[] | undefined;
}

/** The parts of a rule hit the report shows. */
export type ReportHit = Pick<RuleHit, 'ruleId' | 'title' | 'points' | 'message'> & {
  readonly [K in 'line' | 'lane' | 'category' | 'packId' | 'packVersion']?: RuleHit[K] | undefined;
};

/** A party as the report shows it. */
export interface ReportParty {
  readonly id?: string | undefined;
  readonly name?: string | undefined;
  readonly address?: string | undefined;
  readonly country?: string | undefined;
}

/** A bill of lading reference. */
export interface ReportBill {
  readonly master?: string | undefined;
  readonly house?: string | undefined;
}

/** A goods line of a declaration, as the report shows it. */
export interface ReportDeclarationLine {
  readonly lineNumber: number;
  readonly hsCode: string;
  readonly description?: string | undefined;
  readonly originCountry: string;
  readonly quantity?: number | undefined;
  readonly quantityUnit?: string | undefined;
  readonly netMassKg?: number | undefined;
  readonly grossMassKg?: number | undefined;
  readonly customsValue: number;
  readonly dutyRate?: number | undefined;
  readonly preference?: string | undefined;
}

/** A declaration's key facts; a parsed `Declaration` fits. */
export interface ReportDeclaration {
  readonly id: string;
  readonly lodgedAt: Date | string;
  readonly office: string;
  readonly procedureCodes?: readonly string[] | undefined;
  readonly transportMode?: string | undefined;
  readonly declarant?: ReportParty | undefined;
  readonly importer: ReportParty;
  readonly consignee?: ReportParty | undefined;
  readonly seller?: ReportParty | undefined;
  readonly buyer?: ReportParty | undefined;
  readonly exportCountry?: string | undefined;
  readonly portOfLoading?: string | undefined;
  readonly portOfDischarge?: string | undefined;
  readonly billOfLading?: ReportBill | undefined;
  readonly packages?: number | undefined;
  readonly incoterm?: string | undefined;
  readonly paymentTerms?: string | undefined;
  readonly currency: string;
  readonly relatedParty?: boolean | undefined;
  readonly lines: readonly ReportDeclarationLine[];
}

/** An ISF commodity line (ISF-10 has manufacturer and origin, ISF-5 only the HTS). */
export interface ReportIsfLine {
  readonly lineNumber: number;
  readonly htsCode: string;
  readonly originCountry?: string | undefined;
  readonly manufacturer?: ReportParty | undefined;
}

/** An ISF filing's key facts; a parsed `IsfFiling` (ISF-10 or ISF-5) fits. */
export interface ReportIsf {
  readonly id: string;
  readonly type: string;
  readonly filedAt: Date | string;
  readonly estimatedLadingAt?: Date | string | undefined;
  readonly estimatedArrivalAt?: Date | string | undefined;
  readonly flexibleFiling?: string | undefined;
  readonly billsOfLading?: readonly ReportBill[] | undefined;
  readonly seller?: ReportParty | undefined;
  readonly buyer?: ReportParty | undefined;
  readonly shipTo?: ReportParty | undefined;
  readonly stuffingLocation?: ReportParty | undefined;
  readonly consolidator?: ReportParty | undefined;
  readonly bookingParty?: ReportParty | undefined;
  readonly importerOfRecordNumber?: string | undefined;
  readonly consigneeNumbers?: readonly string[] | undefined;
  readonly foreignPortOfUnlading?: string | undefined;
  readonly placeOfDelivery?: string | undefined;
  readonly lines: readonly ReportIsfLine[];
  readonly amendments?: readonly { readonly at: Date | string; readonly elements: readonly string[] }[] | undefined;
}

/**
 * One scored record as the report reads it: the scorer's result, optionally with the declaration and the
 * linked ISF it was scored from (`{ ...scorer.score(declaration, { isf }), declaration, isf }`).
 */
export interface ReportEntry {
  /** The record's own id. */
  readonly id: string;
  /** 0–100. */
  readonly score: number;
  readonly lane: Lane;
  readonly laneReason: LaneReason;
  readonly hits: readonly ReportHit[];
  /** Null when scored without a model. */
  readonly modelProbability: number | null;
  /** Base, rules, model features and clipping; they sum to `score`. */
  readonly contributions: readonly ReportContribution[];
  /** The scorer's explanation: its reasons and text are shown in the case view when present. */
  readonly explanation?: ReportExplanation | undefined;
  readonly declaration?: ReportDeclaration | undefined;
  readonly isf?: ReportIsf | undefined;
}

/** A setting of the run, shown in the overview. */
export type ReportSetting = string | number | boolean | null;

/** Options of `renderReport`. */
export interface RenderReportOptions {
  /**
   * Page title.
   * @default 'Customs risk review'
   */
  readonly title?: string | undefined;
  /** Shown verbatim in the header. Omitted by default, so that the same input gives the same bytes. */
  readonly generatedAt?: string | undefined;
  /** Model version shown in the overview. @default 'none' (rules only) */
  readonly modelVersion?: string | undefined;
  /** Rule packs as `id@version`. @default the packs named by the hits, sorted */
  readonly rulePacks?: readonly string[] | undefined;
  /** The run's settings (seed, thresholds, input file …), shown in the overview in key order. */
  readonly settings?: Readonly<Record<string, ReportSetting>> | undefined;
  /**
   * Put green-lane records in the worklist too (they are always counted in the overview).
   * @default false
   */
  readonly includeGreen?: boolean | undefined;
  /**
   * Most records the worklist holds; beyond it, the highest-scored are kept and the page says so.
   * @default 20000
   */
  readonly maxCases?: number | undefined;
}
