/** Request bodies and queries of the control API, checked strictly: a typo is a 400, never ignored. */
import * as z from 'zod';
import { InputError, type Problem } from '../../core/errors.js';
import { POLICY_NAMES } from '../../core/presets.js';
import type { Mode } from '../../core/types.js';

const MODES = ['enabled', 'disabled', 'manual'] as const satisfies readonly Mode[];

const reason = z
  .string({ error: 'required: say why (it is recorded in the pool history)' })
  .trim()
  .min(1, { error: 'must not be empty: say why (it is recorded in the pool history)' })
  .max(500, { error: 'must be at most 500 characters' });
const by = z.string().trim().min(1).max(100).optional();
const count = z.int({ error: 'must be a whole number' }).min(0, { error: 'must be >= 0' });

export const modeBody = z
  .strictObject({ mode: z.enum(MODES), target: count.optional(), reason, by })
  .superRefine((body, ctx) => {
    if (body.mode === 'manual' && body.target === undefined)
      ctx.addIssue({ code: 'custom', path: ['target'], message: 'required when mode is manual' });
    if (body.mode !== 'manual' && body.target !== undefined)
      ctx.addIssue({ code: 'custom', path: ['target'], message: 'only used with mode manual' });
  });

export const policyBody = z.strictObject({ policy: z.enum(POLICY_NAMES), reason, by });

export const scaleBody = z.strictObject({ desired: count, reason, by });

export const clearBody = z.strictObject({ reason: reason.optional(), by });

export const HISTORY_LIMIT = { min: 1, max: 500, default: 50 } as const;

/** `?limit=`: an integer from 1 to 500, 50 when absent. */
export function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return HISTORY_LIMIT.default;
  const n = /^\d{1,4}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(n >= HISTORY_LIMIT.min && n <= HISTORY_LIMIT.max))
    throw new InputError('invalid query', [
      { path: 'limit', message: `must be an integer from ${HISTORY_LIMIT.min} to ${HISTORY_LIMIT.max}` },
    ]);
  return n;
}

function problemsOf(error: z.ZodError): Problem[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') return { path: issue.keys.join(', '), message: 'unknown field' };
    return { path: issue.path.length > 0 ? issue.path.join('.') : 'body', message: issue.message };
  });
}

/**
 * Parses a JSON body text against a schema. An empty body counts as `{}` so that the
 * schema, not the parser, names the missing fields.
 */
export function parseBody<T>(schema: z.ZodType<T>, text: string): T {
  let json: unknown = {};
  if (text.trim() !== '') {
    try {
      json = JSON.parse(text);
    } catch {
      throw new InputError('invalid request body', [{ path: 'body', message: 'must be JSON' }]);
    }
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new InputError('invalid request body', problemsOf(parsed.error));
  return parsed.data;
}
