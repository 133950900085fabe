/**
 * Time from a `queued` workflow_job event to its runner container running, in a warm
 * ci-scaler process (engine built, clients connected), next to a bare dockerode
 * create + start of the same image in the same run. Goal: at most 1.2x the bare figure.
 * Needs root and dockerd (it starts its own isolated daemon, as the tests do).
 * Prints figures and writes bench/results/docker-launch.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dockerBenchConfig } from './support/docker-bench-config.js';
import { buildEngine } from '../src/runtimes/build-engine.js';
import { silentLogger } from '../src/telemetry/logger.js';
import { FakeGitHub } from '../test/fakes/github/index.js';
import { removePoolContainers } from '../test/support/docker-cleanup.js';
import { startDockerd } from '../test/support/dockerd.js';
import { ensureRunnerImage } from '../test/support/runner-image.js';
import { dockerClient } from '../test/support/shared-dockerd.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
// Octokit's throttling plugin spaces writes 1 s apart (GitHub's advice against secondary
// limits); events further apart than that, as single events are, never wait for it.
const GAP_MS = 1100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function stats(xs: number[]): { median: number; p95: number; min: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
  return { median: at(0.5), p95: at(0.95), min: s[0] ?? Number.NaN };
}

const daemon = await startDockerd();
const gh = new FakeGitHub({ tokens: ['ghp_bench'], owner: 'acme', repos: ['app'] });
try {
  const docker = dockerClient(daemon);
  const image = await ensureRunnerImage(docker);
  await gh.start();
  const config = await dockerBenchConfig({
    pool: 'bench',
    githubUrl: gh.url,
    token: 'ghp_bench',
    image,
    dockerHost: daemon.host,
  });
  const built = await buildEngine(config, {
    env: {},
    cwd: process.cwd(),
    clock: Date.now,
    logger: silentLogger,
    owner: 'bench',
    maskSecret: () => undefined,
  });

  // The container runs when the provider's start returns: stamp that moment, before the
  // engine goes on to record the outcome.
  const runtime = built.pools[0];
  if (runtime === undefined) throw new Error('no pool');
  let runningAt = 0;
  const provider = runtime.provider;
  if (provider.capacity !== 'ephemeral') throw new Error('the bench needs a docker pool');
  const launch = provider.launch.bind(provider);
  provider.launch = async (spec) => {
    const machine = await launch(spec);
    runningAt = performance.now();
    return machine;
  };
  const bare: number[] = [];
  const scaler: number[] = [];
  const total: number[] = [];
  for (let i = -2; i < RUNS; i++) {
    // Alternate the two so drift on a shared machine hits both alike; the first two rounds warm up.
    const t0 = performance.now();
    const c = await docker.createContainer({
      name: `bare-${i + 2}`,
      Image: image,
      Env: ['FAKE_RUNNER_MODE=sleep'],
      HostConfig: { NetworkMode: 'host' },
      Labels: { 'ci-scaler.pool': 'bare' },
    });
    await c.start();
    const bareMs = performance.now() - t0;

    const job = gh.queueJob({ labels: ['self-hosted', 'linux'], duration: 1 });
    const t1 = performance.now();
    const result = await built.engine.handleJobEvent({
      action: 'queued',
      job: { id: String(job.id), state: 'queued', labels: ['self-hosted', 'linux'] },
    });
    const totalMs = performance.now() - t1;
    const scalerMs = runningAt - t1;
    if (result.outcomes[0]?.result !== 'ok')
      throw new Error(`launch failed: ${JSON.stringify(result.outcomes)}`);
    if (i >= 0) {
      bare.push(bareMs);
      scaler.push(scalerMs);
      total.push(totalMs);
    }
    await removePoolContainers(docker, ['bare', 'bench']);
    await sleep(GAP_MS);
  }
  await built.close();
  const b = stats(bare);
  const s = stats(scaler);
  const t = stats(total);
  console.log(
    `bare dockerode create + start:         median ${b.median.toFixed(0)} ms, p95 ${b.p95.toFixed(0)} ms, min ${b.min.toFixed(0)} ms (${RUNS} runs)`,
  );
  console.log(
    `queued event -> container running:     median ${s.median.toFixed(0)} ms, p95 ${s.p95.toFixed(0)} ms, min ${s.min.toFixed(0)} ms`,
  );
  console.log('  (read of the pool state, decide, the claim write, the JIT config request, create + start)');
  console.log(
    `whole fast path incl. recording:       median ${t.median.toFixed(0)} ms, p95 ${t.p95.toFixed(0)} ms`,
  );
  const ratio = s.median / b.median;
  console.log(
    `ratio (median): ${ratio.toFixed(2)}x -> goal at most 1.2x ${ratio <= 1.2 ? 'met' : 'NOT met'}`,
  );
  await mkdir(new URL('results/', import.meta.url), { recursive: true });
  await writeFile(
    new URL('results/docker-launch.json', import.meta.url),
    `${JSON.stringify({ runs: RUNS, bare: b, scaler: s, wholeFastPath: t, ratio }, null, 2)}\n`,
  );
} finally {
  await gh.stop();
  await daemon.stop();
}
