/**
 * The two servers the webhook bench compares, each run in its own child process so the
 * load generator does not share their event loop. `tsx bench/server-targets.ts bare|bare-deferred|scaler`
 * listens on a free port and sends `{ port }` to its parent over IPC.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { validateConfig } from '../src/config/index.js';
import { buildEngine } from '../src/runtimes/build-engine.js';
import { createServerApp } from '../src/runtimes/server/app.js';
import { BackgroundTasks } from '../src/runtimes/server/background-tasks.js';
import { StatusBoard, type ServerContext } from '../src/runtimes/server/context.js';
import { startNodeServer } from '../src/runtimes/server/node-server.js';
import { pinoLogger } from '../src/telemetry/pino-logger.js';
import { createServerMetrics } from '../src/telemetry/prometheus-metrics.js';

export const BENCH_SECRET = 'bench-webhook-secret';

/**
 * What a minimal receiver must do: HMAC over the raw bytes, compared in constant time, then
 * parse. `deferred`: it answers in the loop's check phase, as ci-scaler's server does
 * (node-webhook.ts), to show what that alone is worth.
 */
function bare(deferred: boolean): Promise<number> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const expected = Buffer.from(`sha256=${createHmac('sha256', BENCH_SECRET).update(body).digest('hex')}`);
      const given = Buffer.from(String(req.headers['x-hub-signature-256'] ?? ''));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res.writeHead(401).end();
        return;
      }
      JSON.parse(body.toString('utf8'));
      const answer = () =>
        res.writeHead(202, { 'content-type': 'application/json' }).end('{"status":"accepted"}');
      if (deferred) setImmediate(answer);
      else answer();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      resolve((server.address() as AddressInfo).port);
    }),
  );
}

/** The real server: engine, GitHub source, memory provider and store; the pool disabled so nothing launches. */
async function scaler(): Promise<number> {
  const config = validateConfig(
    {
      pools: [
        {
          name: 'bench',
          source: {
            type: 'github',
            owner: 'acme',
            repo: 'app',
            labels: ['self-hosted', 'linux'],
            baseUrl: 'http://127.0.0.1:9',
            token: 'ghp_bench',
          },
          provider: { type: 'memory' },
          mode: 'disabled',
        },
      ],
      state: { type: 'memory' },
      server: { webhookSecret: BENCH_SECRET },
    },
    {},
  );
  const secrets = new Set<string>();
  const logger = pinoLogger({ level: 'warn', secrets: () => [...secrets] });
  const built = await buildEngine(config, {
    env: {},
    cwd: process.cwd(),
    clock: Date.now,
    logger,
    owner: 'bench',
    maskSecret: (s) => secrets.add(s),
  });
  const ctx: ServerContext = {
    config,
    built,
    logger,
    clock: Date.now,
    metrics: createServerMetrics(),
    status: new StatusBoard(),
  };
  const served = createServerApp(ctx, { background: new BackgroundTasks({ logger }) });
  return (await startNodeServer({ ...served, logger }, { port: 0, host: '127.0.0.1' })).port;
}

const kind = process.argv[2];
if (kind === 'bare' || kind === 'bare-deferred' || kind === 'scaler') {
  const port = await (kind === 'scaler' ? scaler() : bare(kind === 'bare-deferred'));
  process.send?.({ port });
}
// Exit through process.exit on SIGTERM, so --cpu-prof can write its profile.
process.on('SIGTERM', () => process.exit(0));
