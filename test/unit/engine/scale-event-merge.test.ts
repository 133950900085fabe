/**
 * Found by review: a full reconcile's record step puts its own, older scale-in event over
 * a launch that a fast path made and recorded while the reconcile was acting. The cooldown
 * then counts from the older event, and the next reconcile scales in inside the cooldown
 * of that launch (rule 5).
 */
import { describe, expect, it } from 'vitest';
import type { PoolPolicy } from '../../../src/core/types.js';
import { Engine } from '../../../src/engine/engine.js';
import { EMPTY_POOL_DOC, poolKey, readPoolDoc } from '../../../src/engine/pool-doc.js';
import { createMemoryStore } from '../../../src/state/memory/memory-store.js';
import { silentLogger } from '../../../src/telemetry/logger.js';
import { FakeCi, FakeHost } from '../../fakes/memory-ci.js';
import { MIN, SEC, T0, policy, settledMemory } from '../core/builders.js';

describe('lastScaleEvent after a fast path launch during a reconcile scale-in', () => {
  it('keeps the later scale event (the fast path launch), so no scale-in happens inside its cooldown', async () => {
    let now = T0;
    const ci = new FakeCi();
    let during: (() => Promise<void>) | undefined;
    class SlowTerminateHost extends FakeHost {
      override async terminate(pool: PoolPolicy, name: string): Promise<void> {
        const hook = during;
        during = undefined;
        if (hook !== undefined) await hook();
        return super.terminate(pool, name);
      }
    }
    const host = new SlowTerminateHost(() => now);
    const store = createMemoryStore({ clock: () => now });
    const pol = policy({ name: 'linux', labels: ['self-hosted', 'linux'], max: 10 });
    const engine = new Engine({
      pools: [{ policy: pol, source: ci, provider: host }],
      store,
      clock: () => now,
      owner: 'a',
      logger: silentLogger,
    });

    // Three idle workers, no demand, the pool long above target and out of cooldown.
    for (const n of ['linux-w1', 'linux-w2', 'linux-w3']) {
      await host.launch({ pool: 'linux', name: n, env: {} });
      ci.connect(n);
    }
    now = T0 + 60 * MIN;
    await store.put(poolKey('linux'), { ...EMPTY_POOL_DOC, memory: settledMemory(now) }, 0);

    // While the reconcile removes an idle worker, a job is queued and the fast path launches for it.
    const tDown = now;
    during = async () => {
      now = tDown + 60 * SEC;
      const job = ci.queue('J', ['self-hosted', 'linux'], { queuedAt: now });
      const r = await engine.handleJobEvent({ action: 'queued', job });
      expect(r.outcomes.map((o) => [o.type, o.result])).toEqual([['launch', 'ok']]);
    };
    const r = await engine.reconcile('linux');
    expect(r.outcomes.some((o) => o.type === 'terminate' && o.result === 'ok')).toBe(true);
    const tUp = tDown + 60 * SEC;

    // The last scale event is the launch at tUp, after the scale-in decided at tDown.
    const memory = (await readPoolDoc(store, 'linux')).memory;
    expect.soft(memory.lastScaleEvent).toEqual({ at: new Date(tUp).toISOString(), direction: 'up' });

    // Consequence: J's worker, its job gone, idles; it has been above target past
    // scaleDown.after (2m), but only 4.5 minutes have passed since the launch (cooldown 5m).
    ci.complete('J');
    ci.connect('linux-J-1');
    now = tUp + 2 * MIN;
    await engine.reconcile('linux');
    now = tUp + 4.5 * MIN;
    const next = await engine.reconcile('linux');
    const scaleIns = (next.decision?.actions ?? []).filter((a) => a.type === 'terminate' && !a.hygiene);
    expect(scaleIns).toEqual([]);
  });
});
