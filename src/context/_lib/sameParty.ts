// Party names on an ISF and an entry are typed by different people: compare them without case,
// punctuation, spacing or the legal form, which are the usual harmless differences.
const LEGAL_FORMS = new Set([
  'llc', 'inc', 'incorporated', 'ltd', 'limited', 'co', 'company', 'corp', 'corporation', 'gmbh', 'ag', 'sa', 'sas',
  'srl', 'spa', 'bv', 'nv', 'plc', 'pte', 'pty', 'kg', 'oy', 'ab', 'as', 'sarl', 'kk', 'the',
]);

/** Lower-cased alphanumeric words of a party name, legal forms removed, joined by one space. */
export function normalizePartyName(name: string): string {
  // A character loop rather than a Unicode regex split: this runs for every joined ISF.
  const lower = name.toLowerCase();
  let out = '';
  let word = '';
  for (let i = 0; i <= lower.length; i += 1) {
    const code = i < lower.length ? lower.charCodeAt(i) : 32;
    const wordChar = (code >= 48 && code <= 57) || (code >= 97 && code <= 122) || (code > 127 && /[\p{L}\p{N}]/u.test(lower[i] ?? ''));
    if (wordChar) {
      word += lower[i];
      continue;
    }
    if (word !== '' && !LEGAL_FORMS.has(word)) out = out === '' ? word : `${out} ${word}`;
    word = '';
  }
  return out;
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
