/** A reason row: source, id, label, points, points as text, origin, what was seen. */
export type ReasonRow = [string, string, string, number, string, string, string];

/** One embedded case with its string-table references resolved, as the page shows it. */
export interface EmbeddedCase {
  id: string;
  score: number;
  lane: string;
  why: string;
  prob: string | null;
  rules: string[];
  top: string;
  party: string;
  reasons: ReasonRow[];
  merged: number[];
  zero: number;
  notRun: string[];
  text: string | null;
  facts: [string, string][];
  lines: string[][];
  isf: { facts: [string, string][]; lines: string[][]; amendments: string[] } | null;
}

type Packed = Omit<EmbeddedCase, 'why' | 'top' | 'party' | 'reasons' | 'notRun' | 'facts' | 'isf'> & {
  why: number;
  top: number;
  party: number;
  reasons: [number, number, number, number, string, number, string][];
  notRun: number[];
  facts: [number, number][];
  isf: { facts: [number, number][]; lines: string[][]; amendments: string[] } | null;
};

/** The JSON block a rendered report embeds, parsed back as the page's script does, string references resolved. */
export function readEmbedded(html: string): { cases: EmbeddedCase[]; strings: string[] } {
  const match = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html);
  if (match?.[1] === undefined) throw new Error('no embedded report data');
  const data = JSON.parse(match[1]) as { strings: string[]; cases: Packed[] };
  const s = (index: number): string => {
    const value = data.strings[index];
    if (value === undefined) throw new Error(`string reference ${index} out of range`);
    return value;
  };
  const facts = (list: [number, number][]): [string, string][] => list.map(([label, value]) => [s(label), s(value)]);
  const cases = data.cases.map(
    (c): EmbeddedCase => ({
      ...c,
      why: s(c.why),
      top: s(c.top),
      party: s(c.party),
      reasons: c.reasons.map(([source, id, label, points, shown, origin, seen]) => [s(source), s(id), s(label), points, shown, s(origin), seen]),
      notRun: c.notRun.map(s),
      facts: facts(c.facts),
      isf: c.isf === null ? null : { ...c.isf, facts: facts(c.isf.facts) },
    }),
  );
  return { cases, strings: data.strings };
}

/**
 * The chart bars of a case as [label, points], as the page draws them: the reasons in order, the merged
 * ones replaced by one bar after the last model reason.
 */
export function chartBars(c: EmbeddedCase): [string, number][] {
  const lastModel = c.reasons.map((reason) => reason[0]).lastIndexOf('model');
  const bars: [string, number][] = [];
  let sum = 0;
  c.reasons.forEach((reason, index) => {
    if (c.merged.includes(index)) sum += reason[3];
    else bars.push([reason[2], reason[3]]);
    if (index === lastModel && c.merged.length > 0) bars.push([`${c.merged.length} smaller model reasons`, sum]);
  });
  return bars;
}

/** `data-count` of each histogram bin, in bin order. */
export function histogramCounts(html: string): number[] {
  return [...html.matchAll(/class="bin" data-bin="(\d+)" data-count="(\d+)"/g)].map((match) => Number(match[2]));
}

/** The number shown on an overview card. */
export function cardValue(html: string, label: string): string | undefined {
  return new RegExp(`data-card="${label}"><b>([^<]*)</b>`).exec(html)?.[1];
}
