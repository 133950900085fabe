/** Dockerode options for an endpoint, with TLS files read from disk. */
import { readFileSync } from 'node:fs';
import Dockerode from 'dockerode';
import type { DockerEndpoint } from './docker-endpoint.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Every connection key is set, to undefined when unused, so that what docker-modem would
 * take from the environment never fills a gap (see createDockerClient for the rest).
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

/** What docker-modem reads from process.env when it is built (docker-modem lib/modem.js). */
const MODEM_ENV = [
  'DOCKER_HOST',
  'DOCKER_TLS_VERIFY',
  'DOCKER_CERT_PATH',
  'DOCKER_PATH_PREFIX',
  'DOCKER_CLIENT_TIMEOUT',
  'SSH_AUTH_SOCK',
] as const;

/**
 * Runs `build` with the variables docker-modem reads hidden from process.env. It merges
 * them under the options it is given, lets the process's ssh agent and user win over the
 * given ones, and reads DOCKER_CERT_PATH's files (throwing when they are missing) even for
 * a unix socket, so a stray DOCKER_HOST would change or break the configured engine's
 * connection. The injected env alone decides. Synchronous: nothing else runs meanwhile.
 */
function withoutModemEnv<T>(build: () => T): T {
  const saved = MODEM_ENV.map((name) => [name, process.env[name]] as const);
  for (const name of MODEM_ENV) Reflect.deleteProperty(process.env, name);
  try {
    return build();
  } finally {
    for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
  }
}

export function createDockerClient(
  endpoint: DockerEndpoint,
  env: Env,
  options: { timeoutMs?: number } = {},
): Dockerode {
  return withoutModemEnv(
    () =>
      new Dockerode({
        ...dockerodeOptions(endpoint, env),
        ...(options.timeoutMs !== undefined && { timeout: options.timeoutMs }),
      }),
  );
}
