import { beforeEach, describe, expect, it } from 'vitest';
import type { Job } from '../../../src/core/types.js';
import type { Engine } from '../../../src/engine/engine.js';
import { readPoolDoc } from '../../../src/engine/pool-doc.js';
import type { StateStore } from '../../../src/state/store.js';
import type { FakeCi, FakeHost } from '../../fakes/memory-ci.js';
import { SEC } from '../core/builders.js';
import { LINUX, twoPools } from './two-pools.js';

/**
 * GitHub gives a job to any idle matching runner, not to the one started for it. A worker
 * whose job ran elsewhere is free capacity; counting its job again launched a worker for
 * every later job that the free one could have taken, and one runner sat idle in the pool
 * for as long as jobs kept coming.
 */
let ci: FakeCi;
let linuxHost: FakeHost;
let largeHost: FakeHost;
let store: StateStore;
let advance: (ms: number) => void;
let engine: () => Engine;
const job = (id: string, labels = LINUX): Job => ({ id, state: 'queued', labels });

/** j1's linux worker boots while a large runner takes j1: linux-j1-1 is free capacity. */
async function freeWorker(e: Engine): Promise<void> {
  ci.queue('j1', ['self-hosted', 'linux']);
  await e.handleJobEvent({ action: 'queued', job: job('j1') });
  ci.start('large-l1-1', 'j1');
  await e.handleJobEvent({ action: 'in_progress', job: job('j1'), runnerName: 'large-l1-1' });
}

beforeEach(() => {
  const pools = twoPools();
  ({ ci, linuxHost, largeHost, store, advance } = pools);
  engine = () => pools.engine();
});

describe('a worker whose job ran on another runner', () => {
  it('is free capacity to the fast path: the next queued job launches nothing', async () => {
    const e = engine();
    ci.queue('j1', ['self-hosted', 'linux']);
    await e.handleJobEvent({ action: 'queued', job: job('j1') });
    expect(linuxHost.launched.map((s) => s.name)).toEqual(['linux-j1-1']);
    // j1 is taken by a runner of the large pool (its labels cover the job's).
    ci.start('large-l1-1', 'j1');
    await e.handleJobEvent({ action: 'in_progress', job: job('j1'), runnerName: 'large-l1-1' });
    const doc = await readPoolDoc(store, 'linux');
    expect(doc.workers.find((w) => w.id === 'linux-j1-1')?.jobId).toBeUndefined();
    ci.queue('j2', ['self-hosted', 'linux']);
    const r = await e.handleJobEvent({ action: 'queued', job: job('j2') });
    expect(r.outcomes).toEqual([]);
    expect(linuxHost.launched).toHaveLength(1);
  });

  it('is free capacity to a reconcile, and the job running on a sibling pool is not demand here', async () => {
    const e = engine();
    ci.queue('j1', ['self-hosted', 'linux']);
    await e.reconcile('linux');
    expect(linuxHost.launched.map((s) => s.name)).toEqual(['linux-j1-1']);
    ci.start('large-l1-1', 'j1');
    ci.queue('j2', ['self-hosted', 'linux']);
    const r = await e.reconcile('linux');
    // Before: j1 counted as demand with no linux worker under it, and linux-j1-1 as its
    // worker, so j2 got a second launch and one of the two idled.
    expect(r.decision?.desired).toBe(1);
    expect(r.outcomes).toEqual([]);
    expect(r.observation?.workers.map((w) => [w.id, w.jobId])).toEqual([['linux-j1-1', undefined]]);
    expect(r.observation?.jobs.map((j) => j.id)).toEqual(['j2']);
  });

  it('the job its runner had been started for gets a worker at once, and the runner goes with its own pool', async () => {
    const e = engine();
    ci.queue('L', ['self-hosted', 'linux', 'large']);
    await e.handleJobEvent({ action: 'queued', job: job('L', ['self-hosted', 'linux', 'large']) });
    expect(largeHost.launched.map((s) => s.name)).toEqual(['large-L-1']);
    // A linux job takes the large runner before L does.
    ci.queue('j1', ['self-hosted', 'linux']);
    ci.start('large-L-1', 'j1');
    const started = await e.handleJobEvent({
      action: 'in_progress',
      job: job('j1'),
      runnerName: 'large-L-1',
    });
    expect(started.pool).toBe('large');
    expect(started.note).toContain('large-L-1 runs job j1, not L');
    // L is launched for again now, not at the next tick of the loop.
    expect(largeHost.launched.map((s) => s.name)).toEqual(['large-L-1', 'large-L-2']);
    expect(started.outcomes).toMatchObject([{ type: 'launch', target: 'large-L-2', result: 'ok' }]);
    const doc = await readPoolDoc(store, 'large');
    expect(doc.workers.find((w) => w.id === 'large-L-1')).toMatchObject({ state: 'busy', jobId: 'j1' });
    // The linux job completes on the large runner: the large pool removes it.
    ci.complete('j1');
    const done = await e.handleJobEvent({ action: 'completed', job: job('j1'), runnerName: 'large-L-1' });
    expect(done.pool).toBe('large');
    expect(largeHost.terminated).toEqual(['large-L-1']);
    expect(linuxHost.launched).toEqual([]);
  });

  it('two workers of one pool that swap jobs start no reconcile and no launch', async () => {
    const e = engine();
    for (const id of ['a', 'b']) {
      ci.queue(id, ['self-hosted', 'linux']);
      await e.handleJobEvent({ action: 'queued', job: job(id) });
    }
    expect(linuxHost.launched.map((s) => s.name)).toEqual(['linux-a-1', 'linux-b-1']);
    // linux-b-1 boots first and takes the oldest job, a; linux-a-1 will take b.
    ci.start('linux-b-1', 'a');
    ci.calls = [];
    const r = await e.handleJobEvent({ action: 'in_progress', job: job('a'), runnerName: 'linux-b-1' });
    expect(r.outcomes).toEqual([]);
    expect(ci.calls).toEqual([]);
    const doc = await readPoolDoc(store, 'linux');
    // linux-a-1 holds b now: b still waits, and the next queued job must not count it free.
    expect(doc.workers.map((w) => [w.id, w.state, w.jobId])).toEqual([
      ['linux-a-1', 'booting', 'b'],
      ['linux-b-1', 'busy', 'a'],
    ]);
    ci.queue('c', ['self-hosted', 'linux']);
    const next = await e.handleJobEvent({ action: 'queued', job: job('c') });
    expect(next.outcomes).toMatchObject([{ type: 'launch', target: 'linux-c-1', result: 'ok' }]);
  });
});

