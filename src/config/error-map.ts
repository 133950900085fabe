/**
 * Messages for zod's built-in issues, worded for someone editing a YAML file:
 * `expected an integer, got "3" (remove the quotes)` rather than zod's defaults.
 * Field-specific messages (patterns, unknown types) are set on the schemas themselves.
 */
import type { z } from 'zod';

const EXPECTED: Readonly<Record<string, string>> = {
  number: 'a number',
  int: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping (key: value)',
  array: 'a list',
  record: 'a mapping (key: value)',
};

/** A short, safe rendering of a value; long strings are cut so a pasted blob does not flood the output. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
    case 'number':
    case 'boolean':
      return String(value);
    case 'object':
      return 'a mapping';
    default:
      return typeof value;
  }
}

function invalidType(expected: string, input: unknown): string {
  if (input === undefined) return 'required';
  let hint = '';
  if (
    (expected === 'number' || expected === 'int') &&
    typeof input === 'string' &&
    /^-?\d+(\.\d+)?$/.test(input)
  ) {
    hint = ' (remove the quotes)';
  } else if (expected === 'string' && (typeof input === 'number' || typeof input === 'boolean')) {
    hint = ` (quote it: "${String(input)}")`;
  } else if (expected === 'int' && typeof input === 'number') {
    return `must be a whole number, got ${input}`;
  }
  return `expected ${EXPECTED[expected] ?? expected}, got ${describeValue(input)}${hint}`;
}

function sizeMessage(origin: string, bound: string, limit: number | bigint, inclusive: boolean): string {
  const n = Number(limit);
  if (origin === 'array') {
    if (bound === 'max') return `must list at most ${n} item${n === 1 ? '' : 's'}`;
    return n === 1 ? 'must not be empty' : `must list at least ${n} items`;
  }
  if (origin === 'string') {
    if (bound === 'min') return n === 1 ? 'must not be empty' : `must be at least ${n} characters`;
    return `must be at most ${n} characters`;
  }
  const op = bound === 'min' ? (inclusive ? '>=' : '>') : inclusive ? '<=' : '<';
  return `must be ${op} ${n}`;
}

/** zod reports `expected: number` for a string given to z.int(); the schema's format says it wants an integer. */
function expectedOf(issue: z.core.$ZodRawIssue<z.core.$ZodIssueInvalidType>): string {
  const def: object | undefined = issue.inst?._zod.def;
  return def !== undefined && 'format' in def && def.format === 'safeint' ? 'int' : issue.expected;
}

export const configErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return invalidType(expectedOf(issue), issue.input);
    case 'too_small':
      return sizeMessage(issue.origin, 'min', issue.minimum, issue.inclusive ?? true);
    case 'too_big':
      return sizeMessage(issue.origin, 'max', issue.maximum, issue.inclusive ?? true);
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => String(v)).join(', ')} (got ${describeValue(issue.input)})`;
    case 'invalid_key':
      // The path already ends with the key, so only the reason is added.
      return `invalid key: ${issue.issues.map((i) => i.message).join('; ')}`;
    case 'invalid_union':
      return 'does not match any accepted form';
    default:
      return undefined;
  }
};
