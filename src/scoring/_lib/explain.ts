import { LANE_SEVERITY, type Lane } from '../../types/Lane.js';
import type { ModelExplanation } from '../../types/ModelExplanation.js';
import type { RuleError, RuleHit } from '../../types/RuleHit.js';
import { renderExplanationText, type RenderExplanationTextOptions } from '../renderExplanationText.js';
import type { ExplanationReason, LaneReason, ScoreBreakdown, ScoreExplanation, ScoreExplanationData } from '../ScoreResult.js';
import type { Combined } from './combine.js';
import { fromTenths } from './format.js';
import type { ResolvedPolicy } from './resolvePolicy.js';

/** A live explanation: the data as own properties, `toText` on the prototype so that JSON leaves it out. */
class Explanation implements ScoreExplanation {
  readonly summary: string;
  readonly reasons: readonly ExplanationReason[];
  readonly breakdown: ScoreBreakdown;
  readonly notEvaluated: readonly string[];
  readonly sources: readonly string[];
  readonly text: string;

  constructor(input: ExplainInput, reasons: readonly ExplanationReason[], breakdown: ScoreBreakdown) {
    this.summary = summaryOf(input, breakdown.score);
    this.reasons = reasons;
    this.breakdown = breakdown;
    this.notEvaluated = groupErrors(input.ruleErrors);
    this.sources = input.sources;
    this.text = renderExplanationText(this);
  }

  toText(options?: RenderExplanationTextOptions): string {
    return options === undefined ? this.text : renderExplanationText(this, options);
  }
}

/**
 * The same explanation with the summary, the rules not evaluated and the text built on first read, for
 * batches: a batch writing CSV reads only the top reasons, and building every string it never prints
 * measured about a tenth of the scorer's time. `toJSON` gives the same JSON, key order included. Not
 * given to library users: spreading or cloning it would drop the lazy parts.
 */
class LazyExplanation implements ScoreExplanation {
  readonly reasons: readonly ExplanationReason[];
  readonly breakdown: ScoreBreakdown;
  readonly sources: readonly string[];
  readonly #input: ExplainInput;
  #summary: string | undefined;
  #notEvaluated: readonly string[] | undefined;
  #text: string | undefined;

  constructor(input: ExplainInput, reasons: readonly ExplanationReason[], breakdown: ScoreBreakdown) {
    this.#input = input;
    this.reasons = reasons;
    this.breakdown = breakdown;
    this.sources = input.sources;
  }

  get summary(): string {
    this.#summary ??= summaryOf(this.#input, this.breakdown.score);
    return this.#summary;
  }

  get notEvaluated(): readonly string[] {
    this.#notEvaluated ??= groupErrors(this.#input.ruleErrors);
    return this.#notEvaluated;
  }

  get text(): string {
    this.#text ??= renderExplanationText(this);
    return this.#text;
  }

  toText(options?: RenderExplanationTextOptions): string {
    return options === undefined ? this.text : renderExplanationText(this, options);
  }

  toJSON(): ScoreExplanationData {
    const { summary, reasons, breakdown, notEvaluated, sources, text } = this;
    return { summary, reasons, breakdown, notEvaluated, sources, text };
  }
}

/** What the explanation is built from. */
export interface ExplainInput {
  readonly id: string;
  readonly lane: Lane;
  readonly laneReason: LaneReason;
  readonly hits: readonly RuleHit[];
  readonly ruleErrors: readonly RuleError[];
  readonly model: ModelExplanation | null;
  readonly combined: Combined;
  readonly policy: ResolvedPolicy;
  readonly sources: readonly string[];
  readonly hasRules: boolean;
  /** Build the summary, the rules not evaluated and the text on first read (batches only). */
  readonly lazy?: boolean;
}

function summaryOf(input: ExplainInput, score: number): string {
  return `${input.id}: score ${score} of 100, lane ${input.lane} (${laneWhy(input.lane, input.laneReason, input.policy)})`;
}

function laneWhy(lane: Lane, laneReason: LaneReason, policy: ResolvedPolicy): string {
  if (laneReason === 'random') return 'random selection';
  if (laneReason !== 'threshold') return `forced by rule ${laneReason.slice('rule:'.length)}`;
  const { blue, yellow, red } = policy.thresholds;
  if (lane === 'green') return `score below ${blue ?? yellow}`;
  return `score at or above ${lane === 'red' ? red : lane === 'yellow' ? yellow : blue}`;
}

