/**
 * context.ts: `requestReconcile` "asks for a full reconcile of the pool soon (the loop's
 * runNow), so an override set through the API takes effect without waiting a whole
 * interval", and the API answers `applies: "now"` (api-routes.ts). The AWS spot route uses it
 * the same way, so a noted interruption is acted on at once.
 *
 * Found by review: ReconcileLoop.runNow joined a reconcile already in flight. That run read
 * the pool's policy before the override was written, and the next came a whole interval
 * later: a pool switched to `disabled` during an incident kept the old behaviour for up to
 * one interval, although the API said "now". A request during a run now runs once more after it.
 */
import { describe, expect, it } from 'vitest';
import type { ReconcileResult } from '../../../../src/engine/engine.js';
import { StatusBoard } from '../../../../src/runtimes/server/context.js';
import {
  loopRequests,
  ReconcileLoop,
  type Schedule,
} from '../../../../src/runtimes/server/reconcile-loop.js';
import { captureLogger } from '../../../support/capture-logger.js';
import { recordingMetrics } from '../../../support/recording-metrics.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('ReconcileLoop: a reconcile requested while one is in flight', () => {
  it('runs again after the run in flight, so a change made meanwhile is applied at once', async () => {
    const timers: { fn: () => void; ms: number }[] = [];
    const schedule: Schedule = (fn, ms) => {
      const entry = { fn, ms };
      timers.push(entry);
      return () => {
        timers.splice(timers.indexOf(entry), 1);
      };
    };
    // What the store says about the pool; each reconcile reads it when it starts.
    let stored = 'enabled';
    const seen: string[] = [];
    const ends: (() => void)[] = [];
    const loop = new ReconcileLoop({
      engine: {
        reconcile: (pool) => {
          seen.push(stored);
          return new Promise<ReconcileResult>((resolve) => {
            ends.push(() => {
              resolve({ pool, result: 'ok', outcomes: [], apiCalls: 1, unmatched: [] });
            });
          });
        },
      },
      pools: [{ name: 'a', intervalMs: 300_000 }],
      status: new StatusBoard(),
      metrics: recordingMetrics(),
      logger: captureLogger(),
      clock: () => Date.parse('2026-11-22T10:00:00Z'),
      random: () => 0.5,
      schedule,
    });
    const requests = loopRequests(loop);
    loop.start();
    // The periodic run starts and reads the pool as it is.
    timers.shift()?.fn();
    await tick();
    expect(seen).toEqual(['enabled']);

    // Meanwhile a person disables the pool through the API, which asks for a reconcile now.
    stored = 'disabled';
    requests.requestReconcile?.('a');
    ends.shift()?.();
    for (let i = 0; i < 5; i++) await tick();

    // Without any timer firing, a reconcile that reads the override has run (or is running).
    expect({ seen, nextTimerMs: timers.map((t) => t.ms) }).toMatchObject({
      seen: ['enabled', 'disabled'],
    });
    ends.shift()?.();
    await loop.stop(1_000);
  });
});
