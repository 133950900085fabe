/**
 * Found by review: an `in_progress` event handled while a full reconcile runs (after its
 * listing, before its record step) marks the runner busy in the pool picture; the
 * reconcile's record then writes the listing's older state (idle) over it. The fast path
 * takes the busy runner for free capacity, and the next queued job gets no worker until
 * the next reconcile. ARCHITECTURE.md: busy is "the runner's busy flag or an in_progress
 * event newer than the list".
 */
import { describe, expect, it } from 'vitest';
import { readPoolDoc } from '../../../src/engine/pool-doc.js';
import { createMemoryStore } from '../../../src/state/memory/memory-store.js';
import { FakeCi, FakeHost } from '../../fakes/memory-ci.js';
import { onePoolEngine } from './one-pool-engine.js';
import { SEC, T0 } from '../core/builders.js';

describe('an in_progress event during a reconcile', () => {
  it('the runner stays busy in the picture, and the next queued event launches for its job', async () => {
    let now = T0;
    const ci = new FakeCi();
    const host = new FakeHost(() => now);
    const store = createMemoryStore({ clock: () => now });
    // One runner, kept by min: 1.
    const engine = onePoolEngine({ source: ci, provider: host, store, clock: () => now }, { min: 1 });
    await engine.reconcile('linux');
    const [warm] = [...host.machines.keys()];
    if (warm === undefined) throw new Error('no warm runner');
    ci.connect(warm);
    now += 60 * SEC;
    await engine.reconcile('linux');
    expect((await readPoolDoc(store, 'linux')).workers).toMatchObject([{ id: warm, state: 'idle' }]);

    // Job K is queued and the warm runner takes it while a reconcile is between its
    // listing and its record step.
    now += 10 * SEC;
    ci.queue('K', ['self-hosted', 'linux'], { queuedAt: now });
    host.afterList = async () => {
      ci.start(warm, 'K');
      await engine.handleJobEvent({
        action: 'in_progress',
        job: { id: 'K', state: 'running', labels: ['self-hosted', 'linux'] },
        runnerName: warm,
      });
    };
    await engine.reconcile('linux');

    // The picture must still say the runner is busy: an in_progress event newer than the list.
    const picture = (await readPoolDoc(store, 'linux')).workers;
    expect.soft(picture.find((w) => w.id === warm)?.state).toBe('busy');

    // Job L is queued: the only runner is busy with K, so L needs a worker now.
    now += 5 * SEC;
    const l = ci.queue('L', ['self-hosted', 'linux'], { queuedAt: now });
    const r = await engine.handleJobEvent({ action: 'queued', job: l });
    expect(r.outcomes.filter((o) => o.type === 'launch').map((o) => o.jobId)).toContain('L');
  });
  it('a runner removed on its completed event stays out of the picture, and at max 1 the next job launches', async () => {
    let now = T0;
    const ci = new FakeCi();
    const host = new FakeHost(() => now);
    const store = createMemoryStore({ clock: () => now });
    const engine = onePoolEngine({ source: ci, provider: host, store, clock: () => now }, { max: 1 });
    const labels = ['self-hosted', 'linux'];
    const k = ci.queue('K', labels, { queuedAt: now });
    await engine.handleJobEvent({ action: 'queued', job: k });
    ci.start('linux-K-1', 'K');
    await engine.handleJobEvent({
      action: 'in_progress',
      job: { ...k, state: 'running' },
      runnerName: 'linux-K-1',
    });

    // K finishes while a reconcile is between its listing and its record step.
    now += 60 * SEC;
    host.afterList = async () => {
      ci.complete('K');
      host.exit('linux-K-1', 0);
      await engine.handleJobEvent({
        action: 'completed',
        job: { ...k, state: 'running' },
        runnerName: 'linux-K-1',
      });
    };
    await engine.reconcile('linux');
    expect(host.machines.has('linux-K-1')).toBe(false);
    expect.soft((await readPoolDoc(store, 'linux')).workers.map((w) => w.id)).not.toContain('linux-K-1');

    // The pool is empty: job L must get a worker now.
    now += 5 * SEC;
    const l = ci.queue('L', labels, { queuedAt: now });
    const r = await engine.handleJobEvent({ action: 'queued', job: l });
    expect(r.outcomes.filter((o) => o.type === 'launch').map((o) => o.jobId)).toContain('L');
  });
});
