import { describe, expect, it } from 'vitest';
import { EC2_SELECTION_LABELS } from '../../../../src/config/ec2-schema.js';
import { archOf, launchShape, type ShapeConfig } from '../../../../src/providers/ec2/instance-selection.js';

const base: ShapeConfig = {
  instanceTypes: ['m7g.large', 'c7i.large', 'c7g.xlarge'],
  labelSelection: [...EC2_SELECTION_LABELS],
  rootDevice: '/dev/xvda',
  spot: 'prefer',
};

function shape(labels: string[], config: Partial<ShapeConfig> = {}) {
  const result = launchShape({ ...base, ...config }, labels);
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.shape;
}

function problems(labels: string[], config: Partial<ShapeConfig> = {}) {
  const result = launchShape({ ...base, ...config }, labels);
  if (result.ok) throw new Error('expected problems');
  return result.problems;
}

describe('archOf', () => {
  it.each([
    ['c7g.large', 'arm64'],
    ['m7gd.xlarge', 'arm64'],
    ['c7gn.2xlarge', 'arm64'],
    ['g5g.xlarge', 'arm64'],
    ['t4g.micro', 'arm64'],
    ['im4gn.large', 'arm64'],
    ['is4gen.large', 'arm64'],
    ['a1.large', 'arm64'],
    ['g5.xlarge', 'amd64'],
    ['m7i.large', 'amd64'],
    ['m7i-flex.large', 'amd64'],
    ['c7a.large', 'amd64'],
    ['r7iz.large', 'amd64'],
    ['t3.micro', 'amd64'],
    ['mac2.metal', undefined],
    ['u-6tb1.metal', undefined],
  ])('%s is %s', (type, arch) => {
    expect(archOf(type)).toBe(arch);
  });
});

describe('launchShape', () => {
  it('without selection labels: the configured types, spot allowed', () => {
    expect(shape(['self-hosted'])).toEqual({ instanceTypes: base.instanceTypes, onDemandOnly: false });
  });

  it('cpu= and ram= become InstanceRequirements limited to the configured types', () => {
    expect(shape(['cpu=4+16', 'ram=8+32'])).toEqual({
      instanceTypes: [],
      requirements: {
        VCpuCount: { Min: 4, Max: 16 },
        MemoryMiB: { Min: 8192, Max: 32768 },
        AllowedInstanceTypes: base.instanceTypes,
        BurstablePerformance: 'included',
        BareMetal: 'included',
      },
      onDemandOnly: false,
    });
  });

  it('cpu= without configured types: any type with that many vCPUs, memory unbounded', () => {
    expect(shape(['cpu=4'], { instanceTypes: undefined })).toEqual({
      instanceTypes: [],
      requirements: { VCpuCount: { Min: 4, Max: 4 }, MemoryMiB: { Min: 0 } },
      onDemandOnly: false,
    });
  });

  it('family= without configured types becomes AllowedInstanceTypes patterns', () => {
    expect(shape(['family=c7g+m7g'], { instanceTypes: undefined }).requirements).toEqual({
      VCpuCount: { Min: 0 },
      MemoryMiB: { Min: 0 },
      AllowedInstanceTypes: ['c7g.*', 'm7g.*'],
      BurstablePerformance: 'included',
      BareMetal: 'included',
    });
  });

  it('family= and arch= with configured types filter them, keeping their priority order', () => {
    expect(shape(['family=c7g+m7g']).instanceTypes).toEqual(['m7g.large', 'c7g.xlarge']);
    expect(shape(['arch=arm64']).instanceTypes).toEqual(['m7g.large', 'c7g.xlarge']);
    expect(shape(['arch=amd64']).instanceTypes).toEqual(['c7i.large']);
    expect(shape(['arch=arm64', 'cpu=4']).requirements?.AllowedInstanceTypes).toEqual([
      'm7g.large',
      'c7g.xlarge',
    ]);
  });

  it('reports a family or arch that none of the configured types has', () => {
    expect(problems(['family=r7g'])).toEqual([
      'label "family=r7g": none of provider.instanceTypes (m7g.large, c7i.large, c7g.xlarge) is in that family',
    ]);
    expect(problems(['family=c7i', 'arch=arm64'])).toEqual([
      'label "arch=arm64": none of the instance types (c7i.large) is arm64',
    ]);
  });

  it('arch= with neither configured types nor family= cannot be honoured', () => {
    expect(problems(['arch=arm64'], { instanceTypes: undefined })[0]).toMatch(
      /^label "arch=arm64": needs provider.instanceTypes or a family= label/,
    );
    expect(problems(['arch=arm64', 'family=c7i'], { instanceTypes: undefined })).toEqual([
      'label "arch=arm64": family c7i is not arm64',
    ]);
    expect(
      shape(['arch=arm64', 'family=c7g'], { instanceTypes: undefined }).requirements?.AllowedInstanceTypes,
    ).toEqual(['c7g.*']);
  });

  it('disk= sets the root device as a gp3 volume of that size', () => {
    expect(shape(['disk=100'], { rootDevice: '/dev/sda1' }).blockDevices).toEqual([
      { DeviceName: '/dev/sda1', Ebs: { VolumeSize: 100, VolumeType: 'gp3', DeleteOnTermination: true } },
    ]);
  });

  it('spot=false and spot: never mean on-demand only; spot=false on a spot-only pool is a problem', () => {
    expect(shape(['spot=false']).onDemandOnly).toBe(true);
    expect(shape([], { spot: 'never' }).onDemandOnly).toBe(true);
    expect(problems(['spot=false'], { spot: 'only' })).toEqual([
      'label "spot=false": this pool runs on spot capacity only (provider.spot: only)',
    ]);
  });

  it('passes label problems through', () => {
    expect(problems(['cpu=abc'])[0]).toMatch(/^label "cpu=abc"/);
    expect(problems(['cpu=4'], { labelSelection: [] })[0]).toMatch(/not enabled for this pool/);
  });
});
