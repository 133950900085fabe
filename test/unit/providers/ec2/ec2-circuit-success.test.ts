/**
 * Found by review: a launch that succeeds at a circuit's key must never count as a failure of that key.
 * Attribute-based overrides (cpu=, ram=, family= without types) are keyed `*` + zone + class:
 * EC2 reports the types it could not place next to the one it launched, all under one key.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { harness, type Harness } from './ec2-harness.js';

let h: Harness;
afterEach(() => {
  h.fake.restore();
});

describe('circuit breakers and partial success under one key', () => {
  it('a launch that succeeded at a key does not count a failure for that key', async () => {
    h = harness({ config: { spot: 'only', instanceTypes: undefined, labelSelection: ['cpu'] } });
    // c7g.large (first in the catalogue) has no spot room; m7g.large does, in the same zone.
    h.fake.noCapacity({ instanceType: 'c7g.large', lifecycle: 'spot' });
    const m = await h.launch('1', { labels: ['cpu=2'] });
    expect(m.externalId).toBeDefined();
    const circuits = (h.memo.values.get('ec2-circuits') ?? {}) as Record<string, unknown>;
    // The key of the launched instance must not have a failure counted against it.
    expect(circuits['*/eu-west-1a/spot']).toBeUndefined();
  });

  it('a partial success plus two real failures (of three allowed) does not open the circuit', async () => {
    h = harness({
      config: { spot: 'only', instanceTypes: undefined, subnets: undefined, labelSelection: ['cpu'] },
    });
    // Launch 1 succeeds (m7g.large), next to an error for c7g.large.
    h.fake.noCapacity({ instanceType: 'c7g.large', lifecycle: 'spot' });
    await h.launch('1', { labels: ['cpu=2'] });
    // Then two launches meet no spot capacity at all: two failures in a row.
    h.fake.noCapacity({ lifecycle: 'spot' });
    await expect(h.launch('2', { labels: ['cpu=2'] })).rejects.toMatchObject({ capacity: true });
    await expect(h.launch('3', { labels: ['cpu=2'] })).rejects.toMatchObject({ capacity: true });
    // circuitBreaker.failures is 3 (default): the circuit must still be closed.
    expect(await h.provider.status?.(h.pool)).toEqual({ circuits: [{ key: '*/*/spot', failures: 2 }] });
    h.fake.clearCapacityFaults();
    await expect(h.launch('4', { labels: ['cpu=2'] })).resolves.toMatchObject({ state: 'starting' });
  });
});
