import { Hono } from 'hono';
import { readLimitedBody } from './limited-body.js';
import type { WebhookReceiver } from './webhook-receiver.js';

/** POST /webhook as a Hono route (fetch runtimes); the Node server serves it directly (node-webhook.ts). */
export function webhookRoutes(receiver: WebhookReceiver): Hono {
  const app = new Hono();
  app.post('/webhook', async (c) => {
    const raw = await readLimitedBody(c, receiver.maxBodyBytes);
    const answer = await receiver.receive({
      header: (name) => c.req.header(name),
      bytes: raw.ok ? raw.bytes : undefined,
    });
    if (answer.close) c.header('connection', 'close');
    return c.json(answer.body, answer.status);
  });
  return app;
}
