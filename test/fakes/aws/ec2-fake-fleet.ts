/**
 * CreateFleet of type `instant` as the EC2 API reference describes it: overrides tried in
 * priority order, per-override errors next to the instances that did launch (partial
 * success), and ClientToken idempotency (same token and request: the first answer again;
 * same token, other request: IdempotentParameterMismatch).
 */
import type {
  CreateFleetCommandInput,
  CreateFleetCommandOutput,
  CreateFleetError,
  CreateFleetInstance,
  FleetLaunchTemplateOverridesRequest,
  InstanceRequirementsRequest,
  ResponseLaunchTemplateData,
  _InstanceType,
} from '@aws-sdk/client-ec2';
import { ec2Error } from './ec2-fake-errors.js';
import { CATALOGUE, globMatch, type FakeState, type FakeTemplate } from './ec2-fake-state.js';

type Lifecycle = 'spot' | 'on-demand';

export function findTemplate(
  state: FakeState,
  spec: { LaunchTemplateId?: string | undefined; LaunchTemplateName?: string | undefined },
): FakeTemplate {
  const found = state.templates.find(
    (t) =>
      t.id === spec.LaunchTemplateId ||
      (spec.LaunchTemplateId === undefined && t.name === spec.LaunchTemplateName),
  );
  if (found !== undefined) return found;
  if (spec.LaunchTemplateId !== undefined) {
    throw ec2Error(
      'InvalidLaunchTemplateId.NotFound',
      `The specified launch template, with template ID ${spec.LaunchTemplateId}, does not exist.`,
    );
  }
  throw ec2Error(
    'InvalidLaunchTemplateName.NotFoundException',
    `The specified launch template, with template name ${spec.LaunchTemplateName ?? ''}, does not exist.`,
  );
}

export function templateVersion(template: FakeTemplate, version: string | undefined): number {
  if (version === undefined || version === '$Default') return template.defaultVersion;
  if (version === '$Latest') return Math.max(...template.versions.keys());
  const n = Number(version);
  if (!template.versions.has(n))
    throw ec2Error(
      'InvalidLaunchTemplateId.VersionNotFound',
      `Could not find launch template version ${version}.`,
    );
  return n;
}

function byPriority(
  overrides: readonly FleetLaunchTemplateOverridesRequest[],
): FleetLaunchTemplateOverridesRequest[] {
  return [...overrides].sort(
    (a, b) => (a.Priority ?? Number.MAX_SAFE_INTEGER) - (b.Priority ?? Number.MAX_SAFE_INTEGER),
  );
}

function matchingTypes(req: InstanceRequirementsRequest): string[] {
  const within = (value: number, range: { Min?: number | undefined; Max?: number | undefined } | undefined) =>
    value >= (range?.Min ?? 0) && value <= (range?.Max ?? Number.MAX_SAFE_INTEGER);
  return CATALOGUE.filter(
    (t) =>
      within(t.vcpus, req.VCpuCount) &&
      within(t.memoryMiB, req.MemoryMiB) &&
      (req.AllowedInstanceTypes === undefined || req.AllowedInstanceTypes.some((p) => globMatch(p, t.type))),
  ).map((t) => t.type);
}

