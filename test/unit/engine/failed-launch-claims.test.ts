/**
 * Found by review: the claim key of a launch that did not end 'ok' (the provider refused
 * it, the registration failed) is written but never indexed in the pool document, so no
 * reconcile ever deletes it. ARCHITECTURE.md "State": the store holds small things only;
 * claim-index.ts: claim keys live as long as their entry in the pool document.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../src/state/memory/memory-store.js';
import { FakeCi, FakeHost } from '../../fakes/memory-ci.js';
import { onePoolEngine } from './one-pool-engine.js';
import { MIN, T0 } from '../core/builders.js';

function setup() {
  let now = T0;
  const ci = new FakeCi();
  const host = new FakeHost(() => now);
  const store = createMemoryStore({ clock: () => now });
  const engine = onePoolEngine({ source: ci, provider: host, store, clock: () => now });
  return { ci, host, store, engine, advance: (ms: number) => (now += ms) };
}

describe('claims of launches that failed', () => {
  it('a launch the provider refused leaves no claim key behind once the claims retention has passed', async () => {
    const { ci, host, store, engine, advance } = setup();
    ci.queue('1', ['self-hosted', 'linux']);
    host.failLaunch = true;
    const r = await engine.reconcile('linux');
    expect(r.outcomes.map((o) => [o.target, o.result])).toEqual([['linux-1-1', 'failed']]);
    expect(await store.get('claim/linux/linux-1-1')).toBeDefined();

    // The job goes (cancelled); capacity comes back. Reconciles long after the retention.
    ci.complete('1');
    host.failLaunch = false;
    advance(60 * MIN);
    await engine.reconcile('linux');
    advance(60 * MIN);
    await engine.reconcile('linux');
    expect(await store.get('claim/linux/linux-1-1')).toBeUndefined();
  });

  it('a launch whose registration failed leaves no claim key behind once the claims retention has passed', async () => {
    const { ci, store, engine, advance } = setup();
    const job = ci.queue('2', ['self-hosted', 'linux'], { queuedAt: T0 });
    ci.failRegister = true;
    const r = await engine.handleJobEvent({ action: 'queued', job });
    expect(r.outcomes.map((o) => [o.target, o.result])).toEqual([['linux-2-1', 'failed']]);
    ci.complete('2');
    ci.failRegister = false;
    advance(60 * MIN);
    await engine.reconcile('linux');
    advance(60 * MIN);
    await engine.reconcile('linux');
    expect(await store.get('claim/linux/linux-2-1')).toBeUndefined();
  });
});
