/**
 * The integrity check failed: rows read ≠ rows scored + rows rejected. Never expected; it means a row was
 * lost or counted twice, so the run's output must not be trusted (and is not committed).
 */
export class IntegrityError extends Error {
  override name = 'IntegrityError' as const;
}
