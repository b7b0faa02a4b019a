import { readFileSync } from 'node:fs';
import {
  buildReferenceData,
  evaluateIsfRules,
  evaluateRules,
  parseDeclaration,
  parseIsfFiling,
  parseReferenceData,
  readRecords,
  type Declaration,
  type IsfFiling,
  type RuleEvaluation,
  type RulePack,
} from '../../src/index.js';
import { fixturePath, loadFixture } from '../_helpers/fixtures.js';

// The inputs of the golden test (test/rules/golden.test.ts) and of the script that wrote its expected
// output (test/rules/_writeGolden.ts, run once before the evaluator was optimised): every record of
// fixtures/kcs-sample.csv without reference data, with the bundled reference and with a reference built
// from the sample itself (importer history, so that PTY rules fire), and every hand-written declaration
// with each hand-written ISF. The results are compared as JSON text, so key order counts too.

/** One evaluation of the golden set: a name and the evaluation as JSON text. */
export interface GoldenCase {
  readonly name: string;
  readonly json: string;
}

const DECLARATIONS = ['clean', 'mismatch', 'multi-line', 'risky', 'us-ocean'];
const ISFS = ['amended', 'break-bulk', 'clean-isf10', 'flexible', 'isf5', 'late', 'mismatch'];

async function kcsSample(): Promise<Declaration[]> {
  const records: Declaration[] = [];
  for await (const result of readRecords(fixturePath('kcs-sample.csv'), { layout: 'kcs' })) {
    if (result.ok) records.push(result.record);
  }
  return records;
}

/** Evaluates the golden set with `pack`, in a fixed order. */
export async function goldenCases(pack: RulePack): Promise<GoldenCase[]> {
  const cases: GoldenCase[] = [];
  const add = (name: string, evaluation: RuleEvaluation) => cases.push({ name, json: JSON.stringify(evaluation) });
  const kcs = await kcsSample();
  const bundled = parseReferenceData(readFileSync(fixturePath('../models/reference.json'), 'utf8'));
  const own = buildReferenceData(kcs.map((record) => ({ record })));
  for (const record of kcs) {
    add(`kcs ${record.id}`, evaluateRules(pack, record));
    add(`kcs ${record.id} bundled reference`, evaluateRules(pack, record, { reference: bundled }));
    add(`kcs ${record.id} own reference`, evaluateRules(pack, record, { reference: own }));
  }
  const isfs = new Map<string, IsfFiling>(ISFS.map((name) => [name, parseIsfFiling(loadFixture(`isf/${name}.json`))]));
  for (const name of DECLARATIONS) {
    const declaration = parseDeclaration(loadFixture(`declarations/${name}.json`));
    add(`${name}`, evaluateRules(pack, declaration));
    add(`${name} bundled reference`, evaluateRules(pack, declaration, { reference: bundled }));
    for (const [isfName, isf] of isfs) {
      add(`${name} + ${isfName}`, evaluateRules(pack, declaration, { isf }));
      add(`${name} + ${isfName} bundled reference`, evaluateRules(pack, declaration, { isf, reference: bundled }));
      add(`isf ${isfName} for ${name}`, evaluateIsfRules(pack, isf, { declaration }));
    }
  }
  for (const [isfName, isf] of isfs) add(`isf ${isfName}`, evaluateIsfRules(pack, isf));
  return cases;
}
