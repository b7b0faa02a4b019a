import { readFile } from 'node:fs/promises';
import { InputError } from '../errors/InputError.js';
import { toIssues } from '../records/_lib/toIssues.js';
import { csvLayoutSchema, type CsvLayout } from './CsvLayout.js';

/**
 * Checks a column mapping that came from outside (e.g. parsed JSON) and returns it as a `CsvLayout`.
 * @throws InputError naming every bad key (unknown target path, wrong type, …).
 * @example
 * parseLayout({ name: 'broker', columns: { id: 'Entry No', 'line.hsCode': 'Commodity' } }).name //=> 'broker'
 */
export function parseLayout(input: unknown): CsvLayout {
  const result = csvLayoutSchema.safeParse(input, { reportInput: true });
  if (result.success) {
    const { kind, constants, grouping, unmappedColumns, ...rest } = result.data;
    return {
      ...rest,
      ...(kind === undefined ? {} : { kind }),
      ...(constants === undefined ? {} : { constants }),
      ...(grouping === undefined ? {} : { grouping }),
      ...(unmappedColumns === undefined ? {} : { unmappedColumns }),
    };
  }
  const [first, ...rest] = toIssues(result.error.issues);
  if (first === undefined) throw new TypeError('invalid layout');
  throw new InputError([first, ...rest], { recordId: 'layout' });
}

/**
 * Reads a column mapping from a JSON file (see docs/io.md for the format).
 * @param path Path of the mapping file.
 * @throws InputError when the file is not JSON or not a valid mapping; the file system's error when it
 *   cannot be read.
 * @example
 * const layout = await loadLayout('broker-mapping.json');
 * for await (const result of readRecords('entries.csv', { layout })) …
 */
export async function loadLayout(path: string): Promise<CsvLayout> {
  const text = await readFile(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputError([{ code: 'invalid_json', path: [], message: `${path}: not valid JSON (${reason})` }], { recordId: 'layout', cause: error });
  }
  return parseLayout(json);
}
