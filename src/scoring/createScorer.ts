import type { DeclarationContext } from '../context/DeclarationContext.js';
import { deriveContext } from '../context/deriveContext.js';
import type { Issue } from '../records/Issue.js';
import type { Declaration } from '../records/declarationSchema.js';
import type { IsfFiling } from '../records/isfFilingSchema.js';
import { safeParseDeclaration } from '../records/parseDeclaration.js';
import { safeParseIsfFiling } from '../records/parseIsfFiling.js';
import type { ReferenceData } from '../reference/ReferenceData.js';
import type { ModelExplanation } from '../types/ModelExplanation.js';
import type { Lane } from '../types/Lane.js';
import type { RuleEvaluation } from '../types/RuleHit.js';
import type { RiskModelSource, RuleSourceInput, ScoreOptions, ScorerOptions } from './ScorerOptions.js';
import type { ScoreOutcome, ScoreRejection, ScoreResult } from './ScoreResult.js';
import { clipTenths, combine, hitTenths, modelPoints } from './_lib/combine.js';
import { decideLane } from './_lib/decideLane.js';
import { explain, sortReasons } from './_lib/explain.js';
import { fromTenths } from './_lib/format.js';
import { resolveModel, resolveRules } from './_lib/resolveSources.js';
import { resolvePolicy } from './_lib/resolvePolicy.js';

/** Scores declarations and ISF filings with one rule pack, one model and one policy. Stateless, reusable. */
export interface Scorer {
  /**
   * Validates and scores a declaration, with the ISF filed for its bill when given. Invalid input (the
   * declaration or the ISF) gives `{ ok: false, issues }`, never a score.
   */
  score(declaration: unknown, options?: ScoreOptions): ScoreOutcome;
  /** Validates and scores an ISF alone (pre-lading screening): rules only, the model scores declarations. */
  scoreIsf(isf: unknown): ScoreOutcome;
  /** Scores a declaration already validated by `parseDeclaration` (no second validation: for hot loops). */
  scoreParsed(declaration: Declaration, options?: { readonly isf?: IsfFiling | undefined }): ScoreResult;
  /** Scores an ISF already validated by `parseIsfFiling`. */
  scoreParsedIsf(isf: IsfFiling): ScoreResult;
}

const OPTION_KEYS = ['rules', 'model', 'reference', 'policy', 'modelReasons'];

function rawId(input: unknown): string | null {
  if (typeof input !== 'object' || input === null) return null;
  const id = (input as { id?: unknown }).id;
  return typeof id === 'string' ? id.trim() || null : typeof id === 'number' ? String(id) : null;
}

/**
 * What rules and model receive for one record. They read the same derived values, computed on first use,
 * once per record. A class rather than an object literal with a getter: V8 builds such literals slowly,
 * and this one is made for every record scored.
 */
class SharedInput implements RuleSourceInput {
  #context: DeclarationContext | undefined;

  constructor(
    private readonly declaration: Declaration,
    readonly isf: IsfFiling | undefined,
    readonly reference: ReferenceData | undefined,
  ) {}

  get context(): DeclarationContext {
    this.#context ??= deriveContext(this.declaration, { isf: this.isf, reference: this.reference });
    return this.#context;
  }
}

function checkReference(reference: unknown): ReferenceData | undefined {
  if (reference === undefined) return undefined;
  const candidate = reference as Partial<ReferenceData> | null;
  if (typeof candidate !== 'object' || candidate === null || typeof candidate.currency !== 'string' || !(candidate.hs6 instanceof Map)) {
    throw new TypeError('createScorer: options.reference must be reference data from buildReferenceData or parseReferenceData');
  }
  return candidate as ReferenceData;
}

/**
 * Creates a scorer from a rule pack, a model or both, optional reference data and a combination policy.
 * The score is additive and exact: base + rule points + calibrated model points (+ a clipping term that
 * keeps it within 0–100) equals the listed contributions. See docs/scoring.md for the policy.
 * @param options `rules` and/or `model` (at least one), `reference`, `policy`.
 * @returns A scorer; its methods are synchronous, do no I/O and keep no state between calls.
 * @throws TypeError / RangeError naming the option when an option is missing, of the wrong type or out of range.
 * @example
 * const scorer = createScorer({ rules: pack, model, reference, policy: { thresholds: { yellow: 40, red: 70 } } });
 * const result = scorer.score(declaration, { isf });
 * result.ok && result.lane //=> 'yellow'
 */
