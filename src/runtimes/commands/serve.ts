import type { Config } from '../../config/index.js';
import { ConfigError, InputError } from '../../core/errors.js';
import type { Logger } from '../../telemetry/logger.js';
import { LOG_LEVEL_ENV, parseLogLevel, pinoLogger } from '../../telemetry/pino-logger.js';
import { createServerMetrics } from '../../telemetry/prometheus-metrics.js';
import { buildEngine } from '../build-engine.js';
import { loadConfig, processBuildDeps, secretSink, type SecretSink } from '../cli-context.js';
import { EXIT, type CliIo } from '../cli-io.js';
import { createServerApp } from '../server/app.js';
import { BackgroundTasks } from '../server/background-tasks.js';
import { StatusBoard, type ServerContext } from '../server/context.js';
import { startNodeServer, type ListenAddress, type RunningServer } from '../server/node-server.js';
import { loopRequests, reconcileLoop, type ReconcileLoop } from '../server/reconcile-loop.js';

export interface ServeOptions {
  readonly config: string;
  readonly port?: string;
  readonly host?: string;
}

/** Everything on shutdown together (closing, in-flight reconciles, accepted webhooks) gets this long. */
const SHUTDOWN_MS = 10_000;

/**
 * Resolves with the signal's name on the first SIGTERM or SIGINT. The handlers are removed
 * then, so a second signal during a slow shutdown stops the process the default way.
 */
export function processStopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve(signal);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}

/** Flags win over `server.port` / `server.host`; serving needs a webhook secret. */
export function listenAddress(config: Config, opts: ServeOptions): ListenAddress {
  if (config.server.webhookSecret === undefined) {
    throw new ConfigError([
      {
        path: 'server.webhookSecret',
        message:
          'required by "ci-scaler serve": webhooks cannot be verified without it (write it as ${env:NAME})',
      },
    ]);
  }
  let port = config.server.port;
  if (opts.port !== undefined) {
    port = Number(opts.port);
    if (!/^\d+$/.test(opts.port) || port > 65535)
      throw new InputError('invalid arguments', [
        { path: '--port', message: `must be an integer from 0 to 65535 (got "${opts.port}")` },
      ]);
  }
  if (opts.host === '')
    throw new InputError('invalid arguments', [{ path: '--host', message: 'must not be empty' }]);
  return { port, host: opts.host ?? config.server.host };
}

interface Running {
  readonly ctx: ServerContext;
  readonly server: RunningServer;
  readonly loop: ReconcileLoop;
  readonly background: BackgroundTasks;
}

async function start(
  io: CliIo,
  config: Config,
  address: ListenAddress,
  logger: Logger,
  secrets: SecretSink,
): Promise<Running> {
  const built = await buildEngine(config, processBuildDeps(io, logger, secrets));
  const shared: ServerContext = {
    config,
    built,
    logger,
    clock: io.clock,
    metrics: createServerMetrics(),
    status: new StatusBoard(),
  };
  const loop = reconcileLoop(shared);
  const ctx: ServerContext = { ...shared, ...loopRequests(loop) };
  const background = new BackgroundTasks({ logger });
  let server: RunningServer;
  try {
    server = await startNodeServer({ ...createServerApp(ctx, { background }), logger }, address);
  } catch (err) {
    await built.close();
    throw err;
  }
  loop.start();
  return { ctx, server, loop, background };
}

/** Stop accepting, finish in-flight reconciles and accepted webhooks (bounded), close the store. */
async function shutdown(r: Running): Promise<void> {
  const deadline = Date.now() + SHUTDOWN_MS;
  const left = () => Math.max(0, deadline - Date.now());
  await r.server.close(left());
  const reconciles = await r.loop.stop(left());
  const webhooks = await r.background.drain(left());
  if (!reconciles || !webhooks)
    r.ctx.logger.warn(`stopped after ${SHUTDOWN_MS} ms with work unfinished; the next start repairs it`, {
      reconciles: reconciles ? 'finished' : 'cut short',
      webhooks: webhooks ? 'finished' : 'cut short',
    });
  await r.ctx.built.close();
}

/**
 * `ci-scaler serve`: the webhook server and a reconcile loop per pool, until SIGTERM or
 * SIGINT (or `io.stopSignal`). Logs are JSON lines on stdout, level from CI_SCALER_LOG_LEVEL.
 */
export async function serveCommand(io: CliIo, opts: ServeOptions): Promise<number> {
  const config = await loadConfig(io, opts.config);
  const address = listenAddress(config, opts);
  const secrets = secretSink(io.clock);
  const logger = pinoLogger({
    level: parseLogLevel(io.env[LOG_LEVEL_ENV]),
    secrets: secrets.all,
    write: io.stdout,
    clock: io.clock,
  });
  const running = await start(io, config, address, logger, secrets);
  // Until here a signal stops the process the default way: nothing has started to drain.
  const stopped = (io.stopSignal ?? processStopSignal)();
  logger.info(`listening on ${running.server.url}`, {
    url: running.server.url,
    pools: config.pools.map((p) => p.name),
  });
  const signal = await stopped;
  logger.info(`${signal}: shutting down`, { signal });
  await shutdown(running);
  logger.info('stopped');
  return EXIT.ok;
}
