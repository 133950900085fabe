/**
 * Unit tests (no daemon) of where the Docker provider connects. They live with the
 * docker tests because the Docker work owns this folder.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/core/errors.js';
import { createDockerClient, dockerodeOptions } from '../../../../src/providers/docker/docker-client.js';
import {
  DEFAULT_DOCKER_SOCKET,
  describeEndpoint,
  parseDockerHost,
  resolveDockerEndpoint,
} from '../../../../src/providers/docker/docker-endpoint.js';

describe('docker endpoint: parseDockerHost', () => {
  it.each([
    ['unix:///run/user/1000/docker.sock', { kind: 'unix', socketPath: '/run/user/1000/docker.sock' }],
    ['npipe:////./pipe/docker_engine', { kind: 'npipe', path: '//./pipe/docker_engine' }],
    ['tcp://docker.example:2376', { kind: 'tcp', host: 'docker.example', port: 2376 }],
    ['tcp://10.0.0.5:2375/', { kind: 'tcp', host: '10.0.0.5', port: 2375 }],
    ['tcp://[::1]:2376', { kind: 'tcp', host: '::1', port: 2376 }],
    ['ssh://ci@build-1', { kind: 'ssh', host: 'build-1', port: 22, username: 'ci' }],
    ['ssh://build-1:2222', { kind: 'ssh', host: 'build-1', port: 2222 }],
  ])('%s', (host, endpoint) => {
    expect(parseDockerHost(host)).toEqual(endpoint);
  });

  it.each([
    ['unix://relative.sock', /unix:\/\/\/absolute/],
    ['tcp://docker.example', /tcp:\/\/ needs a port/],
    ['http://docker.example:2375', /must be unix/],
    ['docker.example:2375', /must be unix/],
    ['npipe://', /needs a pipe path/],
  ])('refuses %s', (host, message) => {
    expect(() => parseDockerHost(host, 'DOCKER_HOST')).toThrow(InputError);
    expect(() => parseDockerHost(host, 'DOCKER_HOST')).toThrow(message);
  });

  it('names the setting in the error', () => {
    expect(() => parseDockerHost('tcp://x', 'DOCKER_HOST')).toThrow(/DOCKER_HOST: tcp:\/\/ needs a port/);
  });
});

describe('docker endpoint: resolveDockerEndpoint', () => {
  const tls = { ca: '/c/ca.pem', cert: '/c/cert.pem', key: '/c/key.pem' };

  it('prefers config.host over DOCKER_HOST', () => {
    const endpoint = resolveDockerEndpoint({ host: 'unix:///a.sock' }, { DOCKER_HOST: 'unix:///b.sock' });
    expect(endpoint).toEqual({ kind: 'unix', socketPath: '/a.sock' });
  });

  it('falls back to DOCKER_HOST, then to the default socket', () => {
    expect(resolveDockerEndpoint({}, { DOCKER_HOST: 'tcp://h:2375' })).toEqual({
      kind: 'tcp',
      host: 'h',
      port: 2375,
    });
    expect(resolveDockerEndpoint({}, { DOCKER_HOST: '' })).toEqual({
      kind: 'unix',
      socketPath: DEFAULT_DOCKER_SOCKET,
    });
    expect(resolveDockerEndpoint({}, {})).toEqual({ kind: 'unix', socketPath: DEFAULT_DOCKER_SOCKET });
  });

  it('attaches config.tls to a tcp host', () => {
    expect(resolveDockerEndpoint({ host: 'tcp://h:2376', tls }, {})).toEqual({
      kind: 'tcp',
      host: 'h',
      port: 2376,
      tls,
    });
  });

  it('reads TLS files from DOCKER_CERT_PATH when DOCKER_TLS_VERIFY is set, as the docker CLI', () => {
    const env = { DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/c/' };
    expect(resolveDockerEndpoint({}, env)).toEqual({ kind: 'tcp', host: 'h', port: 2376, tls });
    expect(
      resolveDockerEndpoint({}, { DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', HOME: '/home/u' }),
    ).toEqual({
      kind: 'tcp',
      host: 'h',
      port: 2376,
      tls: { ca: '/home/u/.docker/ca.pem', cert: '/home/u/.docker/cert.pem', key: '/home/u/.docker/key.pem' },
    });
    expect(
      resolveDockerEndpoint({}, { DOCKER_HOST: 'tcp://h:2375', DOCKER_CERT_PATH: '/c' }),
    ).not.toHaveProperty('tls');
  });

  it('describes an endpoint as a DOCKER_HOST string', () => {
    expect(describeEndpoint(parseDockerHost('unix:///var/run/docker.sock'))).toBe(
      'unix:///var/run/docker.sock',
    );
    expect(describeEndpoint({ kind: 'tcp', host: '::1', port: 2376, tls })).toBe('tcp://[::1]:2376 (TLS)');
    expect(describeEndpoint(parseDockerHost('ssh://ci@b:2222'))).toBe('ssh://ci@b:2222');
  });
});

describe('docker endpoint: dockerode options', () => {
  const readFile = (path: string) => Buffer.from(`contents of ${path}`);

  it('a unix socket clears every network key, so process.env cannot redirect the client', () => {
    const options = dockerodeOptions({ kind: 'unix', socketPath: '/s.sock' }, {}, readFile);
    expect(options).toMatchObject({ socketPath: '/s.sock' });
    for (const key of ['host', 'port', 'protocol', 'ca', 'cert', 'key'] as const) {
      expect(Object.hasOwn(options, key)).toBe(true);
      expect(options[key]).toBeUndefined();
    }
  });

  it('tcp with TLS reads the three files and speaks https', () => {
    const tls = { ca: '/c/ca.pem', cert: '/c/cert.pem', key: '/c/key.pem' };
    const options = dockerodeOptions({ kind: 'tcp', host: 'h', port: 2376, tls }, {}, readFile);
    expect(options).toMatchObject({ protocol: 'https', host: 'h', port: 2376 });
    expect(options.ca).toEqual(Buffer.from('contents of /c/ca.pem'));
    expect(options.cert).toEqual(Buffer.from('contents of /c/cert.pem'));
    expect(options.key).toEqual(Buffer.from('contents of /c/key.pem'));
  });

  it('tcp without TLS speaks http', () => {
    expect(dockerodeOptions({ kind: 'tcp', host: 'h', port: 2375 }, {}, readFile)).toMatchObject({
      protocol: 'http',
      host: 'h',
      port: 2375,
    });
  });

  it("ssh uses dockerode's ssh protocol with the agent from the injected env", () => {
    const options = dockerodeOptions(
      { kind: 'ssh', host: 'b', port: 22, username: 'ci' },
      { SSH_AUTH_SOCK: '/tmp/agent.sock' },
      readFile,
    );
    expect(options).toMatchObject({ protocol: 'ssh', host: 'b', port: 22, username: 'ci' });
    expect(options.sshOptions).toEqual({ agent: '/tmp/agent.sock' });
  });
});

/**
 * Found by review: docker-modem reads DOCKER_HOST, DOCKER_CERT_PATH, SSH_AUTH_SOCK and
 * DOCKER_PATH_PREFIX from process.env when built, lets the process's ssh agent win over the
 * given one and throws on missing cert files, whatever endpoint it is given.
 */
