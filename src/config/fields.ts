/** Field schemas shared by several config sections. */
import * as z from 'zod';
import { durationAtLeast } from './duration.js';

export const nonEmptyString = z.string().min(1);

/** A count of workers or slots. */
export const count = z.int().min(0);

export const httpUrl = z.url({
  protocol: /^https?$/,
  error: (issue) => (issue.code === 'invalid_format' ? 'must be an http:// or https:// URL' : undefined),
});

export const awsRegion = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, { error: 'must be an AWS region such as us-east-1' });

/** The per-call limit of an AWS provider's SDK clients (providers/aws-request-handler.ts). */
export function awsRequestTimeout(services: string) {
  return durationAtLeast(1)
    .prefault('10s')
    .describe(
      `How long one ${services} API call may take before it is abandoned and retried; without a limit a half-open connection would hold a reconcile and its pool lock.`,
    );
}

/**
 * Secrets belong in the environment (`${env:NAME}`), never in the file; the check here
 * is only that the value resolved to something.
 */
export function secret(description: string) {
  return nonEmptyString.describe(`${description} Write it as \${env:NAME} so it stays out of the file.`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Error map for a union discriminated on `type`: names the bad value and the accepted
 * ones, e.g. `unknown provider type "foo" (expected one of docker, ec2)`.
 */
export function unknownTypeError(what: string): z.core.$ZodErrorMap {
  return (issue) => {
    if (issue.code !== 'invalid_union' || !('options' in issue) || !Array.isArray(issue.options))
      return undefined;
    const expected = `expected one of ${issue.options.map(String).join(', ')}`;
    const type = isRecord(issue.input) ? issue.input.type : undefined;
    if (type === undefined) return `required (${expected})`;
    return `unknown ${what} type ${JSON.stringify(type)} (${expected})`;
  };
}
