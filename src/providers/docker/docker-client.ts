/** Dockerode options for an endpoint, with TLS files read from disk. */
import { readFileSync } from 'node:fs';
import Dockerode from 'dockerode';
import type { DockerEndpoint } from './docker-endpoint.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * docker-modem merges defaults read from process.env (DOCKER_HOST, DOCKER_CERT_PATH)
 * under the options it is given. Every connection key is set here, to undefined when
 * unused, so the injected env alone decides where we connect.
 */
const CLEARED: Dockerode.DockerOptions = {
  socketPath: undefined,
  host: undefined,
  port: undefined,
  protocol: undefined,
  ca: undefined,
  cert: undefined,
  key: undefined,
};

export function dockerodeOptions(
  endpoint: DockerEndpoint,
  env: Env,
  readFile: (path: string) => Buffer = readFileSync,
): Dockerode.DockerOptions {
  switch (endpoint.kind) {
    case 'unix':
      return { ...CLEARED, socketPath: endpoint.socketPath };
    case 'npipe':
      return { ...CLEARED, socketPath: endpoint.path };
    case 'tcp':
      if (endpoint.tls === undefined) {
        return { ...CLEARED, protocol: 'http', host: endpoint.host, port: endpoint.port };
      }
      return {
        ...CLEARED,
        protocol: 'https',
        host: endpoint.host,
        port: endpoint.port,
        ca: readFile(endpoint.tls.ca),
        cert: readFile(endpoint.tls.cert),
        key: readFile(endpoint.tls.key),
      };
    case 'ssh': {
      const agent = env['SSH_AUTH_SOCK'];
      return {
        ...CLEARED,
        protocol: 'ssh',
        host: endpoint.host,
        port: endpoint.port,
        ...(endpoint.username !== undefined && { username: endpoint.username }),
        // The remote end runs `docker system dial-stdio`; keys come from the ssh agent, as for the CLI.
        sshOptions: agent !== undefined && agent !== '' ? { agent } : {},
      };
    }
  }
}

export function createDockerClient(
  endpoint: DockerEndpoint,
  env: Env,
  options: { timeoutMs?: number } = {},
): Dockerode {
  return new Dockerode({
    ...dockerodeOptions(endpoint, env),
    ...(options.timeoutMs !== undefined && { timeout: options.timeoutMs }),
  });
}
