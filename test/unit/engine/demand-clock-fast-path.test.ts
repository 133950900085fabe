/**
 * Found by review: with scaleUp.after, a fast path launch for one job clears the pool's
 * demandSince although it saw only part of the pool. Jobs whose demand has persisted past
 * scaleUp.after, and which the fast path could not see, start waiting all over again.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../src/state/memory/memory-store.js';
import { FakeCi, FakeHost } from '../../fakes/memory-ci.js';
import { onePoolEngine } from './one-pool-engine.js';
import { SEC, T0 } from '../core/builders.js';

describe('scaleUp.after and the fast path', () => {
  it('a job held past scaleUp.after is launched by the next reconcile, even after a fast path launched for another job', async () => {
    let now = T0;
    const ci = new FakeCi();
    const host = new FakeHost(() => now);
    const store = createMemoryStore({ clock: () => now });
    const engine = onePoolEngine(
      { source: ci, provider: host, store, clock: () => now },
      { scaleUpAfterMs: 60 * SEC },
    );

    // Job A is queued at T0; the reconcile holds its launch for scaleUp.after (60 s).
    ci.queue('A', ['self-hosted', 'linux'], { queuedAt: T0 });
    const first = await engine.reconcile('linux');
    expect(first.outcomes).toEqual([]);

    // 61 s later job B is queued and its event launches for B at once (the demand is old enough).
    now = T0 + 61 * SEC;
    const b = ci.queue('B', ['self-hosted', 'linux'], { queuedAt: now });
    const fast = await engine.handleJobEvent({ action: 'queued', job: b });
    expect(fast.outcomes.map((o) => o.jobId)).toEqual(['B']);

    // The next reconcile: A has waited 62 s, past scaleUp.after; it must launch now.
    now = T0 + 62 * SEC;
    const next = await engine.reconcile('linux');
    expect(next.outcomes.filter((o) => o.type === 'launch').map((o) => o.jobId)).toEqual(['A']);
  });
});
