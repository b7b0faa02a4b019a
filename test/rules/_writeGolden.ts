// Writes test/rules/golden/default-pack.jsonl.gz (gzip, 9 MB of JSON as 0.2 MB): the default pack's evaluations of the golden set (see
// _goldenCases.ts), one case per line. Run with `npx tsx test/rules/_writeGolden.ts` only when a change
// to the results is intended, and say so in the commit.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { loadRulePack } from '../../src/index.js';
import { fixturePath } from '../_helpers/fixtures.js';
import { goldenCases } from './_goldenCases.js';

const pack = loadRulePack(readFileSync(fixturePath('../rules/default.json'), 'utf8'));
const cases = await goldenCases(pack);
const folder = new URL('./golden/', import.meta.url);
mkdirSync(folder, { recursive: true });
writeFileSync(new URL('default-pack.jsonl.gz', folder), gzipSync(cases.map((c) => `${JSON.stringify(c.name)} ${c.json}\n`).join(''), { level: 9 }));
console.log(`${cases.length} cases written`);