describe('docker client: process.env does not reach the configured engine', () => {
  const names = [
    'DOCKER_HOST',
    'DOCKER_CERT_PATH',
    'DOCKER_TLS_VERIFY',
    'SSH_AUTH_SOCK',
    'DOCKER_PATH_PREFIX',
  ];
  const saved = Object.fromEntries(names.map((n) => [n, process.env[n]]));
  afterEach(() => {
    for (const n of names) {
      const v = saved[n];
      if (v === undefined) Reflect.deleteProperty(process.env, n);
      else process.env[n] = v;
    }
  });
  interface ModemView {
    username?: string;
    pathPrefix?: string;
    sshOptions?: { agent?: string };
  }
  const modemOf = (docker: unknown): ModemView => (docker as { modem: ModemView }).modem;

  it('an ssh endpoint uses the user and ssh agent it was given, not those of process.env', () => {
    process.env.DOCKER_HOST = 'ssh://alice@elsewhere.example';
    process.env.SSH_AUTH_SOCK = '/tmp/process-agent.sock';
    const modem = modemOf(
      createDockerClient(
        { kind: 'ssh', host: 'build-host', port: 22 },
        { SSH_AUTH_SOCK: '/tmp/injected.sock' },
      ),
    );
    expect(modem.sshOptions?.agent).toBe('/tmp/injected.sock');
    expect(modem.username).toBeUndefined();
    // The process's environment is as it was.
    expect(process.env.DOCKER_HOST).toBe('ssh://alice@elsewhere.example');
    expect(process.env.SSH_AUTH_SOCK).toBe('/tmp/process-agent.sock');
  });

  it('a unix endpoint is built when process.env names a tcp host with missing TLS files', () => {
    process.env.DOCKER_HOST = 'tcp://elsewhere.example:2376';
    process.env.DOCKER_CERT_PATH = '/nonexistent/ci-scaler-certs';
    process.env.DOCKER_PATH_PREFIX = '/proxy';
    const modem = modemOf(createDockerClient({ kind: 'unix', socketPath: '/tmp/x.sock' }, {}));
    expect(modem.pathPrefix ?? '/').toBe('/');
  });
});
