import * as z from 'zod';
import { InputError } from '../../core/errors.js';
import type { JobEvent } from '../../core/types.js';
import { toJob } from './jobs.js';

/** The fields of a `workflow_job` webhook we rely on; everything else is ignored. */
const payloadSchema = z.object({
  action: z.enum(['queued', 'waiting', 'in_progress', 'completed']),
  workflow_job: z.object({
    id: z.number().int(),
    status: z.string(),
    labels: z.array(z.string()),
    // Older payloads (GHES) lack created_at.
    created_at: z.string().optional(),
    runner_name: z.string().nullable().optional(),
  }),
  repository: z.object({ name: z.string(), owner: z.object({ login: z.string() }) }),
});

export interface WorkflowJobEvent extends JobEvent {
  readonly owner: string;
  readonly repo: string;
}

/**
 * Parses a `workflow_job` payload into a JobEvent. The job's state follows the action, not
 * the payload's status, because a `completed` event's job is done whatever it says.
 * https://docs.github.com/en/webhooks/webhook-events-and-payloads#workflow_job
 */
export function parseWorkflowJobEvent(payload: unknown): WorkflowJobEvent {
  const parsed = payloadSchema.safeParse(payload);
  if (!parsed.success) {
    throw new InputError(
      'invalid workflow_job payload',
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  const { action, workflow_job: wj, repository } = parsed.data;
  const status = action === 'in_progress' ? 'in_progress' : action === 'waiting' ? 'waiting' : 'queued';
  const job = toJob({ ...wj, status });
  const runner = wj.runner_name ?? undefined;
  return {
    action,
    owner: repository.owner.login,
    repo: repository.name,
    job: job ?? { id: String(wj.id), state: 'queued', labels: wj.labels },
    ...(runner !== undefined && runner !== '' && { runnerName: runner }),
  };
}
