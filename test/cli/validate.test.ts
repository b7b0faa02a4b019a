import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import { fixturePath } from '../_helpers/fixtures.js';

function capture() {
  const sink = () => {
    let text = '';
    const stream = new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        text += String(chunk);
        done();
      },
    });
    return { stream, text: () => text };
  };
  const out = sink();
  const err = sink();
  return { io: { stdout: out.stream, stderr: err.stream }, out: out.text, err: err.text };
}

async function run(...argv: string[]) {
  const { io, out, err } = capture();
  const code = await main(argv, io);
  return { code, out: out(), err: err() };
}

describe('customs-risk validate', () => {
  test('prints every rejected row with row, line and reason, then rows in = valid + rejected', async () => {
    const file = fixturePath('bad/unknown-country.csv');
    const { code, out, err } = await run('validate', file);
    expect(err).toBe('');
    expect(code).toBe(1);
    expect(out).toBe(
      `${file}:3: row 2: unknown_country: lines[0].originCountry: expected an ISO 3166-1 alpha-2 country code, received "QQ" (column "Country of Origin", row 2)\n` +
        `${file}: rows in 3 = 2 valid + 1 rejected\n`,
    );
  });

  test('exits 0 on the KCS sample, the layout detected from the header', async () => {
    const file = fixturePath('kcs-sample.csv');
    const { code, out } = await run('validate', file);
    expect(out).toBe(`${file}: rows in 2000 = 2000 valid + 0 rejected\n`);
    expect(code).toBe(0);
  });

  test('counts rows, not declarations, for multi-line declarations', async () => {
    const file = fixturePath('bad/duplicate-line-in-declaration.csv');
    const { out } = await run('validate', file, '--layout', 'default');
    expect(out.split('\n').slice(-2)).toEqual([`${file}: rows in 3 = 1 valid + 2 rejected (records: 1 valid, 1 rejected)`, '']);
    expect(out).toContain(`${file}:2: rows 1-2: duplicate_line_number: `);
  });

  test('reads a layout mapping file and JSONL by extension', async () => {
    const csv = await run('validate', fixturePath('layouts/broker-export.csv'), '--layout', fixturePath('layouts/broker-mapping.json'));
    expect(csv.out).toBe(`${fixturePath('layouts/broker-export.csv')}: rows in 3 = 3 valid + 0 rejected (records: 2 valid, 0 rejected)\n`);
    const jsonl = await run('validate', fixturePath('bad/invalid-json.jsonl'));
    expect(jsonl.code).toBe(1);
    expect(jsonl.out).toContain(':2: row 2: invalid_json: row 2: not valid JSON');
  });

  test('checks one JSON declaration as before', async () => {
    const file = fixturePath('declarations/clean.json');
    expect(await run('validate', file)).toEqual({ code: 0, out: `${file}: valid\n`, err: '' });
  });

  test('validates ISF filings from CSV with --kind isf: every rejected filing with its rows, then the count', async () => {
    const good = fixturePath('isf/isf10-multi-line.csv');
    const clean = await run('validate', good, '--kind', 'isf');
    expect(clean.code).toBe(0);
    expect(clean.out).toMatch(/rows in 5 = 5 valid \+ 0 rejected \(records: \d+ valid, 0 rejected\)\n$/);
    const broken = fixturePath('isf/broken.csv');
    const bad = await run('validate', broken, '--kind', 'isf');
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(`${broken}:3: row 2: `);
    expect(bad.out.trimEnd().split('\n').at(-1)).toMatch(/^.*: rows in 18 = \d+ valid \+ \d+ rejected/);
  });

  test('reports a header that does not fit the layout as one line, exit 65', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'validate-'));
    const file = join(dir, 'odd.csv');
    writeFileSync(file, 'id,colour\n1,red\n');
    const { code, err, out } = await run('validate', file);
    expect(out).toBe('');
    expect(code).toBe(65);
    expect(err.trimEnd().split('\n')).toHaveLength(1);
    expect(err).toContain(`customs-risk validate: ${file}: header: expected a column "lodgedAt"`);
  });
});

describe('customs-risk usage errors', () => {
  test.each([
    [['validate'], 'customs-risk validate: missing the file to validate'],
    [['validate', 'no-such-file.csv'], 'customs-risk validate: no input file "no-such-file.csv"'],
    [['validate', fixturePath('kcs-sample.csv'), '--format', 'xml'], 'customs-risk validate: --format expects csv, jsonl or json, got "xml"'],
    [['validate', fixturePath('kcs-sample.csv'), '--colour'], 'customs-risk validate: unknown option --colour'],
    [['frobnicate'], 'customs-risk: unknown command "frobnicate"'],
    [[], 'customs-risk: missing the command'],
  ])('%j: one clear line, the usage, exit 64', async (argv, line) => {
    const { code, err, out } = await run(...argv);
    expect(code).toBe(64);
    expect(out).toBe('');
    expect(err.split('\n')[0]).toBe(line);
    expect(err).toContain('usage: customs-risk');
    expect(err).not.toMatch(/\n\s+at /);
  });

  test('--help prints the overview with every command and exits 0', async () => {
    const { code, out } = await run('--help');
    expect(code).toBe(0);
    expect(out).toMatch(/^usage: customs-risk <command> \[options\]\n\ncommands:\n {2}validate {2}check every record/);
    expect(out).toContain('  score     score a CSV or JSONL file');
  });
});
