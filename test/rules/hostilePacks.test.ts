import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { RULE_PACK_LIMITS, safeLoadRulePack } from '../../src/index.js';
import { fixturePath } from '../_helpers/fixtures.js';

const folder = fixturePath('packs/hostile');
const reasons = JSON.parse(readFileSync(fixturePath('packs/hostile-reasons.json'), 'utf8')) as Record<string, string>;
const files = readdirSync(folder).filter((name) => name.endsWith('.json')).sort();

describe('hostile rule packs', () => {
  test('the corpus holds at least 25 packs, each with an expected reason', () => {
    expect(files.length).toBeGreaterThanOrEqual(25);
    expect(Object.keys(reasons).sort()).toEqual(files);
  });

  test.each(files)('rejects %s at load with a clear reason, quickly', (file) => {
    const text = readFileSync(`${folder}/${file}`, 'utf8');
    const started = performance.now();
    const result = safeLoadRulePack(text);
    const elapsed = performance.now() - started;
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues.map((issue) => issue.message).join('\n')).toContain(reasons[file]);
    // Generous bound: the point is that nothing hangs or allocates without limit, not a benchmark.
    expect(elapsed).toBeLessThan(2000);
  });

  test('rejects a pack larger than the size limit before parsing it', () => {
    const text = `{"id":"big","description":"${'x'.repeat(RULE_PACK_LIMITS.maxPackBytes)}"}`;
    const result = safeLoadRulePack(text);
    expect(result).toMatchObject({ success: false, issues: [{ message: `rule pack: ${text.length} characters, at most ${RULE_PACK_LIMITS.maxPackBytes} are allowed` }] });
  });

  test('leaves Object.prototype untouched', () => {
    for (const file of files) safeLoadRulePack(readFileSync(`${folder}/${file}`, 'utf8'));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});
