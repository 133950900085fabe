/** Launching over the fake: the CreateFleet request, spot fallback, partial success, errors, idempotency. */
import type { CreateFleetCommandInput } from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../../src/core/errors.js';
import { ec2Error } from '../../../fakes/aws/ec2-fake-errors.js';
import { harness, RUNNER_ENV, SUBNET_IDS, T0, type Harness } from './ec2-harness.js';

let h: Harness;
afterEach(() => {
  h.fake.restore();
});

const fleets = (): CreateFleetCommandInput[] => h.fake.inputs<CreateFleetCommandInput>('ec2:CreateFleet');

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

describe('EC2 launch request', () => {
  it('asks CreateFleet for one instant instance from the template, types x subnets in priority order', async () => {
    h = harness({ config: { tags: { team: 'ci' } } });
    const machine = await h.launch('101');
    const [input] = fleets();
    expect(input).toMatchObject({
      Type: 'instant',
      ClientToken: 'linux-101-1.spot',
      TargetCapacitySpecification: { TotalTargetCapacity: 1, DefaultTargetCapacityType: 'spot' },
      SpotOptions: { AllocationStrategy: 'capacity-optimized-prioritized' },
    });
    const config = input?.LaunchTemplateConfigs?.[0];
    expect(config?.LaunchTemplateSpecification).toEqual({
      LaunchTemplateId: 'lt-0123456789abcdef0',
      Version: '$Default',
    });
    expect(config?.Overrides?.map((o) => `${o.InstanceType}@${o.SubnetId}:${o.Priority}`)).toEqual([
      ...SUBNET_IDS.map((s) => `m7g.large@${s}:0`),
      ...SUBNET_IDS.map((s) => `c7g.large@${s}:1`),
    ]);
    const instance = h.fake.instanceOf('linux-101-1');
    expect(Object.fromEntries(instance?.tags ?? [])).toEqual({
      team: 'ci',
      Name: 'linux-101-1',
      'ci-scaler:pool': 'linux',
      'ci-scaler:worker': 'linux-101-1',
      'ci-scaler:job': '101',
      'ci-scaler:created-by': 'ci-scaler',
      'ci-scaler:config-parameter': '/ci-scaler/linux/linux-101-1',
    });
    expect(instance?.volumeTags.get('ci-scaler:worker')).toBe('linux-101-1');
    expect(instance?.volumeTags.has('ci-scaler:config-parameter')).toBe(false);
    expect(machine).toEqual({
      name: 'linux-101-1',
      state: 'starting',
      createdAt: T0,
      jobId: '101',
      capacityClass: 'spot',
      externalId: instance?.id,
    });
  });

  it('names the template by name when it is not an lt- id, and a warm worker has no job tag', async () => {
    h = harness({ config: { launchTemplate: 'ci-runner', launchTemplateVersion: '1' } });
    await h.provider.launch({ pool: 'linux', name: 'linux-warm-1', env: RUNNER_ENV });
    expect(fleets()[0]?.LaunchTemplateConfigs?.[0]?.LaunchTemplateSpecification).toEqual({
      LaunchTemplateName: 'ci-runner',
      Version: '1',
    });
    expect(h.fake.instanceOf('linux-warm-1')?.tags.has('ci-scaler:job')).toBe(false);
  });
});

describe('EC2 spot and on-demand', () => {
  it('spot: prefer falls back to on-demand on spot capacity errors', async () => {
    h = harness();
    h.fake.noCapacity({ lifecycle: 'spot' });
    const machine = await h.launch('1');
    expect(fleets().map((f) => f.TargetCapacitySpecification?.DefaultTargetCapacityType)).toEqual([
      'spot',
      'on-demand',
    ]);
    expect(fleets()[1]).toMatchObject({
      ClientToken: 'linux-1-1.on-demand',
      OnDemandOptions: { AllocationStrategy: 'prioritized' },
    });
    expect(machine.capacityClass).toBe('on-demand');
    expect(h.fake.instanceOf('linux-1-1')?.lifecycle).toBe('on-demand');
    expect(h.logger.records.some((r) => r.level === 'warn' && r.message.includes('no spot capacity'))).toBe(
      true,
    );
  });

  it('falls back on quota errors too (MaxSpotInstanceCountExceeded)', async () => {
    h = harness();
    h.fake.noCapacity({ lifecycle: 'spot', code: 'MaxSpotInstanceCountExceeded' });
    expect((await h.launch('1')).capacityClass).toBe('on-demand');
  });

  it('spot: only never falls back: a retryable capacity error, and the runner config is removed', async () => {
    h = harness({ config: { spot: 'only' } });
    h.fake.noCapacity({ lifecycle: 'spot' });
    const error = await rejection(h.launch('1'));
    expect(error).toMatchObject({ capacity: true, retryable: true, alreadyExists: false });
    expect(error.message).toContain('InsufficientInstanceCapacity');
    expect(fleets()).toHaveLength(1);
    expect(h.fake.parameterNames()).toEqual([]);
  });

  it('spot: never asks for on-demand only', async () => {
    h = harness({ config: { spot: 'never' } });
    await h.launch('1');
    expect(fleets().map((f) => f.TargetCapacitySpecification?.DefaultTargetCapacityType)).toEqual([
      'on-demand',
    ]);
  });

  it('the label spot=false forces on-demand when the pool allows it', async () => {
    h = harness({ config: { labelSelection: ['spot'] } });
    const machine = await h.launch('1', { labels: ['self-hosted', 'spot=false'] });
    expect(fleets().map((f) => f.TargetCapacitySpecification?.DefaultTargetCapacityType)).toEqual([
      'on-demand',
    ]);
    expect(machine.capacityClass).toBe('on-demand');
  });

  it('no capacity in any class: capacity and retryable, naming what failed', async () => {
    h = harness();
    h.fake.noCapacity();
    const error = await rejection(h.launch('1'));
    expect(error).toMatchObject({ capacity: true, retryable: true });
    expect(error.message).toMatch(
      /spot: .*InsufficientInstanceCapacity.*on-demand: .*InsufficientInstanceCapacity/,
    );
    expect(fleets()).toHaveLength(2);
  });
});

