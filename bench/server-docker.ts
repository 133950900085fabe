/**
 * Time from a signed `queued` webhook received over HTTP to its runner container running,
 * in a warm server process (engine built, clients connected), next to a bare dockerode
 * create + start of the same image. Needs root and dockerd (an isolated one is started).
 */
import { dockerBenchConfig } from './support/docker-bench-config.js';
import { buildEngine } from '../src/runtimes/build-engine.js';
import { createServerApp } from '../src/runtimes/server/app.js';
import { BackgroundTasks } from '../src/runtimes/server/background-tasks.js';
import { StatusBoard } from '../src/runtimes/server/context.js';
import { startNodeServer } from '../src/runtimes/server/node-server.js';
import { silentLogger } from '../src/telemetry/logger.js';
import { createServerMetrics } from '../src/telemetry/prometheus-metrics.js';
import { FakeGitHub } from '../test/fakes/github/index.js';
import { removePoolContainers } from '../test/support/docker-cleanup.js';
import { startDockerd } from '../test/support/dockerd.js';
import { ensureRunnerImage } from '../test/support/runner-image.js';
import { dockerClient } from '../test/support/shared-dockerd.js';

export interface Stats {
  readonly median: number;
  readonly p95: number;
  readonly min: number;
}

export function stats(xs: readonly number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
  return { median: at(0.5), p95: at(0.95), min: s[0] ?? Number.NaN };
}

const SECRET = 'bench-docker-secret';
// Octokit's throttling plugin spaces writes 1 s apart; single events further apart never wait.
const GAP_MS = 1100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function webhookToRunning(runs: number): Promise<{ bare: Stats; webhook: Stats; runs: number }> {
  const daemon = await startDockerd();
  const gh = new FakeGitHub({ tokens: ['ghp_bench'], owner: 'acme', repos: ['app'] });
  try {
    const docker = dockerClient(daemon);
    const image = await ensureRunnerImage(docker);
    await gh.start();
    const config = await dockerBenchConfig({
      pool: 'benchsrv',
      githubUrl: gh.url,
      token: 'ghp_bench',
      image,
      dockerHost: daemon.host,
      extra: { server: { webhookSecret: SECRET } },
    });
    const built = await buildEngine(config, {
      env: {},
      cwd: process.cwd(),
      clock: Date.now,
      logger: silentLogger,
      owner: 'bench',
      maskSecret: () => undefined,
    });
    const ctx = {
      config,
      built,
      logger: silentLogger,
      clock: Date.now,
      metrics: createServerMetrics(),
      status: new StatusBoard(),
    };
    const server = await startNodeServer(
      createServerApp(ctx, { background: new BackgroundTasks({ logger: silentLogger }) }),
      { port: 0, host: '127.0.0.1' },
    );
    const runtime = built.pools[0];
    if (runtime === undefined) throw new Error('no pool');
    // The container runs when the provider's launch returns.
    let runningAt = 0;
    const provider = runtime.provider;
    if (provider.capacity !== 'ephemeral') throw new Error('the bench needs a docker pool');
    const launch = provider.launch.bind(provider);
    provider.launch = async (spec) => {
      const machine = await launch(spec);
      runningAt = performance.now();
      return machine;
    };
    let sentAt = 0;
    gh.webhooks = {
      secret: SECRET,
      deliver: async (d) => {
        if (d.body.includes('"action":"queued"')) sentAt = performance.now();
        const res = await fetch(`${server.url}/webhook`, {
          method: 'POST',
          headers: d.headers,
          body: d.body,
        });
        if (res.status !== 202) throw new Error(`webhook answered ${res.status}`);
      },
    };
    const bare: number[] = [];
    const webhook: number[] = [];
    for (let i = -2; i < runs; i++) {
      const t0 = performance.now();
      const c = await docker.createContainer({
        name: `bare-srv-${i + 2}`,
        Image: image,
        Env: ['FAKE_RUNNER_MODE=sleep'],
        HostConfig: { NetworkMode: 'host' },
        Labels: { 'ci-scaler.pool': 'bare-srv' },
      });
      await c.start();
      const bareMs = performance.now() - t0;
      runningAt = 0;
      gh.queueJob({ labels: ['self-hosted', 'linux'], duration: 1 });
      await gh.webhooksDelivered();
      const deadline = Date.now() + 30_000;
      while (runningAt === 0 && Date.now() < deadline) await sleep(2);
      if (runningAt === 0) throw new Error('no container started within 30 s');
      if (i >= 0) {
        bare.push(bareMs);
        webhook.push(runningAt - sentAt);
      }
      await removePoolContainers(docker, ['bare-srv', 'benchsrv']);
      await sleep(GAP_MS);
    }
    await server.close(2_000);
    await built.close();
    return { bare: stats(bare), webhook: stats(webhook), runs };
  } finally {
    await gh.stop();
    await daemon.stop();
  }
}
