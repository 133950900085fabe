/**
 * The CreateFleet request of one launch attempt: overrides (instance types x subnets, in
 * priority order) minus those an open circuit skips, a ClientToken derived from the worker
 * name, tags, and the capacity class. Pure.
 */
import { createHash } from 'node:crypto';
import type {
  _InstanceType,
  CreateFleetCommandInput,
  FleetLaunchTemplateOverridesRequest,
  FleetLaunchTemplateSpecificationRequest,
} from '@aws-sdk/client-ec2';
import type { Ec2ProviderConfig } from '../../config/ec2-schema.js';
import { circuitKey, isOpen, type CapacityClass, type Circuits } from './circuit-breaker.js';
import type { LaunchShape } from './instance-selection.js';
import type { KeyValue } from './tags.js';

/** A configured subnet and the availability zone it lies in. */
export interface Subnet {
  readonly id: string;
  readonly zone: string;
}

/** One override and the circuit that guards it. */
export interface Slot {
  readonly override: FleetLaunchTemplateOverridesRequest;
  readonly key: string;
}

/** CreateFleet's ClientToken: at most 64 ASCII characters. */
const MAX_TOKEN = 64;

/**
 * Every override of a launch, in priority order: each instance type (priority = its place in
 * `instanceTypes`, the same in every subnet so EC2 may pick the zone) in each subnet. No
 * subnets configured: the launch template's; no types: the template's or the requirements'.
 */
export function slots(
  shape: LaunchShape,
  subnets: readonly Subnet[] | undefined,
  capacity: CapacityClass,
): Slot[] {
  const types: readonly (string | undefined)[] =
    shape.instanceTypes.length > 0 ? shape.instanceTypes : [undefined];
  const places: readonly (Subnet | undefined)[] = subnets ?? [undefined];
  return types.flatMap((type, priority) =>
    places.map((subnet) => ({
      key: circuitKey(type, subnet?.zone, capacity),
      override: {
        ...(type !== undefined && { InstanceType: type as _InstanceType, Priority: priority }),
        ...(subnet !== undefined && { SubnetId: subnet.id }),
        ...(shape.requirements !== undefined && { InstanceRequirements: shape.requirements }),
        ...(shape.blockDevices !== undefined && { BlockDeviceMappings: [...shape.blockDevices] }),
      },
    })),
  );
}

export function usableSlots(all: readonly Slot[], circuits: Circuits, now: number): Slot[] {
  return all.filter((slot) => !isOpen(circuits, slot.key, now));
}

/**
 * The same worker name and class always give the same token, so a retried or raced launch
 * returns the first one's instance instead of starting a second. Names never come back
 * (they carry the job id and attempt), which matters: EC2 keeps a token for at least 24 hours
 * after the instance terminates.
 */
export function clientToken(name: string, capacity: CapacityClass): string {
  const plain = `${name}.${capacity}`;
  if (plain.length <= MAX_TOKEN && /^[\x20-\x7e]+$/.test(plain)) return plain;
  return `ci-scaler-${createHash('sha256').update(plain).digest('hex').slice(0, 40)}`;
}

const LAUNCH_TEMPLATE_ID = /^lt-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;

export function launchTemplateSpec(
  config: Pick<Ec2ProviderConfig, 'launchTemplate' | 'launchTemplateVersion'>,
): FleetLaunchTemplateSpecificationRequest {
  // A name may start with "lt-" too; an id is "lt-" and 17 (or, older, 8) hex digits.
  return LAUNCH_TEMPLATE_ID.test(config.launchTemplate)
    ? { LaunchTemplateId: config.launchTemplate, Version: config.launchTemplateVersion }
    : { LaunchTemplateName: config.launchTemplate, Version: config.launchTemplateVersion };
}

export interface FleetInputArgs {
  readonly config: Pick<Ec2ProviderConfig, 'launchTemplate' | 'launchTemplateVersion'>;
  readonly name: string;
  readonly capacity: CapacityClass;
  readonly slots: readonly Slot[];
  readonly prioritized: boolean;
  readonly instanceTags: readonly KeyValue[];
  readonly volumeTags: readonly KeyValue[];
  readonly dryRun?: boolean;
}

export function fleetInput(args: FleetInputArgs): CreateFleetCommandInput {
  const overrides = args.slots.map((slot) => slot.override).filter((o) => Object.keys(o).length > 0);
  return {
    Type: 'instant',
    ClientToken: clientToken(args.name, args.capacity),
    ...(args.dryRun === true && { DryRun: true }),
    LaunchTemplateConfigs: [
      {
        LaunchTemplateSpecification: launchTemplateSpec(args.config),
        ...(overrides.length > 0 && { Overrides: overrides }),
      },
    ],
    TargetCapacitySpecification: { TotalTargetCapacity: 1, DefaultTargetCapacityType: args.capacity },
    ...(args.capacity === 'spot'
      ? {
          SpotOptions: {
            // With a preference order, honour it as far as capacity allows; else the cheapest deep pool.
            AllocationStrategy: args.prioritized
              ? 'capacity-optimized-prioritized'
              : 'price-capacity-optimized',
          },
        }
      : { OnDemandOptions: { AllocationStrategy: args.prioritized ? 'prioritized' : 'lowest-price' } }),
    TagSpecifications: [
      { ResourceType: 'instance', Tags: [...args.instanceTags] },
      { ResourceType: 'volume', Tags: [...args.volumeTags] },
    ],
  };
}
