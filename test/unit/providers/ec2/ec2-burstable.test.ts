/**
 * Found by review: attribute-based selection (InstanceRequirements) applies EC2's defaults to every
 * attribute it leaves out, AllowedInstanceTypes included: BurstablePerformance defaults to
 * `excluded` (API reference, InstanceRequirementsRequest). A pool whose explicit choice is a
 * burstable family (family=t4g, or instanceTypes of t3/t4g with cpu=/ram=) must say so, else
 * EC2 finds no type at all and every such launch fails.
 */
import { describe, expect, it } from 'vitest';
import { EC2_SELECTION_LABELS } from '../../../../src/config/ec2-schema.js';
import { launchShape, type ShapeConfig } from '../../../../src/providers/ec2/instance-selection.js';

const base: ShapeConfig = {
  instanceTypes: undefined,
  labelSelection: [...EC2_SELECTION_LABELS],
  rootDevice: '/dev/xvda',
  spot: 'prefer',
};

function requirements(labels: string[], config: Partial<ShapeConfig> = {}) {
  const result = launchShape({ ...base, ...config }, labels);
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.shape.requirements;
}

describe('burstable types the pool asks for are not excluded by EC2 defaults', () => {
  it('family=t4g (no configured types) allows burstable types', () => {
    const req = requirements(['family=t4g']);
    expect(req?.AllowedInstanceTypes).toEqual(['t4g.*']);
    expect(req?.BurstablePerformance).not.toBeUndefined();
    expect(req?.BurstablePerformance).not.toBe('excluded');
  });

  it('cpu=2 on a pool configured with t3 types allows burstable types', () => {
    const req = requirements(['cpu=2'], { instanceTypes: ['t3.large', 't3.xlarge'] });
    expect(req?.AllowedInstanceTypes).toEqual(['t3.large', 't3.xlarge']);
    expect(req?.BurstablePerformance).not.toBeUndefined();
    expect(req?.BurstablePerformance).not.toBe('excluded');
  });
});
