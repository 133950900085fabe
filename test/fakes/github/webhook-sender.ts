import { randomUUID } from 'node:crypto';
import { sign } from '@octokit/webhooks-methods';
import type { RecordedDelivery, WebhookConfig, WebhookDelivery, WorkflowJobAction } from './types.js';

/**
 * Signs and hands `workflow_job` deliveries to the test's `deliver`, one at a time in
 * event order (GitHub does not promise an order; a test reorders `deliveries` itself).
 */
export class WebhookSender {
  readonly deliveries: RecordedDelivery[] = [];
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly config: () => WebhookConfig | undefined) {}

  /**
   * `body` is built now, so later changes to the job do not leak into this delivery,
   * and only when webhooks are configured.
   */
  send(action: WorkflowJobAction, body: () => string): void {
    const config = this.config();
    if (config === undefined) return;
    const text = body();
    this.chain = this.chain.then(() => this.deliver(config, action, text));
  }

  /** Resolves once every delivery made so far has been handed over (or dropped). */
  idle(): Promise<void> {
    return this.chain;
  }

  private async deliver(config: WebhookConfig, action: WorkflowJobAction, body: string): Promise<void> {
    const id = randomUUID();
    const delivery: WebhookDelivery = {
      id,
      event: 'workflow_job',
      body,
      headers: {
        'X-GitHub-Event': 'workflow_job',
        'X-GitHub-Delivery': id,
        'X-Hub-Signature-256': await sign(config.secret, body),
        'content-type': 'application/json',
        'User-Agent': 'GitHub-Hookshot/fake',
      },
    };
    const dropped = config.drop?.(delivery) ?? false;
    const recorded: RecordedDelivery = { ...delivery, action, dropped };
    this.deliveries.push(recorded);
    if (dropped) return;
    try {
      await config.deliver(delivery);
    } catch (error) {
      // GitHub records a failed delivery and moves on; so does the fake.
      recorded.error = error;
    }
  }
}