export function createScorer(options: ScorerOptions): Scorer {
  return createScorerWith(options, { lazyExplanations: false });
}

/** Options of the library's own callers (the batch), not part of the public API. */
export interface InternalScorerOptions {
  /** Explanations build their summary, rules not evaluated and text on first read (see `LazyExplanation`). */
  readonly lazyExplanations: boolean;
}

/** Label of the model's reason when the model counts as one term (no per-feature breakdown). */
export const WHOLE_MODEL_LABEL = 'risk model (all features)';

/** One reason of a {@link ScoreBrief}: what a CSV cell shows of it. */
export interface BriefReason {
  readonly source: 'rule' | 'model';
  readonly label: string;
  readonly points: number;
  readonly forcedLane?: Lane;
}

/**
 * Score, lane and top reasons of one declaration, for batch CSV output: exactly those of the full result
 * with the model as one term (label {@link WHOLE_MODEL_LABEL}), without building contributions and
 * explanation (measured: a third of the scorer's allocations).
 */
export interface ScoreBrief extends Pick<ScoreResult, 'ok' | 'id' | 'score' | 'lane' | 'laneReason' | 'hits'> {
  /** The first reasons of the explanation, in its order (at most the number asked for). */
  readonly reasons: readonly BriefReason[];
}

/** A scorer with the batch's extra entry point. */
export interface InternalScorer extends Scorer {
  /**
   * Score, lane and the top `topReasons` reasons of a validated declaration. Needs a model with `predict`
   * and `expectedValue` (a loaded model has both) when there is a model.
   */
  scoreParsedBrief(declaration: Declaration, options: { readonly isf?: IsfFiling | undefined } | undefined, topReasons: number): ScoreBrief;
}

