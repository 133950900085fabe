/**
 * A webhook server on 127.0.0.1 and a random port, built the way `serve` builds it (real
 * engine, GitHub source, memory provider and store, pino logger), with recorded metrics
 * and captured log lines.
 */
import { sign } from '@octokit/webhooks-methods';
import { validateConfig } from '../../../src/config/index.js';
import { buildEngine, type Built } from '../../../src/runtimes/build-engine.js';
import { createServerApp } from '../../../src/runtimes/server/app.js';
import { BackgroundTasks } from '../../../src/runtimes/server/background-tasks.js';
import { StatusBoard, type ServerContext } from '../../../src/runtimes/server/context.js';
import { startNodeServer, type RunningServer } from '../../../src/runtimes/server/node-server.js';
import { loopRequests, reconcileLoop } from '../../../src/runtimes/server/reconcile-loop.js';
import type { StateStore } from '../../../src/state/store.js';
import { pinoLogger } from '../../../src/telemetry/pino-logger.js';
import { recordingMetrics, type RecordingMetrics } from '../../support/recording-metrics.js';

/** Planted secrets: none of them may ever appear in a log line. */
export const SECRETS = {
  webhook: 'whsec-current-7f3a9c',
  previous: 'whsec-previous-41b2d8',
  api: 'api-token-c0ffee-5e',
  github: 'ghp_server_test_b1a5',
  awsEvents: 'aws-events-secret-9d1e77',
} as const;

export const ENV = {
  WH_SECRET: SECRETS.webhook,
  WH_PREVIOUS: SECRETS.previous,
  API_TOKEN: SECRETS.api,
  GH_TOKEN: SECRETS.github,
  AWS_EVENTS: SECRETS.awsEvents,
};

export interface ServerOptions {
  /** Base URL of the GitHub the pool's source talks to (default: nothing listens). */
  readonly githubUrl?: string;
  readonly pool?: Record<string, unknown>;
  /** Replaces the state store the routes see (readiness tests). */
  readonly store?: (real: StateStore) => StateStore;
  /** Who answers POST /webhook: the Node server's direct route (default) or the Hono route. */
  readonly webhookVia?: 'node' | 'hono';
  /** Runs the reconcile loop as `serve` does, with webhook results able to wake it. */
  readonly loop?: boolean;
}

export interface TestServer {
  readonly url: string;
  readonly ctx: ServerContext;
  readonly built: Built;
  readonly metrics: RecordingMetrics;
  readonly logs: string[];
  readonly background: BackgroundTasks;
  /** Every secret the process was told to mask: config secrets and JIT configs. */
  readonly secrets: () => readonly string[];
  post(body: string, headers: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions = {}): Promise<TestServer> {
  const config = validateConfig(
    {
      pools: [
        {
          name: 'srv',
          source: {
            type: 'github',
            owner: 'acme',
            repo: 'app',
            labels: ['self-hosted', 'linux'],
            baseUrl: options.githubUrl ?? 'http://127.0.0.1:9',
            token: '${env:GH_TOKEN}',
          },
          provider: { type: 'memory' },
          policy: 'aggressive',
          ...options.pool,
        },
      ],
      state: { type: 'memory' },
      server: {
        webhookSecret: '${env:WH_SECRET}',
        previousWebhookSecrets: ['${env:WH_PREVIOUS}'],
        apiToken: '${env:API_TOKEN}',
        awsEventsSecret: '${env:AWS_EVENTS}',
      },
    },
    ENV,
  );
  const logs: string[] = [];
  const masked = new Set<string>();
  const logger = pinoLogger({ level: 'debug', secrets: () => [...masked], write: (l) => logs.push(l) });
  const built = await buildEngine(config, {
    env: ENV,
    cwd: process.cwd(),
    clock: Date.now,
    logger,
    owner: 'server-test',
    maskSecret: (s) => masked.add(s),
  });
  const metrics = recordingMetrics();
  const routesBuilt = options.store === undefined ? built : { ...built, store: options.store(built.store) };
  const shared: ServerContext = {
    config,
    built: routesBuilt,
    logger,
    clock: Date.now,
    metrics,
    status: new StatusBoard(),
  };
  // The loop's first run comes at the end of the first tenth of its interval, not at random.
  const loop = options.loop === true ? reconcileLoop(shared, { random: () => 0.999 }) : undefined;
  const ctx: ServerContext = loop === undefined ? shared : { ...shared, ...loopRequests(loop) };
  const background = new BackgroundTasks({ logger });
  const { app, webhook } = createServerApp(ctx, { background, probeTimeoutMs: 300 });
  const served = options.webhookVia === 'hono' ? { app } : { app, webhook, logger };
  const server: RunningServer = await startNodeServer(served, { port: 0, host: '127.0.0.1' });
  loop?.start();
  return {
    url: server.url,
    ctx,
    built,
    metrics,
    logs,
    background,
    secrets: () => [...masked],
    post: (body, headers) => fetch(`${server.url}/webhook`, { method: 'POST', body, headers }),
    async close() {
      await server.close(2_000);
      await loop?.stop(5_000);
      await background.drain(5_000);
      await built.close();
    },
  };
}

let seq = 0;

/** Headers GitHub sends with a delivery, signed with `secret`. */
export async function signed(
  body: string,
  event = 'workflow_job',
  secret: string = SECRETS.webhook,
  delivery = `test-delivery-${++seq}-${Date.now()}`,
): Promise<Record<string, string>> {
  return {
    'content-type': 'application/json',
    'x-github-event': event,
    'x-github-delivery': delivery,
    'x-hub-signature-256': await sign(secret, body),
  };
}

export async function until(
  done: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
