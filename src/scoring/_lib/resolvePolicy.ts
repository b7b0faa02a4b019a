import type { ScoringPolicy } from '../ScoringPolicy.js';
import { makeCalibration, type Calibrate } from './calibration.js';

/** A validated policy with every default filled in; points in tenths (integers) where they add up. */
export interface ResolvedPolicy {
  /** Base points, in tenths. */
  readonly baseTenths: number;
  readonly calibrate: Calibrate;
  readonly thresholds: { readonly blue: number | null; readonly yellow: number; readonly red: number };
  readonly random: { readonly seed: string; readonly red: number; readonly yellow: number; readonly blue: number } | null;
}

/** The documented defaults of the combination policy. */
export const POLICY_DEFAULTS = {
  base: 20,
  calibration: { kind: 'logit', pointsPerLogit: 10, epsilon: 0.01 },
  thresholds: { yellow: 50, red: 75 },
} as const;

const PREFIX = 'createScorer:';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkKeys(value: Record<string, unknown>, name: string, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw new TypeError(`${PREFIX} unknown option ${name}.${key} (expected ${allowed.join(', ')})`);
  }
}

function finite(value: unknown, name: string): number {
  if (typeof value !== 'number') throw new TypeError(`${PREFIX} ${name} must be a number, received ${typeof value}`);
  if (!Number.isFinite(value)) throw new RangeError(`${PREFIX} ${name} must be finite, received ${value}`);
  return value;
}

function within(value: unknown, name: string, min: number, max: number): number {
  const number = finite(value, name);
  if (number < min || number > max) throw new RangeError(`${PREFIX} ${name} must be between ${min} and ${max}, received ${number}`);
  return number;
}

function resolveCalibration(value: unknown): Calibrate {
  if (value === undefined) return makeCalibration(POLICY_DEFAULTS.calibration);
  if (!isObject(value)) throw new TypeError(`${PREFIX} policy.calibration must be an object`);
  if (value['kind'] === 'logit') {
    checkKeys(value, 'policy.calibration', ['kind', 'pointsPerLogit', 'epsilon']);
    const pointsPerLogit = value['pointsPerLogit'] === undefined ? 10 : within(value['pointsPerLogit'], 'policy.calibration.pointsPerLogit', 0, 1000);
    const epsilon = value['epsilon'] === undefined ? 0.01 : within(value['epsilon'], 'policy.calibration.epsilon', 1e-9, 0.49);
    return makeCalibration({ kind: 'logit', pointsPerLogit, epsilon });
  }
  if (value['kind'] === 'piecewise') {
    checkKeys(value, 'policy.calibration', ['kind', 'knots']);
    const knots = value['knots'];
    if (!Array.isArray(knots) || knots.length < 2) throw new TypeError(`${PREFIX} policy.calibration.knots must be an array of at least 2 [probability, points] pairs`);
    const pairs: (readonly [number, number])[] = [];
    knots.forEach((knot: unknown, index) => {
      const name = `policy.calibration.knots[${index}]`;
      if (!Array.isArray(knot) || knot.length !== 2) throw new TypeError(`${PREFIX} ${name} must be a [probability, points] pair`);
      const p = within(knot[0], `${name}[0]`, 0, 1);
      const points = within(knot[1], `${name}[1]`, -100, 100);
      const previous = pairs[index - 1];
      // Monotone by construction: a higher probability may never give fewer points.
      if (previous !== undefined && p <= previous[0]) throw new RangeError(`${PREFIX} ${name}: probabilities must increase, ${p} follows ${previous[0]}`);
      if (previous !== undefined && points < previous[1]) throw new RangeError(`${PREFIX} ${name}: points must not decrease (monotone calibration), ${points} follows ${previous[1]}`);
      pairs.push([p, points]);
    });
    if (pairs[0]?.[0] !== 0 || pairs[pairs.length - 1]?.[0] !== 1) throw new RangeError(`${PREFIX} policy.calibration.knots must start at probability 0 and end at probability 1`);
    return makeCalibration({ kind: 'piecewise', knots: pairs });
  }
  throw new TypeError(`${PREFIX} policy.calibration.kind must be "logit" or "piecewise", received ${JSON.stringify(value['kind'])}`);
}

