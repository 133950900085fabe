/**
 * The engine calls both modes make (ephemeral workers and replicas): connect, list by
 * label, create and start, stop and remove. Errors leave here as ProviderErrors.
 */
import type Dockerode from 'dockerode';
import type { DockerProviderConfig } from '../../config/docker-schema.js';
import { ProviderError } from '../../core/errors.js';
import type { Logger } from '../../telemetry/logger.js';
import { createDockerClient } from './docker-client.js';
import { describeEndpoint, resolveDockerEndpoint } from './docker-endpoint.js';
import { dockerStatus, toProviderError } from './docker-errors.js';
import { stopSeconds } from './container-spec.js';

/**
 * Every engine call is abandoned after this long without an answer, plus the stop grace
 * (a stop call blocks until the container is down), so a hung engine cannot stall a reconcile.
 */
const REQUEST_TIMEOUT_MS = 60_000;

export interface DockerEngine {
  readonly config: DockerProviderConfig;
  readonly docker: Dockerode;
  /** The engine, as a DOCKER_HOST string (for messages). */
  readonly endpoint: string;
  readonly logger: Logger;
}

export function connectEngine(
  config: DockerProviderConfig,
  env: Readonly<Record<string, string | undefined>>,
  logger: Logger,
): DockerEngine {
  const endpoint = resolveDockerEndpoint(config, env);
  const docker = createDockerClient(endpoint, env, { timeoutMs: config.stopTimeout + REQUEST_TIMEOUT_MS });
  return { config, docker, endpoint: describeEndpoint(endpoint), logger };
}

/** Containers (running or not) that carry every one of these `key=value` labels. */
export async function listLabelled(
  engine: DockerEngine,
  labels: readonly string[],
  what: string,
): Promise<Dockerode.ContainerInfo[]> {
  try {
    return await engine.docker.listContainers({ all: true, filters: { label: [...labels] } });
  } catch (error) {
    throw toProviderError(`listing containers of ${what}`, error);
  }
}

/** Creates and starts a container; one that was created but would not start is removed again. */
export async function createAndStart(
  engine: DockerEngine,
  options: Dockerode.ContainerCreateOptions & { readonly name: string },
): Promise<void> {
  let container: Dockerode.Container;
  try {
    container = await engine.docker.createContainer(options);
  } catch (error) {
    throw createError(engine, options.name, error);
  }
  try {
    await container.start();
  } catch (error) {
    await removeUnstarted(engine, container, options.name);
    throw toProviderError(`starting container ${options.name}`, error);
  }
}

function createError(engine: DockerEngine, name: string, error: unknown): ProviderError {
  switch (dockerStatus(error)) {
    case 409:
      return new ProviderError(`docker: container ${name} already exists`, {
        alreadyExists: true,
        status: 409,
        cause: error,
      });
    case 404:
      return new ProviderError(
        `docker: image ${engine.config.image} is not on the Docker host (${engine.endpoint}); pull or build it first`,
        { retryable: false, cause: error },
      );
    default:
      return toProviderError(`creating container ${name}`, error);
  }
}

/** A created but unstarted container would hold its name forever: remove it. */
async function removeUnstarted(
  engine: DockerEngine,
  container: Dockerode.Container,
  name: string,
): Promise<void> {
  try {
    await container.remove({ force: true });
  } catch (error) {
    if (dockerStatus(error) === 404) return;
    // Listing still shows it (as starting); the boot timeout makes hygiene remove it later.
    engine.logger.error('docker: could not remove a container that failed to start', {
      name,
      error: toProviderError(`removing container ${name}`, error).message,
    });
  }
}

/**
 * Stops the container with the configured grace, then removes it. By id: a new container
 * that takes the name meanwhile is not ours to stop. Gone already is fine.
 */
export async function stopAndRemove(engine: DockerEngine, id: string, name: string): Promise<void> {
  const container = engine.docker.getContainer(id);
  await tolerating([304, 404], `stopping container ${name}`, () =>
    container.stop({ t: stopSeconds(engine.config.stopTimeout) }),
  );
  // 409: removal already in progress, which is what we want.
  await tolerating([404, 409], `removing container ${name}`, () => container.remove({ force: true }));
}

/** The container with exactly this name; the engine also resolves id prefixes, which we do not want. */
export async function inspectByName(
  engine: DockerEngine,
  name: string,
): Promise<Dockerode.ContainerInspectInfo | undefined> {
  try {
    const info = await engine.docker.getContainer(name).inspect();
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
