/**
 * Ephemeral workers as Docker containers: one container per job, named after the
 * worker and found again by its `ci-scaler.pool` label.
 */
import type Dockerode from 'dockerode';
import { dockerDoctor } from './doctor.js';
import type { DockerProviderConfig } from '../../config/docker-schema.js';
import { ProviderError } from '../../core/errors.js';
import type { Logger } from '../../telemetry/logger.js';
import type { EphemeralProvider, LaunchSpec, Machine } from '../provider.js';
import { createDockerClient } from './docker-client.js';
import { describeEndpoint, resolveDockerEndpoint } from './docker-endpoint.js';
import { dockerStatus, toProviderError } from './docker-errors.js';
import { containerCreateOptions, LABEL, stopSeconds } from './container-spec.js';
import { exitCodeFromStatus, machineState, toMachine } from './machine-state.js';

export interface DockerProviderDeps {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly logger: Logger;
  readonly clock: () => number;
}

export interface DockerProvider extends EphemeralProvider {
  readonly type: 'docker';
  readonly image: string;
  /** The engine, as a DOCKER_HOST string (for messages). */
  readonly endpoint: string;
  /** The engine client, for `doctor` checks. */
  readonly docker: Dockerode;
}

/**
 * Every engine call is abandoned after this long without an answer, plus the stop grace
 * (a stop call blocks until the container is down), so a hung engine cannot stall a reconcile.
 */
const REQUEST_TIMEOUT_MS = 60_000;

interface Context {
  readonly config: DockerProviderConfig;
  readonly deps: DockerProviderDeps;
  readonly docker: Dockerode;
  readonly endpoint: string;
}

export function createDockerProvider(config: DockerProviderConfig, deps: DockerProviderDeps): DockerProvider {
  const endpoint = resolveDockerEndpoint(config, deps.env);
  const docker = createDockerClient(endpoint, deps.env, {
    timeoutMs: config.stopTimeout + REQUEST_TIMEOUT_MS,
  });
  const ctx: Context = { config, deps, docker, endpoint: describeEndpoint(endpoint) };
  const provider: DockerProvider = {
    type: 'docker',
    capacity: 'ephemeral',
    image: config.image,
    endpoint: ctx.endpoint,
    docker,
    list: (pool) => listMachines(ctx, pool.name),
    launch: (spec) => launchContainer(ctx, spec),
    terminate: (pool, name) => terminateContainer(ctx, pool.name, name),
    doctor: () => dockerDoctor(provider),
  };
  return provider;
}

async function launchContainer(ctx: Context, spec: LaunchSpec): Promise<Machine> {
  let container: Dockerode.Container;
  try {
    container = await ctx.docker.createContainer(containerCreateOptions(ctx.config, spec));
  } catch (error) {
    throw createError(ctx, spec.name, error);
  }
  try {
    await container.start();
  } catch (error) {
    await removeUnstarted(ctx, container, spec.name);
    throw toProviderError(`starting container ${spec.name}`, error);
  }
  // Keys only: the values hold the runner's one-job registration secret.
  ctx.deps.logger.info('docker: started container', {
    pool: spec.pool,
    name: spec.name,
    ...(spec.jobId !== undefined && { jobId: spec.jobId }),
    image: ctx.config.image,
    envKeys: Object.keys({ ...ctx.config.env, ...spec.env }),
  });
  return {
    name: spec.name,
    state: 'running',
    createdAt: ctx.deps.clock(),
    ...(spec.jobId !== undefined && { jobId: spec.jobId }),
  };
}

function createError(ctx: Context, name: string, error: unknown): ProviderError {
  switch (dockerStatus(error)) {
    case 409:
      return new ProviderError(`docker: container ${name} already exists`, {
        alreadyExists: true,
        status: 409,
        cause: error,
      });
    case 404:
      return new ProviderError(
        `docker: image ${ctx.config.image} is not on the Docker host (${ctx.endpoint}); pull or build it first`,
        { retryable: false, cause: error },
      );
    default:
      return toProviderError(`creating container ${name}`, error);
  }
}

/** A created but unstarted container would hold the job's name forever: remove it. */
async function removeUnstarted(ctx: Context, container: Dockerode.Container, name: string): Promise<void> {
  try {
    await container.remove({ force: true });
  } catch (error) {
    if (dockerStatus(error) === 404) return;
    // list() still shows it (as starting); the boot timeout makes hygiene remove it later.
    ctx.deps.logger.error('docker: could not remove a container that failed to start', {
      name,
      error: toProviderError(`removing container ${name}`, error).message,
    });
  }
}

async function listMachines(ctx: Context, pool: string): Promise<readonly Machine[]> {
  let infos: Dockerode.ContainerInfo[];
  try {
    infos = await ctx.docker.listContainers({ all: true, filters: { label: [`${LABEL.pool}=${pool}`] } });
  } catch (error) {
    throw toProviderError(`listing containers of pool ${pool}`, error);
  }
  return Promise.all(infos.map(async (info) => toMachine(info, await exitCode(ctx, info))));
}

/** From the list answer when it says, else from inspect (dead or removing containers). */
async function exitCode(ctx: Context, info: Dockerode.ContainerInfo): Promise<number | undefined> {
  if (machineState(info.State) !== 'exited') return undefined;
  const fromStatus = exitCodeFromStatus(info.Status);
  if (fromStatus !== undefined) return fromStatus;
  try {
    return (await ctx.docker.getContainer(info.Id).inspect()).State.ExitCode;
  } catch (error) {
    if (dockerStatus(error) === 404) return undefined;
    throw toProviderError(`inspecting container ${info.Id}`, error);
  }
}

async function terminateContainer(ctx: Context, pool: string, name: string): Promise<void> {
  const info = await inspectByName(ctx, name);
  if (info === undefined) return;
  const owner = info.Config.Labels[LABEL.pool];
  if (owner !== pool) {
    const whose = owner === undefined ? 'no ci-scaler pool' : `pool ${owner}`;
    throw new ProviderError(
      `docker: refusing to remove container ${name}: it belongs to ${whose}, not ${pool}`,
      {
        status: 409,
      },
    );
  }
  // By id from here on: a new container that takes the name meanwhile is not ours to stop.
  const container = ctx.docker.getContainer(info.Id);
  await tolerating([304, 404], `stopping container ${name}`, () =>
    container.stop({ t: stopSeconds(ctx.config.stopTimeout) }),
  );
  // 409: removal already in progress, which is what we want.
  await tolerating([404, 409], `removing container ${name}`, () => container.remove({ force: true }));
  ctx.deps.logger.info('docker: removed container', { pool, name });
}

/** The container with exactly this name; the engine also resolves id prefixes, which we do not want. */
async function inspectByName(
  ctx: Context,
  name: string,
): Promise<Dockerode.ContainerInspectInfo | undefined> {
  try {
    const info = await ctx.docker.getContainer(name).inspect();
    return info.Name === `/${name}` ? info : undefined;
  } catch (error) {
    if (dockerStatus(error) === 404) return undefined;
    throw toProviderError(`inspecting container ${name}`, error);
  }
}

async function tolerating(
  statuses: readonly number[],
  what: string,
  call: () => Promise<unknown>,
): Promise<void> {
  try {
    await call();
  } catch (error) {
    const status = dockerStatus(error);
    if (status !== undefined && statuses.includes(status)) return;
    throw toProviderError(what, error);
  }
}
