/**
 * What an instant fleet answered: an instance (launched, even when other overrides failed:
 * partial success), per-override errors classified, and which circuits they concern. Pure.
 */
import type {
  CreateFleetError,
  CreateFleetInstance,
  CreateFleetResult,
  FleetLaunchTemplateOverrides,
} from '@aws-sdk/client-ec2';
import { circuitKey, type CapacityClass } from './circuit-breaker.js';
import { fleetErrorKind, type FleetErrorKind } from './ec2-errors.js';
import type { Slot } from './fleet-request.js';

export interface LaunchedInstance {
  readonly id: string;
  readonly instanceType?: string;
  readonly zone?: string;
  readonly key: string;
}

export interface FleetFailure {
  readonly code: string;
  readonly message: string;
  readonly kind: FleetErrorKind;
  readonly key: string;
}

export interface FleetOutcome {
  readonly instance?: LaunchedInstance;
  /** Further instances (never asked for: the target is 1), to be terminated. */
  readonly extra: readonly string[];
  readonly failures: readonly FleetFailure[];
}

export interface ResultContext {
  readonly sent: readonly Slot[];
  /** Subnet id -> zone of the configured subnets; empty when none are configured. */
  readonly zones: ReadonlyMap<string, string>;
  readonly capacity: CapacityClass;
}

/**
 * The circuit an answer concerns, computed as the slots' keys are: the type only when we
 * named it (an attribute-based or template override reports the type EC2 chose), the zone
 * only when subnets are configured.
 */
function keyOf(
  overrides: FleetLaunchTemplateOverrides | undefined,
  fallback: { type?: string | undefined; subnet?: string | undefined; zone?: string | undefined },
  ctx: ResultContext,
): string {
  const sentTypes = new Set<string | undefined>(ctx.sent.map((slot) => slot.override.InstanceType));
  const type = overrides?.InstanceType ?? fallback.type;
  const subnet = overrides?.SubnetId ?? fallback.subnet;
  const zone =
    overrides?.AvailabilityZone ??
    fallback.zone ??
    (subnet !== undefined ? ctx.zones.get(subnet) : undefined);
  return circuitKey(
    type !== undefined && sentTypes.has(type) ? type : undefined,
    ctx.zones.size > 0 ? zone : undefined,
    ctx.capacity,
  );
}

function failure(error: CreateFleetError, ctx: ResultContext): FleetFailure {
  const code = error.ErrorCode ?? 'Unknown';
  return {
    code,
    message: error.ErrorMessage ?? '',
    kind: fleetErrorKind(code),
    key: keyOf(error.LaunchTemplateAndOverrides?.Overrides, {}, ctx),
  };
}

function launched(instance: CreateFleetInstance, id: string, ctx: ResultContext): LaunchedInstance {
  const zone = instance.AvailabilityZone ?? instance.LaunchTemplateAndOverrides?.Overrides?.AvailabilityZone;
  return {
    id,
    ...(instance.InstanceType !== undefined && { instanceType: instance.InstanceType }),
    ...(zone !== undefined && { zone }),
    key: keyOf(
      instance.LaunchTemplateAndOverrides?.Overrides,
      { type: instance.InstanceType, subnet: instance.SubnetId, zone: instance.AvailabilityZone },
      ctx,
    ),
  };
}

export function readFleetResult(result: CreateFleetResult, ctx: ResultContext): FleetOutcome {
  const all = (result.Instances ?? []).flatMap((group) =>
    (group.InstanceIds ?? []).map((id) => ({ group, id })),
  );
  const first = all[0];
  return {
    ...(first !== undefined && { instance: launched(first.group, first.id, ctx) }),
    extra: all.slice(1).map((entry) => entry.id),
    failures: (result.Errors ?? []).map((error) => failure(error, ctx)),
  };
}

/** `c7g.large/eu-west-1a/spot InsufficientInstanceCapacity; ...`, for messages (codes and places, no request values). */
export function describeFailures(failures: readonly FleetFailure[]): string {
  return failures.map((f) => `${f.key} ${f.code}${f.message !== '' ? ` (${f.message})` : ''}`).join('; ');
}
