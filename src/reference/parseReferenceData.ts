import { InputError } from '../errors/InputError.js';
import type { Issue } from '../records/Issue.js';
import { toIssues } from '../records/_lib/toIssues.js';
import type { SafeParseResult } from '../records/_lib/makeParsers.js';
import type { HsNorm, ReferenceData } from './ReferenceData.js';
import { addImporterRun, chapterNumber, ProfileRunsBuilder } from './_lib/profileStore.js';
import { readNorms } from './_lib/readNorms.js';
import { readConsigneeProfiles, readImporterProfiles } from './_lib/readProfiles.js';
import { NORM_KEYS, referenceFileSchema, referenceShellSchema } from './_lib/referenceFileSchema.js';

const time = (value: string) => Date.parse(value);
const ascending = (a: number, b: number) => a - b;

function normMap(record: Record<string, unknown>): Map<string, HsNorm> {
  const map = new Map<string, HsNorm>();
  for (const key of Object.keys(record).sort()) map.set(key, record[key] as HsNorm);
  return map;
}

interface File {
  readonly currency: string;
  readonly minCount: number;
  readonly builtFrom: ReferenceData['builtFrom'];
}

function build(file: File, rest: Omit<ReferenceData, keyof File>): SafeParseResult<ReferenceData> {
  return { success: true, data: { currency: file.currency, minCount: file.minCount, builtFrom: file.builtFrom, ...rest } };
}

/**
 * The file checked against `referenceFileSchema`. Valid files take the fast way: zod checks the shell and
 * hand-written loops check and convert the norm records and the profile lists without a copy. Anything refused there is run
 * through the full schema, so a bad file gets exactly the issues the schema reports.
 */
function check(json: unknown): SafeParseResult<ReferenceData> {
  const shell = referenceShellSchema.safeParse(json);
  if (shell.success) {
    const file = shell.data;
    const hs6 = readNorms(file.hs6, NORM_KEYS.hs6);
    const hs6Origin = hs6 && readNorms(file.hs6Origin, NORM_KEYS.hs6Origin);
    const chapters = hs6Origin && readNorms(file.chapters, NORM_KEYS.chapters);
    const importers = chapters && readImporterProfiles(file.importers);
    const consignees = importers && readConsigneeProfiles(file.consignees);
    if (hs6 && hs6Origin && chapters && importers && consignees) return build(file, { hs6, hs6Origin, chapters, importers, consignees });
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
  const importers = new ProfileRunsBuilder();
  for (const entry of file.importers) {
    const chapters: number[] = [];
    for (const [chapter, at] of new Map(entry.chapters.map(([key, at]) => [key, time(at)]))) chapters.push(chapterNumber(chapter), at);
    const declarationTimes = entry.declarationTimes.map(time).sort(ascending);
    const outcomeTimes = entry.outcomeTimes.map(time).sort(ascending);
    const findingTimes = entry.findingTimes.map(time).sort(ascending);
    importers.set(entry.id, addImporterRun(importers.runs, declarationTimes, outcomeTimes, findingTimes, chapters));
  }
  const consignees = new ProfileRunsBuilder();
  for (const entry of file.consignees) consignees.set(entry.id, consignees.addConsignee(entry.declarationTimes.map(time).sort(ascending)));
  return build(file, { hs6: normMap(file.hs6), hs6Origin: normMap(file.hs6Origin), chapters: normMap(file.chapters), importers: importers.importers(), consignees: consignees.consignees() });
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
  return check(json);
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
