/** Checks for `ci-scaler doctor` (both modes): is the engine reachable, and is the image there? */
import { errorMessage } from '../../core/errors.js';
import type { DoctorCheck } from '../../core/doctor.js';
import { dockerStatus, toProviderError } from './docker-errors.js';
import type { DockerHandle } from './docker-provider.js';

export interface DockerHostInfo {
  /** Where the engine is, as a DOCKER_HOST string. */
  readonly endpoint: string;
  readonly version: string;
  readonly apiVersion: string;
  readonly os: string;
  readonly arch: string;
}

/** Pings the engine and reads its version; a ProviderError says why it cannot be reached. */
export async function checkDockerHost(provider: DockerHandle): Promise<DockerHostInfo> {
  try {
    await provider.docker.ping();
    const version = await provider.docker.version();
    return {
      endpoint: provider.endpoint,
      version: version.Version,
      apiVersion: version.ApiVersion,
      os: version.Os,
      arch: version.Arch,
    };
  } catch (error) {
    throw toProviderError(`reaching the Docker engine at ${provider.endpoint}`, error);
  }
}

/** Whether the engine has `image` (the pool's image by default). Only a 404 means no. */
export async function hasImage(provider: DockerHandle, image: string = provider.image): Promise<boolean> {
  try {
    await provider.docker.getImage(image).inspect();
    return true;
  } catch (error) {
    if (dockerStatus(error) === 404) return false;
    throw toProviderError(`inspecting image ${image}`, error);
  }
}

/** The provider's lines of `ci-scaler doctor`: the engine answers, and the image is there. */
export async function dockerDoctor(provider: DockerHandle): Promise<DoctorCheck[]> {
  let host: DockerHostInfo;
  try {
    host = await checkDockerHost(provider);
  } catch (err) {
    const detail = errorMessage(err);
    return [
      {
        name: 'Docker engine answers',
        ok: false,
        detail,
        fix: 'start the engine, or set provider.host / DOCKER_HOST to one that runs',
      },
    ];
  }
  const engine: DoctorCheck = {
    name: 'Docker engine answers',
    ok: true,
    detail: `${host.endpoint}: Docker ${host.version} (API ${host.apiVersion}, ${host.os}/${host.arch})`,
  };
  const present = await hasImage(provider);
  const image: DoctorCheck = present
    ? { name: 'runner image present', ok: true, detail: provider.image }
    : {
        name: 'runner image present',
        ok: false,
        detail: `${provider.image} is not on the engine`,
        fix: `docker pull ${provider.image} (or build it) on ${host.endpoint}`,
      };
  return [engine, image];
}
