/**
 * Memory limits as Docker writes them (`512m`, `2g`, `1.5GiB`, or bytes), resolved to
 * bytes. Units are binary (1k = 1024 bytes), as in `docker run --memory`.
 */
import * as z from 'zod';

const UNIT_BYTES = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 } as const;
const SIZE = /^(\d+(?:\.\d+)?)\s?([kmgt]?)(?:i?b)?$/i;
/** Docker refuses smaller limits ("Minimum memory limit allowed is 6MB"); failing here names the field. */
export const MIN_MEMORY_BYTES = 6 * 1024 ** 2;

export const BYTE_SIZE_PATTERN = '^\\d+(\\.\\d+)?\\s?([kKmMgGtT])?([iI]?[bB])?$';

export type ByteSizeResult = { readonly bytes: number } | { readonly error: string };

function isUnit(text: string): text is keyof typeof UNIT_BYTES {
  return Object.hasOwn(UNIT_BYTES, text);
}

export function parseByteSize(value: string | number): ByteSizeResult {
  let bytes: number;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) return { error: `must be a whole number of bytes, got ${value}` };
    bytes = value;
  } else {
    const match = SIZE.exec(value.trim());
    const unit = match?.[2]?.toLowerCase() ?? '';
    if (match === null || !isUnit(unit)) {
      return { error: `must be a size like 512m or 2g, or a number of bytes, got ${JSON.stringify(value)}` };
    }
    bytes = Math.round(Number(match[1]) * UNIT_BYTES[unit]);
  }
  if (bytes < MIN_MEMORY_BYTES)
    return { error: `must be at least 6m (Docker's minimum), got ${bytes} bytes` };
  return { bytes };
}

/** A memory field: accepts `512m`-style strings or bytes, outputs bytes. */
export const byteSizeSchema = z
  .union([z.int().meta({ minimum: MIN_MEMORY_BYTES }), z.string().meta({ pattern: BYTE_SIZE_PATTERN })], {
    error: (issue) =>
      issue.code === 'invalid_union' ? 'must be a size like 512m or 2g, or a number of bytes' : undefined,
  })
  .transform((value, ctx) => {
    const result = parseByteSize(value);
    if ('error' in result) {
      ctx.addIssue({ code: 'custom', message: result.error, input: value });
      return z.NEVER;
    }
    return result.bytes;
  });
