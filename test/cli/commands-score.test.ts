import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { score, SCORE_USAGE } from '../../src/cli/commands/score.js';
import { readRecords } from '../../src/io/readRecords.js';
import { fixturePath } from '../_helpers/fixtures.js';
import { batchFixture, captureIo, cliCommand, kcsRows, tempDir } from '../batch/_lib/cli.js';

const PACK = batchFixture('pack.json');

/** Six data rows of the KCS sample, four of them broken in different ways, and one blank line. */
function brokenFile(): string {
  const [header, ...rows] = kcsRows(6).trimEnd().split('\n');
  const cells = rows.map((row) => row.split(','));
  const set = (row: number, column: number, value: string): string => {
    const copy = [...(cells[row] ?? [])];
    copy[column] = value;
    return copy.join(',');
  };
  return [
    header,
    rows[0], // row 1: fine
    '85945189,2020-01-01,40', // row 2: 3 fields instead of 22
    set(2, 12, 'ABC'), // row 3: HS code
    '', // blank line: not a row
    set(3, 2, '4"0'), // row 4: stray quote
    set(4, 1, '2020-13-45'), // row 5: no such date
    rows[5], // row 6: fine
    '',
  ].join('\n');
}

describe('score command', () => {
  test('scores KCS rows with a rule pack into id, score, lane, lane reason and the top three reasons', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'in.csv'), kcsRows(3));
    const io = captureIo();
    const code = await score([join(dir, 'in.csv'), '--rules', PACK, '--model', 'none', '--workers', '1', '--quiet'], io);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    expect(io.out()).toBe(
      [
        'id,score,lane,lane_reason,reason_1,reason_2,reason_3',
        '97061800,20,green,threshold,,,',
        '85945189,90,red,threshold,Exported from CN (+40),High duty rate (+30),',
        '77854751,60,yellow,threshold,Exported from CN (+40),,',
        '',
      ].join('\n'),
    );
  });

  test('accounts for every row of a file with broken rows: rows in = scored + rejected, rejects name row, id and reason', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'broken.csv'), brokenFile());
    const io = captureIo();
    const out = join(dir, 'out.csv');
    const rejects = join(dir, 'rejects.jsonl');
    const code = await score([join(dir, 'broken.csv'), '--rules', PACK, '--model', 'none', '--workers', '1', '--out', out, '--rejects', rejects], io);
    expect(code).toBe(3);
    expect(io.err()).toContain('rows: 6 in = 2 scored + 4 rejected (integrity check passed)');
    expect(readFileSync(out, 'utf8').trimEnd().split('\n').map((line) => line.split(',')[0])).toEqual(['id', '97061800', '38459034']);
    const lines = readFileSync(rejects, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => [line['row'], line['line'], line['id']])).toEqual([
      [2, 3, '85945189'],
      [3, 4, '77854751'],
      [4, 6, '46925060'],
      [5, 7, '34131149'],
    ]);
    const reasons = lines.map((line) => (line['reasons'] as { code: string; message: string }[]).map((reason) => reason.code));
    expect(reasons[0]).toEqual(['wrong_column_count']);
    expect(reasons[1]).toContain('invalid_hs_code');
    expect(reasons[2]).toEqual(['malformed_row']);
    expect(reasons[3]).toContain('invalid_timestamp');
    expect(lines[0]?.['raw']).toBe('85945189,2020-01-01,40');
    expect((lines[0]?.['reasons'] as { message: string }[])[0]?.message).toBe('row 2: expected 22 fields as in the header, found 3');
  });

  test('writes byte-identical results and rejects with 1 and 2 workers, in input order', async () => {
    const dir = tempDir();
    // Enough rows for several chunks, broken rows spread through them.
    const base = kcsRows(2000).trimEnd().split('\n');
    const body = base.slice(1).map((row, index) => (index % 97 === 5 ? row.replace(/,20\d\d-/, ',19x-') : row));
    writeFileSync(join(dir, 'in.csv'), `${[base[0], ...body].join('\n')}\n`);
    const run = async (workers: string, name: string): Promise<[string, string]> => {
      const out = join(dir, `${name}.jsonl`);
      const rejects = join(dir, `${name}.rejects.jsonl`);
      const code = await score([join(dir, 'in.csv'), '--rules', PACK, '--model', 'none', '--workers', workers, '--out', out, '--rejects', rejects, '--quiet'], captureIo());
      expect(code).toBe(3);
      return [readFileSync(out, 'utf8'), readFileSync(rejects, 'utf8')];
    };
    const [one, oneRejects] = await run('1', 'one');
    const [two, twoRejects] = await run('2', 'two');
    expect(two).toBe(one);
    expect(twoRejects).toBe(oneRejects);
    const ids = one.trimEnd().split('\n').map((line) => (JSON.parse(line) as { id: string }).id);
    const expected = body.filter((_, index) => index % 97 !== 5).map((row) => row.split(',')[0]);
    expect(ids).toEqual(expected);
    expect(oneRejects.trimEnd().split('\n')).toHaveLength(21);
  });

  test('keeps the full explanation for non-green results only, unless --explain all', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'in.csv'), kcsRows(2));
    const run = async (...extra: string[]) => {
      const out = join(dir, `out${extra.length}.jsonl`);
      await score([join(dir, 'in.csv'), '--rules', PACK, '--model', 'none', '--workers', '1', '--out', out, '--quiet', ...extra], captureIo());
      return readFileSync(out, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as { lane: string; explanation: Record<string, unknown> });
    };
    const [green, red] = await run();
    expect(green?.lane).toBe('green');
    expect(Object.keys(green?.explanation ?? {})).toEqual(['summary']);
    expect(red?.lane).toBe('red');
    expect(red?.explanation['reasons']).toHaveLength(2);
    const [greenAll] = await run('--explain', 'all');
    expect(greenAll?.explanation['reasons']).toEqual([]);
    expect(greenAll?.explanation['breakdown']).toBeDefined();
  });
});

