import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { evaluate } from '../../src/cli/commands/evaluate.js';
import { train } from '../../src/cli/commands/train.js';
import { batchFixture, captureIo, kcsRows, tempDir } from '../batch/_lib/cli.js';

describe('train and evaluate commands', () => {
  test('train writes a model file that evaluate reads back: metrics table, rule back-test at the same inspection rate', async () => {
    const dir = tempDir();
    const rows = kcsRows(500).trimEnd().split('\n');
    writeFileSync(join(dir, 'train.csv'), `${rows.slice(0, 351).join('\n')}\n`);
    writeFileSync(join(dir, 'valid.csv'), `${[rows[0], ...rows.slice(351)].join('\n')}\n`);
    const model = join(dir, 'model.json');
    const trainIo = captureIo();
    const code = await train([join(dir, 'train.csv'), '--out', model, '--trees', '5', '--seed', '3'], trainIo);
    expect(trainIo.err()).toContain('train.csv: 350 rows, 350 labelled declarations');
    expect(code).toBe(0);
    expect((JSON.parse(readFileSync(model, 'utf8')) as { forest: { trees: number } }).forest).toBeDefined();

    const io = captureIo();
    expect(await evaluate([join(dir, 'valid.csv'), '--model', model, '--train', join(dir, 'train.csv'), '--rules', batchFixture('pack.json')], io)).toBe(0);
    const out = io.out();
    expect(out).toMatch(/^model rf-[0-9a-f]{12} on .*valid\.csv:\nmetric +all +novel\nrecords +150 +\d+\n/);
    expect(out).toMatch(/\nAUC +0\.\d{3} +(0\.\d{3}|–)\n/);
    expect(out).toContain('precision@5 %');
    expect(out).toMatch(/\nrule back-test: 150 declarations, \d+ with a finding/);
    expect(out).toMatch(/\nT-CN +\d+ +\d+\.\d % +\d+\.\d % +\d\.\d\d +Exported from CN\n/);
    const selection = out.slice(out.indexOf('selection'));
    const inspected = [...selection.matchAll(/^(rules alone|model alone|rules \+ model) +(\d+)/gm)].map((match) => [match[1], match[2]]);
    expect(inspected.map(([name]) => name)).toEqual(['rules alone', 'model alone', 'rules + model']);
    expect(new Set(inspected.map(([, count]) => count)).size).toBe(1);
  });

  test('training twice with the same seed writes the same bytes', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'train.csv'), kcsRows(200));
    for (const name of ['a.json', 'b.json']) {
      expect(await train([join(dir, 'train.csv'), '--out', join(dir, name), '--trees', '3', '--quiet'], captureIo())).toBe(0);
    }
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe(readFileSync(join(dir, 'b.json'), 'utf8'));
  });

  test('rows without a label cannot train: data error 65, and no model file', async () => {
    const dir = tempDir();
    const [header, ...rows] = kcsRows(20).trimEnd().split('\n');
    const strip = (line: string | undefined) => (line ?? '').split(',').slice(0, 20).join(',');
    writeFileSync(join(dir, 'unlabelled.csv'), `${[strip(header), ...rows.map(strip)].join('\n')}\n`);
    const io = captureIo();
    expect(await train([join(dir, 'unlabelled.csv'), '--out', join(dir, 'model.json')], io)).toBe(65);
    expect(io.err()).toContain('row 1: no outcome label');
    expect(existsSync(join(dir, 'model.json'))).toBe(false);
  });

  test('train without --out is a usage error', async () => {
    const io = captureIo();
    expect(await train([batchFixture('pack.json')], io)).toBe(64);
    expect(io.err().split('\n')[0]).toBe('customs-risk train: missing --out <model.json>');
  });
});
