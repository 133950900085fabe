import type { CreateFleetCommandInput } from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it } from 'vitest';
import type { DoctorCheck } from '../../../../src/core/doctor.js';
import { FAKE_TEMPLATE_DATA, fakeTemplate } from '../../../fakes/aws/ec2-fake.js';
import { harness, type Harness } from './ec2-harness.js';

let h: Harness;
afterEach(() => {
  h.fake.restore();
});

async function checks(): Promise<Record<string, DoctorCheck>> {
  const list = (await h.provider.doctor?.(h.pool)) ?? [];
  return Object.fromEntries(list.map((c) => [c.name, c]));
}

/** The named check, which must have failed. */
function failing(result: Record<string, DoctorCheck>, name: string): { detail: string; fix: string } {
  const check = result[name];
  expect(check?.ok).toBe(false);
  return { detail: check?.detail ?? '', fix: check?.fix ?? '' };
}

describe('EC2 doctor', () => {
  it('passes every check against a well-made template, changing nothing', async () => {
    h = harness();
    const result = await checks();
    expect(Object.keys(result)).toEqual([
      'EC2 launch template found',
      'instances terminate on shutdown',
      'instance tags in metadata',
      'user data bootstraps ci-scaler',
      'subnets found',
      'CreateFleet permitted (dry run)',
      'SSM runner config path readable',
    ]);
    expect(Object.values(result).filter((c) => !c.ok)).toEqual([]);
    expect(h.fake.inputs<CreateFleetCommandInput>('ec2:CreateFleet').map((i) => i.DryRun)).toEqual([true]);
    expect(h.fake.instances()).toEqual([]);
    expect(h.fake.parameterNames()).toEqual([]);
  });

  it('fails when the template stops instead of terminating, or its user data is not the bootstrap', async () => {
    const data = {
      ...FAKE_TEMPLATE_DATA,
      InstanceInitiatedShutdownBehavior: 'stop' as const,
      UserData: Buffer.from('#!/bin/sh\n').toString('base64'),
    };
    h = harness({ fake: { templates: [fakeTemplate(data)] } });
    const result = await checks();
    expect(failing(result, 'instances terminate on shutdown').fix).toContain('terminate');
    expect(failing(result, 'user data bootstraps ci-scaler').fix).toContain('docs/providers/ec2.md');
  });

  it('fails on tag keys that instance metadata cannot serve, when the template puts tags there', async () => {
    h = harness({ config: { tags: { 'cost/center': 'ci' } } });
    expect(failing(await checks(), 'instance tags in metadata').detail).toContain('cost/center');
  });

  it('reports a missing template with its fix, and stops the template checks there', async () => {
    h = harness({ config: { launchTemplate: 'no-such-template' } });
    const result = await checks();
    expect(failing(result, 'EC2 launch template found').detail).toContain(
      'InvalidLaunchTemplateName.NotFoundException',
    );
    expect(result['instances terminate on shutdown']).toBeUndefined();
  });

  it('reports a refused dry run and an unreadable SSM path, with the permissions to grant', async () => {
    h = harness();
    h.fake.deny('ec2:CreateFleet');
    h.fake.deny('ssm:GetParametersByPath');
    const result = await checks();
    const dryRun = failing(result, 'CreateFleet permitted (dry run)');
    expect(dryRun.detail).toContain('UnauthorizedOperation');
    expect(dryRun.fix).toContain('ec2:CreateFleet');
    expect(failing(result, 'SSM runner config path readable').fix).toContain('ssm:PutParameter');
  });

  it('reports a subnet that does not exist', async () => {
    h = harness({ config: { subnets: ['subnet-0deadbeef'] } });
    expect(failing(await checks(), 'subnets found').detail).toContain('subnet-0deadbeef');
  });
});