function ruleReason(hit: RuleHit, points: number): ExplanationReason {
  // One object with the optional keys added in place: the JSON key order stays source … origin, forcedLane, line.
  const reason: { -readonly [K in keyof ExplanationReason]: ExplanationReason[K] } = {
    source: 'rule',
    id: hit.ruleId,
    label: hit.title,
    seen: hit.message,
    points,
    origin: `rule ${hit.ruleId}, pack ${hit.packId} ${hit.packVersion}`,
  };
  if (hit.lane !== undefined) reason.forcedLane = hit.lane;
  if (hit.line !== undefined) reason.line = hit.line;
  return reason;
}

/** What ranking a reason reads. */
export interface RankedReason {
  readonly source: 'rule' | 'model';
  readonly points: number;
  readonly forcedLane?: Lane;
}

/** Ranks: forced lanes first (most severe first), then by absolute points, then rules before model. */
function compareReasons(a: RankedReason, b: RankedReason): number {
  const forced = (a.forcedLane === undefined ? -1 : LANE_SEVERITY[a.forcedLane]) - (b.forcedLane === undefined ? -1 : LANE_SEVERITY[b.forcedLane]);
  if (forced !== 0) return -forced;
  const size = Math.abs(b.points) - Math.abs(a.points);
  if (size !== 0) return size;
  if (a.source !== b.source) return a.source === 'rule' ? -1 : 1;
  return 0;
}

/** One entry per rule, in the order rules first failed, with the lines it failed on and its first reason. */
function groupErrors(errors: readonly RuleError[]): string[] {
  if (errors.length === 0) return [];
  const byRule = new Map<string, { title: string; lines: number[]; reason: string }>();
  for (const error of errors) {
    let entry = byRule.get(error.ruleId);
    if (entry === undefined) {
      entry = { title: error.title, lines: [], reason: error.reason };
      byRule.set(error.ruleId, entry);
    }
    if (error.line !== undefined) entry.lines.push(error.line);
  }
  return [...byRule].map(([ruleId, { title, lines, reason }]) => {
    const where = lines.length === 0 ? '' : ` (line${lines.length === 1 ? '' : 's'} ${lines.join(', ')})`;
    return `${ruleId} ${title}${where}: ${reason}`;
  });
}

/**
 * Stable insertion sort by `compareReasons`. A record has a handful of reasons; Array.prototype.sort
 * allocates a work array on every call, which measured about a tenth of the scorer's allocation.
 */
export function sortReasons<R extends RankedReason>(reasons: R[]): void {
  for (let i = 1; i < reasons.length; i += 1) {
    const reason = reasons[i] as R;
    let j = i - 1;
    while (j >= 0 && compareReasons(reasons[j] as R, reason) > 0) {
      reasons[j + 1] = reasons[j] as R;
      j -= 1;
    }
    reasons[j + 1] = reason;
  }
}

/** Builds the ranked, officer-readable explanation of one result. */
export function explain(input: ExplainInput): ScoreExplanation {
  const { combined, model } = input;
  const reasons: ExplanationReason[] = [];
  for (const hit of input.hits) reasons.push(ruleReason(hit, fromTenths(Math.round(hit.points * 10))));
  if (model !== null) {
    // A multi-line declaration is scored by the model as its riskiest line: its reasons say which line.
    const line = model.lineNumber;
    const prefix = line === undefined ? '' : `line ${line}: `;
    model.contributions.forEach((feature, index) => {
      const tenths = combined.modelTenths[index] as number;
      if (tenths === 0) return;
      const reason: ExplanationReason = {
        source: 'model',
        id: feature.feature,
        label: feature.label,
        seen: `${prefix}${feature.label}: ${feature.formatted}`,
        points: fromTenths(tenths),
        origin: `model feature ${feature.feature}, model ${model.modelVersion}`,
      };
      reasons.push(line === undefined ? reason : { ...reason, line });
    });
  }
  // The sort is stable: equal reasons keep the rules' evaluation order and the model's order.
  sortReasons(reasons);
  return new (input.lazy === true ? LazyExplanation : Explanation)(input, reasons, {
    base: fromTenths(combined.baseTenths),
    rules: input.hasRules ? fromTenths(combined.ruleTenths) : null,
    model: model === null ? null : fromTenths(combined.modelTotalTenths),
    clipping: fromTenths(combined.clippingTenths),
    score: fromTenths(combined.scoreTenths),
  });
}
