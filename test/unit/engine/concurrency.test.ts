import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/engine.js';
import { readPoolDoc } from '../../../src/engine/pool-doc.js';
import { createMemoryStore } from '../../../src/state/memory/memory-store.js';
import { silentLogger } from '../../../src/telemetry/logger.js';
import { FakeCi, FakeHost } from '../../fakes/memory-ci.js';
import { policy, T0 } from '../core/builders.js';

function setup(max: number) {
  const ci = new FakeCi();
  const host = new FakeHost(() => T0);
  const store = createMemoryStore({ clock: () => T0 });
  const pol = policy({ name: 'linux', labels: ['self-hosted', 'linux'], max });
  const engine = (owner: string) =>
    new Engine({
      pools: [{ policy: pol, source: ci, provider: host }],
      store,
      clock: () => T0,
      owner,
      logger: silentLogger,
    });
  return { ci, host, store, engine };
}

describe('concurrent deciders on one store (reserve.ts)', () => {
  it('fast paths of two engines for ten jobs, each event twice, launch no more than max and each job once', async () => {
    const { ci, host, engine } = setup(3);
    const [a, b] = [engine('a'), engine('b')];
    const jobs = Array.from({ length: 10 }, (_, i) =>
      ci.queue(`${i}`, ['self-hosted', 'linux'], { queuedAt: T0 }),
    );
    await Promise.all(jobs.flatMap((job) => [a, b].map((e) => e.handleJobEvent({ action: 'queued', job }))));
    expect(host.machines.size).toBe(3);
    expect(new Set(host.launched.map((s) => s.jobId)).size).toBe(host.launched.length);
  });

  it('a reconcile racing fast paths still sees their launches in flight', async () => {
    const { ci, host, store, engine } = setup(4);
    const [a, b] = [engine('a'), engine('b')];
    const jobs = Array.from({ length: 8 }, (_, i) =>
      ci.queue(`${i}`, ['self-hosted', 'linux'], { queuedAt: T0 }),
    );
    await Promise.all([
      ...jobs.map((job) => a.handleJobEvent({ action: 'queued', job })),
      b.reconcile('linux'),
      a.reconcile('linux'),
    ]);
    expect(host.machines.size).toBe(4);
    // Every reservation was settled once its launch returned.
    expect((await readPoolDoc(store, 'linux')).launching ?? {}).toEqual({});
  });
});
