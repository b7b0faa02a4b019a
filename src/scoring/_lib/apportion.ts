/**
 * Rounds real-valued shares to integers that add up to `total` exactly: each share is rounded to the nearest
 * integer, then the difference is settled one unit at a time on the shares whose rounding moved them the most
 * the other way (ties to the earlier share), so that no share moves by more than one unit from its rounding.
 * @param shares Real values, expected to add up to about `total`.
 * @param total An integer.
 */
export function apportion(shares: readonly number[], total: number): number[] {
  // `+ 0` turns the -0 that Math.round gives for small negative shares into 0.
  const rounded = new Array<number>(shares.length);
  let missing = total + 0;
  for (let index = 0; index < shares.length; index += 1) {
    const value = Math.round(shares[index] as number) + 0;
    rounded[index] = value;
    missing -= value;
  }
  if (missing === 0 || shares.length === 0) return rounded;
  const direction = missing > 0 ? 1 : -1;
  // Rounding error in the direction we need to move: the share that lost the most to rounding goes first.
  const order = shares.map((_, index) => index);
  const error = (index: number) => direction * ((shares[index] as number) - (rounded[index] as number));
  order.sort((a, b) => error(b) - error(a) || a - b);
  for (let step = 0; missing !== 0; step += 1) {
    const index = order[step % order.length] as number;
    rounded[index] = (rounded[index] as number) + direction;
    missing -= direction;
  }
  return rounded;
}
