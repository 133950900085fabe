/** zod issues -> config problems (`path: message`), one problem per unknown key. */
import type { z } from 'zod';
import type { Problem } from '../core/errors.js';
import { didYouMean } from './did-you-mean.js';
import { formatPath } from './path.js';
import { allowedKeysAt } from './schema-keys.js';

/** Beyond this many allowed keys, listing them all is noise. */
const MAX_LISTED_KEYS = 8;

function unknownKeyMessage(key: string, allowed: readonly string[] | undefined): string {
  if (allowed === undefined) return `unknown key "${key}"`;
  const suggestion = didYouMean(key, allowed);
  if (suggestion !== undefined) return `unknown key "${key}" (did you mean "${suggestion}"?)`;
  if (allowed.length <= MAX_LISTED_KEYS)
    return `unknown key "${key}" (expected one of ${allowed.join(', ')})`;
  return `unknown key "${key}"`;
}

/**
 * The issues of the one form of a union that the value is written in (a mapping where one
 * form is a mapping, a string where one is a string), under the union's path; undefined
 * when no form, or several, take a value of its type.
 */
function formWrittenIn(issue: z.core.$ZodIssueInvalidUnion): z.core.$ZodIssue[] | undefined {
  const fitting = issue.errors.filter((form) => !refusesType(form));
  const [only] = fitting;
  if (fitting.length !== 1 || only === undefined || only.length === 0) return undefined;
  return only.map((i) => ({ ...i, path: [...issue.path, ...i.path] }));
}

/** Whether a form refused the value's type itself (a duration form, itself a union, too). */
function refusesType(form: readonly z.core.$ZodIssue[]): boolean {
  return form.some(
    (i) =>
      i.path.length === 0 &&
      (i.code === 'invalid_type' || (i.code === 'invalid_union' && i.errors.every(refusesType))),
  );
}

export function issuesToProblems(
  issues: readonly z.core.$ZodIssue[],
  schema: z.core.$ZodType,
  input: unknown,
): Problem[] {
  return issues.flatMap((issue): Problem[] => {
    // "Matches no form" hides what to fix when the value is plainly meant as one of them.
    const form = issue.code === 'invalid_union' ? formWrittenIn(issue) : undefined;
    if (form !== undefined) return issuesToProblems(form, schema, input);
    if (issue.code !== 'unrecognized_keys') return [{ path: formatPath(issue.path), message: issue.message }];
    const allowed = allowedKeysAt(schema, input, issue.path);
    return issue.keys.map((key) => ({
      path: formatPath(issue.path),
      message: unknownKeyMessage(key, allowed),
    }));
  });
}