export function createFleet(state: FakeState, input: CreateFleetCommandInput): CreateFleetCommandOutput {
  if (input.DryRun === true)
    throw ec2Error('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
  if (input.Type !== 'instant')
    throw ec2Error('InvalidParameterValue', 'this fake models instant fleets only');
  const { ClientToken: token, ...request } = input;
  const fingerprint = JSON.stringify(request);
  if (token !== undefined) {
    const earlier = state.fleets.get(token);
    if (earlier !== undefined) {
      if (earlier.fingerprint === fingerprint) return earlier.output;
      throw ec2Error(
        'IdempotentParameterMismatch',
        'Client token already used before with different parameters.',
      );
    }
    if (token.length > 64)
      throw ec2Error('InvalidParameterValue', 'ClientToken is longer than 64 characters.');
  }
  const output = launchFleet(state, input, token ?? state.nextId('token'));
  if (token !== undefined) state.fleets.set(token, { fingerprint, output });
  return output;
}

interface FleetRun {
  readonly state: FakeState;
  readonly input: CreateFleetCommandInput;
  readonly template: FakeTemplate;
  readonly version: string | undefined;
  readonly data: ResponseLaunchTemplateData | undefined;
  readonly lifecycle: Lifecycle;
  readonly token: string;
  readonly reservationId: string;
  readonly errors: CreateFleetError[];
  readonly instances: CreateFleetInstance[];
}

function launchFleet(
  state: FakeState,
  input: CreateFleetCommandInput,
  token: string,
): CreateFleetCommandOutput {
  const config = input.LaunchTemplateConfigs?.[0];
  const spec = config?.LaunchTemplateSpecification;
  if (spec === undefined || (input.LaunchTemplateConfigs?.length ?? 0) !== 1) {
    throw ec2Error('InvalidParameterValue', 'this fake models one launch template config');
  }
  const template = findTemplate(state, spec);
  const run: FleetRun = {
    state,
    input,
    template,
    version: spec.Version,
    data: template.versions.get(templateVersion(template, spec.Version)),
    lifecycle: input.TargetCapacitySpecification?.DefaultTargetCapacityType === 'spot' ? 'spot' : 'on-demand',
    token,
    reservationId: state.nextId('r'),
    errors: [],
    instances: [],
  };
  const wanted = input.TargetCapacitySpecification?.TotalTargetCapacity ?? 0;
  for (const override of byPriority(config?.Overrides ?? [{}])) {
    if (run.instances.length >= wanted) break;
    tryOverride(run, override);
  }
  return {
    $metadata: { httpStatusCode: 200 },
    FleetId: state.nextId('fleet'),
    Errors: run.errors,
    Instances: run.instances,
  };
}

function typesOf(run: FleetRun, override: FleetLaunchTemplateOverridesRequest): string[] {
  if (override.InstanceType !== undefined) return [override.InstanceType];
  if (override.InstanceRequirements !== undefined) return matchingTypes(override.InstanceRequirements);
  return run.data?.InstanceType !== undefined ? [run.data.InstanceType] : [];
}

/** One override: an error per type out of capacity, or one instance of the first type that has room. */
function tryOverride(run: FleetRun, override: FleetLaunchTemplateOverridesRequest): void {
  const { state } = run;
  const subnetId = override.SubnetId ?? run.data?.NetworkInterfaces?.[0]?.SubnetId;
  const subnet = subnetId !== undefined ? state.subnets.get(subnetId) : [...state.subnets.values()][0];
  const where = {
    ...override,
    ...(subnet !== undefined && { SubnetId: subnet.id, AvailabilityZone: subnet.zone }),
  };
  const templateAndOverrides = (type?: string) => ({
    LaunchTemplateSpecification: { LaunchTemplateId: run.template.id, Version: run.version },
    Overrides: { ...where, ...(type !== undefined && { InstanceType: type as _InstanceType }) },
  });
  const fail = (code: string, message: string, type?: string) =>
    run.errors.push({
      LaunchTemplateAndOverrides: templateAndOverrides(type),
      Lifecycle: run.lifecycle,
      ErrorCode: code,
      ErrorMessage: message,
    });
  if (subnet === undefined) {
    fail('InvalidSubnetID.NotFound', `The subnet ID '${subnetId ?? ''}' does not exist`);
    return;
  }
  const types = typesOf(run, override);
  if (types.length === 0) fail('InvalidParameterValue', 'No instance type matches the override');
  for (const type of types) {
    const shortage = state.shortage(type, subnet.zone, run.lifecycle);
    if (shortage !== undefined) {
      fail(
        shortage.code ?? 'InsufficientInstanceCapacity',
        `There is no ${run.lifecycle} capacity for ${type} in ${subnet.zone}.`,
        type,
      );
      continue;
    }
    const id = launchInstance(state, { run, override, type, subnetId: subnet.id, zone: subnet.zone });
    run.instances.push({
      LaunchTemplateAndOverrides: templateAndOverrides(type),
      Lifecycle: run.lifecycle,
      InstanceIds: [id],
      InstanceType: type as _InstanceType,
      SubnetId: subnet.id,
      AvailabilityZone: subnet.zone,
    });
    return;
  }
}

interface LaunchArgs {
  readonly run: FleetRun;
  readonly override: FleetLaunchTemplateOverridesRequest;
  readonly type: string;
  readonly subnetId: string;
  readonly zone: string;
}

function tagsFor(input: CreateFleetCommandInput, resource: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (const spec of input.TagSpecifications ?? []) {
    if (spec.ResourceType !== resource) continue;
    for (const tag of spec.Tags ?? []) if (tag.Key !== undefined) tags.set(tag.Key, tag.Value ?? '');
  }
  return tags;
}

function launchInstance(state: FakeState, args: LaunchArgs): string {
  const id = state.nextId('i');
  const bootable = state.neverBoot === 0;
  if (!bootable) state.neverBoot -= 1;
  state.instances.set(id, {
    id,
    reservationId: args.run.reservationId,
    state: 'pending',
    tags: tagsFor(args.run.input, 'instance'),
    volumeTags: tagsFor(args.run.input, 'volume'),
    launchTime: new Date(state.clock()),
    lifecycle: args.run.lifecycle,
    instanceType: args.type,
    subnetId: args.subnetId,
    zone: args.zone,
    imageId: args.override.ImageId ?? args.run.data?.ImageId ?? 'ami-0fake',
    clientToken: args.run.token,
    ...(args.override.BlockDeviceMappings !== undefined && {
      blockDevices: args.override.BlockDeviceMappings,
    }),
    bootable,
    terminating: false,
  });
  return id;
}
