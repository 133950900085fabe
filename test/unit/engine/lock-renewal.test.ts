/**
 * A reconcile that outlasts its pool lock's TTL (removals one after another, each waiting
 * up to a stop timeout) keeps the lock: without renewal, another process could reconcile
 * the same pool meanwhile. Found by review (suspected). Real time, short TTLs.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/engine.js';
import type { LaunchSpec, Machine } from '../../../src/providers/provider.js';
import { createMemoryStore } from '../../../src/state/memory/memory-store.js';
import { silentLogger } from '../../../src/telemetry/logger.js';
import { FakeCi, FakeHost } from '../../fakes/memory-ci.js';
import { policy } from '../core/builders.js';

/** A host whose launches take `ms` of real time. */
class SlowHost extends FakeHost {
  constructor(private readonly ms: number) {
    super(Date.now);
  }
  override async launch(spec: LaunchSpec): Promise<Machine> {
    await new Promise((r) => setTimeout(r, this.ms));
    return super.launch(spec);
  }
}

describe('the pool lock during a long reconcile', () => {
  it('is renewed: another process is kept out past the TTL, and gets the lock once it is released', async () => {
    const store = createMemoryStore({ clock: Date.now });
    const ci = new FakeCi();
    const host = new SlowHost(1_200);
    const pol = policy({ name: 'linux', labels: ['linux'] });
    const engine = (owner: string) =>
      new Engine({
        pools: [{ policy: pol, source: ci, provider: host }],
        store,
        clock: Date.now,
        owner,
        logger: silentLogger,
        lockTtlMs: 300,
      });
    ci.queue('1', ['linux'], { queuedAt: Date.now() });
    const slow = engine('a').reconcile('linux');
    // Three TTLs into the first reconcile's launch.
    await new Promise((r) => setTimeout(r, 900));
    const meanwhile = await engine('b').reconcile('linux');
    expect(meanwhile.result).toBe('locked');
    expect((await slow).result).toBe('ok');
    // Released, and not taken again by a renewal still in flight.
    expect((await engine('b').reconcile('linux')).result).toBe('ok');
    expect(host.launched.map((s) => s.name)).toEqual(['linux-1-1']);
  });
});
