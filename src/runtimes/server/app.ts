import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { apiRoutes } from './api-routes.js';
import { awsEventRoutes } from './aws-events.js';
import { BackgroundTasks } from './background-tasks.js';
import type { ServerContext } from './context.js';
import { healthRoutes, type HealthOptions } from './health-routes.js';
import { metricsRoutes } from './metrics-routes.js';
import { statusRoutes } from './status-page.js';
import { WebhookReceiver, type WebhookOptions } from './webhook-receiver.js';
import { webhookRoutes } from './webhook-routes.js';

export interface AppOptions extends HealthOptions, Partial<WebhookOptions> {}

/** The routes, and the webhook receiver they share with the Node server's direct route. */
export interface ServerApp {
  readonly app: Hono;
  readonly webhook: WebhookReceiver;
}

/**
 * The server's routes as one Hono app: a fetch handler, so `@hono/node-server` serves it
 * on Node today and a serverless runtime can take the same app later. `background` runs
 * accepted webhooks; `serve` passes its own so that shutdown can drain it.
 */
export function createServerApp(ctx: ServerContext, options: AppOptions = {}): ServerApp {
  const background = options.background ?? new BackgroundTasks({ logger: ctx.logger });
  const webhook = new WebhookReceiver(ctx, { ...options, background });
  const app = new Hono();
  app.route('/', webhookRoutes(webhook));
  app.route('/', awsEventRoutes(ctx));
  app.route('/', healthRoutes(ctx, options));
  app.route('/', metricsRoutes(ctx));
  app.route('/api', apiRoutes(ctx));
  app.route('/', statusRoutes(ctx));
  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((err, c) => {
    if (err instanceof HTTPException) return err.getResponse();
    // Unknown errors: full detail in the log, a generic answer to the caller.
    ctx.logger.error(`${c.req.method} ${c.req.path} failed: ${err.message}`, { stack: err.stack });
    return c.json({ error: 'internal error' }, 500);
  });
  return { app, webhook };
}

export function createApp(ctx: ServerContext, options: AppOptions = {}): Hono {
  return createServerApp(ctx, options).app;
}
