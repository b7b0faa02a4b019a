/** Tenths of a point as the number shown and serialised: 123 → 12.3, 200 → 20. */
export const fromTenths = (tenths: number): number => tenths / 10 + 0; // + 0: never a -0 in results

/** Points with their sign, one decimal only when needed: `+20`, `+3.4`, `-15`, `0`. */
export function formatPoints(points: number): string {
  if (points === 0) return '0';
  const text = Number.isInteger(points) ? String(Math.abs(points)) : Math.abs(points).toFixed(1);
  return `${points > 0 ? '+' : '-'}${text}`;
}
