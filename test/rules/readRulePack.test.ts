import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { RulePackError } from '../../src/index.js';
import { readRulePack } from '../../src/rules/node/readRulePack.js';
import { fixturePath } from '../_helpers/fixtures.js';

describe('readRulePack', () => {
  test('reads the default pack file', () => {
    expect(readRulePack(fixturePath('../rules/default.json')).id).toBe('default');
  });

  test('merges a folder of pack files in file-name order, skipping schema files', () => {
    const folder = mkdtempSync(join(tmpdir(), 'pack-'));
    const rule = (id: string) => ({ id, title: 't', description: 'd', category: 'c', scope: 'declaration', when: 'true', points: 1, message: 'm' });
    writeFileSync(join(folder, '00-header.json'), JSON.stringify({ id: 'folder', version: '3', description: 'split' }));
    writeFileSync(join(folder, '20-more.json'), JSON.stringify({ rules: [rule('B')] }));
    writeFileSync(join(folder, '10-rules.json'), JSON.stringify({ rules: [rule('A')] }));
    writeFileSync(join(folder, 'pack.schema.json'), '{}');
    expect(readRulePack(folder).rules.map((r) => r.id)).toEqual(['A', 'B']);
  });

  test('names the file that is not JSON', () => {
    const folder = mkdtempSync(join(tmpdir(), 'pack-'));
    writeFileSync(join(folder, 'broken.json'), '{ nope');
    expect(() => readRulePack(folder)).toThrow(RulePackError);
    expect(() => readRulePack(folder)).toThrow(/broken\.json: not valid JSON/);
  });
});
