import { describe, expect, it } from 'vitest';
import {
  clientToken,
  fleetInput,
  launchTemplateSpec,
  slots,
  usableSlots,
} from '../../../../src/providers/ec2/fleet-request.js';

const subnets = [
  { id: 'subnet-0a', zone: 'eu-west-1a' },
  { id: 'subnet-0b', zone: 'eu-west-1b' },
];

describe('fleet request', () => {
  it('makes one override per type and subnet, the priority being the type order', () => {
    const all = slots({ instanceTypes: ['m7g.large', 'c7g.large'], onDemandOnly: false }, subnets, 'spot');
    expect(all.map((s) => [s.key, s.override])).toEqual([
      ['m7g.large/eu-west-1a/spot', { InstanceType: 'm7g.large', Priority: 0, SubnetId: 'subnet-0a' }],
      ['m7g.large/eu-west-1b/spot', { InstanceType: 'm7g.large', Priority: 0, SubnetId: 'subnet-0b' }],
      ['c7g.large/eu-west-1a/spot', { InstanceType: 'c7g.large', Priority: 1, SubnetId: 'subnet-0a' }],
      ['c7g.large/eu-west-1b/spot', { InstanceType: 'c7g.large', Priority: 1, SubnetId: 'subnet-0b' }],
    ]);
  });

  it('without types or subnets: one override keyed by the template (requirements and disks still carried)', () => {
    const requirements = { VCpuCount: { Min: 4 }, MemoryMiB: { Min: 0 } };
    expect(slots({ instanceTypes: [], requirements, onDemandOnly: true }, undefined, 'on-demand')).toEqual([
      { key: '*/*/on-demand', override: { InstanceRequirements: requirements } },
    ]);
  });

  it('leaves out overrides whose circuit is open', () => {
    const all = slots({ instanceTypes: ['m7g.large'], onDemandOnly: false }, subnets, 'spot');
    const circuits = { 'm7g.large/eu-west-1a/spot': { failures: 3, openUntil: '2026-11-22T10:10:00.000Z' } };
    expect(usableSlots(all, circuits, Date.parse('2026-11-22T10:00:00Z')).map((s) => s.key)).toEqual([
      'm7g.large/eu-west-1b/spot',
    ]);
    expect(usableSlots(all, circuits, Date.parse('2026-11-22T10:10:00Z'))).toHaveLength(2);
  });

  it('derives the ClientToken from the name and class, hashed when longer than 64 characters', () => {
    expect(clientToken('linux-101-1', 'spot')).toBe('linux-101-1.spot');
    expect(clientToken('linux-101-1', 'on-demand')).toBe('linux-101-1.on-demand');
    const long = `${'p'.repeat(40)}-123456789012-1`;
    const token = clientToken(long, 'on-demand');
    expect(token).toMatch(/^ci-scaler-[0-9a-f]{40}$/);
    expect(token).toBe(clientToken(long, 'on-demand'));
    expect(token).not.toBe(clientToken(long, 'spot'));
  });

  it('names the launch template by id when it is one, else by name', () => {
    expect(
      launchTemplateSpec({ launchTemplate: 'lt-0a20c965061f64abc', launchTemplateVersion: '3' }),
    ).toEqual({
      LaunchTemplateId: 'lt-0a20c965061f64abc',
      Version: '3',
    });
    expect(launchTemplateSpec({ launchTemplate: 'ci-runner', launchTemplateVersion: '$Latest' })).toEqual({
      LaunchTemplateName: 'ci-runner',
      Version: '$Latest',
    });
  });

  it('builds an instant fleet of one with the class-specific allocation strategy', () => {
    const common = {
      config: { launchTemplate: 'ci-runner', launchTemplateVersion: '$Default' },
      name: 'linux-1-1',
      slots: [],
      instanceTags: [{ Key: 'a', Value: 'b' }],
      volumeTags: [],
    };
    const spot = fleetInput({ ...common, capacity: 'spot', prioritized: true });
    expect(spot).toMatchObject({
      Type: 'instant',
      ClientToken: 'linux-1-1.spot',
      TargetCapacitySpecification: { TotalTargetCapacity: 1, DefaultTargetCapacityType: 'spot' },
      SpotOptions: { AllocationStrategy: 'capacity-optimized-prioritized' },
      LaunchTemplateConfigs: [
        { LaunchTemplateSpecification: { LaunchTemplateName: 'ci-runner', Version: '$Default' } },
      ],
    });
    expect(spot.LaunchTemplateConfigs?.[0]?.Overrides).toBeUndefined();
    expect(spot.DryRun).toBeUndefined();
    expect(fleetInput({ ...common, capacity: 'spot', prioritized: false }).SpotOptions).toEqual({
      AllocationStrategy: 'price-capacity-optimized',
    });
    const onDemand = fleetInput({ ...common, capacity: 'on-demand', prioritized: true, dryRun: true });
    expect(onDemand.OnDemandOptions).toEqual({ AllocationStrategy: 'prioritized' });
    expect(onDemand.SpotOptions).toBeUndefined();
    expect(onDemand.DryRun).toBe(true);
    expect(onDemand.TagSpecifications?.map((t) => t.ResourceType)).toEqual(['instance', 'volume']);
  });
});
