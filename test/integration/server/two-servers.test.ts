/**
 * Two webhook servers on one DynamoDB table (dynalite), serving the same pool of one CI
 * system and one machine host: GitHub delivers every `queued` event to both, both
 * reconcile at the same time, and still no job is launched for twice and the pool never
 * holds more than `max` workers (issue 7).
 */
import { sign } from '@octokit/webhooks-methods';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/index.js';
import { Engine } from '../../../src/engine/engine.js';
import type { LaunchSpec, Machine } from '../../../src/providers/provider.js';
import { createServerApp } from '../../../src/runtimes/server/app.js';
import { BackgroundTasks } from '../../../src/runtimes/server/background-tasks.js';
import { StatusBoard, type ServerContext } from '../../../src/runtimes/server/context.js';
import { startNodeServer, type RunningServer } from '../../../src/runtimes/server/node-server.js';
import { createDynamoDbStore } from '../../../src/state/dynamodb/dynamodb-store.js';
import { silentLogger } from '../../../src/telemetry/logger.js';
import { FakeCi, FakeHost } from '../../fakes/memory-ci.js';
import { FAKE_AWS_ENV, startDynalite, type Dynalite } from '../../support/dynalite.js';
import { recordingMetrics } from '../../support/recording-metrics.js';
import { workflowJobExamples } from '../../support/webhook-examples.js';
import { policy } from '../../unit/core/builders.js';

const SECRET = 'two-servers-whsec-31c9';
const MAX = 4;
const JOBS = 12;
const LABELS = ['self-hosted', 'linux'];

/** The one machine host both servers launch on, with the most machines it ever held. */
class PeakHost extends FakeHost {
  peak = 0;
  override async launch(spec: LaunchSpec): Promise<Machine> {
    const machine = await super.launch(spec);
    const alive = [...this.machines.values()].filter((m) => m.state !== 'exited').length;
    this.peak = Math.max(this.peak, alive);
    return machine;
  }
}

interface Server {
  readonly engine: Engine;
  readonly url: string;
  readonly background: BackgroundTasks;
  close(): Promise<void>;
}

let dynalite: Dynalite;
let ci: FakeCi;
let host: PeakHost;
let servers: Server[] = [];
const answers: number[] = [];

async function startOne(table: string, owner: string): Promise<Server> {
  const store = createDynamoDbStore({
    table,
    clock: Date.now,
    endpoint: dynalite.endpoint,
    env: FAKE_AWS_ENV,
  });
  const pools = [{ policy: policy({ name: 'linux', labels: LABELS, max: MAX }), source: ci, provider: host }];
  const engine = new Engine({ pools, store, clock: Date.now, owner, logger: silentLogger });
  const config = validateConfig(
    {
      pools: [
        {
          name: 'linux',
          source: { type: 'github', owner: 'acme', repo: 'app', labels: LABELS },
          provider: { type: 'memory' },
          max: MAX,
        },
      ],
      state: { type: 'memory' },
      server: { webhookSecret: '${env:WH}' },
    },
    { WH: SECRET },
  );
  const ctx: ServerContext = {
    config,
    built: { engine, pools, store, close: () => store.close() },
    logger: silentLogger,
    clock: Date.now,
    metrics: recordingMetrics(),
    status: new StatusBoard(),
  };
  const background = new BackgroundTasks({ logger: silentLogger });
  const { app, webhook } = createServerApp(ctx, { background });
  const server: RunningServer = await startNodeServer(
    { app, webhook, logger: silentLogger },
    { port: 0, host: '127.0.0.1' },
  );
  return {
    engine,
    url: server.url,
    background,
    async close() {
      await server.close(2_000);
      await background.drain(5_000);
      await store.close();
    },
  };
}

function queuedPayload(id: number): string {
  const example = workflowJobExamples().find((e) => e.action === 'queued');
  if (example === undefined) throw new Error('no queued example');
  const wj = example.workflow_job as Record<string, unknown>;
  return JSON.stringify({ ...example, workflow_job: { ...wj, id, labels: LABELS, runner_name: null } });
}

async function deliver(server: Server, body: string, delivery: string): Promise<void> {
  const res = await fetch(`${server.url}/webhook`, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'workflow_job',
      'x-github-delivery': delivery,
      'x-hub-signature-256': await sign(SECRET, body),
    },
  });
  answers.push(res.status);
}

/** Both servers reconcile at once, as their loops would. */
async function reconcileBoth(): Promise<void> {
  await Promise.all(servers.map((s) => s.engine.reconcile('linux')));
}

beforeAll(async () => {
  dynalite = await startDynalite();
  const table = await dynalite.createStateTable();
  ci = new FakeCi();
  host = new PeakHost(Date.now);
  servers = [await startOne(table, 'server-a'), await startOne(table, 'server-b')];
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await dynalite.close();
});

describe('two servers on one DynamoDB table', () => {
  it('a burst of webhooks to both and concurrent reconciles: no job launched twice, never above max', async () => {
    const ids = Array.from({ length: JOBS }, (_, i) => 9000 + i);
    for (const id of ids) ci.queue(String(id), LABELS);
    // Every delivery reaches both servers (two hooks, or a retried delivery) amid reconciles.
    await Promise.all([
      ...ids.flatMap((id) => servers.map((s, i) => deliver(s, queuedPayload(id), `d-${id}-${i}`))),
      reconcileBoth(),
      reconcileBoth(),
    ]);
    await Promise.all(servers.map((s) => s.background.drain(10_000)));
    expect(answers.every((a) => a === 202)).toBe(true);
    // Work through the queue: runners take their jobs, finish, exit; both keep reconciling.
    for (let round = 0; round < 20 && ci.jobs.size > 0; round++) {
      for (const [name, m] of host.machines) {
        if (m.state === 'exited' || m.jobId === undefined) continue;
        const job = ci.jobs.get(m.jobId);
        if (job?.state === 'running') {
          ci.complete(m.jobId);
          host.exit(name, 0);
        } else if (job !== undefined) ci.start(name, m.jobId);
      }
      await reconcileBoth();
    }
    expect(ci.jobs.size).toBe(0);
    const launchesPerJob = new Map<string, number>();
    for (const spec of host.launched)
      launchesPerJob.set(spec.jobId ?? spec.name, (launchesPerJob.get(spec.jobId ?? spec.name) ?? 0) + 1);
    expect([...launchesPerJob.entries()].filter(([, n]) => n > 1)).toEqual([]);
    expect(launchesPerJob.size).toBe(JOBS);
    expect(host.peak).toBeLessThanOrEqual(MAX);
    expect(host.peak).toBe(MAX);
  });
});
