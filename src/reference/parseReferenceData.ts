import { InputError } from '../errors/InputError.js';
import type { Issue } from '../records/Issue.js';
import { toIssues } from '../records/_lib/toIssues.js';
import type { SafeParseResult } from '../records/_lib/makeParsers.js';
import type { ConsigneeProfile, HsNorm, ImporterProfile, ReferenceData } from './ReferenceData.js';
import { readConsigneeProfiles, readImporterProfiles } from './_lib/readProfiles.js';
import { referenceFileSchema, referenceShellSchema } from './_lib/referenceFileSchema.js';

const time = (value: string) => Date.parse(value);
const ascending = (a: number, b: number) => a - b;

function normMap(record: Record<string, unknown>): Map<string, HsNorm> {
  const map = new Map<string, HsNorm>();
  for (const key of Object.keys(record).sort()) map.set(key, record[key] as HsNorm);
  return map;
}

type Checked = SafeParseResult<{
  readonly shell: ReturnType<typeof referenceShellSchema.parse>;
  readonly importers: Map<string, ImporterProfile>;
  readonly consignees: Map<string, ConsigneeProfile>;
}>;

/**
 * The file checked against `referenceFileSchema`. Valid files take the fast way: zod checks the shell and
 * hand-written loops check and convert the profile lists without a copy. Anything refused there is run
 * through the full schema, so a bad file gets exactly the issues the schema reports.
 */
function check(json: unknown): Checked {
  const shell = referenceShellSchema.safeParse(json);
  if (shell.success) {
    const importers = readImporterProfiles(shell.data.importers);
    const consignees = importers === undefined ? undefined : readConsigneeProfiles(shell.data.consignees);
    if (importers !== undefined && consignees !== undefined) return { success: true, data: { shell: shell.data, importers, consignees } };
  }
  const result = referenceFileSchema.safeParse(json, { reportInput: true });
  if (!result.success) {
    const issues = toIssues(result.error.issues).map((issue): Issue => ({ ...issue, message: `reference data: ${issue.message}` }));
    const [first, ...rest] = issues;
    return { success: false, issues: first === undefined ? [{ code: 'invalid_value', path: [], message: 'reference data: invalid' }] : [first, ...rest] };
  }
  // Only if the hand-written checks refused what the schema accepts (an exotic object passed in by a
  // caller): convert the schema's output the plain way.
  const file = result.data;
  const importers = new Map<string, ImporterProfile>();
  for (const entry of file.importers) {
    importers.set(entry.id, {
      declarationTimes: entry.declarationTimes.map(time).sort(ascending),
      chapters: new Map(entry.chapters.map(([chapter, at]) => [chapter, time(at)])),
      outcomeTimes: entry.outcomeTimes.map(time).sort(ascending),
      findingTimes: entry.findingTimes.map(time).sort(ascending),
    });
  }
  const consignees = new Map<string, ConsigneeProfile>();
  for (const entry of file.consignees) consignees.set(entry.id, { declarationTimes: entry.declarationTimes.map(time).sort(ascending) });
  return { success: true, data: { shell: file, importers, consignees } };
}

/**
 * Like `parseReferenceData`, but returns the problems as data instead of throwing.
 * @param input The file's text, or its already-parsed JSON value.
 */
export function safeParseReferenceData(input: unknown): SafeParseResult<ReferenceData> {
  let json: unknown = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input);
    } catch (error) {
      return { success: false, issues: [{ code: 'invalid_json', path: [], message: `reference data: not valid JSON (${(error as Error).message})` }] };
    }
  }
  const checked = check(json);
  if (!checked.success) return checked;
  const { shell: file, importers, consignees } = checked.data;
  return {
    success: true,
    data: {
      currency: file.currency,
      minCount: file.minCount,
      builtFrom: file.builtFrom,
      hs6: normMap(file.hs6),
      hs6Origin: normMap(file.hs6Origin),
      chapters: normMap(file.chapters),
      importers,
      consignees,
    },
  };
}

/**
 * Reads reference data written by `serializeReferenceData`, validating every field.
 * @param input The file's text, or its already-parsed JSON value.
 * @throws InputError listing every problem of the file.
 * @example
 * const reference = parseReferenceData(readFileSync('reference.json', 'utf8'));
 */
export function parseReferenceData(input: unknown): ReferenceData {
  const result = safeParseReferenceData(input);
  if (result.success) return result.data;
  throw new InputError(result.issues, { recordId: 'reference data' });
}
