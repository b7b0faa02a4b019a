/** The JSON block a rendered report embeds, parsed back as the page's script does. */
export function readEmbedded(html: string): {
  cases: {
    id: string;
    score: number;
    lane: string;
    why: string;
    rules: string[];
    top: string;
    bars: [string, string, string, number, string, string, string][];
    reasons: [string, string, string, number, string, string, string][];
    zero: number;
    notRun: string[];
    facts: [string, string][];
    lines: string[][];
    isf: { facts: [string, string][]; lines: string[][]; amendments: string[] } | null;
    text: string | null;
  }[];
} {
  const match = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html);
  if (match?.[1] === undefined) throw new Error('no embedded report data');
  return JSON.parse(match[1]) as ReturnType<typeof readEmbedded>;
}

/** `data-count` of each histogram bin, in bin order. */
export function histogramCounts(html: string): number[] {
  return [...html.matchAll(/class="bin" data-bin="(\d+)" data-count="(\d+)"/g)].map((match) => Number(match[2]));
}

/** The number shown on an overview card. */
export function cardValue(html: string, label: string): string | undefined {
  return new RegExp(`data-card="${label}"><b>([^<]*)</b>`).exec(html)?.[1];
}
