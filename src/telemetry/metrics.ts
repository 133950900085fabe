import type { EventResult, ReconcileResult } from '../engine/engine.js';

/**
 * What became of a webhook delivery: `rejected` is a 4xx answer (signature, size, JSON,
 * payload); `failed` is an accepted delivery whose handling failed afterwards, or one
 * refused because too many were waiting.
 */
export type WebhookOutcome = 'accepted' | 'duplicate' | 'ignored' | 'rejected' | 'failed';

/**
 * The server's Prometheus metrics (issue 5), every one labelled by `pool`. The server calls
 * these after each reconcile, event and webhook; `render()` serves GET /metrics.
 */
export interface ServerMetrics {
  observeReconcile(pool: string, result: ReconcileResult | { readonly error: string }): void;
  observeEvent(result: EventResult): void;
  observeWebhook(outcome: WebhookOutcome): void;
  /** A cloud warned that one of the pool's machines is being taken back. */
  observeInterruption(pool: string): void;
  readonly contentType: string;
  render(): Promise<string>;
}
