import { readdirSync } from 'node:fs';
import { IsfIndex } from '../../../src/batch/_lib/IsfIndex.js';
import { loadModel } from '../../../src/model/loadModel.js';
import { parseDeclaration } from '../../../src/records/parseDeclaration.js';
import { parseIsfFiling } from '../../../src/records/parseIsfFiling.js';
import type { ReportEntry } from '../../../src/report/types.js';
import { loadRulePack } from '../../../src/rules/loadRulePack.js';
import { createScorer } from '../../../src/scoring/createScorer.js';
import type { ScoreResult } from '../../../src/scoring/ScoreResult.js';
import { fixturePath, loadFixture } from '../../_helpers/fixtures.js';

/** Every declaration fixture scored for real by the bundled rule pack and model, with its ISF linked by bill. */
export function scoreFixtures(): { results: ScoreResult[]; entries: ReportEntry[]; modelVersion: string } {
  const rules = loadRulePack(loadFixtureFile('rules/default.json'));
  const model = loadModel(loadFixtureFile('models/default.json'));
  const scorer = createScorer({ rules, model, reference: model.reference });
  const isfIndex = new IsfIndex(readdirSync(fixturePath('isf')).filter((name) => name.endsWith('.json')).sort().map((name) => parseIsfFiling(loadFixture(`isf/${name}`))));
  const results: ScoreResult[] = [];
  const entries: ReportEntry[] = [];
  for (const name of readdirSync(fixturePath('declarations')).sort()) {
    const declaration = parseDeclaration(loadFixture(`declarations/${name}`));
    const isf = isfIndex.find(declaration);
    const result = scorer.scoreParsed(declaration, { isf });
    results.push(result);
    // A ScoreResult is a ReportEntry as it is: this assignment is the type-level check of that contract.
    const entry: ReportEntry = result;
    entries.push(isf === undefined ? { ...entry, declaration } : { ...entry, declaration, isf });
  }
  return { results, entries, modelVersion: model.modelVersion };
}

function loadFixtureFile(relative: string): unknown {
  // rules/ and models/ sit beside fixtures/ at the package root.
  return loadFixture(`../${relative}`);
}