describe('EC2 fleet answers', () => {
  it('partial success: an instance next to per-override errors means launched', async () => {
    h = harness();
    h.fake.noCapacity({ instanceType: 'm7g.large' });
    const machine = await h.launch('1');
    expect(fleets()).toHaveLength(1);
    expect(h.fake.instanceOf('linux-1-1')?.instanceType).toBe('c7g.large');
    expect(machine).toMatchObject({ capacityClass: 'spot', externalId: h.fake.instanceOf('linux-1-1')?.id });
  });

  it('no instance and only non-capacity errors: not a capacity error, and no fallback', async () => {
    h = harness();
    h.fake.noCapacity({ code: 'InvalidParameterValue' });
    const error = await rejection(h.launch('1'));
    expect(error).toMatchObject({ capacity: false, retryable: false });
    expect(error.message).toContain('InvalidParameterValue');
    expect(fleets()).toHaveLength(1);
    expect(h.fake.parameterNames()).toEqual([]);
  });

  it('throttling is a retryable ProviderError (429), not a capacity error', async () => {
    h = harness();
    h.fake.throttleNext(1, 'ec2:CreateFleet');
    const error = await rejection(h.launch('1'));
    expect(error).toMatchObject({ retryable: true, capacity: false, status: 429 });
    expect(error.message).toContain('RequestLimitExceeded');
    expect(fleets()).toHaveLength(1);
    expect(h.fake.parameterNames()).toEqual([]);
    await expect(h.launch('1')).resolves.toMatchObject({ name: 'linux-1-1' });
  });

  it('an unauthorized CreateFleet is a 403 that no retry fixes', async () => {
    h = harness();
    h.fake.deny('ec2:CreateFleet');
    await expect(h.launch('1')).rejects.toMatchObject({ status: 403, retryable: false, capacity: false });
  });

  it('a server error is retryable', async () => {
    h = harness();
    h.fake.failNext('ec2:CreateFleet', ec2Error('InternalError', 'An internal error has occurred.', 500));
    await expect(h.launch('1')).rejects.toMatchObject({ retryable: true, capacity: false });
  });
});

describe('EC2 launch idempotency', () => {
  it('a name that has an instance is refused with alreadyExists, before any CreateFleet', async () => {
    h = harness();
    await h.launch('1');
    const before = fleets().length;
    await expect(h.launch('1')).rejects.toMatchObject({ alreadyExists: true, status: 409 });
    expect(fleets()).toHaveLength(before);
    expect(h.fake.instances()).toHaveLength(1);
  });

  it('a runner config already stored (a launch of the name in flight) is refused with alreadyExists', async () => {
    h = harness();
    h.fake.seedParameter('/ci-scaler/linux/linux-1-1', { X: 'y' }, T0);
    await expect(h.launch('1')).rejects.toMatchObject({ alreadyExists: true });
    expect(fleets()).toHaveLength(0);
    expect(h.fake.parameter('/ci-scaler/linux/linux-1-1')?.value).toBe('{"X":"y"}');
  });

  it('the ClientToken makes a launch the name check could not see (eventual consistency) return the same instance', async () => {
    h = harness();
    h.fake.hideNextLaunches(1);
    const first = await h.launch('1');
    await h.provider.list(h.pool); // the hidden instance boots and consumes its runner config
    const second = await h.launch('1');
    expect(fleets().map((f) => f.ClientToken)).toEqual(['linux-1-1.spot', 'linux-1-1.spot']);
    expect(second.externalId).toBe(first.externalId);
    expect(h.fake.instances()).toHaveLength(1);
    h.fake.reveal();
    expect((await h.provider.list(h.pool)).map((m) => m.name)).toEqual(['linux-1-1']);
  });

  it('IdempotentParameterMismatch (the token was used for another request) means the name is taken', async () => {
    h = harness();
    h.fake.failNext(
      'ec2:CreateFleet',
      ec2Error('IdempotentParameterMismatch', 'Client token already used before.'),
    );
    await expect(h.launch('1')).rejects.toMatchObject({ alreadyExists: true, status: 409 });
    expect(h.fake.parameterNames()).toEqual([]);
  });
});
