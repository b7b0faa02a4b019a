import { LANE_SEVERITY, type Lane } from '../../types/Lane.js';
import type { RuleHit } from '../../types/RuleHit.js';
import type { LaneReason } from '../ScoreResult.js';
import { selectionDraw } from '../selectionDraw.js';
import type { ResolvedPolicy } from './resolvePolicy.js';

/** The lane a score reaches by the thresholds alone. */
export function thresholdLane(score: number, thresholds: ResolvedPolicy['thresholds']): Lane {
  if (score >= thresholds.red) return 'red';
  if (score >= thresholds.yellow) return 'yellow';
  if (thresholds.blue !== null && score >= thresholds.blue) return 'blue';
  return 'green';
}

/**
 * Decides the lane in the order selectivity systems use: a hard rule's forced lane wins (the most severe one
 * when several rules force a lane, the first hit among equals); otherwise the thresholds; then the minimum
 * random selection may move a record to a stricter lane, never to a milder one.
 */
export function decideLane(
  id: string,
  score: number,
  hits: readonly RuleHit[],
  policy: ResolvedPolicy,
): { readonly lane: Lane; readonly laneReason: LaneReason } {
  let forced: RuleHit | undefined;
  for (const hit of hits) {
    if (hit.lane !== undefined && (forced === undefined || LANE_SEVERITY[hit.lane] > LANE_SEVERITY[forced.lane as Lane])) forced = hit;
  }
  if (forced !== undefined) return { lane: forced.lane as Lane, laneReason: `rule:${forced.ruleId}` };

  const lane = thresholdLane(score, policy.thresholds);
  const random = policy.random;
  if (random === null || lane === 'red') return { lane, laneReason: 'threshold' };
  // One draw for all lanes: the red, yellow and blue samples are disjoint slices of [0, 1).
  const draw = selectionDraw(random.seed, id);
  let selected: Lane | null = null;
  if (draw < random.red) selected = 'red';
  else if (draw < random.red + random.yellow) selected = 'yellow';
  else if (draw < random.red + random.yellow + random.blue) selected = 'blue';
  if (selected !== null && LANE_SEVERITY[selected] > LANE_SEVERITY[lane]) return { lane: selected, laneReason: 'random' };
  return { lane, laneReason: 'threshold' };
}
