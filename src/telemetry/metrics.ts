import type { EventResult, ReconcileResult } from '../engine/engine.js';

export type WebhookOutcome = 'accepted' | 'duplicate' | 'ignored' | 'rejected';

/**
 * The server's Prometheus metrics (issue 5), every one labelled by `pool`. The server calls
 * these after each reconcile, event and webhook; `render()` serves GET /metrics.
 */
export interface ServerMetrics {
  observeReconcile(pool: string, result: ReconcileResult | { readonly error: string }): void;
  observeEvent(result: EventResult): void;
  observeWebhook(outcome: WebhookOutcome): void;
  readonly contentType: string;
  render(): Promise<string>;
}
