import { createReadStream, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readRecords } from '../../../src/io/readRecords.js';
import { loadModel } from '../../../src/model/loadModel.js';
import type { RiskModel } from '../../../src/model/RiskModel.js';
import type { Declaration } from '../../../src/records/declarationSchema.js';
import { buildReferenceData, type HistoricalRecord } from '../../../src/reference/buildReferenceData.js';
import type { ReferenceData } from '../../../src/reference/ReferenceData.js';
import { loadRulePack } from '../../../src/rules/loadRulePack.js';
import type { RulePack } from '../../../src/rules/RulePack.js';
import { fixturePath } from '../../_helpers/fixtures.js';

const root = (relative: string) => fileURLToPath(new URL(`../../../${relative}`, import.meta.url));

/** Reads validated KCS declarations (with their labels) from a CSV in the kcs layout. */
export async function readKcs(path: string, options: { skip?: number; limit?: number } = {}): Promise<HistoricalRecord[]> {
  const records: HistoricalRecord[] = [];
  let seen = 0;
  for await (const result of readRecords(createReadStream(path), { layout: 'kcs' })) {
    if (!result.ok) continue;
    seen += 1;
    if (seen <= (options.skip ?? 0)) continue;
    records.push(result.label === undefined ? { record: result.record } : { record: result.record, label: result.label });
    if (records.length >= (options.limit ?? Number.POSITIVE_INFINITY)) break;
  }
  return records;
}

/** The bundled default pack and model, and reference data built from the 2,000-row KCS sample fixture. */
export interface DefaultSources {
  readonly pack: RulePack;
  readonly model: RiskModel;
  readonly reference: ReferenceData;
  readonly sample: readonly Declaration[];
}

export async function loadDefaultSources(): Promise<DefaultSources> {
  const history = await readKcs(fixturePath('kcs-sample.csv'));
  return {
    pack: loadRulePack(readFileSync(root('rules/default.json'), 'utf8')),
    model: loadModel(readFileSync(root('models/default.json'), 'utf8')),
    reference: buildReferenceData(history),
    sample: history.map((entry) => entry.record),
  };
}
