import { existsSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { loadLayout } from '../../io/loadLayout.js';
import { readRecords } from '../../io/readRecords.js';
import type { LabelledRecord } from '../../model/trainModel.js';
import { CliError, usageError } from './CliError.js';
import { EXIT_CODES } from './exitCodes.js';

/** A labelled file read for `train` and `evaluate`: the labelled records and what was left out. */
export interface LabelledFile {
  readonly records: LabelledRecord[];
  readonly rowsIn: number;
  readonly rejected: number;
  /** The first few rejects, as `row N: reason`, for the message. */
  readonly examples: string[];
}

/**
 * Reads every labelled declaration of a CSV or JSONL file (layout `auto` unless given). Rejected rows are
 * counted and shown, not fatal; a valid row without a label is a data error: it cannot train or be scored
 * against an outcome.
 */
export async function readLabelled(path: string, flags: { readonly format?: string | undefined; readonly layout?: string | undefined }, role: string): Promise<LabelledFile> {
  if (!existsSync(path) || !statSync(path).isFile()) throw usageError(`no ${role} file "${path}"`);
  const format = flags.format ?? (/\.(jsonl|ndjson)$/i.test(extname(path)) ? 'jsonl' : 'csv');
  if (format !== 'csv' && format !== 'jsonl') throw usageError(`--format expects csv or jsonl, got "${format}"`);
  const layoutFlag = flags.layout ?? 'auto';
  const layout =
    layoutFlag === 'auto' || layoutFlag === 'default' || layoutFlag === 'kcs'
      ? layoutFlag
      : existsSync(layoutFlag)
        ? await loadLayout(layoutFlag)
        : (() => {
            throw usageError(`--layout expects auto, default, kcs or a mapping file; no file "${layoutFlag}"`);
          })();
  const records: LabelledRecord[] = [];
  const examples: string[] = [];
  let rowsIn = 0;
  let rejected = 0;
  for await (const result of readRecords(path, { format, layout })) {
    rowsIn += result.rows;
    if (!result.ok) {
      rejected += result.rows;
      if (examples.length < 3) examples.push(result.issues[0].message);
      continue;
    }
    if (result.label === undefined) {
      throw new CliError(`${role} file ${path}, row ${result.row}: no outcome label (a label.fraud column, or Fraud in the KCS layout)`, EXIT_CODES.dataError);
    }
    records.push({ record: result.record, label: result.label });
  }
  if (records.length === 0) throw new CliError(`${role} file ${path}: no valid labelled row (${rejected} rejected)`, EXIT_CODES.dataError);
  return { records, rowsIn, rejected, examples };
}

/** One line for stderr: rows read, used and rejected (with the first reasons). */
export function describeLabelled(path: string, file: LabelledFile): string {
  const head = `${path}: ${file.rowsIn.toLocaleString('en-US')} rows, ${file.records.length.toLocaleString('en-US')} labelled declarations`;
  if (file.rejected === 0) return `${head}\n`;
  return `${head}, ${file.rejected.toLocaleString('en-US')} rows rejected (first: ${file.examples.join('; ')})\n`;
}
