import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { IsfIndex } from '../../batch/_lib/IsfIndex.js';
import { CliError, usageError } from '../../cli/_lib/CliError.js';
import { EXIT_CODES, type ExitCode } from '../../cli/_lib/exitCodes.js';
import { isfFileFormat } from '../../cli/_lib/isfFileFormat.js';
import { parseCommandArgs, positiveIntegerFlag } from '../../cli/_lib/parseCommandArgs.js';
import { processIo, runCommand, type CommandIo } from '../../cli/_lib/runCommand.js';
import { readRecords } from '../../io/readRecords.js';
import type { Declaration } from '../../records/declarationSchema.js';
import type { IsfFiling } from '../../records/isfFilingSchema.js';
import { renderReport } from '../renderReport.js';
import type { RenderReportOptions, ReportEntry, ReportSetting } from '../types.js';
import { readScoredResults } from './_lib/readScoredResults.js';

/** Usage of `customs-risk report`. */
export const REPORT_USAGE = `usage: customs-risk report <scored.jsonl> --out <report.html> [options]

Writes one self-contained HTML page (no network) for officers: overview, worklist, case views.

options:
  --out <file>            the HTML file to write (required; written to a temporary name, then renamed)
  --input <file>          the declarations that were scored (CSV or JSONL), to show their facts and lines
  --layout <name>         CSV layout of --input: default or kcs (default: default)
  --isf <file>            ISF filings (JSONL, or CSV in the ISF layout), linked to declarations by bill of lading as \`score --isf\` does
  --title <text>          page title (default: Customs risk review)
  --model-version <text>  model version shown in the overview
  --rule-pack <id@ver>    rule pack shown in the overview (repeatable; default: the packs named by the hits)
  --setting <key=value>   a setting of the run shown in the overview (repeatable), e.g. --setting seed=42
  --generated-at <text>   a time stamp shown in the header (none by default: same input, same bytes)
  --include-green         put green-lane records in the worklist too
  --max-cases <n>         most records in the worklist (default: 20000; the highest-scored are kept)`;

function parseSettings(values: readonly string[]): [string, ReportSetting][] {
  return values.map((value) => {
    const at = value.indexOf('=');
    if (at <= 0) throw usageError(`--setting expects key=value, got "${value}"`);
    return [value.slice(0, at), value.slice(at + 1)];
  });
}

/** Declarations of `--input` whose ids are in `wanted`, by id; the first valid record of an id wins. */
async function readDeclarations(path: string, layout: string, wanted: ReadonlySet<string>): Promise<{ byId: Map<string, Declaration>; rejected: number }> {
  if (layout !== 'default' && layout !== 'kcs') throw usageError(`--layout expects default or kcs, got "${layout}"`);
  const byId = new Map<string, Declaration>();
  let rejected = 0;
  for await (const result of readRecords(path, { layout, rejectDuplicateIds: false })) {
    if (!result.ok) rejected += 1;
    else if (wanted.has(result.record.id) && !byId.has(result.record.id)) byId.set(result.record.id, result.record);
  }
  return { byId, rejected };
}

async function readIsfIndex(path: string): Promise<IsfIndex> {
  const filings: IsfFiling[] = [];
  for await (const result of readRecords(path, { kind: 'isf', format: isfFileFormat(path) })) {
    if (!result.ok) throw new CliError(`${path} line ${result.line}: ${result.issues[0].message}`, EXIT_CODES.dataError);
    filings.push(result.record);
  }
  return new IsfIndex(filings);
}

/**
 * `customs-risk report <scored.jsonl> --out report.html`: reads a scored JSONL file (and, optionally, the
 * declarations and ISF filings that were scored), renders the HTML report and writes it under a temporary
 * name that is renamed at the end, so that an interrupted run leaves no half-written report.
 * @param args - the arguments after `report`
 * @param io - where messages go (default: the process's stdout and stderr)
 * @returns the exit code: 0, 64 usage, 65 a bad line in the input, 74 a file error
 */
