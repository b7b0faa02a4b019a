import { existsSync } from 'node:fs';
import type { LabelledRecord } from '../../model/trainModel.js';
import { usageError } from '../_lib/CliError.js';
import { EXIT_CODES, type ExitCode } from '../_lib/exitCodes.js';
import { formatMetrics, table } from '../_lib/formatMetrics.js';
import { parseCommandArgs } from '../_lib/parseCommandArgs.js';
import { describeLabelled, readLabelled } from '../_lib/readLabelled.js';
import { processIo, runCommand, type CommandIo } from '../_lib/runCommand.js';
import { readScorerSources } from '../_lib/scorerSources.js';

/** Usage of `customs-risk evaluate`. */
export const EVALUATE_USAGE = `usage: customs-risk evaluate <labelled.csv | labelled.jsonl> [options]

Prints the model's metrics on labelled declarations: AUC, and precision, recall and
revenue at 1, 2, 5 and 10 % of records (with --train, also on the "novel" records
whose net mass and value pair never occurs in training). With --rules, also the rule
back-test: per rule hits, hit rate, precision against the outcomes and lift, and what
the rules alone, the model alone and both together catch at the same inspection rate.

options:
  --model FILE           model file (default: the bundled models/default.json)
  --train FILE           the model's training file, for the metrics on novel records
  --rules PATH           rule pack file or folder to back-test
  --reference FILE|none  reference data JSON for the rules (default: the bundled
                         models/reference.json; none: the model's value norms)
  --format csv|jsonl     input format (default: from the extension)
  --layout NAME|FILE     CSV layout: auto, default, kcs, or a mapping JSON file (default: auto)
  -h, --help             this text

exit codes: 0 evaluated, 64 usage, 65 bad model or pack, no labelled rows`;