describe('score command with ISF filings', () => {
  test('joins each declaration to the ISF filed for its bill of lading', async () => {
    const dir = tempDir();
    const compact = (name: string) => JSON.stringify(JSON.parse(readFileSync(fixturePath(name), 'utf8')));
    writeFileSync(join(dir, 'entries.jsonl'), `${compact('declarations/mismatch.json')}\n${compact('declarations/risky.json')}\n`);
    writeFileSync(join(dir, 'isf.jsonl'), `${compact('isf/mismatch.json')}\n${compact('isf/clean-isf10.json')}\n`);
    const out = join(dir, 'out.jsonl');
    const code = await score([join(dir, 'entries.jsonl'), '--isf', join(dir, 'isf.jsonl'), '--model', 'none', '--workers', '1', '--out', out, '--quiet'], captureIo());
    expect(code).toBe(0);
    const results = readFileSync(out, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as { id: string; hits: { ruleId: string }[] });
    const fired = (index: number) => results[index]?.hits.map((hit) => hit.ruleId) ?? [];
    // The mismatch entry has its ISF (HTS and origin differ from it); the risky one has none for its bill.
    expect(fired(0)).not.toContain('ISF-003');
    expect(fired(0)).toContain('XCK-001');
    expect(fired(1)).toContain('ISF-003');
  });
  test('reads ISF filings from a CSV file in the ISF layout exactly as from JSONL', async () => {
    const dir = tempDir();
    const isfCsv = fixturePath('isf/isf10-multi-line.csv');
    const filings: unknown[] = [];
    for await (const result of readRecords(isfCsv, { kind: 'isf' })) if (result.ok) filings.push(result.record);
    expect(filings.length).toBeGreaterThan(1);
    writeFileSync(join(dir, 'isf.jsonl'), filings.map((filing) => `${JSON.stringify(filing)}\n`).join(''));
    const compact = (name: string) => JSON.stringify(JSON.parse(readFileSync(fixturePath(name), 'utf8')));
    writeFileSync(join(dir, 'entries.jsonl'), `${compact('declarations/us-ocean.json')}\n${compact('declarations/risky.json')}\n`);
    const run = async (isf: string, out: string) => {
      const code = await score([join(dir, 'entries.jsonl'), '--isf', isf, '--model', 'none', '--workers', '1', '--out', join(dir, out), '--quiet'], captureIo());
      expect(code).toBe(0);
      return readFileSync(join(dir, out), 'utf8');
    };
    const fromCsv = await run(isfCsv, 'from-csv.jsonl');
    expect(fromCsv).toBe(await run(join(dir, 'isf.jsonl'), 'from-jsonl.jsonl'));
    // The first entry's bill has a filing in the CSV (no "no ISF" hit); the second has none.
    const fired = fromCsv.trimEnd().split('\n').map((line) => (JSON.parse(line) as { hits: { ruleId: string }[] }).hits.map((hit) => hit.ruleId));
    expect(fired[0]).not.toContain('ISF-003');
    expect(fired[1]).toContain('ISF-003');
  });
});

