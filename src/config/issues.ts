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

export function issuesToProblems(
  issues: readonly z.core.$ZodIssue[],
  schema: z.core.$ZodType,
  input: unknown,
): Problem[] {
  return issues.flatMap((issue): Problem[] => {
    if (issue.code !== 'unrecognized_keys') return [{ path: formatPath(issue.path), message: issue.message }];
    const allowed = allowedKeysAt(schema, input, issue.path);
    return issue.keys.map((key) => ({
      path: formatPath(issue.path),
      message: unknownKeyMessage(key, allowed),
    }));
  });
}
