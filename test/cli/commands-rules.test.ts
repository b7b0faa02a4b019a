import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { rules } from '../../src/cli/commands/rules.js';
import { batchFixture, captureIo, tempDir } from '../batch/_lib/cli.js';

describe('rules check command', () => {
  test('reports a valid pack with its id, version and rule count, exit code 0', async () => {
    const io = captureIo();
    const code = await rules(['check', batchFixture('pack.json')], io);
    expect(code).toBe(0);
    expect(io.out()).toBe(`${batchFixture('pack.json')}: valid: pack batch-test 1.0.0, 2 rules (2 enabled), 0 lists\n`);
  });

  test('lists every problem of an invalid pack, one per line, exit code 1', async () => {
    const dir = tempDir();
    const path = join(dir, 'pack.json');
    const rule = { id: 'A', title: 't', description: 'd', category: 'goods', scope: 'line', points: 5 };
    writeFileSync(path, JSON.stringify({ id: 'p', version: '1', description: 'd', rules: [{ ...rule, when: 'line.dutyRate > 2 and', message: '{nope}' }] }));
    const io = captureIo();
    const code = await rules(['check', path], io);
    expect(code).toBe(1);
    const lines = io.out().trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^.*pack\.json: rules\[0\] \(A\)\.when: syntax error/);
    expect(lines[1]).toMatch(/rules\[0\] \(A\)\.message: message placeholder \{nope\}/);
    expect(lines[2]).toBe(`${path}: 2 problems`);
  });

  test('a file that is not JSON is a problem of the pack, not a crash', async () => {
    const dir = tempDir();
    const path = join(dir, 'pack.json');
    writeFileSync(path, '{ not json');
    const io = captureIo();
    expect(await rules(['check', path], io)).toBe(1);
    expect(io.out()).toContain('is not valid JSON');
  });

  test('a missing pack or action is a usage error', async () => {
    const io = captureIo();
    expect(await rules(['check', 'no/such/pack.json'], io)).toBe(64);
    expect(io.err().split('\n')[0]).toBe('customs-risk rules: no rule pack file or folder "no/such/pack.json"');
    const other = captureIo();
    expect(await rules(['lint', 'x'], other)).toBe(64);
    expect(other.err().split('\n')[0]).toBe('customs-risk rules: unknown action "lint" (expected check)');
  });
});
