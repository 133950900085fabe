/**
 * Replica capacity on a Docker host (`mode: replica`): a count of long-lived agent
 * containers from one image, as the pool's one service (named after the pool). Modelled on
 * an ECS service with task scale-in protection, with two differences a Docker host forces:
 *
 * - No scheduler works towards a count later, so setDesired creates and removes containers
 *   at once, and the desired count described is the number of live containers.
 * - No scale-in protection, so it is kept in the provider memo (the state store), which
 *   every process serving the pool shares; a lower count removes only replicas that the
 *   record, read again just before each removal, does not protect.
 */
import { randomBytes } from 'node:crypto';
import type Dockerode from 'dockerode';
import type { DockerProviderConfig } from '../../config/docker-schema.js';
import { errorMessage, ProviderError } from '../../core/errors.js';
import type { LaunchSpec, ProtectionResult, Replica, ReplicaProvider, ReplicaService } from '../provider.js';
import type { ProviderDeps } from '../registry.js';
import { containerCreateOptions, LABEL } from './container-spec.js';
import {
  connectEngine,
  createAndStart,
  listLabelled,
  stopAndRemove,
  type DockerEngine,
} from './docker-engine.js';
import { scaleInOrder } from '../scale-in-order.js';
import type { DockerHandle } from './docker-provider.js';
import { dockerDoctor } from './doctor.js';
import { containerName } from './machine-state.js';
import {
  parseProtection,
  PROTECTION_KEY,
  protectedUntil,
  replicaState,
  toService,
  updatedProtection,
  type ProtectionRecord,
} from './replica-model.js';

export interface DockerReplicaDeps extends Pick<ProviderDeps, 'env' | 'logger' | 'clock' | 'memo'> {
  /** A fresh suffix for a replica's name; default 8 random hex digits. */
  readonly suffix?: () => string;
}

export interface DockerReplicaProvider extends ReplicaProvider, DockerHandle {
  readonly type: 'docker';
}

interface Context extends DockerEngine {
  readonly deps: DockerReplicaDeps;
  readonly suffix: () => string;
}

/**
 * Never reused, so an agent name stays one container's even while HCP Terraform still
 * lists the exited agent of a removed one.
 */
const randomSuffix = (): string => randomBytes(4).toString('hex');

export function createDockerReplicaProvider(
  config: DockerProviderConfig,
  deps: DockerReplicaDeps,
): DockerReplicaProvider {
  const ctx: Context = {
    ...connectEngine(config, deps.env, deps.logger),
    deps,
    suffix: deps.suffix ?? randomSuffix,
  };
  const provider: DockerReplicaProvider = {
    type: 'docker',
    capacity: 'replica',
    image: config.image,
    endpoint: ctx.endpoint,
    docker: ctx.docker,
    describe: async (pool) => [await describeService(ctx, pool.name)],
    setDesired: (pool, service, n) => setDesired(ctx, pool.name, service, n),
    setProtection: (pool, service, ids, protect) => setProtection(ctx, pool.name, service, ids, protect),
    stopReplica: (pool, service, id, countFollows) =>
      stopReplica(ctx, pool.name, service, id, countFollows === true),
    doctor: () => dockerDoctor(provider),
  };
  return provider;
}

/** The pool's one service is named after the pool; anything else is refused before any engine call. */
function serviceOf(pool: string, service: string): string {
  if (service === pool) return service;
  throw new ProviderError(
    `docker: service ${service} is not configured for pool ${pool} (a Docker replica pool has one service, ${pool}); refusing to touch it`,
    { status: 404 },
  );
}

/** The service's containers, found by the pool and replica labels (never the pool's other containers). */
function listReplicas(ctx: Context, service: string): Promise<Dockerode.ContainerInfo[]> {
  return listLabelled(ctx, [`${LABEL.pool}=${service}`, `${LABEL.replica}=${service}`], `service ${service}`);
}

async function readProtection(ctx: Context): Promise<ProtectionRecord> {
  return parseProtection(await ctx.deps.memo.get(PROTECTION_KEY));
}

async function describeService(ctx: Context, service: string): Promise<ReplicaService> {
  const [infos, record] = await Promise.all([listReplicas(ctx, service), readProtection(ctx)]);
  return toService(service, infos, record, ctx.deps.clock());
}

async function createReplica(ctx: Context, service: string): Promise<string> {
  const name = `${service}-agent-${ctx.suffix()}`;
  // The agent registers under its container's name, which is how the engine joins the two;
  // it wins over a TFC_AGENT_NAME in `env`, which would break that join.
  const spec: LaunchSpec = { pool: service, name, env: { TFC_AGENT_NAME: name } };
  const replica = { service, createdAt: ctx.deps.clock() };
  await createAndStart(ctx, { ...containerCreateOptions(ctx.config, spec, replica), name });
  // Keys only: `env` holds the agent token.
  ctx.deps.logger.info('docker: started replica', {
    pool: service,
    name,
    image: ctx.config.image,
    envKeys: Object.keys({ ...ctx.config.env, ...spec.env }),
  });
  return name;
}

