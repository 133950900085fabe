/**
 * Signed `workflow_job` webhooks per second and p50/p99 latency (autocannon) against the
 * webhook server (pools disabled so nothing launches, log level warn) next to a bare
 * node:http server that verifies the same HMAC and parses the same payload, in the same
 * run, each in its own process. Goal: at least 0.8x the bare throughput, p99 under 25 ms.
 * A third server, bare but answering in the check phase as ci-scaler's does, shows what
 * that scheduling alone is worth.
 * Then, where dockerd can run (root), webhook received -> container running in a warm
 * process (BENCH_DOCKER=0 skips it). Prints figures and writes bench/results/server.json.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdir, writeFile } from 'node:fs/promises';
import { sign } from '@octokit/webhooks-methods';
import type { WebhookDefinition } from '@octokit/webhooks-examples';
import autocannon from 'autocannon';
import { build } from 'esbuild';
import { dockerAvailability } from '../test/support/dockerd.js';
import { webhookToRunning } from './server-docker.js';
import { BENCH_SECRET } from './server-targets.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 50);
const ROUNDS = 2;

const require = createRequire(import.meta.url);
const definitions = require('@octokit/webhooks-examples') as WebhookDefinition[];
const queued = definitions
  .find((d) => d.name === 'workflow_job')
  ?.examples.find((e) => (e as { action?: string }).action === 'queued') as
  { workflow_job: object } | undefined;
if (queued === undefined) throw new Error('no queued workflow_job example');
// Labels of the pool, so every delivery runs the whole fast path (decide, record) in the server.
const BODY = JSON.stringify({
  ...queued,
  workflow_job: { ...queued.workflow_job, labels: ['self-hosted', 'linux'] },
});
// The same size with labels of no pool: the receiver and the event parse, no state writes.
const UNMATCHED = BODY.replace('"self-hosted","linux"', '"self-hosted","macos"');
const SIGNATURES = new Map([
  [BODY, await sign(BENCH_SECRET, BODY)],
  [UNMATCHED, await sign(BENCH_SECRET, UNMATCHED)],
]);

interface Figures {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly errors: number;
}

/**
 * The targets run as an esbuild bundle on plain node, as `dist/cli.js serve` runs: through
 * tsx, every function the server creates per request also went through tsx's `__name`
 * helper (4 % of the server's time), which the shipped build does not have.
 */
