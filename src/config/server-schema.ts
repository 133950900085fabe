/** `server:` — the webhook server and control API of `ci-scaler serve`. */
import * as z from 'zod';
import { withChecks } from './cross-checks.js';
import { nonEmptyString, secret } from './fields.js';

export const serverSchema = withChecks(
  z.strictObject({
    port: z.int().min(1).max(65535).default(8080).describe('TCP port to listen on.'),
    host: nonEmptyString.default('0.0.0.0').describe('Address to listen on.'),
    webhookSecret: secret('Secret that GitHub webhooks are signed with.').optional(),
    previousWebhookSecrets: z
      .array(nonEmptyString)
      .optional()
      .describe('Secrets still accepted while rotating webhookSecret. Write each as ${env:NAME}.'),
    apiToken: secret('Bearer token required by the control API.').optional(),
    awsEventsSecret: secret(
      'Shared secret that POST /events/aws requires in the X-CI-Scaler-Secret header (EventBridge API destination).',
    ).optional(),
  }),
  (fields, report) => {
    if (fields.get('previousWebhookSecrets') !== undefined && !fields.given('webhookSecret')) {
      report(['previousWebhookSecrets'], 'only used with webhookSecret');
    }
  },
).describe('Webhook server and control API.');

export type ServerConfig = z.output<typeof serverSchema>;