describe('score command usage errors', () => {
  const usage = async (...args: string[]): Promise<{ code: number; err: string }> => {
    const io = captureIo();
    const code = await score(args, io);
    return { code, err: io.err() };
  };

  test('a missing input file is a usage error: one line, the usage, exit code 64', async () => {
    const { code, err } = await usage('no/such/file.csv');
    expect(code).toBe(64);
    expect(err).toBe(`customs-risk score: no input file "no/such/file.csv"\n${SCORE_USAGE}\n`);
  });

  test('an unknown flag is a usage error naming the flag', async () => {
    const { code, err } = await usage(batchFixture('pack.json'), '--colour');
    expect(code).toBe(64);
    expect(err.split('\n')[0]).toBe("customs-risk score: unknown option --colour");
    expect(err).not.toContain('    at ');
  });

  test('a layout that is neither a known name nor a file is a usage error', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'in.csv'), kcsRows(1));
    const { code, err } = await usage(join(dir, 'in.csv'), '--layout', 'kcs2');
    expect(code).toBe(64);
    expect(err.split('\n')[0]).toBe('customs-risk score: --layout expects auto, default, kcs or a mapping file; no file "kcs2"');
  });

  test('a bad --workers value and a missing input are usage errors', async () => {
    expect((await usage()).err.split('\n')[0]).toBe('customs-risk score: missing the input file');
    const dir = tempDir();
    writeFileSync(join(dir, 'in.csv'), kcsRows(1));
    const { code, err } = await usage(join(dir, 'in.csv'), '--workers', '0');
    expect(code).toBe(64);
    expect(err.split('\n')[0]).toBe('customs-risk score: --workers expects a positive integer, got "0"');
  });

  test('an invalid rule pack is a data error (65) and leaves no output file, with any number of workers', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'in.csv'), kcsRows(5));
    writeFileSync(join(dir, 'pack.json'), '{"id":"broken"}');
    for (const workers of ['1', '2']) {
      const io = captureIo();
      const code = await score([join(dir, 'in.csv'), '--rules', join(dir, 'pack.json'), '--workers', workers, '--out', join(dir, 'out.csv')], io);
      expect(code).toBe(65);
      expect(io.err()).toMatch(/^customs-risk score: Invalid rule pack broken: /);
      expect(readdirSync(dir).sort()).toEqual(['in.csv', 'pack.json']);
    }
  });
});

