/** Job labels through the provider: what CreateFleet is asked for, and refusals before any AWS call. */
import type { CreateFleetCommandInput } from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it } from 'vitest';
import { EC2_SELECTION_LABELS } from '../../../../src/config/ec2-schema.js';
import { harness, type Harness } from './ec2-harness.js';

let h: Harness;
afterEach(() => {
  h.fake.restore();
});

const ALL = [...EC2_SELECTION_LABELS];
const overrides = () =>
  h.fake.inputs<CreateFleetCommandInput>('ec2:CreateFleet')[0]?.LaunchTemplateConfigs?.[0]?.Overrides ?? [];

describe('EC2 instance selection from labels', () => {
  it('cpu= and ram= ask for InstanceRequirements in every subnet, limited to the configured types', async () => {
    h = harness({
      config: { labelSelection: ALL, instanceTypes: ['m7g.large', 'm7g.xlarge', 'c7g.4xlarge'] },
    });
    await h.launch('1', { labels: ['self-hosted', 'cpu=4+16', 'ram=16+32'] });
    expect(overrides()).toHaveLength(3);
    for (const o of overrides()) {
      expect(o.InstanceType).toBeUndefined();
      expect(o.InstanceRequirements).toEqual({
        VCpuCount: { Min: 4, Max: 16 },
        MemoryMiB: { Min: 16384, Max: 32768 },
        AllowedInstanceTypes: ['m7g.large', 'm7g.xlarge', 'c7g.4xlarge'],
        BurstablePerformance: 'included',
        BareMetal: 'included',
      });
    }
    expect(h.fake.inputs<CreateFleetCommandInput>('ec2:CreateFleet')[0]?.SpotOptions).toEqual({
      AllocationStrategy: 'price-capacity-optimized',
    });
    expect(h.fake.instanceOf('linux-1-1')?.instanceType).toBe('m7g.xlarge');
  });

  it('family= without configured types becomes AllowedInstanceTypes patterns', async () => {
    h = harness({ config: { labelSelection: ALL, instanceTypes: undefined } });
    await h.launch('1', { labels: ['family=c7g', 'cpu=16'] });
    expect(overrides()[0]?.InstanceRequirements).toEqual({
      VCpuCount: { Min: 16, Max: 16 },
      MemoryMiB: { Min: 0 },
      AllowedInstanceTypes: ['c7g.*'],
      BurstablePerformance: 'included',
      BareMetal: 'included',
    });
    expect(h.fake.instanceOf('linux-1-1')?.instanceType).toBe('c7g.4xlarge');
  });

  it('arch= keeps the configured types of that architecture, as explicit overrides', async () => {
    h = harness({ config: { labelSelection: ALL, instanceTypes: ['m7i.large', 'm7g.large', 'c7g.large'] } });
    await h.launch('1', { labels: ['arch=arm64'] });
    expect([...new Set(overrides().map((o) => o.InstanceType))]).toEqual(['m7g.large', 'c7g.large']);
  });

  it('disk= puts a gp3 root volume of that size on every override', async () => {
    h = harness({ config: { labelSelection: ['disk'], rootDevice: '/dev/sda1' } });
    await h.launch('1', { labels: ['disk=200'] });
    expect(overrides()).toHaveLength(6);
    for (const o of overrides()) {
      expect(o.BlockDeviceMappings).toEqual([
        { DeviceName: '/dev/sda1', Ebs: { VolumeSize: 200, VolumeType: 'gp3', DeleteOnTermination: true } },
      ]);
    }
    expect(h.fake.instanceOf('linux-1-1')?.blockDevices?.[0]?.Ebs?.VolumeSize).toBe(200);
  });

  it('labels change nothing when the pool allows none', async () => {
    h = harness();
    await h.launch('1', { labels: ['self-hosted', 'linux'] });
    expect(
      overrides().every((o) => o.InstanceRequirements === undefined && o.BlockDeviceMappings === undefined),
    ).toBe(true);
  });
});

describe('EC2 refused labels', () => {
  it.each([
    [['cpu=abc'], 'label "cpu=abc": cpu must be a whole number of vCPUs or a range like 4+16'],
    [['cpu=16+4'], 'label "cpu=16+4": the range must go from low to high (4+16, not 16+4)'],
    [['arch=sparc'], 'label "arch=sparc": arch must be arm64 or amd64'],
    [['ram=8'], 'label "ram=8": ram= is not enabled for this pool (add ram to provider.labelSelection)'],
  ])('%j: checkLaunch says why, launch is a 400 and no AWS call is made', async (labels, message) => {
    h = harness({ config: { labelSelection: ['cpu', 'arch'] } });
    const spec = h.spec('1', { labels });
    expect(h.provider.checkLaunch?.(spec)).toBe(message);
    const error = await h.provider.launch(spec).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, retryable: false, capacity: false });
    expect(String(error)).toContain(message);
    expect(h.fake.commands()).toEqual([]);
  });

  it('checkLaunch is undefined for a launch that may go ahead', () => {
    h = harness({ config: { labelSelection: ['cpu'] } });
    expect(h.provider.checkLaunch?.(h.spec('1', { labels: ['cpu=2', 'linux'] }))).toBeUndefined();
    expect(h.fake.commands()).toEqual([]);
  });
});
