/**
 * End-to-end harness: the real engine, GitHub source (Octokit) and Docker provider,
 * against a fake GitHub and the test run's isolated dockerd. Runners are containers of the
 * busybox test image speaking docs/dev/fake-runner-protocol.md to the fake.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { verify } from '@octokit/webhooks-methods';
import type Dockerode from 'dockerode';
import { validateConfig } from '../../src/config/index.js';
import type { ReconcileResult } from '../../src/engine/engine.js';
import { buildEngine, type Built } from '../../src/runtimes/build-engine.js';
import { parseWorkflowJobEvent } from '../../src/sources/github/index.js';
import { FakeGitHub } from '../fakes/github/index.js';
import type { WebhookDelivery } from '../fakes/github/index.js';
import { captureLogger } from '../support/capture-logger.js';
import { removePoolContainers } from '../support/docker-cleanup.js';
import { dockerClient, sharedDockerd } from '../support/shared-dockerd.js';

const SECRET = 'e2e-webhook-secret';

export interface E2eOptions {
  readonly pool?: Record<string, unknown>;
  /** Deliver webhooks to the engine's fast path (default true). */
  readonly events?: boolean;
  /** Rewrites what reaches the engine: drop, duplicate or reorder deliveries. */
  readonly route?: (d: WebhookDelivery, handle: (d: WebhookDelivery) => Promise<void>) => Promise<void>;
  readonly stateFile?: string;
}

export interface E2e {
  readonly gh: FakeGitHub;
  readonly built: Built;
  readonly docker: Dockerode;
  readonly pool: string;
  readonly logs: ReturnType<typeof captureLogger>;
  reconcile(): Promise<ReconcileResult>;
  containers(): Promise<Dockerode.ContainerInfo[]>;
  /** Reconciles every `everyMs` (or only polls when 0) until `done` holds. */
  until(
    done: () => boolean | Promise<boolean>,
    what: string,
    options?: { timeoutMs?: number; everyMs?: number },
  ): Promise<void>;
  close(): Promise<void>;
}

export async function startE2e(options: E2eOptions = {}): Promise<E2e> {
  const daemon = await sharedDockerd();
  const docker = dockerClient(daemon);
  const gh = new FakeGitHub({ tokens: ['ghp_e2e'], owner: 'acme', repos: ['app'] });
  await gh.start();
  const pool = `e2e${randomBytes(3).toString('hex')}`;
  const statePath = options.stateFile ?? join(await mkdtemp(join(tmpdir(), 'ci-scaler-e2e-')), 'state.json');
  const config = validateConfig(
    {
      pools: [
        {
          name: pool,
          source: {
            type: 'github',
            owner: 'acme',
            repo: 'app',
            labels: ['self-hosted', 'linux'],
            baseUrl: gh.url,
            token: 'ghp_e2e',
          },
          provider: {
            type: 'docker',
            image: daemon.image,
            host: daemon.host,
            networkMode: 'host',
            stopTimeout: '5s',
          },
          bootTimeout: '30s',
          policy: 'aggressive',
          ...options.pool,
        },
      ],
      state: { type: 'file', path: statePath },
    },
    {},
  );
  const logs = captureLogger();
  const secrets: string[] = [];
  const built = await buildEngine(config, {
    env: {},
    cwd: process.cwd(),
    clock: Date.now,
    logger: logs,
    owner: `e2e-${pool}`,
    maskSecret: (s) => secrets.push(s),
  });
  const handle = async (d: WebhookDelivery): Promise<void> => {
    if (!(await verify(SECRET, d.body, d.headers['X-Hub-Signature-256'] ?? '')))
      throw new Error('bad signature');
    await built.engine.handleJobEvent(parseWorkflowJobEvent(JSON.parse(d.body)));
  };
  if (options.events !== false) {
    gh.webhooks = { secret: SECRET, deliver: (d) => (options.route ? options.route(d, handle) : handle(d)) };
  }
  const containers = () =>
    docker.listContainers({ all: true, filters: { label: [`ci-scaler.pool=${pool}`] } });
  const reconcile = () => built.engine.reconcile(pool);
  return {
    gh,
    built,
    docker,
    pool,
    logs,
    reconcile,
    containers,
    async until(done, what, { timeoutMs = 45_000, everyMs = 1000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      let last = 0;
      while (!(await done())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        if (everyMs > 0 && Date.now() - last >= everyMs) {
          last = Date.now();
          await reconcile();
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async close() {
      await gh.webhooksDelivered();
      await removePoolContainers(docker, [pool]);
      await built.close();
      await gh.stop();
    },
  };
}

/** Every job that started also finished: no runner was taken away while it ran a job. */
export function noBusyRunnerKilled(gh: FakeGitHub): string[] {
  return gh.unfinishedJobs().map((j) => `job ${j.id} on ${j.runnerName ?? '?'} started and never completed`);
}

export const allCompleted = (gh: FakeGitHub): boolean =>
  gh.jobs.length > 0 && gh.jobs.every((j) => j.status === 'completed');
