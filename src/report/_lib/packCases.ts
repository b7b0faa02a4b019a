import type { Bar, CaseData, Fact } from './toCaseData.js';

/** A string stored once in the page's string table, referred to by its index. */
type Ref = number;

/** A reason row with its repeated strings (source, id, label, origin) as table indices. */
export type PackedBar = readonly [source: Ref, id: Ref, label: Ref, points: number, shown: string, origin: Ref, seen: string];
/** A fact with its label and value as table indices. */
export type PackedFact = readonly [label: Ref, value: Ref];

/** `CaseData` as the page embeds it: strings that repeat from case to case are table indices. */
export interface PackedCase extends Omit<CaseData, 'why' | 'top' | 'party' | 'reasons' | 'notRun' | 'facts' | 'isf'> {
  readonly why: Ref;
  readonly top: Ref;
  readonly party: Ref;
  readonly reasons: readonly PackedBar[];
  readonly notRun: readonly Ref[];
  readonly facts: readonly PackedFact[];
  readonly isf: (Omit<NonNullable<CaseData['isf']>, 'facts'> & { readonly facts: readonly PackedFact[] }) | null;
}

/**
 * Moves the strings that repeat across cases (feature labels, rule titles, origins, lane reasons, parties,
 * fact labels and values, checks that did not run) into one table. With a model, each case lists 30 or so
 * feature reasons under the same labels: the table keeps a 10,000-case page several times smaller.
 * Indices follow first use in case order, so the output is deterministic.
 */
export function packCases(cases: readonly CaseData[]): { strings: string[]; cases: PackedCase[] } {
  const strings: string[] = [];
  const index = new Map<string, Ref>();
  const ref = (value: string): Ref => {
    let at = index.get(value);
    if (at === undefined) {
      at = strings.length;
      strings.push(value);
      index.set(value, at);
    }
    return at;
  };
  const bar = (b: Bar): PackedBar => [ref(b[0]), ref(b[1]), ref(b[2]), b[3], b[4], ref(b[5]), b[6]];
  const fact = (f: Fact): PackedFact => [ref(f[0]), ref(f[1])];
  const packed = cases.map(
    (c): PackedCase => ({
      ...c,
      why: ref(c.why),
      top: ref(c.top),
      party: ref(c.party),
      reasons: c.reasons.map(bar),
      notRun: c.notRun.map(ref),
      facts: c.facts.map(fact),
      isf: c.isf === null ? null : { ...c.isf, facts: c.isf.facts.map(fact) },
    }),
  );
  return { strings, cases: packed };
}
