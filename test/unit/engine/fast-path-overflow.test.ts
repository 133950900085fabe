import { beforeEach, describe, expect, it } from 'vitest';
import type { Job, PoolPolicy } from '../../../src/core/types.js';
import type { Engine } from '../../../src/engine/engine.js';
import { readPoolDoc } from '../../../src/engine/pool-doc.js';
import type { StateStore } from '../../../src/state/store.js';
import type { FakeCi, FakeHost } from '../../fakes/memory-ci.js';
import { MIN } from '../core/builders.js';
import { LINUX, twoPools } from './two-pools.js';

/**
 * Rule 7 (ARCHITECTURE.md): a job counts in the first matching pool with room below max
 * and overflows to the next. Reconciles routed so, but the fast path only ever tried the
 * first pool: a job queued while it was full waited for a reconcile (found by review).
 */
let ci: FakeCi;
let linuxHost: FakeHost;
let largeHost: FakeHost;
let store: StateStore;
let advance: (ms: number) => void;
let engine: (linux?: Partial<PoolPolicy>, large?: Partial<PoolPolicy>) => Engine;

const job = (id: string): Job => ({ id, state: 'queued', labels: LINUX });

/** j1 runs on linux's one worker: linux is at its max of 1. */
async function linuxFull(e: Engine): Promise<void> {
  ci.queue('j1', LINUX);
  await e.handleJobEvent({ action: 'queued', job: job('j1') });
  ci.start('linux-j1-1', 'j1');
  await e.handleJobEvent({ action: 'in_progress', job: job('j1'), runnerName: 'linux-j1-1' });
}

beforeEach(() => {
  const pools = twoPools();
  ({ ci, linuxHost, largeHost, store, advance } = pools);
  // linux and large take one worker each.
  engine = (linux = {}, large = {}) => pools.engine({ max: 1, ...linux }, { max: 1, ...large });
});

describe('a queued job whose first pool is at max', () => {
  it('launches in the next matching pool at once', async () => {
    const e = engine();
    await linuxFull(e);
    expect(linuxHost.launched.map((s) => s.name)).toEqual(['linux-j1-1']);
    ci.queue('j2', LINUX);
    const r = await e.handleJobEvent({ action: 'queued', job: job('j2') });
    expect(r.pool).toBe('large');
    expect(r.note).toContain('linux at max: overflow');
    expect(r.outcomes).toMatchObject([{ type: 'launch', target: 'large-j2-1', result: 'ok' }]);
    expect(linuxHost.launched).toHaveLength(1);
  });

  it('is not launched for again by the reconciles that route it to the pool that launched', async () => {
    const e = engine();
    await linuxFull(e);
    ci.queue('j2', LINUX);
    await e.handleJobEvent({ action: 'queued', job: job('j2') });
    const linux = await e.reconcile('linux');
    const large = await e.reconcile('large');
    expect(linux.outcomes).toEqual([]);
    expect(large.outcomes).toEqual([]);
    expect(largeHost.launched.map((s) => s.name)).toEqual(['large-j2-1']);
    expect(linuxHost.launched).toHaveLength(1);
  });

  it('waits in the first pool when every matching pool is at max', async () => {
    const e = engine({}, { max: 0 });
    await linuxFull(e);
    ci.queue('j2', LINUX);
    const r = await e.handleJobEvent({ action: 'queued', job: job('j2') });
    expect(r.pool).toBe('linux');
    expect(r.outcomes).toEqual([]);
    expect(r.note).toContain('every matching pool is at max');
    expect(largeHost.launched).toEqual([]);
    expect(linuxHost.launched).toHaveLength(1);
  });

  it('stays in the first pool when it is held there for another reason than max', async () => {
    // scaleUp.after holds the launch: linux has room, so the job is linux's to launch.
    const e = engine({ max: 5, scaleUpAfterMs: 60_000 });
    ci.queue('j1', LINUX);
    const r = await e.handleJobEvent({ action: 'queued', job: job('j1') });
    expect(r.pool).toBe('linux');
    expect(r.outcomes).toEqual([]);
    expect(largeHost.launched).toEqual([]);
  });

  it('stays in the first pool when a free worker there holds it', async () => {
    const e = engine();
    ci.queue('j1', LINUX);
    await e.handleJobEvent({ action: 'queued', job: job('j1') });
    // j1 runs on a large runner: linux-j1-1, booting, is free capacity for j2.
    ci.start('large-x-1', 'j1');
    await e.handleJobEvent({ action: 'in_progress', job: job('j1'), runnerName: 'large-x-1' });
    ci.queue('j2', LINUX);
    const r = await e.handleJobEvent({ action: 'queued', job: job('j2') });
    expect(r.pool).toBe('linux');
    expect(r.outcomes).toEqual([]);
    expect(largeHost.launched).toEqual([]);
  });
});