async function bundleTargets(): Promise<string> {
  const outfile = new URL('results/server-targets.mjs', import.meta.url).pathname;
  await build({
    entryPoints: [new URL('./server-targets.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    packages: 'external',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}
const targets = await bundleTargets();

function startTarget(
  kind: 'bare' | 'bare-deferred' | 'scaler',
): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(targets, [kind], { execArgv: [] });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => {
      resolve({ child, url: `http://127.0.0.1:${(m as { port: number }).port}` });
    });
    child.once('exit', (code) => {
      reject(new Error(`${kind} target exited with ${String(code)}`));
    });
  });
}

async function load(url: string, seconds: number, body = BODY): Promise<Figures> {
  let n = 0;
  const result = await autocannon({
    url: `${url}/webhook`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        body,
        // A fresh delivery id each time: a repeated one would be answered as a duplicate.
        setupRequest: (req) => ({
          ...req,
          headers: {
            'content-type': 'application/json',
            'x-github-event': 'workflow_job',
            'x-github-delivery': `bench-${++n}`,
            'x-hub-signature-256': SIGNATURES.get(body) ?? '',
          },
        }),
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

const mean = (xs: readonly Figures[], key: keyof Figures) => xs.reduce((a, f) => a + f[key], 0) / xs.length;
const summary = (xs: readonly Figures[]) => ({
  rps: Math.round(mean(xs, 'rps')),
  p50: mean(xs, 'p50'),
  p99: mean(xs, 'p99'),
  non2xx: mean(xs, 'non2xx') * xs.length,
  errors: mean(xs, 'errors') * xs.length,
});

const bareTarget = await startTarget('bare');
const deferredTarget = await startTarget('bare-deferred');
const scalerTarget = await startTarget('scaler');
const bare: Figures[] = [];
const deferred: Figures[] = [];
const scaler: Figures[] = [];
const receiver: Figures[] = [];
try {
  await load(bareTarget.url, 2);
  await load(deferredTarget.url, 2);
  await load(scalerTarget.url, 2);
  // Alternate, so drift on a shared machine hits all alike.
  for (let i = 0; i < ROUNDS; i++) {
    bare.push(await load(bareTarget.url, SECONDS));
    scaler.push(await load(scalerTarget.url, SECONDS));
    receiver.push(await load(scalerTarget.url, SECONDS, UNMATCHED));
    deferred.push(await load(deferredTarget.url, SECONDS));
  }
} finally {
  bareTarget.child.kill();
  deferredTarget.child.kill();
  scalerTarget.child.kill();
}
const b = summary(bare);
const d = summary(deferred);
const s = summary(scaler);
const r = summary(receiver);
const ratio = s.rps / b.rps;
const line = (name: string, f: ReturnType<typeof summary>) =>
  `${name.padEnd(42)} ${String(f.rps).padStart(6)} req/s, p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms (non-2xx ${f.non2xx}, errors ${f.errors})`;
console.log(
  `${CONNECTIONS} connections, ${ROUNDS} x ${SECONDS} s each, ${BODY.length}-byte signed workflow_job`,
);
console.log(line('bare node:http (HMAC + JSON.parse):', b));
console.log(line('ci-scaler serve (disabled pool):', s));
console.log(line('  same, labels of no pool (receiver):', r));
console.log(line('bare, answering in the check phase too:', d));
console.log(
  `receiver alone ${(r.rps / b.rps).toFixed(2)}x bare; with the fast path: ratio ${ratio.toFixed(2)}x bare throughput (goal >= 0.8x: ${ratio >= 0.8 ? 'met' : 'NOT met'}); p99 ${s.p99.toFixed(1)} ms (goal < 25 ms: ${s.p99 < 25 ? 'met' : 'NOT met'})`,
);
// ci-scaler answers in the check phase (node-webhook.ts): the bare server doing the same
// says how much of the ratio is that, and what the receiver and engine cost on top.
console.log(
  `  against the bare server that also answers in the check phase: ${(s.rps / d.rps).toFixed(2)}x (receiver alone ${(r.rps / d.rps).toFixed(2)}x)`,
);

let docker: Awaited<ReturnType<typeof webhookToRunning>> | { skipped: string };
const availability = dockerAvailability();
if (process.env['BENCH_DOCKER'] === '0') docker = { skipped: 'BENCH_DOCKER=0' };
else if (!availability.ok) docker = { skipped: availability.reason };
else {
  docker = await webhookToRunning(Number(process.env['BENCH_RUNS'] ?? 10));
  console.log(
    `bare dockerode create + start:        median ${docker.bare.median.toFixed(0)} ms, p95 ${docker.bare.p95.toFixed(0)} ms`,
  );
  console.log(
    `webhook received -> container running: median ${docker.webhook.median.toFixed(0)} ms, p95 ${docker.webhook.p95.toFixed(0)} ms (${docker.runs} runs)`,
  );
}
if ('skipped' in docker) console.log(`webhook -> container running: skipped (${docker.skipped})`);

await mkdir(new URL('results/', import.meta.url), { recursive: true });
await writeFile(
  new URL('results/server.json', import.meta.url),
  `${JSON.stringify({ connections: CONNECTIONS, seconds: SECONDS, rounds: ROUNDS, bytes: BODY.length, bare: b, bareDeferred: d, scaler: s, receiverOnly: r, ratio, receiverRatio: r.rps / b.rps, deferredRatio: s.rps / d.rps, docker }, null, 2)}\n`,
);
