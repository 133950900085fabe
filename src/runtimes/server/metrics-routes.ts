import { Hono } from 'hono';
import type { ServerContext } from './context.js';

/** GET /metrics in the Prometheus text format, for a scraper. */
export function metricsRoutes(ctx: ServerContext): Hono {
  const app = new Hono();
  app.get('/metrics', async (c) => {
    const text = await ctx.metrics.render();
    return c.body(text, 200, { 'content-type': ctx.metrics.contentType });
  });
  return app;
}
