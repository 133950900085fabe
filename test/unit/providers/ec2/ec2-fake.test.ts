/** The fake itself keeps to the API: idempotency, pagination, validation, IAM action names, uninstalling. */
import {
  CreateFleetCommand,
  DescribeInstancesCommand,
  DescribeVpcsCommand,
  EC2Client,
  type CreateFleetCommandInput,
} from '@aws-sdk/client-ec2';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterEach, describe, expect, it } from 'vitest';
import { Ec2Fake } from '../../../fakes/aws/ec2-fake.js';

let fake: Ec2Fake | undefined;
afterEach(() => {
  fake?.restore();
});

const ec2 = () => new EC2Client({ region: 'eu-west-1' });
const fleet = (token: string, type = 'm7g.large'): CreateFleetCommandInput => ({
  Type: 'instant',
  ClientToken: token,
  LaunchTemplateConfigs: [
    {
      LaunchTemplateSpecification: { LaunchTemplateId: 'lt-0123456789abcdef0', Version: '$Default' },
      Overrides: [{ InstanceType: type as 'm7g.large', SubnetId: 'subnet-0a1a1a1a' }],
    },
  ],
  TargetCapacitySpecification: { TotalTargetCapacity: 1, DefaultTargetCapacityType: 'on-demand' },
});

describe('Ec2Fake', () => {
  it('answers a repeated ClientToken with the first answer, and a changed request with IdempotentParameterMismatch', async () => {
    fake = new Ec2Fake();
    const first = await ec2().send(new CreateFleetCommand(fleet('t-1')));
    const again = await ec2().send(new CreateFleetCommand(fleet('t-1')));
    expect(again.Instances?.[0]?.InstanceIds).toEqual(first.Instances?.[0]?.InstanceIds);
    expect(fake.instances()).toHaveLength(1);
    await expect(ec2().send(new CreateFleetCommand(fleet('t-1', 'c7g.large')))).rejects.toMatchObject({
      name: 'IdempotentParameterMismatch',
    });
  });

  it('pages DescribeInstances by MaxResults and NextToken, and validates like EC2', async () => {
    fake = new Ec2Fake();
    for (let i = 0; i < 7; i++) await ec2().send(new CreateFleetCommand(fleet(`t-${i}`)));
    const page1 = await ec2().send(new DescribeInstancesCommand({ MaxResults: 5 }));
    expect(page1.Reservations?.flatMap((r) => r.Instances ?? [])).toHaveLength(5);
    const page2 = await ec2().send(
      new DescribeInstancesCommand({ MaxResults: 5, NextToken: page1.NextToken }),
    );
    expect(page2.Reservations?.flatMap((r) => r.Instances ?? [])).toHaveLength(2);
    expect(page2.NextToken).toBeUndefined();
    await expect(ec2().send(new DescribeInstancesCommand({ MaxResults: 4 }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
    const id = fake.instances()[0]?.id ?? '';
    await expect(
      ec2().send(new DescribeInstancesCommand({ InstanceIds: [id], MaxResults: 5 })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterCombination',
    });
    await expect(
      ec2().send(new DescribeInstancesCommand({ Filters: [{ Name: 'no-such-filter', Values: ['x'] }] })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('refuses PutParameter with both Tags and Overwrite, as SSM does', async () => {
    fake = new Ec2Fake();
    const ssm = new SSMClient({ region: 'eu-west-1' });
    await expect(
      ssm.send(
        new PutParameterCommand({
          Name: '/a/b',
          Value: 'v',
          Type: 'SecureString',
          Overwrite: true,
          Tags: [],
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('records IAM action names, and rejects commands it does not model', async () => {
    fake = new Ec2Fake();
    await ec2().send(new DescribeInstancesCommand({}));
    await ec2().send(new CreateFleetCommand(fleet('t')));
    await expect(ec2().send(new DescribeVpcsCommand({}))).rejects.toThrow('not modelled');
    expect(fake.commands()).toEqual(['ec2:DescribeInstances', 'ec2:CreateFleet']);
  });

  it('restore() puts the real clients back', () => {
    const send = (): unknown => Reflect.get(EC2Client.prototype, 'send');
    const original = send();
    fake = new Ec2Fake();
    expect(send()).not.toBe(original);
    fake.restore();
    fake = undefined;
    expect(send()).toBe(original);
  });
});
