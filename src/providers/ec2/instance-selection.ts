/**
 * What a launch asks EC2 for, from the pool config and the job's selection labels: explicit
 * instance types (kept in the configured priority order) or attribute-based
 * `InstanceRequirements`, a root volume size, and whether spot may be used. Pure.
 */
import type { FleetBlockDeviceMappingRequest, InstanceRequirementsRequest } from '@aws-sdk/client-ec2';
import type { Ec2ProviderConfig } from '../../config/ec2-schema.js';
import { parseSelectionLabels, type Arch, type Range, type Selection } from './labels.js';

export type ShapeConfig = Pick<Ec2ProviderConfig, 'instanceTypes' | 'labelSelection' | 'rootDevice' | 'spot'>;

export interface LaunchShape {
  /** Instance types in priority order, one override per type and subnet; empty with requirements or none configured. */
  readonly instanceTypes: readonly string[];
  /** Attribute-based selection (cpu=, ram=, or family= without configured types), one override per subnet. */
  readonly requirements?: InstanceRequirementsRequest;
  /** disk=: the root volume as a gp3 of this size, on every override. */
  readonly blockDevices?: readonly FleetBlockDeviceMappingRequest[];
  readonly onDemandOnly: boolean;
}

export type ShapeResult =
  | { readonly ok: true; readonly shape: LaunchShape }
  | { readonly ok: false; readonly problems: readonly string[] };

const MIB_PER_GIB = 1024;

/**
 * The processor architecture an instance type name says, by AWS's naming convention: a `g`
 * among the capabilities after the generation digit is Graviton (`c7g`, `m7gd`, `c7gn`,
 * `g5g`), `a1` is the first Graviton; the rest is x86. Undefined for names this cannot read
 * (mac*, u-*), which no arch= label then selects.
 */
export function archOf(instanceType: string): Arch | undefined {
  const family = instanceType.split('.')[0] ?? '';
  if (family === 'a1') return 'arm64';
  if (family.startsWith('mac')) return undefined;
  const match = /^[a-z]+\d+([a-z]*)/.exec(family);
  if (match === null) return undefined;
  return (match[1] ?? '').includes('g') ? 'arm64' : 'amd64';
}

export function familyOf(instanceType: string): string {
  return instanceType.split('.')[0] ?? instanceType;
}

export function launchShape(config: ShapeConfig, labels: readonly string[] | undefined): ShapeResult {
  const parsed = parseSelectionLabels(labels, config.labelSelection);
  if (!parsed.ok) return parsed;
  const { selection } = parsed;
  const problems: string[] = [];
  const candidates = candidateTypes(config.instanceTypes ?? [], selection, problems);
  if (selection.onDemand && config.spot === 'only') {
    problems.push('label "spot=false": this pool runs on spot capacity only (provider.spot: only)');
  }
  if (problems.length > 0) return { ok: false, problems };
  const attributeBased =
    selection.cpu !== undefined || selection.ramGiB !== undefined || candidates === undefined;
  const families = selection.families;
  const requirements =
    attributeBased && (selection.cpu ?? selection.ramGiB ?? families) !== undefined
      ? instanceRequirements(selection, candidates ?? families?.map((family) => `${family}.*`))
      : undefined;
  return {
    ok: true,
    shape: {
      instanceTypes: requirements === undefined ? (candidates ?? []) : [],
      ...(requirements !== undefined && { requirements }),
      ...(selection.diskGiB !== undefined && {
        blockDevices: rootVolume(config.rootDevice, selection.diskGiB),
      }),
      onDemandOnly: config.spot === 'never' || selection.onDemand === true,
    },
  };
}

/**
 * The configured types that family= and arch= leave, in configured order; undefined when no
 * types are configured (the launch template's type, or attribute-based selection, decides).
 */
function candidateTypes(
  configured: readonly string[],
  selection: Selection,
  problems: string[],
): string[] | undefined {
  const { families, arch } = selection;
  const familyLabel = `label "family=${families?.join('+') ?? ''}"`;
  const archLabel = `label "arch=${arch ?? ''}"`;
  if (configured.length === 0) {
    if (arch === undefined) return undefined;
    if (families === undefined) {
      problems.push(
        `${archLabel}: needs provider.instanceTypes or a family= label to choose ${arch} types from ` +
          '(the architecture of the launch template type is not known here)',
      );
    }
    for (const family of families ?? []) {
      if (archOf(`${family}.large`) !== arch) problems.push(`${archLabel}: family ${family} is not ${arch}`);
    }
    return undefined;
  }
  let types = [...configured];
  if (families !== undefined) {
    types = types.filter((type) => families.includes(familyOf(type)));
    if (types.length === 0) {
      problems.push(
        `${familyLabel}: none of provider.instanceTypes (${configured.join(', ')}) is in that family`,
      );
      return types;
    }
  }
  if (arch !== undefined) {
    const before = types;
    types = types.filter((type) => archOf(type) === arch);
    if (types.length === 0)
      problems.push(`${archLabel}: none of the instance types (${before.join(', ')}) is ${arch}`);
  }
  return types;
}

function instanceRequirements(
  selection: Selection,
  allowed: readonly string[] | undefined,
): InstanceRequirementsRequest {
  return {
    VCpuCount: rangeRequest(selection.cpu, 1),
    MemoryMiB: rangeRequest(selection.ramGiB, MIB_PER_GIB),
    // Unset attributes take their defaults, which exclude burstable (t3, t4g) and bare-metal
    // types even when the allowed list names them; a list the user chose includes them.
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InstanceRequirementsRequest.html
    ...(allowed !== undefined && {
      AllowedInstanceTypes: [...allowed],
      BurstablePerformance: 'included',
      BareMetal: 'included',
    }),
  };
}

/** EC2 requires a minimum for both vCPUs and memory; no label means "any" (0, no maximum). */
function rangeRequest(range: Range | undefined, unit: number): { Min: number; Max?: number } {
  return range === undefined ? { Min: 0 } : { Min: range.min * unit, Max: range.max * unit };
}

/** Replaces the AMI's root device mapping for this launch: a gp3 volume of the asked size. */
function rootVolume(device: string, sizeGiB: number): FleetBlockDeviceMappingRequest[] {
  return [{ DeviceName: device, Ebs: { VolumeSize: sizeGiB, VolumeType: 'gp3', DeleteOnTermination: true } }];
}
