/**
 * The Docker backend module. A registry loads this file with `import()` only when a pool
 * uses `provider: { type: docker }`, so other runtimes never load dockerode.
 */
import type { DockerProviderConfig } from '../../config/docker-schema.js';
import type { ProviderDeps } from '../registry.js';
import { createDockerProvider, type DockerProvider } from './docker-provider.js';
import { createDockerReplicaProvider, type DockerReplicaProvider } from './replica-provider.js';

/** `mode: ephemeral` (default): one container per job; `mode: replica`: a count of agent containers. */
function create(config: DockerProviderConfig, deps: ProviderDeps): DockerProvider | DockerReplicaProvider {
  return config.mode === 'replica'
    ? createDockerReplicaProvider(config, deps)
    : createDockerProvider(config, deps);
}

export const dockerProviderModule = { type: 'docker' as const, create };

export {
  createDockerProvider,
  type DockerHandle,
  type DockerProvider,
  type DockerProviderDeps,
} from './docker-provider.js';
export {
  createDockerReplicaProvider,
  type DockerReplicaDeps,
  type DockerReplicaProvider,
} from './replica-provider.js';
export { checkDockerHost, hasImage, type DockerHostInfo } from './doctor.js';
export { LABEL as DOCKER_LABELS } from './container-spec.js';
