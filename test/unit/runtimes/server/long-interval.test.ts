/**
 * Found by review. `interval` accepts any duration of at least 1 s (pool-schema.ts: `durationAtLeast(1_000)`,
 * no upper bound), e.g. `30d` for a pool meant to live on webhooks. The reconcile loop hands
 * the jittered interval straight to setTimeout (reconcile-loop.ts `realSchedule`), and Node
 * turns any delay above 2^31-1 ms (24.8 days) into 1 ms (TimeoutOverflowWarning). So after
 * its first run such a pool is reconciled back to back, without pause, for as long as the
 * server runs: every run lists GitHub, and the token's rate limit is gone in minutes.
 */
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../../src/config/index.js';
import type { ReconcileResult } from '../../../../src/engine/engine.js';
import { StatusBoard } from '../../../../src/runtimes/server/context.js';
import { ReconcileLoop } from '../../../../src/runtimes/server/reconcile-loop.js';
import { captureLogger } from '../../../support/capture-logger.js';
import { recordingMetrics } from '../../../support/recording-metrics.js';

describe('ReconcileLoop with a long interval', () => {
  it('does not reconcile a pool with interval 30d back to back', async () => {
    const config = validateConfig(
      {
        pools: [
          {
            name: 'rare',
            source: { type: 'github', owner: 'acme', repo: 'app', labels: ['self-hosted'], token: 'x' },
            provider: { type: 'memory' },
            interval: '30d',
          },
        ],
        state: { type: 'memory' },
      },
      {},
    );
    const intervalMs = config.pools[0]?.interval ?? 0;
    expect(intervalMs).toBe(30 * 86_400_000);

    let runs = 0;
    const loop = new ReconcileLoop({
      engine: {
        reconcile: (pool): Promise<ReconcileResult> => {
          runs++;
          return Promise.resolve({ pool, result: 'ok', outcomes: [], apiCalls: 1, unmatched: [] });
        },
      },
      pools: [{ name: 'rare', intervalMs }],
      status: new StatusBoard(),
      metrics: recordingMetrics(),
      logger: captureLogger(),
      clock: Date.now,
      // The first run comes at once (the start of the first tenth of the interval).
      random: () => 0,
    });
    loop.start();
    await new Promise((r) => setTimeout(r, 300));
    await loop.stop(1_000);
    // One run at start; the next is due in 30 days.
    expect(runs).toBe(1);
  });
});
