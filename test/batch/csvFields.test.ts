import { describe, expect, test } from 'vitest';
import { csvFields } from '../../src/batch/_lib/csvFields.js';
import { csvRecord } from '../../src/batch/_lib/csvField.js';

describe('csvFields', () => {
  test('splits plain and quoted fields and drops the line ending', () => {
    expect(csvFields('a,"b,c","d ""e""",\r\n')).toEqual(['a', 'b,c', 'd "e"', '']);
  });
});

describe('csvRecord', () => {
  test('quotes only fields with commas, quotes or line breaks, and round-trips through csvFields', () => {
    const fields = ['plain', 'with, comma', 'say "hi"', 'two\nlines', 42];
    const line = csvRecord(fields);
    expect(line).toBe('plain,"with, comma","say ""hi""","two\nlines",42\n');
    expect(csvFields(line)).toEqual(['plain', 'with, comma', 'say "hi"', 'two\nlines', '42']);
  });
});
