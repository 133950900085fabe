/**
 * The Docker backend module. A registry loads this file with `import()` only when a pool
 * uses `provider: { type: docker }`, so other runtimes never load dockerode.
 */
import { createDockerProvider } from './docker-provider.js';

export const dockerProviderModule = { type: 'docker' as const, create: createDockerProvider };

export { createDockerProvider, type DockerProvider, type DockerProviderDeps } from './docker-provider.js';
export { checkDockerHost, hasImage, type DockerHostInfo } from './doctor.js';
export { LABEL as DOCKER_LABELS } from './container-spec.js';
