import { describe, expect, it } from 'vitest';
import {
  circuitKey,
  circuitList,
  earliestReopen,
  isOpen,
  parseCircuits,
  recordOutcomes,
} from '../../../../src/providers/ec2/circuit-breaker.js';

const T0 = Date.parse('2026-11-22T10:00:00Z');
const policy = { failures: 3, cooldown: 10 * 60_000 };
const KEY = circuitKey('c7g.large', 'eu-west-1a', 'spot');

describe('circuit breaker state', () => {
  it('keys by type, zone and class, with * for the template type or no zone', () => {
    expect(KEY).toBe('c7g.large/eu-west-1a/spot');
    expect(circuitKey(undefined, undefined, 'on-demand')).toBe('*/*/on-demand');
  });

  it('opens after `failures` capacity errors in a row, for `cooldown`', () => {
    let circuits = {};
    for (let i = 1; i < 3; i++) {
      circuits = recordOutcomes(circuits, { failed: [KEY], succeeded: [] }, T0, policy);
      expect(isOpen(circuits, KEY, T0)).toBe(false);
    }
    circuits = recordOutcomes(circuits, { failed: [KEY], succeeded: [] }, T0, policy);
    expect(circuits).toEqual({ [KEY]: { failures: 3, openUntil: '2026-11-22T10:10:00.000Z' } });
    expect(isOpen(circuits, KEY, T0 + 10 * 60_000 - 1)).toBe(true);
    expect(isOpen(circuits, KEY, T0 + 10 * 60_000)).toBe(false);
  });

  it('a success resets the count; after the cooldown one more failure opens it again at once', () => {
    const half = { [KEY]: { failures: 3, openUntil: new Date(T0).toISOString() } };
    const reopened = recordOutcomes(half, { failed: [KEY], succeeded: [] }, T0 + 1, policy);
    expect(isOpen(reopened, KEY, T0 + 2)).toBe(true);
    expect(recordOutcomes(half, { failed: [], succeeded: [KEY] }, T0 + 1, policy)).toEqual({});
    const counted = recordOutcomes({}, { failed: [KEY], succeeded: [] }, T0, policy);
    expect(recordOutcomes(counted, { failed: [], succeeded: [KEY] }, T0, policy)).toEqual({});
  });

  it('counts a key once per attempt, however many overrides of it failed', () => {
    expect(recordOutcomes({}, { failed: [KEY, KEY, KEY], succeeded: [] }, T0, policy)).toEqual({
      [KEY]: { failures: 1 },
    });
  });

  it('reads malformed memo values as closed circuits', () => {
    expect(parseCircuits(undefined)).toEqual({});
    expect(parseCircuits('x')).toEqual({});
    expect(parseCircuits([1])).toEqual({});
    expect(
      parseCircuits({
        good: { failures: 2 },
        open: { failures: 3, openUntil: '2026-11-22T10:10:00.000Z' },
        badTime: { failures: 3, openUntil: 'soon' },
        zero: { failures: 0 },
        text: { failures: '3' },
        nothing: null,
      }),
    ).toEqual({
      good: { failures: 2 },
      open: { failures: 3, openUntil: '2026-11-22T10:10:00.000Z' },
      badTime: { failures: 3 },
    });
  });

  it('lists circuits for status, with openUntil only while open', () => {
    const circuits = {
      'b/z/spot': { failures: 3, openUntil: '2026-11-22T10:10:00.000Z' },
      'a/z/spot': { failures: 1 },
      'c/z/spot': { failures: 4, openUntil: '2026-11-22T09:00:00.000Z' },
    };
    expect(circuitList(circuits, T0)).toEqual([
      { key: 'a/z/spot', failures: 1 },
      { key: 'b/z/spot', failures: 3, openUntil: '2026-11-22T10:10:00.000Z' },
      { key: 'c/z/spot', failures: 4 },
    ]);
    expect(earliestReopen(circuits, ['b/z/spot', 'c/z/spot', 'a/z/spot'])).toBe('2026-11-22T09:00:00.000Z');
  });
});