/** `createScorer` with internal options; the batch uses it. */
export function createScorerWith(options: ScorerOptions, internal: InternalScorerOptions): InternalScorer {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError('createScorer: options must be an object such as { rules, model }');
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.includes(key)) throw new TypeError(`createScorer: unknown option ${key} (expected ${OPTION_KEYS.join(', ')})`);
  }
  const rules = resolveRules(options.rules);
  const model = resolveModel(options.model);
  if (rules === null && model === null) throw new TypeError('createScorer: options.rules or options.model is required');
  const reference = checkReference(options.reference);
  const policy = resolvePolicy(options.policy);
  const modelReasons = options.modelReasons ?? 'all';
  if (modelReasons !== 'all' && modelReasons !== 'flagged' && modelReasons !== 'none') {
    throw new TypeError(`createScorer: options.modelReasons must be "all", "flagged" or "none", received ${JSON.stringify(modelReasons)}`);
  }
  const brieflyFirst = modelReasons !== 'all' && model !== null;
  if (brieflyFirst && (typeof model.predict !== 'function' || typeof model.expectedValue !== 'number')) {
    throw new TypeError(`createScorer: options.modelReasons "${modelReasons}" needs a model with predict() and expectedValue`);
  }
  const ruleSources = rules === null ? [] : [`rules ${rules.id} ${rules.version}`];
  const sources = model === null ? ruleSources : [...ruleSources, `model ${model.version}`];
  const declarationInput = (declaration: Declaration, isf: IsfFiling | undefined): RuleSourceInput => new SharedInput(declaration, isf, reference);

  function finish(id: string, record: ScoreResult['record'], evaluation: RuleEvaluation | null, explanation: ModelExplanation | null): ScoreResult {
    const combined = combine(evaluation, explanation, policy);
    const score = combined.scoreTenths / 10;
    const hits = evaluation?.hits ?? [];
    const ruleErrors = evaluation?.errors ?? [];
    const { lane, laneReason } = decideLane(id, score, hits, policy);
    return {
      ok: true,
      id,
      record,
      score,
      lane,
      laneReason,
      hits,
      ruleErrors,
      modelProbability: explanation?.probability ?? null,
      contributions: combined.contributions,
      explanation: explain({ id, lane, laneReason, hits, ruleErrors, model: explanation, combined, policy, sources: explanation === null ? ruleSources : sources, hasRules: rules !== null, lazy: internal.lazyExplanations }),
    };
  }

  function scoreParsed(declaration: Declaration, scoreOptions?: { readonly isf?: IsfFiling | undefined }): ScoreResult {
    const input = declarationInput(declaration, scoreOptions?.isf);
    const evaluation = rules === null ? null : rules.evaluate(declaration, input);
    if (brieflyFirst) {
      // Score and lane need only the probability; the TreeSHAP breakdown is paid for flagged records only.
      const brief: ModelExplanation = {
        probability: (model.predict as NonNullable<RiskModelSource['predict']>)(declaration, input),
        expectedValue: model.expectedValue as number,
        contributions: [],
        modelVersion: model.version,
      };
      const result = finish(declaration.id, 'declaration', evaluation, brief);
      if (modelReasons === 'none' || result.lane === 'green') return result;
    }
    const explanation = model === null ? null : model.explain(declaration, input);
    return finish(declaration.id, 'declaration', evaluation, explanation);
  }

  function scoreParsedBrief(declaration: Declaration, scoreOptions: { readonly isf?: IsfFiling | undefined } | undefined, topReasons: number): ScoreBrief {
    const input = declarationInput(declaration, scoreOptions?.isf);
    const evaluation = rules === null ? null : rules.evaluate(declaration, input);
    const hits = evaluation?.hits ?? [];
    // The same terms, checks and rounding as `combine`, and the same reasons as `explain` would rank.
    const reasons: BriefReason[] = [];
    let raw = policy.baseTenths;
    for (const hit of hits) {
      const tenths = hitTenths(hit);
      raw += tenths;
      reasons.push(hit.lane === undefined ? { source: 'rule', label: hit.title, points: fromTenths(tenths) } : { source: 'rule', label: hit.title, points: fromTenths(tenths), forcedLane: hit.lane });
    }
    if (model !== null) {
      if (typeof model.predict !== 'function' || typeof model.expectedValue !== 'number') {
        throw new TypeError('createScorer: a brief score needs a model with predict() and expectedValue');
      }
      const modelTenths = Math.round(modelPoints(model.predict(declaration, input), model.expectedValue, model.version, policy) * 10);
      raw += modelTenths;
      if (modelTenths !== 0) reasons.push({ source: 'model', label: WHOLE_MODEL_LABEL, points: fromTenths(modelTenths) });
    }
    const score = clipTenths(raw) / 10;
    const { lane, laneReason } = decideLane(declaration.id, score, hits, policy);
    sortReasons(reasons);
    if (reasons.length > topReasons) reasons.length = topReasons;
    return { ok: true, id: declaration.id, score, lane, laneReason, hits, reasons };
  }

  function scoreParsedIsf(isf: IsfFiling): ScoreResult {
    const evaluation = rules === null ? null : (rules.evaluateIsf?.(isf, { reference }) ?? { hits: [], errors: [] });
    return finish(isf.id, 'isf', evaluation, null);
  }

  function reject(id: string | null, record: ScoreRejection['record'], issues: readonly Issue[]): ScoreRejection {
    const [first, ...rest] = issues;
    // Only called with at least one issue; the fallback keeps the non-empty type honest.
    return { ok: false, id, record, issues: first === undefined ? [{ code: 'invalid_value', path: [], message: '(record): invalid' }] : [first, ...rest] };
  }

  return {
    score(raw, scoreOptions) {
      const declaration = safeParseDeclaration(raw);
      const rawIsf = scoreOptions?.isf;
      const isf = rawIsf === undefined ? undefined : safeParseIsfFiling(rawIsf);
      const issues: Issue[] = declaration.success ? [] : [...declaration.issues];
      if (isf !== undefined && !isf.success) {
        for (const issue of isf.issues) issues.push({ ...issue, path: ['isf', ...issue.path], message: `isf.${issue.message}` });
      }
      if (!declaration.success || (isf !== undefined && !isf.success)) return reject(rawId(raw), 'declaration', issues);
      return scoreParsed(declaration.data, { isf: isf?.success ? isf.data : undefined });
    },
    scoreIsf(raw) {
      const isf = safeParseIsfFiling(raw);
      return isf.success ? scoreParsedIsf(isf.data) : reject(rawId(raw), 'isf', isf.issues);
    },
    scoreParsed,
    scoreParsedIsf,
    scoreParsedBrief,
  };
}
