import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { z } from 'zod';
import { formatPath } from '../../../records/Issue.js';
import { safeParseDeclaration } from '../../../records/parseDeclaration.js';
import { safeParseIsfFiling } from '../../../records/parseIsfFiling.js';
import type { Lane } from '../../../types/Lane.js';
import type { ReportEntry, ReportExplanation, ReportHit } from '../../types.js';
import { scoredResultSchema } from './scoredResultSchema.js';

/** Most problems a failed read lists. */
const MAX_PROBLEMS = 20;

/** What reading a scored JSONL file gave: the entries, or the problems that stop the report. */
export type ScoredRead = { readonly ok: true; readonly entries: ReportEntry[] } | { readonly ok: false; readonly problems: readonly string[]; readonly bad: number };

type Parsed = z.output<typeof scoredResultSchema>;

function toHit(hit: Parsed['hits'][number]): ReportHit {
  return {
    ruleId: hit.ruleId,
    title: hit.title,
    points: hit.points,
    message: hit.message,
    ...(hit.line === undefined ? {} : { line: hit.line }),
    ...(hit.lane === undefined ? {} : { lane: hit.lane }),
    ...(hit.category === undefined ? {} : { category: hit.category }),
    ...(hit.packId === undefined ? {} : { packId: hit.packId }),
    ...(hit.packVersion === undefined ? {} : { packVersion: hit.packVersion }),
  };
}

function toExplanation(explanation: NonNullable<Parsed['explanation']>): ReportExplanation {
  const { text, summary, reasons, notEvaluated, sources } = explanation;
  return {
    ...(text === undefined ? {} : { text }),
    ...(summary === undefined ? {} : { summary }),
    ...(notEvaluated === undefined ? {} : { notEvaluated }),
    ...(sources === undefined ? {} : { sources }),
    ...(reasons === undefined
      ? {}
      : {
          reasons: reasons.map(({ source, id, label, seen, points, line, origin }) => ({
            source,
            id,
            label,
            seen,
            points,
            ...(line === undefined ? {} : { line }),
            ...(origin === undefined ? {} : { origin }),
          })),
        }),
  };
}

/** Options of `readScoredResults`. */
export interface ReadScoredOptions {
  /**
   * Whether a result is kept whole. The others keep only what the overview counts (score, lane, rule ids
   * and titles, sources): on a large batch most records are green and never shown as a case, and their
   * full explanations would otherwise fill the memory. @default every result is kept whole
   */
  readonly full?: (result: { readonly lane: Lane }) => boolean;
}

/** What the overview reads of a result that is not shown as a case. */
function slim(entry: ReportEntry): ReportEntry {
  const sources = entry.explanation?.sources;
  return {
    id: entry.id,
    score: entry.score,
    lane: entry.lane,
    laneReason: entry.laneReason,
    modelProbability: entry.modelProbability,
    hits: entry.hits.map(({ ruleId, title, points, packId, packVersion }) => ({
      ruleId,
      title,
      points,
      message: '',
      ...(packId === undefined ? {} : { packId }),
      ...(packVersion === undefined ? {} : { packVersion }),
    })),
    contributions: [],
    ...(sources === undefined ? {} : { explanation: { sources } }),
  };
}

/**
 * Reads a scored JSONL file (one score result per line, optionally with its `declaration` and `isf`),
 * validating every line. A report that silently skipped rows would misstate the batch, so any bad line
 * fails the read; the problems name the line, the id when known, the field and the reason.
 */
export async function readScoredResults(path: string, options: ReadScoredOptions = {}): Promise<ScoredRead> {
  const full = options.full ?? (() => true);
  const entries: ReportEntry[] = [];
  const problems: string[] = [];
  let bad = 0;
  let lineNumber = 0;
  const report = (message: string): void => {
    bad += 1;
    if (problems.length < MAX_PROBLEMS) problems.push(message);
  };
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line) as unknown;
    } catch (error) {
      report(`line ${lineNumber}: invalid JSON (${error instanceof Error ? error.message : String(error)})`);
      continue;
    }
    const parsed = scoredResultSchema.safeParse(json);
    if (!parsed.success) {
      const id = typeof (json as { id?: unknown } | null)?.id === 'string' ? ` (id ${JSON.stringify((json as { id: string }).id)})` : '';
      const issue = parsed.error.issues[0];
      report(`line ${lineNumber}${id}: ${issue === undefined ? 'invalid' : `${issue.path.length === 0 ? '(line)' : formatPath(issue.path as (string | number)[])}: ${issue.message.replace(/^Invalid input: /, '')}`}`);
      continue;
    }
    const result = parsed.data;
    const where = `line ${lineNumber} (id ${JSON.stringify(result.id)})`;
    let entry: ReportEntry = {
      id: result.id,
      score: result.score,
      lane: result.lane,
      laneReason: result.laneReason,
      hits: result.hits.map(toHit),
      modelProbability: result.modelProbability,
      contributions: result.contributions.map(({ source, id, label, points, line }) => ({ source, id, label, points, ...(line === undefined ? {} : { line }) })),
      ...(result.explanation === undefined ? {} : { explanation: toExplanation(result.explanation) }),
    };
    if (result.declaration !== undefined) {
      const declaration = safeParseDeclaration(result.declaration);
      if (!declaration.success) {
        report(`${where}: declaration.${declaration.issues[0].message}`);
        continue;
      }
      entry = { ...entry, declaration: declaration.data };
    }
    if (result.isf !== undefined) {
      const isf = safeParseIsfFiling(result.isf);
      if (!isf.success) {
        report(`${where}: isf.${isf.issues[0].message}`);
        continue;
      }
      entry = { ...entry, isf: isf.data };
    }
    entries.push(full(entry) ? entry : slim(entry));
  }
  return bad === 0 ? { ok: true, entries } : { ok: false, problems, bad };
}
