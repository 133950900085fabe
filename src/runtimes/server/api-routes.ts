import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ConflictError, InputError, StateError } from '../../core/errors.js';
import {
  clearOverride,
  describeChange,
  setOverride,
  type OverrideChange,
  type PoolOverride,
} from '../../engine/overrides.js';
import { clearBody, modeBody, parseBody, parseLimit, policyBody, scaleBody } from './api-bodies.js';
import { bearerAuth } from './bearer-auth.js';
import type { ServerContext } from './context.js';
import {
  describePool,
  findPool,
  historyOf,
  knownPools,
  poolNames,
  type KnownPool,
  type PoolView,
} from './pool-view.js';

/** Control API bodies are a few fields; anything larger is a mistake or an attack. */
const MAX_BODY_BYTES = 64 * 1024;

class NotFoundError extends Error {
  readonly status = 404;
}

function poolOf(ctx: ServerContext, c: Context): KnownPool {
  const name = c.req.param('pool') ?? '';
  const known = findPool(ctx, name);
  if (known === undefined) {
    throw new NotFoundError(`no pool ${JSON.stringify(name)} (pools: ${poolNames(ctx).join(', ')})`);
  }
  return known;
}

function aboveMax(field: string, max: number): InputError {
  return new InputError('invalid request body', [{ path: field, message: `must be <= max (${max})` }]);
}

export interface ChangeResponse {
  /** What changed, as history records it. */
  readonly change: string;
  readonly override: PoolOverride | null;
  readonly pool: PoolView;
  /** When the change shows: at once if the server could ask for a reconcile, else the next one. */
  readonly applies: 'now' | 'next reconcile';
  readonly note?: string;
}

async function change(
  ctx: ServerContext,
  known: KnownPool,
  what: OverrideChange,
  meta: { readonly reason: string; readonly by?: string | undefined },
): Promise<ChangeResponse> {
  const name = known.runtime.policy.name;
  const target = what.kind === 'mode' ? what.manualTarget : undefined;
  const override = await setOverride(ctx.built.store, name, what, {
    reason: meta.reason,
    ...(meta.by !== undefined && { by: meta.by }),
    now: ctx.clock(),
    desired: target ?? ctx.status.get(name).decision?.desired ?? 0,
  });
  ctx.logger.info(`pool ${name}: override ${describeChange(what)}: ${meta.reason}`, { pool: name });
  ctx.requestReconcile?.(name);
  const pool = await describePool(ctx, known);
  const busy = pool.workers?.busy ?? 0;
  // Rules 3 and 6: a manual target below the busy count never removes a busy worker.
  const note =
    target !== undefined && target < busy
      ? `${busy} workers are busy and are never removed: desired stays at least ${busy} until they finish`
      : undefined;
  return {
    change: `override ${describeChange(what)}`,
    override,
    pool,
    applies: ctx.requestReconcile === undefined ? 'next reconcile' : 'now',
    ...(note !== undefined && { note }),
  };
}

function statusOf(err: Error): 400 | 404 | 409 | 503 | 500 {
  if (err instanceof InputError) return 400;
  if (err instanceof NotFoundError) return 404;
  if (err instanceof ConflictError) return 409;
  if (err instanceof StateError) return 503;
  return 500;
}

function errorBody(err: Error, status: number): Record<string, unknown> {
  if (err instanceof InputError) {
    const problems = err.problems.map((p) => `${p.path}: ${p.message}`).join('; ');
    const what = err.message.split(':\n')[0] ?? 'invalid request';
    return { error: `${what}: ${problems}`, problems: err.problems };
  }
  // Unknown errors: a generic answer; the detail goes to the log.
  return { error: status === 500 ? 'internal error' : err.message };
}

function readRoutes(ctx: ServerContext, app: Hono): void {
  app.get('/pools', async (c) => {
    const pools = knownPools(ctx);
    return c.json({ pools: await Promise.all(pools.map((known) => describePool(ctx, known))) });
  });
  app.get('/pools/:pool', async (c) => c.json(await describePool(ctx, poolOf(ctx, c))));
  app.get('/pools/:pool/history', async (c) => {
    const known = poolOf(ctx, c);
    const limit = parseLimit(c.req.query('limit'));
    const entries = await historyOf(ctx, known.runtime.policy.name, limit);
    return c.json({ pool: known.runtime.policy.name, limit, entries });
  });
}

function writeRoutes(ctx: ServerContext, app: Hono): void {
  app.post('/pools/:pool/mode', async (c) => {
    const known = poolOf(ctx, c);
    const body = parseBody(modeBody, await c.req.text());
    const max = known.runtime.policy.max;
    if (body.target !== undefined && body.target > max) throw aboveMax('target', max);
    const what: OverrideChange = {
      kind: 'mode',
      mode: body.mode,
      ...(body.target !== undefined && { manualTarget: body.target }),
    };
    return c.json(await change(ctx, known, what, body));
  });
  app.post('/pools/:pool/policy', async (c) => {
    const known = poolOf(ctx, c);
    const body = parseBody(policyBody, await c.req.text());
    return c.json(await change(ctx, known, { kind: 'policy', policy: body.policy }, body));
  });
  app.post('/pools/:pool/scale', async (c) => {
    const known = poolOf(ctx, c);
    const body = parseBody(scaleBody, await c.req.text());
    const max = known.runtime.policy.max;
    if (body.desired > max) throw aboveMax('desired', max);
    const what: OverrideChange = { kind: 'mode', mode: 'manual', manualTarget: body.desired };
    return c.json(await change(ctx, known, what, body));
  });
  app.delete('/pools/:pool/override', async (c) => {
    const known = poolOf(ctx, c);
    const body = parseBody(clearBody, await c.req.text());
    const name = known.runtime.policy.name;
    const reason = body.reason ?? 'cleared through the control API';
    const cleared = await clearOverride(ctx.built.store, name, {
      reason,
      ...(body.by !== undefined && { by: body.by }),
      now: ctx.clock(),
      desired: ctx.status.get(name).decision?.desired ?? 0,
    });
    if (cleared.cleared) {
      ctx.logger.info(`pool ${name}: override cleared: ${reason}`, { pool: name });
      ctx.requestReconcile?.(name);
    }
    return c.json({ ...cleared, previous: cleared.previous ?? null, pool: await describePool(ctx, known) });
  });
}

/**
 * The control API, mounted under /api. Every route needs `Authorization: Bearer
 * <server.apiToken>`; overrides set here persist in the state store and win over the
 * config until cleared (ARCHITECTURE.md "Precedence").
 */
export function apiRoutes(ctx: ServerContext): Hono {
  const app = new Hono();
  const auth = bearerAuth(ctx.config.server.apiToken);
  // Mounted under /api, '*' covers /api/... and '/' covers /api itself.
  app.use('/', auth);
  app.use('*', auth);
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => c.json({ error: `request body larger than ${MAX_BODY_BYTES} bytes` }, 413),
    }),
  );
  readRoutes(ctx, app);
  writeRoutes(ctx, app);
  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((err, c) => {
    const status = statusOf(err);
    if (status >= 500)
      ctx.logger.error(`${c.req.method} ${c.req.path} failed: ${err.message}`, { stack: err.stack });
    return c.json(errorBody(err, status), status);
  });
  return app;
}
