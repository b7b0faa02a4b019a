import { fixturePath } from '../_helpers/fixtures.js';
import { readLabelled } from '../../scripts/model-data.js';
import type { LabelledRecord } from '../../src/model/trainModel.js';

let cache: Promise<LabelledRecord[]> | null = null;

/** The 2,000-row KCS sample, read once per test file through the kcs layout. */
export function kcsSample(): Promise<LabelledRecord[]> {
  cache ??= readLabelled(fixturePath('kcs-sample.csv')).then((result) => result.records);
  return cache;
}
