import { errorMessage } from '../../core/errors.js';
import type { WorkflowJobEvent } from '../../sources/github/workflow-job-event.js';
import type { ServerContext } from './context.js';
import type { DeliveryDedupe } from './delivery-dedupe.js';

/**
 * Runs one accepted `workflow_job` delivery through the engine's fast path, after the
 * response has gone. It never waits for the reconcile loop or the pool lock (the fast path
 * claims the job instead). A failure is logged and counted, the delivery id is forgotten
 * so that a redelivery tries again, and the event's pool is reconciled at once: GitHub
 * redelivers only when someone asks it to, and the job would wait a whole interval.
 */
export async function handleWorkflowJob(
  ctx: ServerContext,
  dedupe: DeliveryDedupe,
  delivery: string | undefined,
  event: WorkflowJobEvent,
): Promise<void> {
  const fields = {
    delivery,
    action: event.action,
    job: event.job.id,
    repo: `${event.owner}/${event.repo}`,
  };
  try {
    const result = await ctx.built.engine.handleJobEvent(event);
    // Launches held by scaleUp.after: the loop reconciles the pool when they fall due.
    const due = result.decision?.launchDueAt;
    if (due !== undefined && result.pool !== undefined) ctx.requestReconcileAt?.(result.pool, due);
    ctx.metrics.observeEvent(result);
    ctx.logger.info(`workflow_job ${event.action} job ${event.job.id}: ${result.note}`, {
      ...fields,
      pool: result.pool,
      outcomes: result.outcomes.map((o) => `${o.type} ${o.target}: ${o.result}`),
    });
  } catch (err) {
    if (delivery !== undefined) dedupe.forget(delivery);
    ctx.metrics.observeWebhook('failed');
    ctx.logger.error(`workflow_job ${event.action} job ${event.job.id} failed: ${errorMessage(err)}`, fields);
    const pool = ctx.built.engine.poolOfEvent(event);
    if (pool !== undefined) ctx.requestReconcile?.(pool);
  }
}
