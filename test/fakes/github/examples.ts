import { createRequire } from 'node:module';
import type { WebhookDefinition } from '@octokit/webhooks-examples';
import type { WorkflowJobCompletedEvent } from '@octokit/webhooks-types';

// The package's entry point is a JSON file; its typings declare the array as a CommonJS
// default export, which an ESM JSON import does not type, so it is loaded with require.
const require = createRequire(import.meta.url);
const definitions = require('@octokit/webhooks-examples') as WebhookDefinition[];

function workflowJobTemplate(): WorkflowJobCompletedEvent {
  const definition = definitions.find(
    (d): d is WebhookDefinition<'workflow_job'> => d.name === 'workflow_job',
  );
  // The one example with every field we fill (run_attempt, workflow_name, organization).
  const example = definition?.examples.find(
    (e): e is WorkflowJobCompletedEvent =>
      e.action === 'completed' && e.organization !== undefined && e.workflow_job.workflow_name !== null,
  );
  if (example === undefined) throw new Error('@octokit/webhooks-examples has no full workflow_job example');
  return example;
}

/**
 * A real `workflow_job` delivery from GitHub's documentation: payloads and repository
 * shapes start from it, so fields ci-scaler does not know about still look real.
 */
export const WORKFLOW_JOB_EXAMPLE: Readonly<WorkflowJobCompletedEvent> = workflowJobTemplate();
