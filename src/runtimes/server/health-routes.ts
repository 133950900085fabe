import { errorMessage } from '../../core/errors.js';
import { Hono } from 'hono';
import { raceTimeout } from './background-tasks.js';
import type { ServerContext } from './context.js';

/** A key no one writes: reading it proves the store answers, without touching real state. */
export const READINESS_PROBE_KEY = 'server/readiness-probe';

export interface HealthOptions {
  /** How long /readyz waits for the state store. */
  readonly probeTimeoutMs?: number;
}

async function storeAnswers(ctx: ServerContext, timeoutMs: number): Promise<string | undefined> {
  let failure: string | undefined;
  const probe = ctx.built.store.get(READINESS_PROBE_KEY).catch((err: unknown) => {
    failure = errorMessage(err);
  });
  if (!(await raceTimeout([probe], timeoutMs))) return `no answer within ${timeoutMs} ms`;
  return failure;
}

/**
 * GET /healthz: the process lives (a liveness probe restarts it otherwise).
 * GET /readyz: the server can take webhooks — the config is loaded (it is, once this
 * runs) and the state store answers. A failing pool does not make it unready: taking the
 * receiver out of rotation would lose the events of the healthy pools too; a pool's
 * trouble shows in /api and the metrics.
 */
export function healthRoutes(ctx: ServerContext, options: HealthOptions = {}): Hono {
  const timeoutMs = options.probeTimeoutMs ?? 2_000;
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const failure = await storeAnswers(ctx, timeoutMs);
    if (failure === undefined) return c.json({ status: 'ready' });
    ctx.logger.warn(`not ready: state store (${ctx.built.store.type}): ${failure}`);
    // The detail goes to the log only: an unauthenticated caller learns nothing of the backend.
    return c.json({ status: 'not ready', reason: 'state store unreachable' }, 503);
  });
  return app;
}
