import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { explain } from '../../src/cli/commands/explain.js';
import { fixturePath } from '../_helpers/fixtures.js';
import { batchFixture, captureIo, tempDir } from '../batch/_lib/cli.js';

describe('explain command', () => {
  test('prints the officer text of one declaration: summary, reasons with points, the sum and the sources', async () => {
    const io = captureIo();
    const code = await explain([fixturePath('declarations/risky.json'), '--rules', batchFixture('pack.json'), '--model', 'none'], io);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const text = io.out();
    expect(text.split('\n')[0]).toMatch(/^DEC-US-2024-000999: score \d+(\.\d)? of 100, lane \w+/);
    expect(text).toContain('[rule T-DUTY]');
    expect(text).toContain('sources: rules batch-test 1.0.0');
  });

  test('lists the issues of an invalid declaration with exit code 1', async () => {
    const dir = tempDir();
    const path = join(dir, 'bad.json');
    writeFileSync(path, JSON.stringify({ id: 'D-1', lodgedAt: 'yesterday' }));
    const io = captureIo();
    const code = await explain([path, '--rules', batchFixture('pack.json'), '--model', 'none'], io);
    expect(code).toBe(1);
    expect(io.out()).toContain('D-1: invalid_timestamp: lodgedAt:');
  });

  test('a missing file is a usage error with exit code 64', async () => {
    const io = captureIo();
    expect(await explain(['nope.json'], io)).toBe(64);
    expect(io.err().split('\n')[0]).toBe('customs-risk explain: no declaration file "nope.json"');
  });
});