/**
 * A queued job that free capacity covers launches nothing, but it still waits: the
 * picture gives it to the free worker. Before, the next queued job counted the same free
 * worker again and waited for the next reconcile (issue 6: on the 50,000-job week, three
 * reconciles in four that launched were launching for such jobs).
 */
describe('a job that free capacity covers', () => {
  it('is held by the free worker, and the next queued job launches at once', async () => {
    const e = engine();
    await freeWorker(e);
    ci.queue('j2', ['self-hosted', 'linux']);
    const covered = await e.handleJobEvent({ action: 'queued', job: job('j2') });
    expect(covered.outcomes).toEqual([]);
    const doc = await readPoolDoc(store, 'linux');
    expect(doc.workers.map((w) => [w.id, w.jobId])).toEqual([['linux-j1-1', 'j2']]);
    ci.queue('j3', ['self-hosted', 'linux']);
    const next = await e.handleJobEvent({ action: 'queued', job: job('j3') });
    expect(next.outcomes).toMatchObject([{ type: 'launch', target: 'linux-j3-1', result: 'ok' }]);
  });

  it('is held after a reconcile too, which lists the job as waiting with no worker of its own', async () => {
    const e = engine();
    await freeWorker(e);
    ci.queue('j2', ['self-hosted', 'linux']);
    const r = await e.reconcile('linux');
    expect(r.outcomes).toEqual([]);
    const doc = await readPoolDoc(store, 'linux');
    expect(doc.workers.map((w) => [w.id, w.jobId])).toEqual([['linux-j1-1', 'j2']]);
    ci.queue('j3', ['self-hosted', 'linux']);
    const next = await e.handleJobEvent({ action: 'queued', job: job('j3') });
    expect(next.outcomes).toMatchObject([{ type: 'launch', target: 'linux-j3-1', result: 'ok' }]);
  });

  it('leaves the worker it held when it starts elsewhere, and that worker is free again', async () => {
    const e = engine();
    await freeWorker(e);
    ci.queue('j2', ['self-hosted', 'linux']);
    await e.handleJobEvent({ action: 'queued', job: job('j2') });
    ci.start('large-l2-1', 'j2');
    await e.handleJobEvent({ action: 'in_progress', job: job('j2'), runnerName: 'large-l2-1' });
    const doc = await readPoolDoc(store, 'linux');
    expect(doc.workers.find((w) => w.id === 'linux-j1-1')?.jobId).toBeUndefined();
    ci.queue('j3', ['self-hosted', 'linux']);
    const next = await e.handleJobEvent({ action: 'queued', job: job('j3') });
    expect(next.outcomes).toEqual([]);
  });
});

describe('a hold on a free worker (found by review)', () => {
  it('is let go when its job is cancelled before it starts (completed with no runner)', async () => {
    const e = engine();
    await freeWorker(e);
    ci.queue('j2', LINUX);
    await e.handleJobEvent({ action: 'queued', job: job('j2') });
    expect((await readPoolDoc(store, 'linux')).workers.map((w) => [w.id, w.jobId])).toEqual([
      ['linux-j1-1', 'j2'],
    ]);
    ci.complete('j2');
    const ended = await e.handleJobEvent({ action: 'completed', job: { ...job('j2'), state: 'running' } });
    expect(ended.note).toContain('its workers are free in linux');
    ci.queue('j3', LINUX);
    const r = await e.handleJobEvent({ action: 'queued', job: job('j3') });
    expect(r.outcomes).toEqual([]);
    expect(linuxHost.launched.map((s) => s.name)).toEqual(['linux-j1-1']);
  });

  it('is not written back by a reconcile for a job whose in_progress came after the listing', async () => {
    const e = engine();
    await freeWorker(e);
    ci.queue('j2', LINUX);
    await e.handleJobEvent({ action: 'queued', job: job('j2') });
    // The reconcile lists j2 queued; before it records, j2 starts on a large runner.
    advance(10 * SEC);
    linuxHost.afterList = async () => {
      ci.start('large-l2-1', 'j2');
      await e.handleJobEvent({ action: 'in_progress', job: job('j2'), runnerName: 'large-l2-1' });
    };
    await e.reconcile('linux');
    expect((await readPoolDoc(store, 'linux')).workers.map((w) => [w.id, w.jobId])).toEqual([
      ['linux-j1-1', undefined],
    ]);
    ci.queue('j3', LINUX);
    const r = await e.handleJobEvent({ action: 'queued', job: job('j3') });
    expect(r.outcomes).toEqual([]);
  });
});
