/** Which fake handler answers which SDK command. */
import {
  CreateFleetCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeSubnetsCommand,
  TerminateInstancesCommand,
  type CreateFleetCommandInput,
  type CreateFleetCommandOutput,
  type DescribeInstancesCommandInput,
  type DescribeLaunchTemplatesCommandInput,
  type DescribeLaunchTemplateVersionsCommandInput,
  type DescribeSubnetsCommandInput,
  type EC2Client,
  type TerminateInstancesCommandInput,
} from '@aws-sdk/client-ec2';
import {
  DeleteParameterCommand,
  DeleteParametersCommand,
  GetParametersByPathCommand,
  PutParameterCommand,
  type DeleteParameterCommandInput,
  type DeleteParametersCommandInput,
  type GetParametersByPathCommandInput,
  type PutParameterCommandInput,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import type { Serve } from './ec2-fake-calls.js';
import { describeInstances, terminateInstances } from './ec2-fake-describe.js';
import { createFleet } from './ec2-fake-fleet.js';
import {
  describeLaunchTemplates,
  describeLaunchTemplateVersions,
  describeSubnets,
} from './ec2-fake-resources.js';
import { deleteParameter, deleteParameters, getParametersByPath, putParameter } from './ec2-fake-ssm.js';
import type { FakeState } from './ec2-fake-state.js';

export interface Ec2Hooks {
  /** A DescribeInstances call is the fake's tick. */
  readonly beforeDescribe: () => void;
  readonly afterLaunch: (output: CreateFleetCommandOutput) => CreateFleetCommandOutput;
  readonly describeOptions: () => { pageCap?: number; hidden?: ReadonlySet<string> };
}

export function installEc2(
  stub: AwsClientStub<EC2Client>,
  serve: Serve,
  s: FakeState,
  hooks: Ec2Hooks,
): void {
  stub.onAnyCommand().rejects(new Error('ec2 fake: command not modelled'));
  stub
    .on(CreateFleetCommand)
    .callsFake(
      serve('ec2', CreateFleetCommand, (i: CreateFleetCommandInput) => hooks.afterLaunch(createFleet(s, i))),
    );
  stub.on(DescribeInstancesCommand).callsFake(
    serve('ec2', DescribeInstancesCommand, (i: DescribeInstancesCommandInput) => {
      hooks.beforeDescribe();
      return describeInstances(s, i, hooks.describeOptions());
    }),
  );
  stub
    .on(TerminateInstancesCommand)
    .callsFake(
      serve('ec2', TerminateInstancesCommand, (i: TerminateInstancesCommandInput) =>
        terminateInstances(s, i),
      ),
    );
  stub
    .on(DescribeSubnetsCommand)
    .callsFake(
      serve('ec2', DescribeSubnetsCommand, (i: DescribeSubnetsCommandInput) => describeSubnets(s, i)),
    );
  stub
    .on(DescribeLaunchTemplatesCommand)
    .callsFake(
      serve('ec2', DescribeLaunchTemplatesCommand, (i: DescribeLaunchTemplatesCommandInput) =>
        describeLaunchTemplates(s, i),
      ),
    );
  stub
    .on(DescribeLaunchTemplateVersionsCommand)
    .callsFake(
      serve('ec2', DescribeLaunchTemplateVersionsCommand, (i: DescribeLaunchTemplateVersionsCommandInput) =>
        describeLaunchTemplateVersions(s, i),
      ),
    );
}

export function installSsm(stub: AwsClientStub<SSMClient>, serve: Serve, s: FakeState): void {
  stub.onAnyCommand().rejects(new Error('ssm fake: command not modelled'));
  stub
    .on(PutParameterCommand)
    .callsFake(serve('ssm', PutParameterCommand, (i: PutParameterCommandInput) => putParameter(s, i)));
  stub
    .on(GetParametersByPathCommand)
    .callsFake(
      serve('ssm', GetParametersByPathCommand, (i: GetParametersByPathCommandInput) =>
        getParametersByPath(s, i),
      ),
    );
  stub
    .on(DeleteParameterCommand)
    .callsFake(
      serve('ssm', DeleteParameterCommand, (i: DeleteParameterCommandInput) => deleteParameter(s, i)),
    );
  stub
    .on(DeleteParametersCommand)
    .callsFake(
      serve('ssm', DeleteParametersCommand, (i: DeleteParametersCommandInput) => deleteParameters(s, i)),
    );
}
