/**
 * Selectivity lanes: `red` physical examination, `yellow` documentary check, `blue` release now with
 * post-clearance audit, `green` release.
 */
export type Lane = 'green' | 'yellow' | 'red' | 'blue';

/** Lanes from least to most severe, for comparisons ("the stricter of two lanes"). */
export const LANE_SEVERITY: Readonly<Record<Lane, number>> = { green: 0, blue: 1, yellow: 2, red: 3 };
