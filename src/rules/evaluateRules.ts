import { deriveContext } from '../context/deriveContext.js';
import { deriveIsfContext } from '../context/deriveIsfContext.js';
import type { DeclarationContext, LineContext } from '../context/DeclarationContext.js';
import type { Declaration } from '../records/declarationSchema.js';
import type { IsfFiling } from '../records/isfFilingSchema.js';
import type { ReferenceData } from '../reference/ReferenceData.js';
import type { ReadValue, RuleError, RuleEvaluation, RuleHit } from '../types/RuleHit.js';
import type { RulePack } from './RulePack.js';
import type { CompiledPack, CompiledRule, ReadField } from './_lib/compilePack.js';
import { compiledOf } from './_lib/packRegistry.js';
import { EvalFailure, type Evaluator, type Frame, type Value, type ValueType } from './_lib/runtime.js';

/** Options of `evaluateRules`. */
export interface EvaluateRulesOptions {
  /** The ISF filed for the declaration's bill; `isf`, `declaration+isf` and `line+isf` rules need it. */
  readonly isf?: IsfFiling | undefined;
  /** Reference data; history-based fields are missing without it (rules reading them report an error). */
  readonly reference?: ReferenceData | undefined;
  /**
   * Derived values computed earlier by `deriveContext` for the same declaration, ISF and reference, so that
   * rules and model share one computation. When given, `isf` and `reference` are taken from it.
   */
  readonly context?: DeclarationContext | undefined;
}

function readValue(value: Value, type: ValueType): ReadValue {
  if (value === null) return null;
  if (type === 'date' && typeof value === 'number') return new Date(value).toISOString();
  if (Array.isArray(value)) return value.join(', ');
  return value as ReadValue;
}

/**
 * Runs a compiled pack over one declaration (and its ISF): each enabled rule in effect at the lodging time
 * is evaluated in its scope (per line for line rules). A rule that cannot be evaluated for this record is
 * reported in `errors` with its reason; the other rules still run. Deterministic: hits and errors come in
 * pack order, line rules line by line.
 * @param pack A pack from `loadRulePack`.
 * @param declaration A validated declaration.
 * @example
 * evaluateRules(pack, declaration, { isf, reference }).hits[0]?.message
 * //=> 'Declared value 1.20 USD/kg is 12 % of the HS 610910 reference median 10.00 USD/kg'
 */
export function evaluateRules(pack: RulePack, declaration: Declaration, options: EvaluateRulesOptions = {}): RuleEvaluation {
  const context = options.context ?? deriveContext(declaration, { isf: options.isf, reference: options.reference });
  return run(pack, { ctx: context, isf: context.isf, line: null, outerLine: null, lets: [], letMask: 0, failure: '' }, declaration.lodgedAt.getTime(), declaration.currency);
}

/**
 * Runs the `isf` rules of a pack over an ISF on its own (before any entry exists); rules of other scopes
 * do not apply. The effective dates are compared with the filing time.
 * @example
 * evaluateIsfRules(pack, isf).hits.map((hit) => hit.ruleId) //=> ['ISF-001']
 */
export function evaluateIsfRules(pack: RulePack, isf: IsfFiling, options: { readonly declaration?: Declaration } = {}): RuleEvaluation {
  const frame: Frame = { ctx: null, isf: deriveIsfContext(isf, options.declaration), line: null, outerLine: null, lets: [], letMask: 0, failure: '' };
  return run(pack, frame, isf.filedAt.getTime(), null);
}

/** Where one evaluation collects its results, passed to `visit` so that no closure is made per rule. */
interface RunState {
  readonly hits: RuleHit[];
  readonly errors: RuleError[];
  readonly packId: string;
  readonly packVersion: string;
  readonly currency: string | null;
}

// The last pack evaluated and its compiled form: a batch evaluates one pack for every record, and the
// WeakMap lookup would otherwise be paid per record.
let lastPack: RulePack | undefined;
let lastCompiled: CompiledPack | undefined;

