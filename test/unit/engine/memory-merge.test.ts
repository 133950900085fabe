/**
 * A fast path and a reconcile write the same pool document: neither may put back memory
 * the other moved meanwhile (found by review: the event's record restored an older
 * lastScaleEvent, so the cooldown counted from before a scale-in).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Decision, Memory, PoolPolicy } from '../../../src/core/types.js';
import type { Engine } from '../../../src/engine/engine.js';
import { onePoolEngine } from './one-pool-engine.js';
import { EMPTY_POOL_DOC, readPoolDoc, type PoolDoc } from '../../../src/engine/pool-doc.js';
import { mergedMemory } from '../../../src/engine/pool-picture.js';
import { createMemoryStore } from '../../../src/state/memory/memory-store.js';
import type { DeregisterResult } from '../../../src/sources/source.js';
import type { StateStore } from '../../../src/state/store.js';
import { FakeCi, FakeHost } from '../../fakes/memory-ci.js';
import { MIN, T0 } from '../core/builders.js';

/** A source whose deregistration of one runner hangs until released (a slow GitHub API call). */
class SlowCi extends FakeCi {
  slow: string | undefined;
  private gate: (() => void) | undefined;
  entered = false;
  override async deregister(pool: PoolPolicy, name: string): Promise<DeregisterResult> {
    if (name === this.slow) {
      this.slow = undefined;
      this.entered = true;
      await new Promise<void>((r) => (this.gate = r));
    }
    return super.deregister(pool, name);
  }
  release(): void {
    this.gate?.();
  }
}

let now: number;
let ci: SlowCi;
let host: FakeHost;
let store: StateStore;

const engine = (): Engine =>
  onePoolEngine(
    { source: ci, provider: host, store, clock: () => now },
    { scaleDownAfterMs: 2 * MIN, scaleDownCooldownMs: 5 * MIN },
  );

beforeEach(() => {
  now = T0;
  ci = new SlowCi();
  host = new FakeHost(() => now);
  store = createMemoryStore({ clock: () => now });
});

describe('memory written by concurrent deciders', () => {
  it('keeps the scale-in recorded by a reconcile that ran while the event was acting', async () => {
    const e = engine();
    for (const id of ['1', '2', '3']) ci.queue(id);
    await e.reconcile('linux');
    expect(host.launched).toHaveLength(3);
    ci.start('linux-1-1', '1');
    ci.start('linux-2-1', '2');
    ci.connect('linux-3-1');
    ci.jobs.delete('3'); // cancelled: linux-3-1 idles above desired
    now += 10 * MIN;
    await e.reconcile('linux'); // capacity above target from now
    now += 3 * MIN;

    // job 1's completed event arrives while GitHub still shows the runner busy; the
    // deregistration call is slow.
    ci.slow = 'linux-1-1';
    const event = e.handleJobEvent({
      action: 'completed',
      job: { id: '1', state: 'running', labels: ['linux'] },
      runnerName: 'linux-1-1',
    });
    while (!ci.entered) await new Promise((r) => setTimeout(r, 1));

    const r = await e.reconcile('linux'); // the loop's reconcile meanwhile scales in linux-3-1
    expect(r.outcomes.map((o) => `${o.type} ${o.target} ${o.result}`)).toContain('terminate linux-3-1 ok');
    const afterReconcile = (await readPoolDoc(store, 'linux')).memory;
    expect(afterReconcile.lastScaleEvent).toEqual({ at: new Date(now).toISOString(), direction: 'down' });

    now += 2_000;
    ci.release();
    await event;
    // The scale-in's time must survive: the 5 min cooldown counts from it.
    expect((await readPoolDoc(store, 'linux')).memory.lastScaleEvent).toEqual(afterReconcile.lastScaleEvent);
  });
});

describe('mergedMemory', () => {
  const decided = (memory: Memory): Decision => ({
    pool: 'linux',
    desired: 0,
    exhausted: [],
    overLifetimeBusy: [],
    actions: [],
    memory,
    reason: 'r',
  });
  const doc = (memory: Memory): PoolDoc => ({ ...EMPTY_POOL_DOC, memory });

  it('a reconcile drops the attempts of jobs it saw start, and keeps a launch counted since its basis', () => {
    const basis: Memory = { version: 1, attempts: { started: 1 } };
    const stored: Memory = { version: 1, attempts: { started: 1, 'new-job': 1 } };
    const mine: Memory = { version: 1, attempts: {} };
    expect(mergedMemory(doc(stored), decided(mine), basis, 'replace').attempts).toEqual({ 'new-job': 1 });
  });

  it('keeps a scale event written since the basis when the decision moved no clock', () => {
    const basis: Memory = { version: 1, demandSince: '2026-11-22T09:00:00.000Z' };
    const down = { at: '2026-11-22T10:00:00.000Z', direction: 'down' } as const;
    const stored: Memory = { ...basis, lastScaleEvent: down };
    const mine: Memory = { version: 1 };
    const merged = mergedMemory(doc(stored), decided(mine), basis, 'add');
    expect(merged).toEqual({ version: 1, lastScaleEvent: down });
  });
});
