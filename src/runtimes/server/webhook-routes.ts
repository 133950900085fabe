import { Hono, type Context } from 'hono';
import { InputError } from '../../core/errors.js';
import { parseWorkflowJobEvent, type WorkflowJobEvent } from '../../sources/github/workflow-job-event.js';
import type { WebhookOutcome } from '../../telemetry/metrics.js';
import type { BackgroundTasks } from './background-tasks.js';
import type { ServerContext } from './context.js';
import { DeliveryDedupe } from './delivery-dedupe.js';
import { handleWorkflowJob } from './webhook-event.js';
import { readLimitedBody } from './limited-body.js';
import { signatureCheck, type SignatureCheck } from './webhook-signature.js';

/** GitHub caps payloads at 25 MB; a workflow_job delivery is a few KB. */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

export interface WebhookRouteOptions {
  readonly background: BackgroundTasks;
  readonly maxBodyBytes?: number;
  readonly dedupeSize?: number;
}

type DeliveryHeaders = {
  readonly delivery: string | undefined;
  readonly event: string | undefined;
};

/** Actions of `workflow_job` the engine knows; a new one GitHub adds is ignored, not refused. */
const JOB_ACTIONS: ReadonlySet<unknown> = new Set(['queued', 'waiting', 'in_progress', 'completed']);

/** GitHub's delivery ids are UUIDs; a longer value is not remembered, so it cannot fill memory. */
const MAX_DELIVERY_ID = 128;

// ignoreBOM keeps a leading BOM in the text, so the HMAC covers exactly the bytes sent.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * POST /webhook: checks in the order that costs an unauthenticated sender the least —
 * size (413, before or while reading), signature over the raw bytes (401), event type (202
 * ignored), JSON (400), payload shape (400), redelivery (202 duplicate) — then answers
 * 202 and hands the event to the engine in the background. GitHub gives up on a delivery
 * that takes longer than 10 s, so nothing here waits for the engine.
 * https://docs.github.com/en/webhooks/using-webhooks/best-practices-for-using-webhooks#respond-within-10-seconds
 */
export function webhookRoutes(ctx: ServerContext, options: WebhookRouteOptions): Hono {
  const secret = ctx.config.server.webhookSecret;
  const check = signatureCheck([
    ...(secret === undefined ? [] : [secret]),
    ...(ctx.config.server.previousWebhookSecrets ?? []),
  ]);
  const dedupe = new DeliveryDedupe(options.dedupeSize);
  const maxSize = options.maxBodyBytes ?? WEBHOOK_BODY_LIMIT;
  const receiver: Receiver = { ctx, check, dedupe, background: options.background, maxBodyBytes: maxSize };
  const app = new Hono();
  app.post('/webhook', async (c) => receive(c, receiver));
  return app;
}

interface Receiver {
  readonly ctx: ServerContext;
  readonly check: SignatureCheck;
  readonly dedupe: DeliveryDedupe;
  readonly background: BackgroundTasks;
  readonly maxBodyBytes: number;
}

function tooLarge(c: Context, r: Receiver): Response {
  r.ctx.metrics.observeWebhook('rejected');
  // The rest of the body is not read: the connection cannot carry another request.
  c.header('connection', 'close');
  return c.json({ error: `payload too large (limit ${r.maxBodyBytes} bytes)` }, 413);
}

async function receive(c: Context, r: Receiver): Promise<Response> {
  const delivery = c.req.header('x-github-delivery');
  const req: DeliveryHeaders = {
    delivery: delivery !== undefined && delivery.length <= MAX_DELIVERY_ID ? delivery : undefined,
    event: c.req.header('x-github-event'),
  };
  const raw = await readLimitedBody(c, r.maxBodyBytes);
  if (!raw.ok) return tooLarge(c, r);
  const body = utf8.decode(raw.bytes);
  const answer = (
    status: 200 | 202 | 400 | 401 | 503,
    outcome: WebhookOutcome,
    text: Record<string, unknown>,
  ) => {
    r.ctx.metrics.observeWebhook(outcome);
    if (outcome === 'rejected')
      r.ctx.logger.info(`webhook rejected (${status}): ${String(text['error'])}`, { ...req, status });
    return c.json({ ...text, ...(req.delivery !== undefined && { delivery: req.delivery }) }, status);
  };
  if (!(await r.check(body, c.req.header('x-hub-signature-256'))))
    return answer(401, 'rejected', { error: 'missing or invalid X-Hub-Signature-256' });
  if (req.event !== 'workflow_job' && req.event !== 'ping')
    return answer(202, 'ignored', {
      status: 'ignored',
      reason: `event ${req.event?.slice(0, 100) ?? '(none)'} is not handled`,
    });
  const parsed = parseDelivery(body, req.event);
  if (parsed.kind === 'invalid') return answer(400, 'rejected', { error: parsed.error });
  if (parsed.kind === 'ping') return answer(200, 'accepted', { status: 'pong' });
  if (parsed.kind === 'ignored') return answer(202, 'ignored', { status: 'ignored', reason: parsed.reason });
  const event = parsed.event;
  if (req.delivery !== undefined && r.dedupe.seen(req.delivery))
    return answer(202, 'duplicate', { status: 'duplicate' });
  if (!r.background.submit(() => handleWorkflowJob(r.ctx, r.dedupe, req.delivery, event))) {
    if (req.delivery !== undefined) r.dedupe.forget(req.delivery);
    r.ctx.logger.warn('webhook dropped: too many events waiting; the next reconcile will catch up', req);
    return answer(503, 'failed', { error: 'too many events waiting; try again later' });
  }
  return answer(202, 'accepted', { status: 'accepted' });
}

type Parsed =
  | { readonly kind: 'event'; readonly event: WorkflowJobEvent }
  | { readonly kind: 'ping' }
  | { readonly kind: 'ignored'; readonly reason: string }
  | { readonly kind: 'invalid'; readonly error: string };

/** The JSON of a verified `workflow_job` or `ping` delivery, checked for what the engine needs. */
function parseDelivery(body: string, eventName: 'workflow_job' | 'ping'): Parsed {
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    return { kind: 'invalid', error: 'malformed JSON' };
  }
  if (eventName === 'ping') return { kind: 'ping' };
  const action =
    typeof payload === 'object' && payload !== null ? (payload as { action?: unknown }).action : undefined;
  if (typeof action === 'string' && !JOB_ACTIONS.has(action))
    return { kind: 'ignored', reason: `workflow_job action ${action.slice(0, 100)} is not handled` };
  try {
    return { kind: 'event', event: parseWorkflowJobEvent(payload) };
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return { kind: 'invalid', error: err.message };
  }
}