function run(pack: RulePack, frame: Frame, time: number, currency: string | null): RuleEvaluation {
  let compiled = lastCompiled;
  if (pack !== lastPack || compiled === undefined) {
    compiled = compiledOf(pack);
    lastPack = pack;
    lastCompiled = compiled;
  }
  const meta = compiled.pack;
  const hits: RuleHit[] = [];
  const errors: RuleError[] = [];
  if ((meta.effectiveFrom !== null && time < meta.effectiveFrom) || (meta.effectiveTo !== null && time >= meta.effectiveTo)) return { hits, errors };
  const ctx = frame.ctx;
  const rules = ctx !== null ? (frame.isf !== null ? compiled.declarationAndIsf : compiled.declarationOnly) : frame.isf !== null ? compiled.isfOnly : NO_RULES;
  const state: RunState = { hits, errors, packId: meta.id, packVersion: meta.version, currency };
  for (let i = 0; i < rules.length; i += 1) {
    const rule = rules[i] as CompiledRule;
    if (time < rule.from || time >= rule.to) continue;
    if (!rule.scope.perLine) {
      visit(rule, frame, state);
      continue;
    }
    // A line rule only ever runs with a declaration (its scope needs one).
    const lines = (ctx as DeclarationContext).lines;
    for (let n = 0; n < lines.length; n += 1) {
      frame.line = lines[n] as LineContext;
      visit(rule, frame, state);
    }
    frame.line = null;
  }
  return { hits, errors };
}

const NO_RULES: readonly CompiledRule[] = [];

/** Evaluates the rule for the frame's current binding. */
function visit(rule: CompiledRule, frame: Frame, state: RunState): void {
  const line = frame.line;
  let reason: string;
  try {
    frame.letMask = 0;
    const fired = rule.when(frame);
    if (fired === true) state.hits.push(hit(rule, frame, state));
    if (fired === true || fired === false) return;
    // Most failures (a missing value) come back as undefined with the reason in the frame; others throw.
    reason = fired === undefined ? frame.failure : NOT_A_CONDITION;
  } catch (error) {
    if (!(error instanceof EvalFailure)) throw error;
    reason = error.message;
  }
  // A failure inside a line aggregate leaves the aggregate's line bound: restore the scope's binding.
  frame.line = line;
  frame.outerLine = null;
  const info = rule.info;
  // One literal per shape (with or without a line), keys in the order the results have always had.
  state.errors.push(
    line === null
      ? { ruleId: info.id, title: info.title, reason, packId: state.packId, packVersion: state.packVersion }
      : { ruleId: info.id, title: info.title, reason, packId: state.packId, packVersion: state.packVersion, line: line.lineNumber },
  );
}

const NOT_A_CONDITION = 'the condition gave no true or false';

function hit(rule: CompiledRule, frame: Frame, state: RunState): RuleHit {
  // Each value is read once, kept raw for the message and converted for the audit trail.
  const raw = rule.scratch;
  const values: Record<string, ReadValue> = {};
  const reads = rule.reads;
  const count = reads.length;
  for (let i = 0; i < count; i += 1) {
    const read = reads[i] as ReadField;
    const value = read.get(frame);
    raw[i] = value;
    values[read.path] = read.plain ? (value as ReadValue) : readValue(value, read.type);
  }
  const letNames = rule.letNames;
  for (let i = 0; i < letNames.length; i += 1) {
    // Named values the condition did not need are computed now, for the message and the audit trail.
    if ((frame.letMask & (1 << i)) === 0) {
      try {
        frame.lets[i] = (rule.lets[i] as Evaluator)(frame);
      } catch (error) {
        if (!(error instanceof EvalFailure)) throw error;
        frame.lets[i] = null;
      }
      frame.letMask |= 1 << i;
    }
    const value = frame.lets[i] ?? null;
    raw[count + i] = value;
    values[letNames[i] as string] = readValue(value, rule.letTypes[i] ?? 'any');
  }
  const info = rule.info;
  const message = rule.message(raw, state.currency);
  const line = frame.line;
  // One literal per shape, keys in the order the results have always had (lane and line last).
  if (info.lane === undefined) {
    return line === null
      ? { ruleId: info.id, title: info.title, description: info.description, category: info.category, points: info.points, message, values, packId: state.packId, packVersion: state.packVersion }
      : { ruleId: info.id, title: info.title, description: info.description, category: info.category, points: info.points, message, values, packId: state.packId, packVersion: state.packVersion, line: line.lineNumber };
  }
  return line === null
    ? { ruleId: info.id, title: info.title, description: info.description, category: info.category, points: info.points, message, values, packId: state.packId, packVersion: state.packVersion, lane: info.lane }
    : { ruleId: info.id, title: info.title, description: info.description, category: info.category, points: info.points, message, values, packId: state.packId, packVersion: state.packVersion, lane: info.lane, line: line.lineNumber };
}