function resolveThresholds(value: unknown): ResolvedPolicy['thresholds'] {
  if (value === undefined) return { blue: null, ...POLICY_DEFAULTS.thresholds };
  if (!isObject(value)) throw new TypeError(`${PREFIX} policy.thresholds must be an object`);
  checkKeys(value, 'policy.thresholds', ['blue', 'yellow', 'red']);
  const read = (lane: string, fallback: number | null) => {
    if (value[lane] === undefined) return fallback;
    const threshold = within(value[lane], `policy.thresholds.${lane}`, 0, 1000);
    if (threshold === 0) throw new RangeError(`${PREFIX} policy.thresholds.${lane} must be above 0 (green is the lane below every threshold)`);
    return threshold;
  };
  const blue = read('blue', null);
  const yellow = read('yellow', POLICY_DEFAULTS.thresholds.yellow) as number;
  const red = read('red', POLICY_DEFAULTS.thresholds.red) as number;
  if (yellow >= red) throw new RangeError(`${PREFIX} policy.thresholds.yellow (${yellow}) must be below policy.thresholds.red (${red})`);
  if (blue !== null && blue >= yellow) throw new RangeError(`${PREFIX} policy.thresholds.blue (${blue}) must be below policy.thresholds.yellow (${yellow})`);
  return { blue, yellow, red };
}

function resolveRandom(value: unknown, blueEnabled: boolean): ResolvedPolicy['random'] {
  if (value === undefined) return null;
  if (!isObject(value)) throw new TypeError(`${PREFIX} policy.random must be an object`);
  checkKeys(value, 'policy.random', ['seed', 'rates']);
  const seed = value['seed'];
  if (typeof seed !== 'string') throw new TypeError(`${PREFIX} policy.random.seed must be a string, received ${typeof seed}`);
  const rates = value['rates'];
  if (!isObject(rates)) throw new TypeError(`${PREFIX} policy.random.rates must be an object such as { red: 0.01, yellow: 0.02 }`);
  checkKeys(rates, 'policy.random.rates', ['red', 'yellow', 'blue']);
  const rate = (lane: string) => (rates[lane] === undefined ? 0 : within(rates[lane], `policy.random.rates.${lane}`, 0, 1));
  const red = rate('red');
  const yellow = rate('yellow');
  const blue = rate('blue');
  if (blue > 0 && !blueEnabled) throw new RangeError(`${PREFIX} policy.random.rates.blue needs the blue lane: set policy.thresholds.blue`);
  if (red + yellow + blue > 1) throw new RangeError(`${PREFIX} policy.random.rates must add up to at most 1, received ${red + yellow + blue}`);
  return { seed, red, yellow, blue };
}

/**
 * Validates a policy and fills in the defaults.
 * @throws TypeError for a value of the wrong type or an unknown key, RangeError for a value out of range;
 * both name the option.
 */
export function resolvePolicy(policy: ScoringPolicy | undefined): ResolvedPolicy {
  if (policy !== undefined && !isObject(policy)) throw new TypeError(`${PREFIX} policy must be an object`);
  const raw: Record<string, unknown> = policy ?? {};
  checkKeys(raw, 'policy', ['base', 'calibration', 'thresholds', 'random']);
  const base = raw['base'] === undefined ? POLICY_DEFAULTS.base : within(raw['base'], 'policy.base', 0, 100);
  const thresholds = resolveThresholds(raw['thresholds']);
  return {
    baseTenths: Math.round(base * 10),
    calibrate: resolveCalibration(raw['calibration']),
    thresholds,
    random: resolveRandom(raw['random'], thresholds.blue !== null),
  };
}
