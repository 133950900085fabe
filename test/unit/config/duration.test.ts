import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { durationSchema, formatDuration, parseDuration } from '../../../src/config/duration.js';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['2h15m30s', 8_130_000],
    ['500ms', 500],
    ['1m500ms', 60_500],
    ['1d', 86_400_000],
    ['1.5h', 5_400_000],
    ['0s', 0],
    [' 30s ', 30_000],
    ['90', 90_000],
    ['0.5', 500],
    [90, 90_000],
    [0, 0],
    [1.25, 1_250],
  ] as const)('%j is %d ms', (input, ms) => {
    expect(parseDuration(input)).toEqual({ ms });
  });

  it.each([
    ['', 'must not be empty'],
    ['   ', 'must not be empty'],
    ['-5m', 'must not be negative (got "-5m")'],
    ['-5', 'must not be negative'],
    ['5x', 'has an unknown unit "x" (expected ms, s, m, h or d)'],
    ['5 minutes', 'has an unknown unit " minutes"'],
    ['5M', 'has an unknown unit "M"'],
    ['1h30', 'needs a unit after 30 in "1h30"'],
    ['30m1h', 'must list units from largest to smallest'],
    ['1m1m', 'must list units from largest to smallest'],
    ['abc', 'is not a duration: "abc"'],
    ['NaN', 'is not a duration'],
    [-1, 'must not be negative (got -1)'],
    [Number.NaN, 'got NaN'],
    [Number.POSITIVE_INFINITY, 'must be finite'],
    [1e300, 'is too large'],
  ] as const)('%j is refused: %s', (input, message) => {
    const result = parseDuration(input);
    expect(result).toHaveProperty('error');
    expect('error' in result && result.error).toContain(message);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [500, '500ms'],
    [90_000, '1m30s'],
    [5_400_000, '1h30m'],
    [86_400_000, '24h'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('round-trips through parseDuration for any whole number of milliseconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 * 86_400_000 }), (ms) => {
        expect(parseDuration(formatDuration(ms))).toEqual({ ms });
      }),
    );
  });

  it('parses any well-formed unit combination to the sum of its parts', () => {
    const units = [
      ['h', 3_600_000],
      ['m', 60_000],
      ['s', 1_000],
      ['ms', 1],
    ] as const;
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.nat(999), { nil: undefined }), { minLength: 4, maxLength: 4 }),
        (amounts) => {
          const parts = units.flatMap(([unit, size], i) => {
            const amount = amounts[i];
            return amount === undefined ? [] : [{ text: `${amount}${unit}`, ms: amount * size }];
          });
          fc.pre(parts.length > 0);
          const text = parts.map((p) => p.text).join('');
          expect(parseDuration(text)).toEqual({ ms: parts.reduce((sum, p) => sum + p.ms, 0) });
        },
      ),
    );
  });
});

describe('durationSchema', () => {
  it('outputs milliseconds for strings and numbers of seconds', () => {
    expect(durationSchema.parse('2m')).toBe(120_000);
    expect(durationSchema.parse(2)).toBe(2_000);
    expect(durationSchema.parse('2')).toBe(2_000);
  });

  it('reports the parser message and refuses other types', () => {
    const bad = durationSchema.safeParse('5 mins');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toContain('unknown unit');
    const wrongType = durationSchema.safeParse(true);
    expect(wrongType.error?.issues[0]?.message).toBe(
      'must be a duration (e.g. 90s, 5m, 1h30m or a number of seconds)',
    );
  });
});
