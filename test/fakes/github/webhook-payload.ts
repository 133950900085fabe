import type { WorkflowJob, WorkflowJobEvent } from '@octokit/webhooks-types';
import { WORKFLOW_JOB_EXAMPLE } from './examples.js';
import { webhookOrganization, webhookRepository } from './repository-shapes.js';
import { jobBody, repoIdentity, type ShapeContext } from './rest-shapes.js';
import type { FakeJob, FakeRun, WorkflowJobAction } from './types.js';

/** A `workflow_job` delivery as GitHub sends it to an organisation (or App) webhook. */
export type WorkflowJobPayload = Omit<WorkflowJobEvent, 'action' | 'workflow_job' | 'deployment'> & {
  action: WorkflowJobAction;
  workflow_job: WorkflowJob;
};

/**
 * Starts from GitHub's own example delivery and overrides what the fake knows, so
 * fields ci-scaler never reads keep their real shape and values.
 */
export function workflowJobPayload(
  action: WorkflowJobAction,
  job: FakeJob,
  run: FakeRun,
  ctx: ShapeContext,
  installationId: number | undefined,
): WorkflowJobPayload {
  return {
    action,
    workflow_job: { ...WORKFLOW_JOB_EXAMPLE.workflow_job, ...jobBody(job, run, ctx) },
    repository: webhookRepository(repoIdentity(ctx, job.repo)),
    organization: webhookOrganization(ctx),
    sender: WORKFLOW_JOB_EXAMPLE.sender,
    ...(installationId !== undefined && {
      installation: { id: installationId, node_id: `MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u${installationId}` },
    }),
  };
}
