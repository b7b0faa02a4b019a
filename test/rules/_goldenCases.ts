import {
  buildReferenceData,
  evaluateIsfRules,
  evaluateRules,
  parseDeclaration,
  parseIsfFiling,
  readRecords,
  type Declaration,
  type IsfFiling,
  type RuleEvaluation,
  type RulePack,
} from '../../src/index.js';
import { fixturePath, loadFixture } from '../_helpers/fixtures.js';

// The inputs of the golden test (test/rules/golden.test.ts) and of the script that wrote its expected
// output (test/rules/_writeGolden.ts, run once before the evaluator was optimised): every record of
// fixtures/kcs-sample.csv without reference data and with a reference built from the sample itself (value
// norms and importer history, so that VAL and PTY rules fire or fail for want of a norm), and every
// hand-written declaration with each hand-written ISF, with and without that reference (in KRW: the
// currency mismatch reasons). The results are compared as JSON text, so key order counts too. Only
// fixtures feed it (not models/reference.json, which other work rebuilds).

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

/** The evaluator under test: this library's, or (for writing the expected file) an earlier commit's. */
export interface Evaluator {
  readonly evaluateRules: typeof evaluateRules;
  readonly evaluateIsfRules: typeof evaluateIsfRules;
}

/** Evaluates the golden set with `pack` (loaded by the same copy of the library as `lib`), in a fixed order. */
export async function goldenCases(pack: RulePack, lib: Evaluator = { evaluateRules, evaluateIsfRules }): Promise<GoldenCase[]> {
  const cases: GoldenCase[] = [];
  const add = (name: string, evaluation: RuleEvaluation) => cases.push({ name, json: JSON.stringify(evaluation) });
  const kcs = await kcsSample();
  const own = buildReferenceData(kcs.map((record) => ({ record })));
  for (const record of kcs) {
    add(`kcs ${record.id}`, lib.evaluateRules(pack, record));
    add(`kcs ${record.id} sample reference`, lib.evaluateRules(pack, record, { reference: own }));
  }
  const isfs = new Map<string, IsfFiling>(ISFS.map((name) => [name, parseIsfFiling(loadFixture(`isf/${name}.json`))]));
  for (const name of DECLARATIONS) {
    const declaration = parseDeclaration(loadFixture(`declarations/${name}.json`));
    add(`${name}`, lib.evaluateRules(pack, declaration));
    add(`${name} sample reference`, lib.evaluateRules(pack, declaration, { reference: own }));
    for (const [isfName, isf] of isfs) {
      add(`${name} + ${isfName}`, lib.evaluateRules(pack, declaration, { isf }));
      add(`${name} + ${isfName} sample reference`, lib.evaluateRules(pack, declaration, { isf, reference: own }));
      add(`isf ${isfName} for ${name}`, lib.evaluateIsfRules(pack, isf, { declaration }));
    }
  }
  for (const [isfName, isf] of isfs) add(`isf ${isfName}`, lib.evaluateIsfRules(pack, isf));
  return cases;
}
