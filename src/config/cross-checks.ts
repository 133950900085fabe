/**
 * Checks that relate several fields (`max >= min`). zod skips refinements once a field
 * has failed; these run anyway so one load reports every problem, but they only read
 * fields that parsed, so a bad `min` never also produces a confusing `max` message.
 */
import * as z from 'zod';

export type Report = (path: readonly PropertyKey[], message: string) => void;

export interface Fields {
  /** The parsed value of `key`, or undefined when it is absent or failed to parse. */
  get(key: string): unknown;
  /**
   * Whether the input has `key`, parsed or not: a "required when" check asks this, so a
   * field that is there but wrong gets its own problem, not a second "required" one.
   */
  given(key: string): boolean;
  /** The input's value of `key` as written, parsed or not: what a failed field meant to say. */
  raw(key: string): unknown;
}

type Issues = readonly z.core.$ZodRawIssue[];

/** True when the object as a whole failed (wrong type), so no field can be trusted. */
function wholeFailed(issues: Issues): boolean {
  return issues.some((issue) => (issue.path ?? []).length === 0 && issue.code !== 'unrecognized_keys');
}

function failedKeys(issues: Issues): Set<PropertyKey> {
  const keys = new Set<PropertyKey>();
  for (const issue of issues) {
    const first = issue.path?.[0];
    if (first !== undefined) keys.add(first);
  }
  return keys;
}

/** Adds `check` to an object schema; it runs even when other fields of the object failed. */
export function withChecks<T extends z.ZodObject>(
  schema: T,
  check: (fields: Fields, report: Report) => void,
): T {
  return schema.superRefine(
    (value, ctx) => {
      if (typeof value !== 'object' || value === null || wholeFailed(ctx.issues)) return;
      const failed = failedKeys(ctx.issues);
      const record = value as Record<string, unknown>;
      const fields: Fields = {
        get: (key) => (failed.has(key) ? undefined : record[key]),
        given: (key) => record[key] !== undefined,
        raw: (key) => record[key],
      };
      check(fields, (path, message) => {
        ctx.addIssue({ code: 'custom', path: [...path], message, input: value });
      });
    },
    { when: () => true },
  );
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
