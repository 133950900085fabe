import { describe, expect, it } from 'vitest';
import { createdFilter } from '../../fakes/github/created-filter.js';
import { FakeError } from '../../fakes/github/fake-error.js';

const at = (iso: string): number => Date.parse(iso);

describe("the fake's created filter", () => {
  it('reads comparisons, ranges and single days as GitHub search does', () => {
    const noon = at('2026-11-05T12:00:00Z');
    const cases: [string, boolean][] = [
      ['>=2026-11-05', true],
      ['>2026-11-05', false],
      ['<=2026-11-05', true],
      ['<2026-11-05', false],
      ['>=2026-11-05T12:00:01Z', false],
      ['>2026-11-05T11:59:59Z', true],
      ['2026-11-05T12:00:00Z..2026-11-05T12:00:00Z', true],
      ['2026-11-05T12:00:01Z..*', false],
      ['*..2026-11-05T13:00:00+01:00', true],
      ['2026-11-05', true],
      ['2026-11-06', false],
    ];
    for (const [value, expected] of cases)
      expect([value, createdFilter(value)(noon)]).toEqual([value, expected]);
    expect(createdFilter(null)(noon)).toBe(true);
  });

  it('answers 422 to what is not a date', () => {
    expect(() => createdFilter('>=last week')).toThrow(FakeError);
    expect(() => createdFilter('2026-11-05..')).toThrow(/422|not a date/);
  });
});
