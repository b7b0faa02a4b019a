/** The page's stylesheet, screen and print. */
export const STYLES = `
:root { --red: #c62828; --yellow: #b58100; --blue: #1565c0; --green: #2e7d32; --ink: #1d232b; --muted: #5f6b7a;
  --line: #d9dee5; --bg: #f6f7f9; --sel: #e3ecfa; --up: #d84315; --down: #2e7d32; --base: #78909c; --total: #263238; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); background: var(--bg); }
header { padding: 14px 24px; background: #fff; border-bottom: 1px solid var(--line); }
header h1 { margin: 0; font-size: 20px; }
.meta { margin: 2px 0 0; color: var(--muted); }
main { padding: 16px 24px; max-width: 1400px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 14px 18px; margin-bottom: 16px; }
h2 { margin: 0 0 10px; font-size: 17px; }
h3 { margin: 14px 0 6px; font-size: 14px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin-bottom: 12px; }
.card { min-width: 110px; padding: 8px 12px; border: 1px solid var(--line); border-radius: 6px; }
.card b { display: block; font-size: 20px; }
.card span { color: var(--muted); }
.card.red b { color: var(--red); } .card.yellow b { color: var(--yellow); } .card.blue b { color: var(--blue); } .card.green b { color: var(--green); }
.overview-grid { display: grid; grid-template-columns: minmax(280px, 1fr) minmax(0, 1.4fr) minmax(240px, 1fr); gap: 24px; align-items: start; }
.overview-grid > div { min-width: 0; overflow-x: auto; }
#top-rules td:nth-child(2) { overflow-wrap: anywhere; }
.histogram { width: 100%; max-width: 460px; }
.histogram .bin { fill: #5c7fa8; } .histogram text { font-size: 10px; text-anchor: middle; fill: var(--muted); }
.histogram .axis { stroke: var(--muted); }
table { border-collapse: collapse; width: 100%; }
#top-rules td:first-child { white-space: nowrap; }
th, td { text-align: left; padding: 3px 8px 3px 0; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.filters { display: flex; flex-wrap: wrap; gap: 12px; align-items: end; margin-bottom: 8px; }
.filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
.filters select, .filters input { font: inherit; padding: 4px 6px; min-width: 160px; max-width: 420px; }
.filters input { min-width: 260px; }
#count { color: var(--muted); margin-left: auto; }
.note { color: var(--muted); font-size: 12px; margin: 4px 0 8px; }
.cols, .row { display: grid; grid-template-columns: 60px minmax(150px, 1.2fr) 64px 76px minmax(200px, 3fr) minmax(120px, 1.5fr); gap: 8px; align-items: center; padding: 0 8px; }
.cols { font-weight: 600; color: var(--muted); border-bottom: 2px solid var(--line); height: 28px; }
.list { position: relative; height: 60vh; min-height: 300px; overflow-y: auto; border: 1px solid var(--line); outline: none; }
.list:focus-visible { box-shadow: 0 0 0 2px #5c7fa8; }
.spacer { position: relative; }
.row { position: absolute; left: 0; right: 0; height: 30px; border-bottom: 1px solid #eef0f3; cursor: pointer; white-space: nowrap; }
.row span { overflow: hidden; text-overflow: ellipsis; }
.row:hover { background: #f1f4f8; }
.row[aria-selected="true"] { background: var(--sel); box-shadow: inset 3px 0 0 var(--blue); }
.lane { display: inline-block; padding: 0 8px; border-radius: 10px; color: #fff; font-size: 12px; line-height: 20px; text-align: center; }
.lane-red { background: var(--red); } .lane-yellow { background: var(--yellow); } .lane-blue { background: var(--blue); } .lane-green { background: var(--green); }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.empty { padding: 16px; color: var(--muted); }
.case-head { display: flex; flex-wrap: wrap; gap: 16px; align-items: baseline; }
.case-head h2 { margin: 0; }
.case-score { font-size: 28px; font-weight: 700; }
.case-grid { display: grid; grid-template-columns: minmax(0, 1.2fr) minmax(0, 1fr); gap: 24px; }
#case:focus { outline: none; }
#case-lines, #case-isf-lines, #case-reasons { overflow-x: auto; }
#case-reasons td:last-child { color: var(--muted); font-size: 12px; overflow-wrap: anywhere; }
.chart { width: 100%; max-width: 760px; }
.chart text { font-size: 13px; fill: var(--ink); }
.chart .bar.up { fill: var(--up); } .chart .bar.down { fill: var(--down); } .chart .bar.base { fill: var(--base); } .chart .bar.total { fill: var(--total); } .chart .bar.clip { fill: #b0bec5; }
.chart .link { stroke: #90a4ae; stroke-dasharray: 2 2; } .chart .grid { stroke: #eceff1; } .chart .tick { fill: var(--muted); text-anchor: middle; }
.chart .pts { font-variant-numeric: tabular-nums; }
pre.explanation { white-space: pre-wrap; background: var(--bg); padding: 8px 10px; border-radius: 4px; font-size: 12.5px; }
.warning { color: var(--red); font-weight: 600; }
button { font: inherit; padding: 4px 10px; cursor: pointer; }
kbd { font: 11px monospace; border: 1px solid var(--line); border-radius: 3px; padding: 0 4px; background: var(--bg); }
.print-only { display: none; }
@media print {
  body { background: #fff; font-size: 11px; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  main { padding: 0; max-width: none; }
  section { border: none; padding: 0; page-break-inside: avoid; }
  .filters, .list, .cols, .noprint, #back { display: none !important; }
  .print-only { display: block; }
  .overview-grid, .case-grid { grid-template-columns: 1fr 1fr; }
}
`;
