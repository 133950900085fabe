/** What the EC2/SSM fake holds: instances, fleets by ClientToken, subnets, templates, parameters. */
import type {
  CreateFleetCommandOutput,
  FleetBlockDeviceMappingRequest,
  InstanceStateName,
  ResponseLaunchTemplateData,
} from '@aws-sdk/client-ec2';

export interface FakeInstance {
  readonly id: string;
  readonly reservationId: string;
  state: InstanceStateName;
  stateReason?: { readonly Code: string; readonly Message: string };
  readonly tags: Map<string, string>;
  readonly volumeTags: Map<string, string>;
  readonly launchTime: Date;
  readonly lifecycle: 'spot' | 'on-demand';
  readonly instanceType: string;
  readonly subnetId: string;
  readonly zone: string;
  readonly imageId: string;
  readonly clientToken: string;
  readonly blockDevices?: readonly FleetBlockDeviceMappingRequest[];
  /** False: stays pending for ever (a broken AMI, a hung boot). */
  bootable: boolean;
  /** TerminateInstances was called: shutting-down becomes terminated at the next tick. */
  terminating: boolean;
}

export interface FakeParameter {
  readonly name: string;
  readonly value: string;
  readonly type: string;
  readonly tier: string;
  readonly version: number;
  readonly lastModified: Date;
  readonly tags: ReadonlyMap<string, string>;
}

export interface FakeSubnet {
  readonly id: string;
  readonly zone: string;
}

export interface FakeTemplate {
  readonly id: string;
  readonly name: string;
  readonly defaultVersion: number;
  /** Version number -> data; the latest is the highest number. */
  readonly versions: ReadonlyMap<number, ResponseLaunchTemplateData>;
}

/** A capacity shortage: every field given must match (absent = any). */
export interface CapacityRule {
  readonly instanceType?: string;
  readonly zone?: string;
  readonly lifecycle?: 'spot' | 'on-demand';
  /** The per-override ErrorCode; InsufficientInstanceCapacity by default. */
  readonly code?: string;
}

export interface InstanceTypeInfo {
  readonly type: string;
  readonly vcpus: number;
  readonly memoryMiB: number;
}

/** The instance types attribute-based selection chooses from, in this order. */
export const CATALOGUE: readonly InstanceTypeInfo[] = [
  { type: 'c7g.large', vcpus: 2, memoryMiB: 4096 },
  { type: 'm7g.large', vcpus: 2, memoryMiB: 8192 },
  { type: 'r7g.large', vcpus: 2, memoryMiB: 16384 },
  { type: 'c7g.xlarge', vcpus: 4, memoryMiB: 8192 },
  { type: 'm7g.xlarge', vcpus: 4, memoryMiB: 16384 },
  { type: 'c7g.4xlarge', vcpus: 16, memoryMiB: 32768 },
  { type: 'm7i.large', vcpus: 2, memoryMiB: 8192 },
  { type: 'c7i.xlarge', vcpus: 4, memoryMiB: 8192 },
  { type: 'm7i.xlarge', vcpus: 4, memoryMiB: 16384 },
  { type: 'c7i.4xlarge', vcpus: 16, memoryMiB: 32768 },
];

export const STATE_CODES: Record<InstanceStateName, number> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

export interface StoredFleet {
  readonly fingerprint: string;
  readonly output: CreateFleetCommandOutput;
}

export class FakeState {
  readonly instances = new Map<string, FakeInstance>();
  readonly fleets = new Map<string, StoredFleet>();
  readonly parameters = new Map<string, FakeParameter>();
  readonly subnets = new Map<string, FakeSubnet>();
  readonly templates: FakeTemplate[] = [];
  capacityRules: CapacityRule[] = [];
  neverBoot = 0;
  private counter = 0;

  constructor(readonly clock: () => number) {}

  nextId(prefix: string, width = 17): string {
    this.counter += 1;
    return `${prefix}-${this.counter.toString(16).padStart(width, '0')}`;
  }

  shortage(instanceType: string, zone: string, lifecycle: 'spot' | 'on-demand'): CapacityRule | undefined {
    return this.capacityRules.find(
      (r) =>
        (r.instanceType === undefined || r.instanceType === instanceType) &&
        (r.zone === undefined || r.zone === zone) &&
        (r.lifecycle === undefined || r.lifecycle === lifecycle),
    );
  }
}

/** EC2 filter values and AllowedInstanceTypes take `*` (any run) and `?` (one character). */
export function globMatch(pattern: string, value: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(value);
}
