/**
 * DescribeServices for the configured services, in batches of 10, each answer matched back
 * to the configured name (a name or an ARN). A service ECS lists in `failures`, or that is
 * not ACTIVE, is a problem named after the service, never an empty service.
 */
import { DescribeServicesCommand, type ECSClient, type Failure, type Service } from '@aws-sdk/client-ecs';
import type { EcsServiceConfig } from '../../config/ecs-schema.js';
import { ProviderError } from '../../core/errors.js';
import { batches, ECS_LIMITS } from './batches.js';
import { ecsCall } from './ecs-errors.js';

/** An ACTIVE service as ECS describes it, with the fields the provider relies on. */
export interface FoundService {
  readonly serviceName: string;
  readonly status: string;
  readonly desiredCount: number;
  readonly runningCount: number;
  readonly pendingCount: number;
}

export type ServiceLookup =
  | { readonly config: EcsServiceConfig; readonly service: FoundService }
  | { readonly config: EcsServiceConfig; readonly problem: ProviderError };

/** `arn:aws:ecs:<region>:<account>:service/<cluster>/<name>` (or a plain name) -> `<name>`. */
export function serviceShortName(nameOrArn: string): string {
  return nameOrArn.slice(nameOrArn.lastIndexOf('/') + 1);
}

function names(configured: string, arn: string | undefined, name: string | undefined): boolean {
  return arn === configured || (name !== undefined && name === serviceShortName(configured));
}

export async function lookupServices(
  client: ECSClient,
  cluster: string,
  configs: readonly EcsServiceConfig[],
): Promise<ServiceLookup[]> {
  const out: ServiceLookup[] = [];
  for (const batch of batches(configs, ECS_LIMITS.describeServices)) {
    const answer = await ecsCall(
      `describing services ${batch.map((c) => c.name).join(', ')} in ${cluster}`,
      () => client.send(new DescribeServicesCommand({ cluster, services: batch.map((c) => c.name) })),
    );
    for (const config of batch) {
      const service = answer.services?.find((s) => names(config.name, s.serviceArn, s.serviceName));
      const failure = answer.failures?.find((f) => names(config.name, f.arn, serviceShortName(f.arn ?? '')));
      out.push(lookupResult(config, cluster, service, failure));
    }
  }
  return out;
}

function lookupResult(
  config: EcsServiceConfig,
  cluster: string,
  service: Service | undefined,
  failure: Failure | undefined,
): ServiceLookup {
  const what = `ecs: service ${config.name} (cluster ${cluster})`;
  if (service === undefined) {
    if (failure?.reason === 'MISSING') {
      return { config, problem: new ProviderError(`${what} does not exist (MISSING)`, { status: 404 }) };
    }
    const why = failure === undefined ? 'ECS did not describe it' : failureText(failure);
    return { config, problem: new ProviderError(`${what} could not be described: ${why}`) };
  }
  const status = service.status ?? 'UNKNOWN';
  if (status !== 'ACTIVE') {
    // DRAINING: being deleted; INACTIVE: deleted. Neither takes a desired count.
    return { config, problem: new ProviderError(`${what} is ${status}, not ACTIVE`, { status: 409 }) };
  }
  return {
    config,
    service: {
      serviceName: service.serviceName ?? serviceShortName(config.name),
      status,
      desiredCount: service.desiredCount ?? 0,
      runningCount: service.runningCount ?? 0,
      pendingCount: service.pendingCount ?? 0,
    },
  };
}

export function failureText(failure: Failure): string {
  const reason = failure.reason ?? 'unknown failure';
  return failure.detail !== undefined && failure.detail !== '' ? `${reason}: ${failure.detail}` : reason;
}

/** The service, or the problem thrown. */
export function activeService(lookup: ServiceLookup): FoundService {
  if ('problem' in lookup) throw lookup.problem;
  return lookup.service;
}
