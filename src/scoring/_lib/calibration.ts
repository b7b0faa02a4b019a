import type { ModelCalibration } from '../ScoringPolicy.js';

/** A resolved, monotone map from probability to points. */
export interface Calibrate {
  (probability: number): number;
  /** Slope at a probability (points per unit of probability), used when the secant is undefined. */
  slope(probability: number): number;
}

/** Builds the calibration function of a validated policy. */
export function makeCalibration(calibration: Required<ModelCalibration> | ModelCalibration): Calibrate {
  if (calibration.kind === 'logit') {
    const scale = calibration.pointsPerLogit ?? 10;
    const epsilon = calibration.epsilon ?? 0.01;
    const clamp = (p: number) => Math.min(1 - epsilon, Math.max(epsilon, p));
    const points = ((p: number) => {
      const q = clamp(p);
      return scale * Math.log(q / (1 - q));
    }) as Calibrate;
    points.slope = (p) => (p < epsilon || p > 1 - epsilon ? 0 : scale / (p * (1 - p)));
    return points;
  }
  const knots = calibration.knots;
  const segment = (p: number) => {
    let index = 1;
    while (index < knots.length - 1 && (knots[index] as readonly [number, number])[0] < p) index += 1;
    return [knots[index - 1] as readonly [number, number], knots[index] as readonly [number, number]] as const;
  };
  const points = ((p: number) => {
    const [[x0, y0], [x1, y1]] = segment(p);
    return x1 === x0 ? y1 : y0 + ((y1 - y0) * (p - x0)) / (x1 - x0);
  }) as Calibrate;
  points.slope = (p) => {
    const [[x0, y0], [x1, y1]] = segment(p);
    return x1 === x0 ? 0 : (y1 - y0) / (x1 - x0);
  };
  return points;
}
