/**
 * A ServerContext built the way `serve` builds it (validated config, real engine, GitHub
 * source against FakeGitHub, memory provider and store, Prometheus metrics, a status
 * board), with the control API and status page mounted as the server mounts them.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { validateConfig } from '../../src/config/index.js';
import { countsOf } from '../../src/engine/counts.js';
import type { ReconcileResult } from '../../src/engine/engine.js';
import { buildEngine } from '../../src/runtimes/build-engine.js';
import { apiRoutes } from '../../src/runtimes/server/api-routes.js';
import { StatusBoard, type ServerContext } from '../../src/runtimes/server/context.js';
import { statusRoutes } from '../../src/runtimes/server/status-page.js';
import { createServerMetrics } from '../../src/telemetry/prometheus-metrics.js';
import { FakeGitHub } from '../fakes/github/index.js';
import { captureLogger } from './capture-logger.js';

export const API_TOKEN = 'api-token-5f1e-test';
const GH_TOKEN = 'ghp_api_harness';
export const LABELS = ['self-hosted', 'linux'];

export interface HarnessOptions {
  /** `null`: no server.apiToken in the config. */
  readonly apiToken?: string | null;
  /** Extra keys of the first pool. */
  readonly pool?: Record<string, unknown>;
  /** More pools, each sharing the same source. */
  readonly morePools?: readonly Record<string, unknown>[];
  readonly clock?: () => number;
  readonly requestReconcile?: (pool: string) => void;
}

export interface ApiHarness {
  readonly ctx: ServerContext;
  readonly app: Hono;
  readonly gh: FakeGitHub;
  readonly logs: ReturnType<typeof captureLogger>;
  /** A full reconcile recorded the way the server's loop records it. */
  reconcile(pool: string): Promise<ReconcileResult>;
  call(method: string, path: string, body?: unknown, token?: string | null): Promise<Response>;
  close(): Promise<void>;
}

function source(gh: FakeGitHub) {
  return {
    type: 'github',
    owner: 'acme',
    repo: 'app',
    labels: LABELS,
    baseUrl: gh.url,
    token: '${env:GH_TOKEN}',
  };
}

export async function apiHarness(options: HarnessOptions = {}): Promise<ApiHarness> {
  const gh = new FakeGitHub({ tokens: [GH_TOKEN], owner: 'acme', repos: ['app'] });
  await gh.start();
  const env = { GH_TOKEN, API_TOKEN: options.apiToken ?? '' };
  const config = validateConfig(
    {
      pools: [
        { name: 'linux', source: source(gh), provider: { type: 'memory' }, max: 4, ...options.pool },
        ...(options.morePools ?? []).map((p) => ({ source: source(gh), provider: { type: 'memory' }, ...p })),
      ],
      state: { type: 'memory' },
      server: options.apiToken === null ? {} : { apiToken: '${env:API_TOKEN}' },
    },
    env,
  );
  const clock = options.clock ?? Date.now;
  const logs = captureLogger();
  const built = await buildEngine(config, {
    env,
    cwd: process.cwd(),
    clock,
    logger: logs,
    owner: 'api-test',
    maskSecret: () => undefined,
  });
  const ctx: ServerContext = {
    config,
    built,
    logger: logs,
    clock,
    metrics: createServerMetrics({ defaultMetrics: false }),
    status: new StatusBoard(),
    ...(options.requestReconcile !== undefined && { requestReconcile: options.requestReconcile }),
  };
  const app = new Hono();
  app.route('/api', apiRoutes(ctx));
  app.route('/', statusRoutes(ctx));
  return {
    ctx,
    app,
    gh,
    logs,
    async reconcile(pool) {
      const result = await built.engine.reconcile(pool);
      ctx.status.record(pool, {
        at: new Date(clock()).toISOString(),
        result: result.result,
        apiCalls: result.apiCalls,
        ...(result.decision !== undefined && { decision: result.decision }),
        ...(result.observation !== undefined && { counts: countsOf(result.observation) }),
      });
      ctx.metrics.observeReconcile(pool, result);
      return result;
    },
    call(method, path, body, token = API_TOKEN) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token !== null) headers.authorization = `Bearer ${token}`;
      const init: RequestInit = { method, headers };
      if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
      return Promise.resolve(app.request(path, init));
    },
    async close() {
      await built.close();
      await gh.stop();
    },
  };
}

/** Serves the harness's app on 127.0.0.1 and a free port, for tests that want a real socket. */
export function listen(app: Hono): Promise<{ url: string; close(): Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => {
              done();
            });
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      });
    });
  });
}