export async function runReportCommand(args: readonly string[], io: CommandIo = processIo): Promise<ExitCode> {
  return runCommand('report', REPORT_USAGE, io, async () => {
    const { values, positionals } = parseCommandArgs(args, {
      out: { type: 'string' },
      input: { type: 'string' },
      layout: { type: 'string' },
      isf: { type: 'string' },
      title: { type: 'string' },
      'model-version': { type: 'string' },
      'rule-pack': { type: 'string', multiple: true },
      setting: { type: 'string', multiple: true },
      'generated-at': { type: 'string' },
      'include-green': { type: 'boolean' },
      'max-cases': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help === true) {
      io.stdout.write(`${REPORT_USAGE}\n`);
      return EXIT_CODES.ok;
    }
    const [scored, extra] = positionals;
    if (scored === undefined) throw usageError('missing the scored JSONL file');
    if (extra !== undefined) throw usageError(`unexpected argument "${extra}"`);
    const out = values.out;
    if (out === undefined) throw usageError('missing --out <report.html>');
    const maxCases = positiveIntegerFlag('max-cases', values['max-cases'], 20_000);
    const includeGreen = values['include-green'] === true;
    const layout = values.layout ?? 'default';
    const settings: [string, ReportSetting][] = [['results', basename(scored)]];

    const read = await readScoredResults(scored, { full: (result) => includeGreen || result.lane !== 'green' });
    if (!read.ok) {
      throw new CliError(
        `${scored}: ${read.bad} bad line${read.bad === 1 ? '' : 's'}, no report written; ${read.problems.slice(0, 3).join('; ')}`,
        EXIT_CODES.dataError,
      );
    }
    let entries: ReportEntry[] = read.entries;

    if (values.input !== undefined) {
      const wanted = new Set(entries.filter((entry) => includeGreen || entry.lane !== 'green').map((entry) => entry.id));
      const { byId, rejected } = await readDeclarations(values.input, layout, wanted);
      const isfIndex = values.isf === undefined ? undefined : await readIsfIndex(values.isf);
      entries = entries.map((entry) => {
        if (entry.declaration !== undefined) return entry;
        const declaration = byId.get(entry.id);
        if (declaration === undefined) return entry;
        const isf = entry.isf ?? isfIndex?.find(declaration);
        return isf === undefined ? { ...entry, declaration } : { ...entry, declaration, isf };
      });
      const missing = [...wanted].filter((id) => !byId.has(id)).length;
      settings.push(['input', basename(values.input)], ['layout', layout]);
      if (values.isf !== undefined) settings.push(['isf', basename(values.isf)]);
      if (missing > 0) io.stderr.write(`customs-risk report: ${missing} worklist record${missing === 1 ? '' : 's'} not found in ${values.input}; shown without declaration facts\n`);
      if (rejected > 0) io.stderr.write(`customs-risk report: ${rejected} row${rejected === 1 ? '' : 's'} of ${values.input} rejected while reading it (run score for the reasons)\n`);
    } else if (values.isf !== undefined || values.layout !== undefined) {
      throw usageError('--isf and --layout need --input');
    }
    settings.push(...parseSettings(values.setting ?? []));

    const options: RenderReportOptions = {
      settings: Object.fromEntries(settings),
      includeGreen,
      maxCases,
      ...(values.title === undefined ? {} : { title: values.title }),
      ...(values['model-version'] === undefined ? {} : { modelVersion: values['model-version'] }),
      ...(values['rule-pack'] === undefined ? {} : { rulePacks: values['rule-pack'] }),
      ...(values['generated-at'] === undefined ? {} : { generatedAt: values['generated-at'] }),
    };
    const html = renderReport(entries, options);
    const temporary = `${out}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, html);
      renameSync(temporary, out);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
    const flagged = entries.filter((entry) => includeGreen || entry.lane !== 'green').length;
    io.stdout.write(`${out}: ${entries.length} records, ${Math.min(flagged, maxCases)} in the worklist\n`);
    return EXIT_CODES.ok;
  });
}
