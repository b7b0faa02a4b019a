// Shared by the model scripts and benchmarks: reads a labelled KCS CSV through the intake layer.
import { readRecords } from '../src/io/readRecords.js';
import type { LabelledRecord } from '../src/model/trainModel.js';

/** Reads every valid labelled record of a KCS CSV file; rejected rows are counted, not dropped silently. */
export async function readLabelled(path: string): Promise<{ records: LabelledRecord[]; rejected: number }> {
  const records: LabelledRecord[] = [];
  let rejected = 0;
  for await (const result of readRecords(path, { layout: 'kcs' })) {
    if (!result.ok) {
      rejected++;
      continue;
    }
    if (result.label === undefined) throw new Error(`${path} row ${result.row}: no Fraud label`);
    records.push({ record: result.record, label: { fraud: result.label.fraud } });
  }
  return { records, rejected };
}

/** Where the KCS data lives (override with KCS_DIR). */
export const KCS_DIR = process.env.KCS_DIR ?? '/work/shared/data/kcs';
