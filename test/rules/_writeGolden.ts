// Writes test/rules/golden/default-pack.jsonl.gz (gzip, about 6 MB of JSON as 0.2 MB): the default pack's
// evaluations of the golden set (see _goldenCases.ts), one case per line. Run only when a change to the
// results is intended, and say so in the commit:
//   npx tsx test/rules/_writeGolden.ts                    the evaluator of the working tree
//   npx tsx test/rules/_writeGolden.ts --baseline <ref>   src/rules of an earlier commit (git archive)
// The file in the repository was written with `--baseline 40010d6`, the evaluator before its per-record
// costs were cut; records, contexts and reference data come from the working tree either way.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { loadRulePack } from '../../src/index.js';
import { fixturePath } from '../_helpers/fixtures.js';
import { goldenCases, type Evaluator } from './_goldenCases.js';

const args = process.argv.slice(2);
const ref = args.includes('--baseline') ? args[args.indexOf('--baseline') + 1] : undefined;
const packText = readFileSync(fixturePath('../rules/default.json'), 'utf8');
let cleanup = () => {};
let cases;
if (ref === undefined) {
  cases = await goldenCases(loadRulePack(packText));
} else {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'rules-golden-'));
  execFileSync('tar', ['-x', '-C', dir], { input: execFileSync('git', ['-C', root, 'archive', '--format=tar', ref, 'src'], { maxBuffer: 1 << 28 }) });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  cleanup = () => rmSync(dir, { recursive: true, force: true });
  const lib = (await import(pathToFileURL(join(dir, 'src/index.ts')).href)) as typeof import('../../src/index.js') & Evaluator;
  cases = await goldenCases(lib.loadRulePack(packText), lib);
}
const folder = new URL('./golden/', import.meta.url);
mkdirSync(folder, { recursive: true });
writeFileSync(new URL('default-pack.jsonl.gz', folder), gzipSync(cases.map((c) => `${JSON.stringify(c.name)} ${c.json}\n`).join(''), { level: 9 }));
cleanup();
console.log(`${cases.length} cases written${ref === undefined ? '' : ` by src/ at ${ref}`}`);
