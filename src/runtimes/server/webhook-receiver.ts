import { InputError } from '../../core/errors.js';
import { parseWorkflowJobEvent, type WorkflowJobEvent } from '../../sources/github/workflow-job-event.js';
import type { WebhookOutcome } from '../../telemetry/metrics.js';
import type { BackgroundTasks } from './background-tasks.js';
import type { ServerContext } from './context.js';
import { DeliveryDedupe } from './delivery-dedupe.js';
import { handleWorkflowJob } from './webhook-event.js';
import { signatureCheck, type SignatureCheck } from './webhook-signature.js';

/** GitHub caps payloads at 25 MB; a workflow_job delivery is a few KB. */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

export interface WebhookOptions {
  readonly background: BackgroundTasks;
  readonly maxBodyBytes?: number;
  readonly dedupeSize?: number;
}

/** One delivery as any HTTP adapter sees it: its headers and its raw bytes, or "too large". */
export interface WebhookDelivery {
  header(name: string): string | undefined;
  /** undefined: the body exceeded `maxBodyBytes` and was not read. */
  readonly bytes: Uint8Array | undefined;
}

export interface WebhookAnswer {
  readonly status: 200 | 202 | 400 | 401 | 413 | 503;
  readonly body: Readonly<Record<string, unknown>>;
  /** The rest of the request was not read, so the connection cannot carry another. */
  readonly close?: true;
}

/**
 * POST /webhook without an HTTP framework, so the Node server and a serverless handler
 * are thin adapters around one function (octokit/webhooks.js does the same with
 * `createMiddleware`). Checks in the order that costs an unauthenticated sender the least:
 * size (413), signature over the raw bytes (401), event type (202 ignored), JSON (400),
 * payload shape (400), redelivery (202 duplicate); then 202 and the engine in the
 * background. GitHub gives up on a delivery that takes longer than 10 s, so nothing here
 * waits for the engine.
 * https://docs.github.com/en/webhooks/using-webhooks/best-practices-for-using-webhooks#respond-within-10-seconds
 */
export class WebhookReceiver {
  readonly maxBodyBytes: number;
  private readonly check: SignatureCheck;
  private readonly dedupe: DeliveryDedupe;

  constructor(
    private readonly ctx: ServerContext,
    private readonly options: WebhookOptions,
  ) {
    const secret = ctx.config.server.webhookSecret;
    this.check = signatureCheck([
      ...(secret === undefined ? [] : [secret]),
      ...(ctx.config.server.previousWebhookSecrets ?? []),
    ]);
    this.dedupe = new DeliveryDedupe(options.dedupeSize);
    this.maxBodyBytes = options.maxBodyBytes ?? WEBHOOK_BODY_LIMIT;
  }

  async receive(delivery: WebhookDelivery): Promise<WebhookAnswer> {
    const id = delivery.header('x-github-delivery');
    const req: DeliveryHeaders = {
      delivery: id !== undefined && id.length <= MAX_DELIVERY_ID ? id : undefined,
      event: delivery.header('x-github-event'),
    };
    const answer = (
      status: WebhookAnswer['status'],
      outcome: WebhookOutcome,
      text: Record<string, unknown>,
    ) => {
      this.ctx.metrics.observeWebhook(outcome);
      if (outcome === 'rejected')
        this.ctx.logger.info(`webhook rejected (${status}): ${String(text['error'])}`, { ...req, status });
      return { status, body: { ...text, ...(req.delivery !== undefined && { delivery: req.delivery }) } };
    };
    if (delivery.bytes === undefined)
      return {
        ...answer(413, 'rejected', { error: `payload too large (limit ${this.maxBodyBytes} bytes)` }),
        close: true,
      };
    const body = utf8.decode(delivery.bytes);
    if (!(await this.check(body, delivery.header('x-hub-signature-256'))))
      return answer(401, 'rejected', { error: 'missing or invalid X-Hub-Signature-256' });
    if (req.event !== 'workflow_job' && req.event !== 'ping')
      return answer(202, 'ignored', {
        status: 'ignored',
        reason: `event ${req.event?.slice(0, 100) ?? '(none)'} is not handled`,
      });
    const parsed = parseDelivery(body, req.event);
    if (parsed.kind === 'invalid') return answer(400, 'rejected', { error: parsed.error });
    if (parsed.kind === 'ping') return answer(200, 'accepted', { status: 'pong' });
    if (parsed.kind === 'ignored')
      return answer(202, 'ignored', { status: 'ignored', reason: parsed.reason });
    if (req.delivery !== undefined && this.dedupe.seen(req.delivery))
      return answer(202, 'duplicate', { status: 'duplicate' });
    return this.submit(parsed.event, req)
      ? answer(202, 'accepted', { status: 'accepted' })
      : answer(503, 'failed', { error: 'too many events waiting; try again later' });
  }

  private submit(event: WorkflowJobEvent, req: DeliveryHeaders): boolean {
    const { delivery } = req;
    if (this.options.background.submit(() => handleWorkflowJob(this.ctx, this.dedupe, delivery, event)))
      return true;
    if (delivery !== undefined) this.dedupe.forget(delivery);
    this.ctx.logger.warn('webhook dropped: too many events waiting; the next reconcile will catch up', req);
    return false;
  }
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
