/** The Docker provider against the isolated test dockerd: what the containers really get. */
import { randomBytes } from 'node:crypto';
import type Dockerode from 'dockerode';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DockerProviderConfig } from '../../../src/config/docker-schema.js';
import { ProviderError } from '../../../src/core/errors.js';
import { checkDockerHost, createDockerProvider, hasImage } from '../../../src/providers/docker/index.js';
import type { Logger } from '../../../src/telemetry/logger.js';
import { silentLogger } from '../../../src/telemetry/logger.js';
import { captureLogger } from '../../support/capture-logger.js';
import { removeContainer, removePoolContainers } from '../../support/docker-cleanup.js';
import { dockerGate } from '../../support/docker-gate.js';
import type { SharedDaemon } from '../../support/dockerd-share.js';
import { poolPolicy } from '../../support/pool-policy.js';
import { dockerClient, sharedDockerd } from '../../support/shared-dockerd.js';

const gate = dockerGate();
const JIT_SECRET = `jit-secret-${randomBytes(8).toString('hex')}`;

describe.skipIf(gate.skip)(gate.title('docker provider'), () => {
  let daemon: SharedDaemon;
  let docker: Dockerode;
  const pool = poolPolicy(`dp-${randomBytes(3).toString('hex')}`);
  const other = poolPolicy(`${pool.name}-other`);

  beforeAll(async () => {
    daemon = await sharedDockerd();
    docker = dockerClient(daemon);
  });
  afterEach(() => removePoolContainers(docker, [pool.name, other.name]));

  function provider(overrides: Partial<DockerProviderConfig> = {}, logger: Logger = silentLogger) {
    const config: DockerProviderConfig = {
      type: 'docker',
      mode: 'ephemeral',
      image: daemon.image,
      networkMode: 'host',
      stopTimeout: 5_000,
      ...overrides,
    };
    return createDockerProvider(config, { env: { DOCKER_HOST: daemon.host }, logger, clock: Date.now });
  }

  it('docker: sets labels, env, CPU and memory limits, network mode and stop timeout on the container', async () => {
    const p = provider({
      env: { FROM_CONFIG: 'yes', SHARED: 'config' },
      labels: { team: 'ci' },
      cpus: 0.5,
      memory: 64 * 1024 ** 2,
      stopTimeout: 7_000,
    });
    const name = `${pool.name}-201-1`;
    const env = { SHARED: 'launch', FAKE_RUNNER_MODE: 'sleep', ACTIONS_RUNNER_INPUT_JITCONFIG: JIT_SECRET };
    await p.launch({ pool: pool.name, name, jobId: '201', env });
    const info = await docker.getContainer(name).inspect();
    expect(info.State.Running).toBe(true);
    expect(info.Config.Labels).toMatchObject({
      'ci-scaler.pool': pool.name,
      'ci-scaler.worker': name,
      'ci-scaler.job': '201',
      'ci-scaler.created-by': 'ci-scaler',
      team: 'ci',
    });
    expect(info.Config.Env).toEqual(
      expect.arrayContaining([
        'FROM_CONFIG=yes',
        'SHARED=launch',
        `ACTIONS_RUNNER_INPUT_JITCONFIG=${JIT_SECRET}`,
      ]),
    );
    expect(info.Config.Env).not.toContain('SHARED=config');
    expect(info.HostConfig).toMatchObject({
      NanoCpus: 500_000_000,
      Memory: 64 * 1024 ** 2,
      NetworkMode: 'host',
    });
    expect((info.Config as { StopTimeout?: number }).StopTimeout).toBe(7);
  });

  it('docker: logs env keys but never the JIT config value', async () => {
    const logger = captureLogger();
    const p = provider({}, logger);
    const name = `${pool.name}-202-1`;
    const env = { FAKE_RUNNER_MODE: 'sleep', ACTIONS_RUNNER_INPUT_JITCONFIG: JIT_SECRET };
    await p.launch({ pool: pool.name, name, jobId: '202', env });
    const duplicate = await p.launch({ pool: pool.name, name, jobId: '202', env }).catch((e: unknown) => e);
    await p.list(pool);
    await p.terminate(pool, name);
    expect(logger.text()).toContain('ACTIONS_RUNNER_INPUT_JITCONFIG');
    expect(logger.text()).not.toContain(JIT_SECRET);
    expect(String(duplicate)).not.toContain(JIT_SECRET);
  });

  it('docker: a missing image is a non-retryable error that says to pull or build it, and leaves nothing', async () => {
    const p = provider({ image: 'ci-scaler-test/absent:nope' });
    const launch = p.launch({ pool: pool.name, name: `${pool.name}-203-1`, env: {} });
    await expect(launch).rejects.toBeInstanceOf(ProviderError);
    await expect(launch).rejects.toMatchObject({ retryable: false, alreadyExists: false });
    await expect(launch).rejects.toThrow(
      /image ci-scaler-test\/absent:nope is not on the Docker host .*pull or build it first/,
    );
    expect(await p.list(pool)).toEqual([]);
  });

  it('docker: a container that fails to start is removed, not left behind', async () => {
    const name = `${pool.name}-204-1`;
    const p = provider({ networkMode: 'ci-scaler-no-such-network' });
    const launch = p.launch({ pool: pool.name, name, env: { FAKE_RUNNER_MODE: 'sleep' } });
    await expect(launch).rejects.toBeInstanceOf(ProviderError);
    await expect(launch).rejects.toMatchObject({ alreadyExists: false });
    await expect(launch).rejects.toThrow(`starting container ${name} failed`);
    expect(await docker.listContainers({ all: true, filters: { name: [name] } })).toEqual([]);
    expect(await p.list(pool)).toEqual([]);
  });

  it('docker: terminate gives a container the stop timeout, then kills it', async () => {
    // PID 1 without a TERM handler ignores SIGTERM, so only the kill after `t` ends it.
    const name = `${pool.name}-205-1`;
    const container = await docker.createContainer({
      name,
      Image: daemon.image,
      Cmd: ['/bin/sh', '-c', 'while :; do sleep 1; done'],
      Labels: { 'ci-scaler.pool': pool.name },
      HostConfig: { NetworkMode: 'none' },
    });
    await container.start();
    const started = Date.now();
    await provider({ stopTimeout: 1_000 }).terminate(pool, name);
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(900);
    // Docker's own default is 10 s: well below it means our timeout was the one used.
    expect(took).toBeLessThan(5_000);
    expect(await docker.listContainers({ all: true, filters: { name: [name] } })).toEqual([]);
  });

  it("docker: terminate refuses another pool's container and one without ci-scaler labels", async () => {
    const theirs = `${other.name}-206-1`;
    await provider().launch({ pool: other.name, name: theirs, env: { FAKE_RUNNER_MODE: 'sleep' } });
    await expect(provider().terminate(pool, theirs)).rejects.toThrow(/refusing to remove container .* pool /);
    expect((await docker.getContainer(theirs).inspect()).State.Running).toBe(true);

    const stranger = `${pool.name}-stranger`;
    await docker.createContainer({
      name: stranger,
      Image: daemon.image,
      HostConfig: { NetworkMode: 'none' },
    });
    try {
      await expect(provider().terminate(pool, stranger)).rejects.toThrow(/belongs to no ci-scaler pool/);
      expect((await docker.getContainer(stranger).inspect()).Name).toBe(`/${stranger}`);
    } finally {
      await removeContainer(docker, stranger);
    }
  });

  it('docker: an unreachable engine is a retryable ProviderError', async () => {
    const p = provider({ host: 'unix:///nonexistent/ci-scaler/docker.sock' });
    await expect(p.list(pool)).rejects.toMatchObject({ retryable: true, name: 'ProviderError' });
    await expect(checkDockerHost(p)).rejects.toMatchObject({ retryable: true });
  });

  it('docker: doctor helpers report the engine version and whether the image is there', async () => {
    const p = provider();
    const host = await checkDockerHost(p);
    expect(host.endpoint).toBe(daemon.host);
    expect(host.version).toMatch(/^\d+\.\d+/);
    expect(host.apiVersion).toMatch(/^\d+\.\d+$/);
    expect(await hasImage(p)).toBe(true);
    expect(await hasImage(p, 'ci-scaler-test/absent:nope')).toBe(false);
  });
});
