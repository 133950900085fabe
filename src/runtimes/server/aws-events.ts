import { Hono } from 'hono';
import * as z from 'zod';
import { tokenMatches } from './bearer-auth.js';
import type { ServerContext } from './context.js';
import { readLimitedBody } from './limited-body.js';

/** An EventBridge event is at most 256 KB. */
const EVENT_BODY_LIMIT = 256 * 1024;
export const AWS_EVENTS_HEADER = 'x-ci-scaler-secret';
export const SPOT_WARNING = 'EC2 Spot Instance Interruption Warning';

/**
 * The envelope every EventBridge event has; the detail of a spot warning names the instance.
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/spot-instance-termination-notices.html
 */
const eventSchema = z.looseObject({
  source: z.string(),
  'detail-type': z.string(),
  detail: z.looseObject({}),
});
const spotDetail = z.looseObject({
  'instance-id': z.string().regex(/^i-[0-9a-f]{8,17}$/, { error: 'must be an EC2 instance id (i-...)' }),
});

function problemsOf(error: z.ZodError, prefix = ''): string {
  return error.issues
    .map((i) => `${[prefix, ...i.path.map(String)].filter(Boolean).join('.')}: ${i.message}`)
    .join('; ');
}

/**
 * POST /events/aws: an EventBridge API destination delivers EC2 spot interruption warnings
 * here, authenticated by a shared secret header. The job on the instance is noted for a
 * re-run and the pool reconciles at once; everything else is 202 ignored.
 */
export function awsEventRoutes(ctx: ServerContext): Hono {
  const app = new Hono();
  app.post('/events/aws', async (c) => {
    const secret = ctx.config.server.awsEventsSecret;
    if (secret === undefined)
      return c.json({ error: 'AWS events are disabled: set server.awsEventsSecret' }, 401);
    const given = c.req.header(AWS_EVENTS_HEADER);
    if (given === undefined || !tokenMatches(given, secret))
      return c.json({ error: `missing or wrong ${AWS_EVENTS_HEADER} header` }, 401);
    const body = await readLimitedBody(c, EVENT_BODY_LIMIT);
    if (!body.ok) return c.json({ error: `event too large (limit ${EVENT_BODY_LIMIT} bytes)` }, 413);
    let raw: unknown;
    try {
      raw = JSON.parse(new TextDecoder().decode(body.bytes));
    } catch {
      return c.json({ error: 'body is not JSON' }, 400);
    }
    const event = eventSchema.safeParse(raw);
    if (!event.success) return c.json({ error: `not an EventBridge event: ${problemsOf(event.error)}` }, 400);
    if (event.data['detail-type'] !== SPOT_WARNING)
      return c.json({ ignored: `detail-type ${event.data['detail-type']}` }, 202);
    const detail = spotDetail.safeParse(event.data.detail);
    if (!detail.success) return c.json({ error: problemsOf(detail.error, 'detail') }, 400);
    const instance = detail.data['instance-id'];
    const noted = await ctx.built.engine.noteInterruption(instance);
    if (noted === undefined) return c.json({ instance, note: 'no pool owns this instance' }, 202);
    ctx.metrics.observeInterruption(noted.pool);
    ctx.requestReconcile?.(noted.pool);
    return c.json({ instance, ...noted }, 202);
  });
  return app;
}
