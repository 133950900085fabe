/** Circuit breakers through the provider: counted from CreateFleet errors, kept in the memo, on the injected clock. */
import type { CreateFleetCommandInput } from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it } from 'vitest';
import { FAKE_SUBNETS } from '../../../fakes/aws/ec2-fake.js';
import { harness, MIN, T0, type Harness } from './ec2-harness.js';

let h: Harness;
afterEach(() => {
  h.fake.restore();
});

const ZONE_A = FAKE_SUBNETS[0];
const KEY = 'm7g.large/eu-west-1a/on-demand';

/** On-demand only, one zone, two types, two failures open a circuit for ten minutes. */
function breakerHarness(): Harness {
  return harness({
    config: {
      spot: 'never',
      subnets: [ZONE_A?.id ?? ''],
      circuitBreaker: { failures: 2, cooldown: '10m' },
    },
  });
}

const lastOverrides = (): string[] =>
  (
    h.fake.inputs<CreateFleetCommandInput>('ec2:CreateFleet').at(-1)?.LaunchTemplateConfigs?.[0]?.Overrides ??
    []
  ).map((o) => `${o.InstanceType}/${o.SubnetId}`);

describe('EC2 circuit breakers', () => {
  it('open after N capacity errors in a row, skip the override for the cooldown, then close on a success', async () => {
    h = breakerHarness();
    h.fake.noCapacity({ instanceType: 'm7g.large' });
    await h.launch('1');
    expect(h.memo.values.get('ec2-circuits')).toEqual({ [KEY]: { failures: 1 } });
    await h.launch('2');
    expect(h.memo.values.get('ec2-circuits')).toEqual({
      [KEY]: { failures: 2, openUntil: new Date(T0 + 10 * MIN).toISOString() },
    });
    expect(await h.provider.status?.(h.pool)).toEqual({
      circuits: [{ key: KEY, failures: 2, openUntil: '2026-11-22T10:10:00.000Z' }],
    });

    await h.launch('3');
    expect(lastOverrides()).toEqual([`c7g.large/${ZONE_A?.id}`]);

    h.clock.advance(10 * MIN);
    h.fake.clearCapacityFaults();
    await h.launch('4');
    expect(lastOverrides()).toEqual([`m7g.large/${ZONE_A?.id}`, `c7g.large/${ZONE_A?.id}`]);
    expect(h.fake.instanceOf('linux-4-1')?.instanceType).toBe('m7g.large');
    expect(h.memo.values.get('ec2-circuits')).toEqual({});
    expect(await h.provider.status?.(h.pool)).toEqual({ circuits: [] });
  });

  it('half-open: one more failure after the cooldown opens the circuit again at once', async () => {
    h = breakerHarness();
    h.fake.noCapacity({ instanceType: 'm7g.large' });
    await h.launch('1');
    await h.launch('2');
    h.clock.advance(10 * MIN);
    await h.launch('3');
    expect(lastOverrides()).toHaveLength(2);
    expect(h.memo.values.get('ec2-circuits')).toEqual({
      [KEY]: { failures: 3, openUntil: new Date(T0 + 20 * MIN).toISOString() },
    });
  });

  it('with every override open, the launch is a retryable capacity error and CreateFleet is not called', async () => {
    h = breakerHarness();
    h.fake.noCapacity();
    await h.launch('1').catch(() => undefined);
    await h.launch('2').catch(() => undefined);
    const calls = h.fake.inputs('ec2:CreateFleet').length;
    const error = await h.launch('3').catch((e: unknown) => e);
    expect(error).toMatchObject({ capacity: true, retryable: true });
    expect(String(error)).toContain('open circuit breaker until 2026-11-22T10:10:00.000Z');
    expect(h.fake.inputs('ec2:CreateFleet')).toHaveLength(calls);
    expect(h.fake.parameterNames()).toEqual([]);
  });

  it('spot and on-demand circuits are separate: a spot shortage does not close on-demand overrides', async () => {
    h = harness({
      config: { subnets: [ZONE_A?.id ?? ''], instanceTypes: ['m7g.large'], circuitBreaker: { failures: 1 } },
    });
    h.fake.noCapacity({ lifecycle: 'spot' });
    await h.launch('1');
    expect(Object.keys(h.memo.values.get('ec2-circuits') as object)).toEqual(['m7g.large/eu-west-1a/spot']);
    const before = h.fake.inputs('ec2:CreateFleet').length;
    expect((await h.launch('2')).capacityClass).toBe('on-demand');
    // The open spot circuit skipped the spot attempt altogether.
    expect(
      h.fake
        .inputs<CreateFleetCommandInput>('ec2:CreateFleet')
        .slice(before)
        .map((f) => f.ClientToken),
    ).toEqual(['linux-2-1.on-demand']);
  });

  it('keys each zone apart from the subnet each error names', async () => {
    h = harness({ config: { spot: 'never', instanceTypes: ['m7g.large'] } });
    h.fake.noCapacity({ zone: 'eu-west-1a' });
    h.fake.noCapacity({ zone: 'eu-west-1b' });
    await h.launch('1');
    expect(h.memo.values.get('ec2-circuits')).toEqual({
      'm7g.large/eu-west-1a/on-demand': { failures: 1 },
      'm7g.large/eu-west-1b/on-demand': { failures: 1 },
    });
    expect(h.fake.commands().filter((c) => c === 'ec2:DescribeSubnets')).toHaveLength(1);
    await h.launch('2');
    expect(h.fake.commands().filter((c) => c === 'ec2:DescribeSubnets')).toHaveLength(1);
  });

  it('quota errors fall back but do not count against a zone', async () => {
    h = harness({ config: { subnets: [ZONE_A?.id ?? ''] } });
    h.fake.noCapacity({ lifecycle: 'spot', code: 'MaxSpotInstanceCountExceeded' });
    await h.launch('1');
    expect(h.memo.values.get('ec2-circuits')).toBeUndefined();
  });
});
