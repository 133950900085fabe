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
import { dockerStatus, toProviderError } from './docker-errors.js';
import {
  connectEngine,
  createAndStart,
  inspectByName,
  listLabelled,
  stopAndRemove,
  type DockerEngine,
} from './docker-engine.js';
import { containerCreateOptions, LABEL } from './container-spec.js';
import { exitCodeFromStatus, machineState, toMachine } from './machine-state.js';

export interface DockerProviderDeps {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly logger: Logger;
  readonly clock: () => number;
}

/** What both Docker modes expose besides their provider interface (for doctor and messages). */
export interface DockerHandle {
  readonly type: 'docker';
  readonly image: string;
  /** The engine, as a DOCKER_HOST string (for messages). */
  readonly endpoint: string;
  /** The engine client, for `doctor` checks. */
  readonly docker: Dockerode;
}

export interface DockerProvider extends EphemeralProvider, DockerHandle {
  readonly type: 'docker';
}

interface Context extends DockerEngine {
  readonly deps: DockerProviderDeps;
}

export function createDockerProvider(config: DockerProviderConfig, deps: DockerProviderDeps): DockerProvider {
  const ctx: Context = { ...connectEngine(config, deps.env, deps.logger), deps };
  const provider: DockerProvider = {
    type: 'docker',
    capacity: 'ephemeral',
    image: config.image,
    endpoint: ctx.endpoint,
    docker: ctx.docker,
    list: (pool) => listMachines(ctx, pool.name),
    launch: (spec) => launchContainer(ctx, spec),
    terminate: (pool, name) => terminateContainer(ctx, pool.name, name),
    doctor: () => dockerDoctor(provider),
  };
  return provider;
}

async function launchContainer(ctx: Context, spec: LaunchSpec): Promise<Machine> {
  await createAndStart(ctx, { ...containerCreateOptions(ctx.config, spec), name: spec.name });
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

async function listMachines(ctx: Context, pool: string): Promise<readonly Machine[]> {
  const infos = await listLabelled(ctx, [`${LABEL.pool}=${pool}`], `pool ${pool}`);
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
  await stopAndRemove(ctx, info.Id, name);
  ctx.deps.logger.info('docker: removed container', { pool, name });
}
