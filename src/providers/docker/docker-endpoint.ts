/**
 * Where the Docker engine is: `config.host`, else `DOCKER_HOST`, else the default socket,
 * parsed as the docker CLI reads DOCKER_HOST. Pure: reading TLS files happens in
 * docker-client.ts.
 */
import { InputError } from '../../core/errors.js';
import type { DockerProviderConfig } from '../../config/docker-schema.js';

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

export interface DockerTlsFiles {
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

export type DockerEndpoint =
  | { readonly kind: 'unix'; readonly socketPath: string }
  | { readonly kind: 'npipe'; readonly path: string }
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number; readonly tls?: DockerTlsFiles }
  | { readonly kind: 'ssh'; readonly host: string; readonly port: number; readonly username?: string };

type Env = Readonly<Record<string, string | undefined>>;

/** The endpoint a provider connects to; `path` names the setting in error messages. */
export function resolveDockerEndpoint(
  config: Pick<DockerProviderConfig, 'host' | 'tls'>,
  env: Env,
): DockerEndpoint {
  if (config.host !== undefined) return withTls(parseDockerHost(config.host, 'provider.host'), config.tls);
  const fromEnv = env['DOCKER_HOST'];
  if (fromEnv !== undefined && fromEnv !== '') {
    return withTls(parseDockerHost(fromEnv, 'DOCKER_HOST'), config.tls ?? envTls(env));
  }
  return { kind: 'unix', socketPath: DEFAULT_DOCKER_SOCKET };
}

/** `unix:///path`, `npipe://path`, `tcp://host:port` or `ssh://[user@]host[:port]`. */
export function parseDockerHost(host: string, path = 'host'): DockerEndpoint {
  const invalid = (message: string) => new InputError('invalid Docker host', [{ path, message }]);
  const scheme = /^([a-z]+):\/\//.exec(host)?.[1];
  const rest = host.slice((scheme?.length ?? 0) + 3);
  switch (scheme) {
    case 'unix':
      if (!rest.startsWith('/')) throw invalid(`must be unix:///absolute/path, got ${JSON.stringify(host)}`);
      return { kind: 'unix', socketPath: rest };
    case 'npipe':
      if (rest === '') throw invalid('npipe:// needs a pipe path');
      return { kind: 'npipe', path: rest };
    case 'tcp':
    case 'ssh':
      return parseNetworkHost(scheme, host, invalid);
    default:
      throw invalid(
        `must be unix:///path, tcp://host:port, ssh://user@host or npipe://path, got ${JSON.stringify(host)}`,
      );
  }
}

function parseNetworkHost(
  scheme: 'tcp' | 'ssh',
  host: string,
  invalid: (message: string) => InputError,
): DockerEndpoint {
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    throw invalid(`not a valid ${scheme}:// address: ${JSON.stringify(host)}`);
  }
  // URL keeps the brackets of an IPv6 literal; sockets want the bare address.
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (hostname === '') throw invalid(`${scheme}:// needs a host name`);
  if (scheme === 'tcp') {
    // The docker CLI has no default port for tcp://; guessing 2375 vs 2376 would hide a mistake.
    if (url.port === '') throw invalid(`tcp:// needs a port, e.g. tcp://${hostname}:2376`);
    return { kind: 'tcp', host: hostname, port: Number(url.port) };
  }
  const username = decodeURIComponent(url.username);
  return {
    kind: 'ssh',
    host: hostname,
    port: url.port === '' ? 22 : Number(url.port),
    ...(username !== '' && { username }),
  };
}

function withTls(endpoint: DockerEndpoint, tls: DockerTlsFiles | undefined): DockerEndpoint {
  return endpoint.kind === 'tcp' && tls !== undefined ? { ...endpoint, tls } : endpoint;
}

/** As the docker CLI: DOCKER_TLS_VERIFY set means ca/cert/key.pem in DOCKER_CERT_PATH (~/.docker). */
function envTls(env: Env): DockerTlsFiles | undefined {
  const verify = env['DOCKER_TLS_VERIFY'];
  const home = env['HOME'];
  const dir = env['DOCKER_CERT_PATH'] || (home ? `${home}/.docker` : undefined);
  if (verify === undefined || verify === '' || dir === undefined) return undefined;
  const file = (name: string) => `${dir.replace(/\/+$/, '')}/${name}`;
  return { ca: file('ca.pem'), cert: file('cert.pem'), key: file('key.pem') };
}

/** The endpoint as a DOCKER_HOST string, for messages (never holds a secret). */
export function describeEndpoint(endpoint: DockerEndpoint): string {
  switch (endpoint.kind) {
    case 'unix':
      return `unix://${endpoint.socketPath}`;
    case 'npipe':
      return `npipe://${endpoint.path}`;
    case 'tcp':
      return `tcp://${bracketed(endpoint.host)}:${endpoint.port}${endpoint.tls ? ' (TLS)' : ''}`;
    case 'ssh':
      return `ssh://${endpoint.username !== undefined ? `${endpoint.username}@` : ''}${bracketed(endpoint.host)}:${endpoint.port}`;
  }
}

function bracketed(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
