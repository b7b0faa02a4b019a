import type { z } from 'zod';
import { describeReceived, formatPath, type Issue, type IssueCode } from '../Issue.js';

// Translates zod's issues into ours: stable codes, a message that names the field, the received value.

function codeOf(issue: z.core.$ZodIssue): IssueCode {
  switch (issue.code) {
    case 'custom': {
      const code = (issue.params as { code?: IssueCode } | undefined)?.code;
      return code ?? 'invalid_value';
    }
    case 'invalid_type':
    case 'invalid_union':
      return issue.input === undefined ? 'required' : issue.code;
    case 'too_small':
      return 'too_short';
    case 'too_big':
      return issue.origin === 'string' ? 'too_long' : 'too_many';
    case 'unrecognized_keys':
      return 'unknown_field';
    default:
      return 'invalid_value';
  }
}

function expectation(issue: z.core.$ZodIssue, code: IssueCode): string {
  if (code === 'required') return 'is required';
  if (issue.input === undefined) return issue.message;
  if (issue.code === 'invalid_type') return `expected ${issue.expected}, received ${describeReceived(issue.input)}`;
  if (issue.code === 'too_small') return `expected at least ${String(issue.minimum)} ${issue.origin === 'array' ? 'items' : ''}`.trimEnd();
  if (issue.code === 'too_big') return `expected at most ${String(issue.maximum)} ${issue.origin === 'array' ? 'items' : 'characters'}`;
  if (issue.code === 'unrecognized_keys') return `is not a known field (known fields are listed in the record schema)`;
  if (issue.code === 'invalid_union') return `${issue.message}, received ${describeReceived(issue.input)}`;
  return `${issue.message}, received ${describeReceived(issue.input)}`;
}

/** Converts zod issues to ours, one per problem, in the order zod found them. */
export function toIssues(zodIssues: readonly z.core.$ZodIssue[]): Issue[] {
  const issues: Issue[] = [];
  for (const zodIssue of zodIssues) {
    if (zodIssue.code === 'unrecognized_keys') {
      for (const key of zodIssue.keys) {
        const path = [...zodIssue.path.map(toKey), key];
        issues.push({ code: 'unknown_field', path, message: `${formatPath(path)}: is not a known field` });
      }
      continue;
    }
    if (zodIssue.code === 'invalid_union' && zodIssue.input !== undefined) {
      // A union of string and number etc.: report the first branch's problem, which names what was expected.
      const nested = zodIssue.errors.flat();
      const specific = nested.find((inner) => inner.code === 'custom');
      if (specific !== undefined) {
        issues.push(...toIssues([{ ...specific, path: [...zodIssue.path, ...specific.path] }]));
        continue;
      }
    }
    const own = discriminatorIssue(zodIssue);
    const code = codeOf(own);
    const path = own.path.map(toKey);
    const issue: Issue = { code, path, message: `${formatPath(path)}: ${expectation(own, code)}` };
    issues.push(own.input === undefined ? issue : { ...issue, received: own.input });
  }
  return issues;
}

/** A discriminated union (the ISF type) reports the whole record as its input: the field's own value is meant. */
function discriminatorIssue(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union') return issue;
  const discriminator = (issue as { discriminator?: unknown }).discriminator;
  const input = issue.input;
  if (typeof discriminator !== 'string' || typeof input !== 'object' || input === null || Array.isArray(input)) return issue;
  return { ...issue, input: (input as Record<string, unknown>)[discriminator] };
}

function toKey(key: PropertyKey): string | number {
  return typeof key === 'number' ? key : String(key);
}
