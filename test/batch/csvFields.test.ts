import { describe, expect, test } from 'vitest';
import { csvFields } from '../../src/batch/_lib/csvFields.js';
import { csvField } from '../../src/batch/_lib/csvField.js';
import { ReasonCells, reasonText } from '../../src/batch/_lib/reasonCells.js';

describe('csvFields', () => {
  test('splits plain and quoted fields and drops the line ending', () => {
    expect(csvFields('a,"b,c","d ""e""",\r\n')).toEqual(['a', 'b,c', 'd "e"', '']);
  });
});

describe('csvField', () => {
  test('quotes only fields with commas, quotes or line breaks, and round-trips through csvFields', () => {
    const fields = ['plain', 'with, comma', 'say "hi"', 'two\nlines', 42];
    const line = `${fields.map(csvField).join(',')}\n`;
    expect(line).toBe('plain,"with, comma","say ""hi""","two\nlines",42\n');
    expect(csvFields(line)).toEqual(['plain', 'with, comma', 'say "hi"', 'two\nlines', '42']);
  });
});

describe('ReasonCells', () => {
  test('formats label, signed points and forced lane, quoted when needed', () => {
    const cells = new ReasonCells();
    expect(cells.cell({ label: 'ISF filed late', points: 20 })).toBe('ISF filed late (+20)');
    expect(cells.cell({ label: 'value, per kg', points: -3.5 })).toBe('"value, per kg (-3.5)"');
    expect(cells.cell({ label: 'sanctioned party', points: 0, forcedLane: 'red' })).toBe('sanctioned party (red lane)');
    expect(cells.cell({ label: 'sanctioned party', points: 40, forcedLane: 'red' })).toBe('"sanctioned party (+40, red lane)"');
    expect(cells.cell(undefined)).toBe('');
  });

  test('gives the same cell as formatting afresh when a label comes back with other points or lane', () => {
    const cells = new ReasonCells();
    const seen = [
      { label: 'model', points: 3.4 },
      { label: 'model', points: 3.4 },
      { label: 'model', points: -1 },
      { label: 'rule "x"', points: 10 },
      { label: 'rule "x"', points: 10, forcedLane: 'yellow' },
      { label: 'rule "x"', points: 10 },
    ];
    for (const reason of seen) expect(cells.cell(reason)).toBe(csvField(reasonText(reason)));
  });
});
