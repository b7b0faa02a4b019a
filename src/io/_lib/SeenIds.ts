/**
 * The declaration ids seen so far, for `duplicate_id`. Ids that are canonical whole numbers of up to 15
 * digits (the KCS ids, most customs reference numbers) are kept as numbers: a number key is exact for
 * them (distinct canonical strings give distinct numbers), costs a fraction of a string key and adds no
 * strings for the garbage collector to trace. Every other id is kept as a string.
 */
export class SeenIds {
  private readonly numbers = new Set<number>();
  private readonly strings = new Set<string>();

  /** Records `id`; returns true when it was seen before. */
  seen(id: string): boolean {
    const key = numericKey(id);
    if (key === -1) {
      if (this.strings.has(id)) return true;
      this.strings.add(id);
      return false;
    }
    if (this.numbers.has(key)) return true;
    this.numbers.add(key);
    return false;
  }
}

function numericKey(id: string): number {
  const length = id.length;
  if (length === 0 || length > 15 || (id.charCodeAt(0) === 48 && length > 1)) return -1;
  let value = 0;
  for (let i = 0; i < length; i++) {
    const c = id.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    value = value * 10 + (c - 48);
  }
  return value;
}
