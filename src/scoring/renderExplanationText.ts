import type { ExplanationReason, ScoreExplanationData } from './ScoreResult.js';
import { formatPoints } from './_lib/format.js';

/** Options of `renderExplanationText`. */
export interface RenderExplanationTextOptions {
  /** Most reasons listed one per line besides forced-lane reasons (always listed); the rest are summed up in one line. @default 6 */
  readonly maxReasons?: number;
}

/**
 * Renders an explanation as the compact text block an officer reads in ten seconds: the summary, the main
 * reasons with their points, how the score adds up, the checks that could not run and the sources. Works on
 * a live result's explanation and on one read back from JSON.
 * @param explanation `result.explanation`.
 * @example
 * renderExplanationText(result.explanation)
 * //=> 'DEC-1: score 62 of 100, lane yellow (score at or above 50)\n  +20  ISF filed 9 h before lading; 24 h required  [rule …]\n…'
 */
export function renderExplanationText(explanation: Omit<ScoreExplanationData, 'text'>, options: RenderExplanationTextOptions = {}): string {
  const maxReasons = options.maxReasons ?? 6;
  const lines = [explanation.summary];
  // Forced-lane reasons always show and do not count against maxReasons; hiding a single reason behind
  // "1 smaller reason" saves no line.
  let forced = 0;
  while (explanation.reasons[forced]?.forcedLane !== undefined) forced += 1;
  const limit = forced + maxReasons;
  const shown = explanation.reasons.slice(0, explanation.reasons.length === limit + 1 ? limit + 1 : limit);
  // A hard rule that forces a lane with no points shows its lane where the points would be.
  const column = (reason: ExplanationReason) =>
    reason.forcedLane !== undefined && reason.points === 0 ? reason.forcedLane.toUpperCase() : formatPoints(reason.points);
  const width = Math.max(4, ...shown.map((reason) => column(reason).length));
  for (const reason of shown) {
    const forced = reason.forcedLane === undefined || reason.points === 0 ? '' : `, forces ${reason.forcedLane}`;
    const where = reason.source === 'rule' ? `rule ${reason.id}` : `model: ${reason.id}`;
    lines.push(`  ${column(reason).padStart(width)}  ${reason.seen}  [${where}${forced}]`);
  }
  const rest = explanation.reasons.slice(shown.length);
  if (rest.length > 0) {
    const tenths = rest.reduce((sum, reason) => sum + Math.round(reason.points * 10), 0);
    lines.push(`  ${formatPoints(tenths / 10).padStart(width)}  ${rest.length} smaller reason${rest.length === 1 ? '' : 's'}`);
  }
  const { base, rules, model, clipping, score } = explanation.breakdown;
  let sum = `base ${base}`;
  const add = (name: string, points: number) => {
    sum += points < 0 ? ` - ${name} ${-points}` : ` + ${name} ${points}`;
  };
  if (rules !== null) add('rules', rules);
  if (model !== null) add('model', model);
  if (clipping !== 0) add(clipping < 0 ? 'capped' : 'floored', clipping);
  lines.push(`  ${sum} = ${score}`);
  const notEvaluated = explanation.notEvaluated;
  if (notEvaluated.length > 0) {
    // Rule ids (each entry starts with one), then the first entry in full: usually one cause (no reference
    // data, no ISF) explains them all.
    const ids = notEvaluated.map((entry) => entry.slice(0, entry.indexOf(' ') === -1 ? undefined : entry.indexOf(' ')));
    lines.push(`  not evaluated: ${ids.join(', ')}`);
    lines.push(`    first: ${notEvaluated[0] as string}`);
  }
  if (explanation.sources.length > 0) lines.push(`  sources: ${explanation.sources.join(', ')}`);
  return lines.join('\n');
}