async function setDesired(ctx: Context, pool: string, name: string, desired: number): Promise<void> {
  const service = serviceOf(pool, name);
  if (!Number.isInteger(desired) || desired < 0) {
    throw new ProviderError(
      `docker: desired count for ${service} must be a whole number >= 0, got ${desired}`,
      {
        status: 400,
      },
    );
  }
  const infos = await listReplicas(ctx, service);
  await removeExited(ctx, service, infos);
  const live = toService(service, infos, {}, ctx.deps.clock()).replicas.filter((r) => r.state !== 'stopping');
  const ids = new Map(infos.map((info) => [containerName(info), info.Id]));
  if (desired > live.length) {
    for (let n = live.length; n < desired; n++) await createReplica(ctx, service);
    ctx.deps.logger.info('docker: raised replica count', { pool: service, from: live.length, to: desired });
  } else if (desired < live.length) {
    await scaleIn(ctx, service, scaleInOrder(live), ids, live.length - desired);
  }
}

/**
 * Removes up to `count` replicas in `order`, skipping every protected one. The record is
 * read again before each removal: the engine protects busy agents before it lowers a count,
 * and another process may have protected one since this one listed. When protected
 * replicas hold the count up, it stays above the request, as an ECS service lets it lag.
 */
async function scaleIn(
  ctx: Context,
  service: string,
  order: readonly Replica[],
  ids: ReadonlyMap<string, string>,
  count: number,
): Promise<void> {
  const removed: string[] = [];
  const kept: string[] = [];
  for (const replica of order) {
    if (removed.length === count) break;
    if (protectedUntil(await readProtection(ctx), replica.id, ctx.deps.clock()) !== undefined) {
      kept.push(replica.id);
      continue;
    }
    await stopAndRemove(ctx, ids.get(replica.id) ?? replica.id, replica.id);
    removed.push(replica.id);
  }
  const fields = { pool: service, from: order.length, to: order.length - removed.length, removed };
  if (removed.length < count) {
    ctx.deps.logger.info('docker: replica count held above the request by protected replicas', {
      ...fields,
      requested: order.length - count,
      protected: kept,
    });
  } else {
    ctx.deps.logger.info('docker: lowered replica count', fields);
  }
}

/**
 * Containers that exited (stopped by hand, or dead) are no capacity and no longer counted;
 * with `unless-stopped` nothing restarts them. Removing them frees their names and keeps
 * the host tidy. `removing` ones are on their way already.
 */
async function removeExited(
  ctx: Context,
  service: string,
  infos: readonly Dockerode.ContainerInfo[],
): Promise<void> {
  for (const info of infos) {
    if (replicaState(info.State) !== 'stopping' || info.State === 'removing') continue;
    const name = containerName(info);
    await stopAndRemove(ctx, info.Id, name);
    ctx.deps.logger.info('docker: removed exited replica', { pool: service, name, state: info.State });
  }
}

async function setProtection(
  ctx: Context,
  pool: string,
  name: string,
  ids: readonly string[],
  protect: boolean,
): Promise<ProtectionResult> {
  const service = serviceOf(pool, name);
  const unique = [...new Set(ids)];
  if (unique.length === 0) return { done: [], failed: [] };
  const members = new Set((await listReplicas(ctx, service)).map(containerName));
  const known = unique.filter((id) => members.has(id));
  const failed = unique
    .filter((id) => !members.has(id))
    .map((id) => ({ id, reason: `not a replica of service ${service}` }));
  const fields = { pool: service, protect };
  if (known.length > 0) {
    try {
      await ctx.deps.memo.update(PROTECTION_KEY, (current) =>
        updatedProtection(parseProtection(current), known, protect, ctx.deps.clock()),
      );
    } catch (err) {
      const reason = `docker: could not write the protection record: ${errorMessage(err)}`;
      ctx.deps.logger.warn('docker: replica protection not set', { ...fields, replicas: known, reason });
      return { done: [], failed: [...failed, ...known.map((id) => ({ id, reason }))] };
    }
    ctx.deps.logger.info('docker: replica protection set', { ...fields, replicas: known });
  }
  if (failed.length > 0)
    ctx.deps.logger.warn('docker: replica protection not set for some ids', { ...fields, failed });
  return { done: known, failed };
}

/**
 * Removes one replica (the engine asks only for broken ones) and, as an ECS service would,
 * starts a replacement at once when it was counted, so the count stays where it was and
 * the repair is no scale event. An exited one was not counted: nothing replaces it. Nor
 * does anything when the count is set next (`countFollows`): the new count decides, and a
 * replacement would only be started to be removed again.
 */
async function stopReplica(
  ctx: Context,
  pool: string,
  name: string,
  id: string,
  countFollows: boolean,
): Promise<void> {
  const service = serviceOf(pool, name);
  const info = (await listReplicas(ctx, service)).find((i) => containerName(i) === id);
  if (info === undefined) {
    throw new ProviderError(`docker: refusing to stop ${id}: it is not a replica of service ${service}`, {
      status: 409,
    });
  }
  await stopAndRemove(ctx, info.Id, id);
  ctx.deps.logger.info('docker: stopped replica', { pool: service, name: id });
  if (replicaState(info.State) === 'stopping' || countFollows) return;
  try {
    await createReplica(ctx, service);
  } catch (err) {
    throw new ProviderError(
      `docker: stopped ${id}, but its replacement did not start: ${errorMessage(err)}`,
      {
        retryable: err instanceof ProviderError && err.retryable,
        cause: err,
      },
    );
  }
}
