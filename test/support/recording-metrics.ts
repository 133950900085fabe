import type { EventResult, ReconcileResult } from '../../src/engine/engine.js';
import type { ServerMetrics, WebhookOutcome } from '../../src/telemetry/metrics.js';

/** ServerMetrics that keeps every call, for tests that assert what was counted. */
export interface RecordingMetrics extends ServerMetrics {
  readonly webhooks: WebhookOutcome[];
  readonly events: EventResult[];
  readonly reconciles: { pool: string; result: ReconcileResult | { readonly error: string } }[];
  readonly interruptions: string[];
}

export function recordingMetrics(): RecordingMetrics {
  const webhooks: WebhookOutcome[] = [];
  const events: EventResult[] = [];
  const reconciles: RecordingMetrics['reconciles'] = [];
  const interruptions: string[] = [];
  return {
    webhooks,
    interruptions,
    observeInterruption: (pool) => void interruptions.push(pool),
    events,
    reconciles,
    observeWebhook: (outcome) => void webhooks.push(outcome),
    observeEvent: (result) => void events.push(result),
    observeReconcile: (pool, result) => void reconciles.push({ pool, result }),
    contentType: 'text/plain; version=0.0.4; charset=utf-8',
    render: () =>
      Promise.resolve(
        `# HELP test_webhooks_total Webhooks seen.\n# TYPE test_webhooks_total counter\ntest_webhooks_total ${webhooks.length}\n`,
      ),
  };
}
