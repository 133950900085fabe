/**
 * Replica capacity as ECS services: each configured service is a capacity class whose
 * desired count is the number of agents. Busy tasks are kept by task scale-in protection.
 * Only configured services are ever described or changed, and only tasks of the named
 * service (as last described) are ever protected or stopped.
 */
import { StopTaskCommand, UpdateServiceCommand, type ECSClient } from '@aws-sdk/client-ecs';
import type { EcsProviderConfig, EcsServiceConfig } from '../../config/ecs-schema.js';
import { ProviderError } from '../../core/errors.js';
import type { PoolPolicy } from '../../core/types.js';
import type { ProtectionResult, ReplicaProvider, ReplicaService } from '../provider.js';
import type { ProviderDeps } from '../registry.js';
import { ecsDoctor } from './doctor.js';
import { createEcsClient } from './ecs-client.js';
import { ecsCall } from './ecs-errors.js';
import { activeService, lookupServices, serviceShortName } from './service-lookup.js';
import { describeServiceReplicas, listMembers } from './service-replicas.js';
import { updateProtection } from './task-protection.js';

export type EcsProviderDeps = Pick<ProviderDeps, 'logger' | 'clock'>;

export interface EcsProvider extends ReplicaProvider {
  readonly type: 'ecs';
  readonly cluster: string;
}

interface Context {
  readonly config: EcsProviderConfig;
  readonly deps: EcsProviderDeps;
  readonly client: ECSClient;
  /** Per configured service: task id -> ARN, as last described (or listed). */
  readonly members: Map<string, ReadonlyMap<string, string>>;
  /** Per configured service: the desired count last seen, for log lines. */
  readonly desired: Map<string, number>;
}

export function createEcsProvider(config: EcsProviderConfig, deps: EcsProviderDeps): EcsProvider {
  const ctx: Context = {
    config,
    deps,
    client: createEcsClient(config),
    members: new Map(),
    desired: new Map(),
  };
  return {
    type: 'ecs',
    capacity: 'replica',
    cluster: config.cluster,
    describe: () => describeAll(ctx),
    setDesired: (pool, service, n) => setDesired(ctx, pool, service, n),
    setProtection: (pool, service, ids, protect) => setProtection(ctx, pool, service, ids, protect),
    stopReplica: (pool, service, id) => stopReplica(ctx, pool, service, id),
    doctor: () => ecsDoctor(ctx.client, config),
  };
}

/** The configured service by name; anything else is refused before any API call. */
function configured(ctx: Context, service: string): EcsServiceConfig {
  const found = ctx.config.services.find((s) => s.name === service);
  if (found !== undefined) return found;
  const known = ctx.config.services.map((s) => s.name).join(', ');
  throw new ProviderError(
    `ecs: service ${service} is not configured for this pool (configured: ${known}); refusing to touch it`,
    { status: 404 },
  );
}

async function describeAll(ctx: Context): Promise<readonly ReplicaService[]> {
  const { client, config } = ctx;
  const lookups = await lookupServices(client, config.cluster, config.services);
  const read = {
    client,
    cluster: config.cluster,
    logger: ctx.deps.logger,
    now: ctx.deps.clock(),
    protectionMs: config.protection,
  };
  const described = await Promise.all(
    lookups.map((lookup) => describeServiceReplicas(read, lookup.config, activeService(lookup))),
  );
  for (const { service, members } of described) {
    ctx.members.set(service.name, members);
    ctx.desired.set(service.name, service.desired);
  }
  return described.map((d) => d.service);
}

async function setDesired(ctx: Context, pool: PoolPolicy, service: string, desired: number): Promise<void> {
  const svc = configured(ctx, service);
  if (!Number.isInteger(desired) || desired < 0) {
    throw new ProviderError(`ecs: desired count for ${service} must be a whole number >= 0, got ${desired}`, {
      status: 400,
    });
  }
  const { cluster } = ctx.config;
  await ecsCall(`setting the desired count of ${svc.name} in ${cluster} to ${desired}`, () =>
    ctx.client.send(new UpdateServiceCommand({ cluster, service: svc.name, desiredCount: desired })),
  );
  const from = ctx.desired.get(svc.name);
  ctx.desired.set(svc.name, desired);
  ctx.deps.logger.info('ecs: set desired count', {
    pool: pool.name,
    cluster,
    service: svc.name,
    ...(from !== undefined && { from }),
    to: desired,
  });
}

/** The service's tasks as last described; listed when this provider has not described it yet. */
async function membersOf(ctx: Context, svc: EcsServiceConfig): Promise<ReadonlyMap<string, string>> {
  const known = ctx.members.get(svc.name);
  if (known !== undefined) return known;
  const listed = await listMembers(ctx.client, ctx.config.cluster, serviceShortName(svc.name));
  ctx.members.set(svc.name, listed);
  return listed;
}

async function setProtection(
  ctx: Context,
  pool: PoolPolicy,
  service: string,
  ids: readonly string[],
  protect: boolean,
): Promise<ProtectionResult> {
  const svc = configured(ctx, service);
  if (ids.length === 0) return { done: [], failed: [] };
  const result = await updateProtection({
    client: ctx.client,
    cluster: ctx.config.cluster,
    service: svc.name,
    members: await membersOf(ctx, svc),
    ids,
    protect,
    protectionMs: ctx.config.protection,
  });
  const fields = { pool: pool.name, cluster: ctx.config.cluster, service: svc.name, protect };
  if (result.done.length > 0)
    ctx.deps.logger.info('ecs: task protection set', { ...fields, tasks: result.done });
  if (result.failed.length > 0) {
    ctx.deps.logger.warn('ecs: task protection not set for some tasks', { ...fields, failed: result.failed });
  }
  return result;
}

async function stopReplica(ctx: Context, pool: PoolPolicy, service: string, id: string): Promise<void> {
  const svc = configured(ctx, service);
  const members = await membersOf(ctx, svc);
  const arn = members.get(id);
  if (arn === undefined) {
    throw new ProviderError(`ecs: refusing to stop ${id}: it is not a task of service ${svc.name}`, {
      status: 409,
    });
  }
  const { cluster } = ctx.config;
  await ecsCall(`stopping task ${id} of ${svc.name}`, () =>
    ctx.client.send(
      new StopTaskCommand({
        cluster,
        task: arn,
        reason: `ci-scaler: stopped for replacement by pool ${pool.name}`,
      }),
    ),
  );
  const rest = new Map(members);
  rest.delete(id);
  ctx.members.set(svc.name, rest);
  ctx.deps.logger.info('ecs: stopped task', { pool: pool.name, cluster, service: svc.name, task: id });
}