/** j1 runs on linux's one worker (linux at max), j2 overflows to large, then j1 finishes. */
async function overflowed(e: Engine): Promise<void> {
  await linuxFull(e);
  ci.queue('j2', LINUX);
  await e.handleJobEvent({ action: 'queued', job: job('j2') });
  expect(largeHost.launched.map((s) => s.name)).toEqual(['large-j2-1']);
  // linux has room again while large-j2-1 still boots for j2.
  ci.complete('j1');
  await e.handleJobEvent({ action: 'completed', job: job('j1'), runnerName: 'linux-j1-1' });
  expect(linuxHost.terminated).toEqual(['linux-j1-1']);
  advance(5_000);
}

describe('a job the fast path overflowed to the next pool (found by review)', () => {
  it('is not launched for again in the first pool by its queued event again, once that pool has room', async () => {
    const e = engine();
    await overflowed(e);
    const again = await e.handleJobEvent({ action: 'queued', job: job('j2') });
    expect(again.pool).toBe('large');
    expect(again.outcomes).toEqual([]);
    expect(linuxHost.launched.map((s) => s.name)).toEqual(['linux-j1-1']);
  });

  it("is not launched for again by the first pool's reconcile, once that pool has room", async () => {
    const e = engine();
    await overflowed(e);
    const linux = await e.reconcile('linux');
    expect(linux.outcomes).toEqual([]);
    expect(linux.observation?.jobs.map((j) => j.id)).toEqual([]);
    const large = await e.reconcile('large');
    expect(large.outcomes).toEqual([]);
    expect(large.observation?.jobs.map((j) => j.id)).toEqual(['j2']);
    expect(linuxHost.launched.map((s) => s.name)).toEqual(['linux-j1-1']);
  });
});

describe('a free worker past bootTimeout (found by review)', () => {
  it('holds no job, so a job the full first pool has no room for overflows', async () => {
    const e = engine();
    // linux-j1-1 is launched for j1, which a large runner takes; linux-j1-1 never registers.
    ci.queue('j1', LINUX);
    await e.handleJobEvent({ action: 'queued', job: job('j1') });
    ci.start('large-l1-1', 'j1');
    await e.handleJobEvent({ action: 'in_progress', job: job('j1'), runnerName: 'large-l1-1' });
    // Past bootTimeout (10 min) linux-j1-1 is no capacity: j0 gets linux's one worker.
    advance(11 * MIN);
    ci.queue('j0', LINUX);
    await e.handleJobEvent({ action: 'queued', job: job('j0') });
    expect(linuxHost.launched.map((s) => s.name)).toEqual(['linux-j1-1', 'linux-j0-1']);
    ci.start('linux-j0-1', 'j0');
    await e.handleJobEvent({ action: 'in_progress', job: job('j0'), runnerName: 'linux-j0-1' });
    ci.queue('J', LINUX);
    const r = await e.handleJobEvent({ action: 'queued', job: job('J') });
    const doc = await readPoolDoc(store, 'linux');
    expect(doc.workers.find((w) => w.id === 'linux-j1-1')?.jobId).toBeUndefined();
    expect(r.pool).toBe('large');
    expect(largeHost.launched.map((s) => s.name)).toEqual(['large-J-1']);
  });
});