describe('score command with the bundled reference data', () => {
  const SAMPLE = fileURLToPath(new URL('../../fixtures/kcs-sample.csv', import.meta.url));
  const hitCounts = (jsonl: string): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const line of jsonl.trimEnd().split('\n')) {
      const result = JSON.parse(line) as { hits: { ruleId: string }[] };
      for (const id of new Set(result.hits.map((hit) => hit.ruleId))) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  };

  test('by default reads importer history from models/reference.json, also in workers: not every importer is first-time', async () => {
    const dir = tempDir();
    const out = join(dir, 'out.jsonl');
    const io = captureIo();
    const code = await score([SAMPLE, '--workers', '2', '--explain', 'none', '--out', out, '--quiet'], io);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text.trimEnd().split('\n')).toHaveLength(2000);
    const counts = hitCounts(text);
    // The sample is 1–15 January 2020, the start of the history: most importers really are new then.
    expect(counts.get('PTY-001')).toBe(1744);
    expect(counts.get('PTY-002')).toBe(235);
    expect(counts.get('PTY-003')).toBe(74);
    const known = text.split('\n').find((line) => line.includes('"id":"86497916"')) ?? '';
    expect(known).not.toContain('"PTY-001"');
    expect(known).toContain('1 positive inspection finding(s) against the importer in the last 24 months');
  });

  test('--reference none leaves only the model\'s value norms: every importer counts as first-time', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'in.csv'), kcsRows(400));
    const out = join(dir, 'out.jsonl');
    const code = await score([join(dir, 'in.csv'), '--reference', 'none', '--workers', '1', '--explain', 'none', '--out', out, '--quiet'], captureIo());
    expect(code).toBe(0);
    const counts = hitCounts(readFileSync(out, 'utf8'));
    expect(counts.get('PTY-001')).toBe(400);
    expect(counts.get('PTY-003')).toBeUndefined();
  });

  test('a bad --reference file is a data error (65): one line naming the file and the problem, no output file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'in.csv'), kcsRows(5));
    writeFileSync(join(dir, 'ref.json'), '{"format":"customs-risk/reference-data","version":1}');
    writeFileSync(join(dir, 'broken.json'), '{"format":\n');
    for (const workers of ['1', '2']) {
      const io = captureIo();
      const code = await score([join(dir, 'in.csv'), '--reference', join(dir, 'ref.json'), '--workers', workers, '--out', join(dir, 'out.csv')], io);
      expect(code).toBe(65);
      expect(io.err()).toBe(`customs-risk score: the reference data file ${join(dir, 'ref.json')} is not valid: currency: is required (and 7 more problem(s))\n`);
    }
    const io = captureIo();
    expect(await score([join(dir, 'in.csv'), '--reference', join(dir, 'broken.json'), '--out', join(dir, 'out.csv')], io)).toBe(65);
    expect(io.err()).toMatch(new RegExp(`^customs-risk score: the reference data file ${join(dir, 'broken.json')} is not valid: not valid JSON \\([^\\n]+\\)\\n$`));
    expect(readdirSync(dir).sort()).toEqual(['broken.json', 'in.csv', 'ref.json']);
  });
});

describe('score command interrupted', () => {
  test('a run killed with SIGINT mid-way leaves nothing under the final name and no temporary file', async () => {
    const dir = tempDir();
    const out = join(dir, 'out.csv');
    const rows = kcsRows(2000).split('\n');
    // Input comes from stdin and stops half-way: the run is surely in progress when it is interrupted.
    const child = spawn(process.execPath, cliCommand('score', '-', '--rules', PACK, '--workers', '1', '--out', out, '--quiet'), {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
    child.stdin.write(rows.slice(0, 1000).join('\n'));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Wait until the temporary output exists: the process is then writing.
    for (let tries = 0; tries < 300 && readdirSync(dir).length === 0; tries++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(readdirSync(dir)).toHaveLength(1);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
    expect(stderr).toContain('interrupted by SIGINT');
  });

  test('a run killed with SIGKILL leaves nothing under the final name', async () => {
    const dir = tempDir();
    const out = join(dir, 'out.csv');
    const child = spawn(process.execPath, cliCommand('score', '-', '--rules', PACK, '--workers', '1', '--out', out, '--quiet'), {
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    child.stdin.write(kcsRows(500));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_, signal) => resolve(signal)));
    for (let tries = 0; tries < 300 && readdirSync(dir).length === 0; tries++) await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(existsSync(out)).toBe(false);
  });
});

describe('score command with text outside ASCII', () => {
  test('gives the same bytes with 1 and 2 workers when characters of several bytes straddle the slices a chunk is read in', async () => {
    const dir = tempDir();
    const [header, ...rows] = kcsRows(2000).trimEnd().split('\n');
    // Ids of 2-, 3- and 4-byte characters: at 8 KB slices, some fall across a slice boundary.
    const renamed = rows.map((row, index) => row.replace(/^[^,]*/, `Zoll-ü-${index}-日本-𝔘`));
    writeFileSync(join(dir, 'in.csv'), `${[header, ...renamed].join('\n')}\n`);
    const outputs: string[] = [];
    for (const workers of ['1', '2']) {
      const out = join(dir, `out-${workers}.csv`);
      const code = await score([join(dir, 'in.csv'), '--workers', workers, '--out', out, '--quiet'], captureIo());
      expect(code).toBe(0);
      outputs.push(readFileSync(out, 'utf8'));
    }
    expect(outputs[1]).toBe(outputs[0]);
    const ids = outputs[0]!.trimEnd().split('\n').slice(1).map((line) => line.split(',')[0]);
    expect(ids).toEqual(renamed.map((_, index) => `Zoll-ü-${index}-日本-𝔘`));
  });
});
