/**
 * Durations as users write them (`90s`, `5m`, `1h30m`, `500ms`, or a number of seconds),
 * resolved to milliseconds once, at load time, so nothing downstream parses text.
 */
import * as z from 'zod';

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const;
type Unit = keyof typeof UNIT_MS;
/** Largest first: a duration lists each unit at most once, in this order (`1h30m`, never `30m1h`). */
const UNIT_ORDER: readonly Unit[] = ['d', 'h', 'm', 's', 'ms'];
const UNIT_LIST = 'ms, s, m, h or d';
const SECONDS = /^\d+(?:\.\d+)?$/;
const TOKEN = /(\d+(?:\.\d+)?)([^\d.]*)/y;
const EXAMPLE = 'e.g. 90s, 5m, 1h30m or a number of seconds';

/** The pattern editors see in the JSON Schema; the parser below gives the precise message. */
export const DURATION_PATTERN = '^\\s*(\\d+(\\.\\d+)?(ms|s|m|h|d)?)+\\s*$';

export type DurationResult = { readonly ms: number } | { readonly error: string };

function isUnit(text: string): text is Unit {
  return Object.hasOwn(UNIT_MS, text);
}

function checked(ms: number): DurationResult {
  if (ms > Number.MAX_SAFE_INTEGER) return { error: 'is too large' };
  return { ms: Math.round(ms) };
}

function parseNumber(seconds: number): DurationResult {
  if (Number.isNaN(seconds)) return { error: `must be a duration (${EXAMPLE}), got NaN` };
  if (!Number.isFinite(seconds)) return { error: 'must be finite' };
  if (seconds < 0) return { error: `must not be negative (got ${seconds})` };
  return checked(seconds * 1000);
}

function parseUnits(text: string): DurationResult {
  TOKEN.lastIndex = 0;
  let total = 0;
  let lastRank = -1;
  while (TOKEN.lastIndex < text.length) {
    const match = TOKEN.exec(text);
    if (match === null) return { error: `is not a duration: ${JSON.stringify(text)} (${EXAMPLE})` };
    const [, amount = '', unit = ''] = match;
    if (unit === '')
      return { error: `needs a unit after ${amount} in ${JSON.stringify(text)} (${UNIT_LIST})` };
    if (!isUnit(unit))
      return { error: `has an unknown unit ${JSON.stringify(unit)} (expected ${UNIT_LIST})` };
    const rank = UNIT_ORDER.indexOf(unit);
    if (rank <= lastRank) {
      return {
        error: `must list units from largest to smallest, each once (e.g. 1h30m), got ${JSON.stringify(text)}`,
      };
    }
    lastRank = rank;
    total += Number(amount) * UNIT_MS[unit];
  }
  return checked(total);
}

/** Parses a duration into milliseconds; a bare number (or numeric string) is seconds. */
export function parseDuration(value: string | number): DurationResult {
  if (typeof value === 'number') return parseNumber(value);
  const text = value.trim();
  if (text === '') return { error: `must not be empty (${EXAMPLE})` };
  if (text.startsWith('-')) return { error: `must not be negative (got ${JSON.stringify(text)})` };
  if (SECONDS.test(text)) return parseNumber(Number(text));
  return parseUnits(text);
}

/** Formats milliseconds the way a user would write them: `1h30m`, `500ms`, `0s`. */
export function formatDuration(ms: number): string {
  let rest = Math.max(0, Math.round(ms));
  let out = '';
  for (const unit of ['h', 'm', 's', 'ms'] as const) {
    const size = UNIT_MS[unit];
    const count = Math.floor(rest / size);
    if (count > 0) out += `${count}${unit}`;
    rest -= count * size;
  }
  return out === '' ? '0s' : out;
}

/** A duration field: accepts a string or a number of seconds, outputs milliseconds. */
export const durationSchema = z
  .union([z.number().meta({ minimum: 0 }), z.string().meta({ pattern: DURATION_PATTERN })], {
    error: (issue) => (issue.code === 'invalid_union' ? `must be a duration (${EXAMPLE})` : undefined),
  })
  .transform((value, ctx) => {
    const result = parseDuration(value);
    if ('error' in result) {
      ctx.addIssue({ code: 'custom', message: result.error, input: value });
      return z.NEVER;
    }
    return result.ms;
  });

/** A duration that must be at least `minMs` (a zero interval would spin; a zero timeout fails every worker). */
export function durationAtLeast(minMs: number) {
  return durationSchema.refine((ms) => ms >= minMs, {
    message: minMs <= 1 ? 'must be greater than 0' : `must be at least ${formatDuration(minMs)}`,
  });
}
