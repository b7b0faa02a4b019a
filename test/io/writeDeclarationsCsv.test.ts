import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readRecords, writeDeclarationsCsv, type Declaration } from '../../src/index.js';
import { fixturePath } from '../_helpers/fixtures.js';

async function records(path: string, options: Parameters<typeof readRecords>[1] = {}): Promise<Declaration[]> {
  const out: Declaration[] = [];
  for await (const result of readRecords(path, options)) {
    if (!result.ok) throw new Error(`row ${result.row}: ${result.issues[0].message}`);
    out.push(result.record);
  }
  return out;
}

describe('writeDeclarationsCsv', () => {
  test('writes the default layout so that reading it back gives the same declarations', async () => {
    const original = await records(fixturePath('layouts/default-example.csv'));
    const path = join(mkdtempSync(join(tmpdir(), 'write-')), 'out.csv');
    const rows = await writeDeclarationsCsv(original, path, { attributes: ['channel'], lineAttributes: ['licence'] });
    expect(rows).toBe(5);
    expect(await records(path)).toStrictEqual(original);
  });

  test('converts the KCS sample into the default layout without losing a field of the record', async () => {
    const kcs = (await records(fixturePath('kcs-sample.csv'), { layout: 'kcs' })).slice(0, 200);
    const path = join(mkdtempSync(join(tmpdir(), 'write-')), 'kcs.csv');
    await writeDeclarationsCsv(kcs, path, { attributes: ['courierId'], lineAttributes: ['originIndicator'] });
    expect(readFileSync(path, 'utf8').split('\n')[1]).toMatch(/^97061800,2020-01-01T00:00:00.000Z,30,B 11 21,10,/);
    expect(await records(path)).toStrictEqual(kcs);
  });
});
