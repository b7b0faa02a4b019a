// Party names on an ISF and an entry are typed by different people: compare them without case,
// punctuation, spacing or the legal form, which are the usual harmless differences.
const LEGAL_FORMS = new Set([
  'llc', 'inc', 'incorporated', 'ltd', 'limited', 'co', 'company', 'corp', 'corporation', 'gmbh', 'ag', 'sa', 'sas',
  'srl', 'spa', 'bv', 'nv', 'plc', 'pte', 'pty', 'kg', 'oy', 'ab', 'as', 'sarl', 'kk', 'the',
]);

/** Lower-cased alphanumeric words of a party name, legal forms removed, joined by one space. */
export function normalizePartyName(name: string): string {
  const words = name.toLowerCase().split(/[^\p{L}\p{N}]+/u);
  const kept: string[] = [];
  for (const word of words) if (word !== '' && !LEGAL_FORMS.has(word)) kept.push(word);
  return kept.join(' ');
}

interface PartyLike {
  readonly id?: string | undefined;
  readonly name?: string | undefined;
}

/** Same id when both have one, else the same normalised name; null when there is nothing to compare. */
export function sameParty(a: PartyLike, b: PartyLike): boolean | null {
  if (a.id !== undefined && b.id !== undefined && a.id === b.id) return true;
  if (a.name === undefined || b.name === undefined) return a.id !== undefined && b.id !== undefined ? false : null;
  return normalizePartyName(a.name) === normalizePartyName(b.name);
}
