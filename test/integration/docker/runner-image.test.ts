/**
 * The test runner image speaks docs/dev/fake-runner-protocol.md: checked here against a
 * minimal scripted server, so e2e tests can rely on it with the full fake GitHub.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import type Dockerode from 'dockerode';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDockerProvider } from '../../../src/providers/docker/index.js';
import { silentLogger } from '../../../src/telemetry/logger.js';
import { removePoolContainers } from '../../support/docker-cleanup.js';
import { dockerGate } from '../../support/docker-gate.js';
import type { SharedDaemon } from '../../support/dockerd-share.js';
import { poolPolicy } from '../../support/pool-policy.js';
import { ensureRunnerImage } from '../../support/runner-image.js';
import { dockerClient, sharedDockerd } from '../../support/shared-dockerd.js';

const gate = dockerGate();

/** Answers per path, in order; the last answer repeats. Records every call. */
function scriptedServer(answers: Record<string, string[]>): { server: Server; calls: string[] } {
  const calls: string[] = [];
  const server = createServer((req, res) => {
    const path = `${req.method ?? ''} ${req.url ?? ''}`;
    calls.push(path);
    const queue = answers[path];
    if (queue === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end(queue.length > 1 ? queue.shift() : queue[0]);
  });
  return { server, calls };
}

describe.skipIf(gate.skip)(gate.title('docker runner image'), () => {
  let daemon: SharedDaemon;
  let docker: Dockerode;
  const pool = poolPolicy(`ri-${randomBytes(3).toString('hex')}`);
  const servers: Server[] = [];

  beforeAll(async () => {
    daemon = await sharedDockerd();
    docker = dockerClient(daemon);
  });
  afterEach(() => removePoolContainers(docker, [pool.name]));
  afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

  async function runRunner(answers: Record<string, string[]>, name: string) {
    const { server, calls } = scriptedServer(answers);
    servers.push(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const jit = Buffer.from(`http://127.0.0.1:${port} 17 ${name}\n`).toString('base64');
    const provider = createDockerProvider(
      { type: 'docker', mode: 'ephemeral', image: daemon.image, networkMode: 'host', stopTimeout: 5_000 },
      { env: { DOCKER_HOST: daemon.host }, logger: silentLogger, clock: Date.now },
    );
    await provider.launch({ pool: pool.name, name, env: { ACTIONS_RUNNER_INPUT_JITCONFIG: jit } });
    const exit = (await docker.getContainer(name).wait()) as { StatusCode: number };
    return { exitCode: exit.StatusCode, calls, machines: await provider.list(pool) };
  }

  it('docker: runs one job: connect, poll acquire until assigned, sleep, complete, exit 0', async () => {
    const name = `${pool.name}-301-1`;
    const { exitCode, calls, machines } = await runRunner(
      {
        'POST /_fake/runners/17/connect': ['ok\n'],
        'POST /_fake/runners/17/acquire': ['', '', 'j-42 0.3\n'],
        'POST /_fake/jobs/j-42/complete': ['ok'],
      },
      name,
    );
    expect(exitCode).toBe(0);
    expect(calls).toEqual([
      'POST /_fake/runners/17/connect',
      'POST /_fake/runners/17/acquire',
      'POST /_fake/runners/17/acquire',
      'POST /_fake/runners/17/acquire',
      'POST /_fake/jobs/j-42/complete',
    ]);
    expect(machines).toMatchObject([{ name, state: 'exited', exitCode: 0 }]);
  });

  it('docker: a runner told to crash at connect exits 3 without polling', async () => {
    const { exitCode, calls } = await runRunner(
      { 'POST /_fake/runners/17/connect': ['crash'] },
      `${pool.name}-302-1`,
    );
    expect(exitCode).toBe(3);
    expect(calls).toEqual(['POST /_fake/runners/17/connect']);
  });

  it('docker: ensureRunnerImage is idempotent (the second call keeps the image)', async () => {
    const before = await docker.getImage(daemon.image).inspect();
    await ensureRunnerImage(docker, daemon.image);
    expect((await docker.getImage(daemon.image).inspect()).Id).toBe(before.Id);
  });
});
