import { createRequire } from 'node:module';
import type { WebhookDefinition } from '@octokit/webhooks-examples';

// The package's entry point is a JSON file typed as a CommonJS export: load it with require.
const require = createRequire(import.meta.url);

/** Every webhook definition of @octokit/webhooks-examples (real payloads from GitHub's docs). */
export const webhookDefinitions = require('@octokit/webhooks-examples') as WebhookDefinition[];

/** The real `workflow_job` payloads, as plain records that tests adjust to their pools. */
export function workflowJobExamples(): Record<string, unknown>[] {
  const examples = webhookDefinitions.find((d) => d.name === 'workflow_job')?.examples ?? [];
  return structuredClone(examples) as unknown as Record<string, unknown>[];
}