const OPTIONS = {
  model: { type: 'string' },
  train: { type: 'string' },
  rules: { type: 'string' },
  reference: { type: 'string' },
  format: { type: 'string' },
  layout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const pct = (part: number, whole: number): string => (whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)} %`);
const num = (value: number): string => value.toLocaleString('en-US');

/** Indexes of the `count` highest values, ties in input order. */
function topIndexes(values: readonly number[], count: number): Set<number> {
  const order = values.map((_, index) => index).sort((a, b) => (values[b] ?? 0) - (values[a] ?? 0) || a - b);
  return new Set(order.slice(0, count));
}

/**
 * The rule back-test: per rule hits and precision against the outcomes, then rules alone (every record
 * outside the green lane on rule points alone), the model alone and rules + model, each selecting the
 * same number of records.
 */
async function backTest(labelled: readonly LabelledRecord[], sources: Parameters<typeof import('../../batch/_lib/loadScorerSources.js').loadScorerSources>[0]): Promise<string> {
  const { loadScorerSources } = await import('../../batch/_lib/loadScorerSources.js');
  const { createLaneFirstScorer } = await import('../../batch/_lib/createLaneFirstScorer.js');
  const options = loadScorerSources(sources);
  const { model, ...withoutModel } = options;
  const rulesOnly = createLaneFirstScorer(withoutModel, 'none');
  const both = createLaneFirstScorer(options, 'none');
  const n = labelled.length;
  const frauds = labelled.filter((item) => item.label.fraud).length;
  const base = frauds / Math.max(1, n);
  const perRule = new Map<string, { title: string; hits: number; frauds: number }>();
  const rulesFlag: boolean[] = [];
  const probabilities: number[] = [];
  const combined: number[] = [];
  for (const { record, label } of labelled) {
    const alone = rulesOnly.scoreParsed(record);
    rulesFlag.push(alone.lane !== 'green');
    const seen = new Set<string>();
    for (const hit of alone.hits) {
      if (seen.has(hit.ruleId)) continue;
      seen.add(hit.ruleId);
      const entry = perRule.get(hit.ruleId) ?? { title: hit.title, hits: 0, frauds: 0 };
      entry.hits++;
      if (label.fraud) entry.frauds++;
      perRule.set(hit.ruleId, entry);
    }
    const result = both.scoreParsed(record);
    probabilities.push(result.modelProbability ?? 0);
    combined.push(result.score);
  }
  const rows = [...perRule.entries()].sort((a, b) => b[1].hits - a[1].hits || (a[0] < b[0] ? -1 : 1));
  let text = `rule back-test: ${num(n)} declarations, ${num(frauds)} with a finding (${pct(frauds, n)})\n`;
  text += table([
    ['rule', 'hits', 'hit rate', 'precision', 'lift', 'title'],
    ...rows.map(([id, entry]) => [
      id,
      num(entry.hits),
      pct(entry.hits, n),
      pct(entry.frauds, entry.hits),
      base === 0 ? '–' : (entry.frauds / entry.hits / base).toFixed(2),
      entry.title,
    ]),
  ], [5]);
  const selected = rulesFlag.filter(Boolean).length;
  const caught = (chosen: (index: number) => boolean): [number, number] => {
    let picked = 0;
    let hits = 0;
    labelled.forEach((item, index) => {
      if (!chosen(index)) return;
      picked++;
      if (item.label.fraud) hits++;
    });
    return [picked, hits];
  };
  const lines: string[][] = [['selection', 'inspected', 'findings caught', 'precision', 'recall']];
  const add = (name: string, [picked, hits]: [number, number]): void => {
    lines.push([name, num(picked), num(hits), pct(hits, picked), pct(hits, frauds)]);
  };
  add('rules alone', caught((index) => rulesFlag[index] === true));
  if (model !== undefined) {
    const byModel = topIndexes(probabilities, selected);
    const byBoth = topIndexes(combined, selected);
    add('model alone', caught((index) => byModel.has(index)));
    add('rules + model', caught((index) => byBoth.has(index)));
  }
  text += `\nat the inspection rate of the rules alone (records outside the green lane on rule points: ${pct(selected, n)}):\n`;
  text += table(lines);
  return text;
}

/** `customs-risk evaluate <labelled>`: model metrics, and with `--rules` the rule back-test. */
export async function evaluate(argv: readonly string[], io: CommandIo = processIo): Promise<ExitCode> {
  return runCommand('evaluate', EVALUATE_USAGE, io, async () => {
    const { values, positionals } = parseCommandArgs(argv, OPTIONS);
    if (values.help === true) {
      io.stdout.write(`${EVALUATE_USAGE}\n`);
      return EXIT_CODES.ok;
    }
    if (positionals.length !== 1) throw usageError(positionals.length === 0 ? 'missing the labelled file' : 'expected one labelled file');
    const input = positionals[0] ?? '';
    if (values.train !== undefined && !existsSync(values.train)) throw usageError(`no training file "${values.train}"`);
    const sources = await readScorerSources({ rules: values.rules ?? 'none', model: values.model, reference: values.reference });
    const labelled = await readLabelled(input, values, 'labelled');
    const training = values.train === undefined ? undefined : await readLabelled(values.train, values, 'training');
    io.stderr.write(describeLabelled(input, labelled));
    const config = { format: 'csv', layout: 'auto', output: 'csv', explain: 'none', ...sources } as const;
    if (sources.modelText !== undefined) {
      const { loadModel } = await import('../../model/loadModel.js');
      const { evaluateModel } = await import('../../model/evaluateModel.js');
      const model = loadModel(sources.modelText);
      const metrics = evaluateModel(model, labelled.records, training === undefined ? {} : { trainingRecords: training.records });
      io.stdout.write(`model ${model.modelVersion} on ${input}:\n`);
      io.stdout.write(formatMetrics(metrics.novel === null ? [['all', metrics.all]] : [['all', metrics.all], ['novel', metrics.novel]]));
    }
    if (sources.rules !== undefined) {
      if (sources.modelText !== undefined) io.stdout.write('\n');
      io.stdout.write(await backTest(labelled.records, config));
    }
    return EXIT_CODES.ok;
  });
}
