/** DescribeSubnets, DescribeLaunchTemplates and DescribeLaunchTemplateVersions over the fake's fixed resources. */
import type {
  DescribeLaunchTemplatesCommandInput,
  DescribeLaunchTemplatesCommandOutput,
  DescribeLaunchTemplateVersionsCommandInput,
  DescribeLaunchTemplateVersionsCommandOutput,
  DescribeSubnetsCommandInput,
  DescribeSubnetsCommandOutput,
} from '@aws-sdk/client-ec2';
import { ec2Error } from './ec2-fake-errors.js';
import { findTemplate, templateVersion } from './ec2-fake-fleet.js';
import type { FakeState } from './ec2-fake-state.js';

const ok = { $metadata: { httpStatusCode: 200 } };

export function describeSubnets(
  state: FakeState,
  input: DescribeSubnetsCommandInput,
): DescribeSubnetsCommandOutput {
  const ids = input.SubnetIds ?? [...state.subnets.keys()];
  const missing = ids.find((id) => !state.subnets.has(id));
  if (missing !== undefined)
    throw ec2Error('InvalidSubnetID.NotFound', `The subnet ID '${missing}' does not exist`);
  return {
    ...ok,
    Subnets: ids.flatMap((id) => {
      const subnet = state.subnets.get(id);
      return subnet === undefined
        ? []
        : [
            {
              SubnetId: subnet.id,
              AvailabilityZone: subnet.zone,
              VpcId: 'vpc-0fake',
              State: 'available' as const,
            },
          ];
    }),
  };
}

export function describeLaunchTemplates(
  state: FakeState,
  input: DescribeLaunchTemplatesCommandInput,
): DescribeLaunchTemplatesCommandOutput {
  const wanted = [
    ...(input.LaunchTemplateIds ?? []).map((id) => findTemplate(state, { LaunchTemplateId: id })),
    ...(input.LaunchTemplateNames ?? []).map((name) => findTemplate(state, { LaunchTemplateName: name })),
  ];
  const templates = wanted.length > 0 ? wanted : state.templates;
  return {
    ...ok,
    LaunchTemplates: templates.map((t) => ({
      LaunchTemplateId: t.id,
      LaunchTemplateName: t.name,
      DefaultVersionNumber: t.defaultVersion,
      LatestVersionNumber: Math.max(...t.versions.keys()),
    })),
  };
}

export function describeLaunchTemplateVersions(
  state: FakeState,
  input: DescribeLaunchTemplateVersionsCommandInput,
): DescribeLaunchTemplateVersionsCommandOutput {
  const template = findTemplate(state, input);
  const versions = (input.Versions ?? ['$Default']).map((v) => templateVersion(template, v));
  return {
    ...ok,
    LaunchTemplateVersions: versions.map((n) => ({
      LaunchTemplateId: template.id,
      LaunchTemplateName: template.name,
      VersionNumber: n,
      DefaultVersion: n === template.defaultVersion,
      LaunchTemplateData: template.versions.get(n),
    })),
  };
}
