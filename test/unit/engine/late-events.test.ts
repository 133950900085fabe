/**
 * Events that come late, twice, or while an earlier launch is still in flight: the fast
 * path must not launch for them again, nor act on a stale picture. Found by review: the
 * late event and the max-1 case launched a second worker before their fixes, and every
 * event removed a worker the picture last saw failed.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../src/core/errors.js';
import type { Job, PoolPolicy } from '../../../src/core/types.js';
import type { LaunchSpec, Machine } from '../../../src/providers/provider.js';
import type { Engine } from '../../../src/engine/engine.js';
import { onePoolEngine } from './one-pool-engine.js';
import { readPoolDoc } from '../../../src/engine/pool-doc.js';
import { createMemoryStore } from '../../../src/state/memory/memory-store.js';
import type { StateStore } from '../../../src/state/store.js';
import { FakeCi, FakeHost } from '../../fakes/memory-ci.js';
import { T0 } from '../core/builders.js';

let now: number;
let ci: FakeCi;
let host: FakeHost;
let store: StateStore;

/** A provider whose launch calls hang until released (a throttled API retrying, a slow CreateFleet). */
class SlowHost extends FakeHost {
  readonly calls: string[] = [];
  private readonly gates: (() => void)[] = [];
  override async launch(spec: LaunchSpec): Promise<Machine> {
    this.calls.push(spec.name);
    await new Promise<void>((r) => this.gates.push(r));
    return super.launch(spec);
  }
  release(): void {
    for (const g of this.gates.splice(0)) g();
  }
}

const engine = (max = 10): Engine =>
  onePoolEngine({ source: ci, provider: host, store, clock: () => now }, { max });

beforeEach(() => {
  now = T0;
  ci = new FakeCi();
  host = new FakeHost(() => now);
  store = createMemoryStore({ clock: () => now });
});

const job = (state: Job['state']): Job => ({ id: '42', state, labels: ['linux'] });

describe('a late or redelivered event', () => {
  it('a queued event for a job that ran and finished launches nothing', async () => {
    const e = engine();
    ci.queue('42');
    await e.handleJobEvent({ action: 'queued', job: job('queued') });
    ci.start('linux-42-1', '42');
    now += 5_000;
    await e.handleJobEvent({ action: 'in_progress', job: job('running'), runnerName: 'linux-42-1' });
    ci.complete('42');
    now += 60_000;
    await e.handleJobEvent({ action: 'completed', job: job('queued'), runnerName: 'linux-42-1' });
    expect(host.machines.size).toBe(0);
    // The same queued delivery again (GitHub "Redeliver", another replica, or a restart
    // that emptied the in-memory dedupe of deliveries), minutes later.
    now += 60_000;
    const late = await e.handleJobEvent({ action: 'queued', job: job('queued') });
    expect(host.launched.map((s) => s.name)).toEqual(['linux-42-1']);
    expect(JSON.stringify(late)).toContain('job 42 had a launch already: left to the next reconcile');
  });
});

describe('a queued event older than the claims', () => {
  const MIN = 60_000;
  const queuedAtT0 = { action: 'queued' as const, job: { ...job('queued'), queuedAt: T0 } };

  it('for a job that ran, once its claim is gone: launches nothing', async () => {
    const e = engine();
    ci.queue('42', ['linux'], { queuedAt: T0 });
    await e.handleJobEvent(queuedAtT0);
    ci.start('linux-42-1', '42');
    now += 5_000;
    await e.reconcile('linux'); // sees the job run: its attempt is dropped
    ci.complete('42');
    await e.handleJobEvent({ action: 'completed', job: job('queued'), runnerName: 'linux-42-1' });
    // Reconciles go on; the claim of linux-42-1 expires after 15 minutes.
    for (let t = 0; t < 20; t++) {
      now += MIN;
      await e.reconcile('linux');
    }
    const late = await e.handleJobEvent(queuedAtT0);
    expect(host.launched.map((s) => s.name)).toEqual(['linux-42-1']);
    expect(JSON.stringify(late)).toContain(
      'job 42 was queued more than 15 minutes ago: left to the next reconcile',
    );
  });

  it('for a job still queued: the next reconcile, which lists it, launches', async () => {
    const e = engine();
    now = T0 + 20 * MIN;
    ci.queue('42', ['linux'], { queuedAt: T0 });
    await e.handleJobEvent(queuedAtT0);
    expect(host.launched).toEqual([]);
    await e.reconcile('linux');
    expect(host.launched.map((s) => s.name)).toEqual(['linux-42-1']);
  });

  it('a queued event of a job queued within the claims launches at once', async () => {
    const e = engine();
    now = T0 + 15 * MIN;
    await e.handleJobEvent(queuedAtT0);
    expect(host.launched.map((s) => s.name)).toEqual(['linux-42-1']);
  });
});

describe('a launch call slower than a minute', () => {
  const queued = (id: string): { action: 'queued'; job: Job } => ({
    action: 'queued',
    job: { id, state: 'queued', labels: ['linux'] },
  });
  const settle = () => new Promise((r) => setTimeout(r, 20));
  let slow: SlowHost;
  beforeEach(() => {
    slow = new SlowHost(() => now);
    host = slow;
  });

  /** Sends `first`, lets 61 s pass with its launch call hanging, sends `second`, then lets both calls return. */
  async function overlapping(e: Engine, first: string, second: string): Promise<void> {
    const a = e.handleJobEvent(queued(first));
    await settle();
    expect(slow.calls).toEqual([`linux-${first}-1`]);
    now += 61_000;
    const b = e.handleJobEvent(queued(second));
    await settle();
    slow.release();
    await settle();
    slow.release();
    await Promise.all([a, b]);
  }

  it('still holds its room below max: with max 1 a second job launches nothing', async () => {
    await overlapping(engine(1), '1', '2');
    expect(host.launched.map((s) => s.name)).toEqual(['linux-1-1']);
  });

  it('still holds its job: a duplicate event launches nothing', async () => {
    await overlapping(engine(), '1', '1');
    expect(host.launched.map((s) => s.name)).toEqual(['linux-1-1']);
  });
});

describe('a failed worker in the stored picture', () => {
  class FlakyHost extends FakeHost {
    failTerminate = false;
    readonly terminateCalls: string[] = [];
    override async terminate(pool: PoolPolicy, name: string): Promise<void> {
      this.terminateCalls.push(name);
      if (this.failTerminate) throw new ProviderError('docker daemon unavailable', { retryable: true });
      await super.terminate(pool, name);
    }
  }

  it('is left to the next reconcile: an event about another job removes nothing', async () => {
    const flaky = new FlakyHost(() => now);
    host = flaky;
    const e = engine();
    ci.queue('7');
    await e.reconcile('linux');
    flaky.crash('linux-7-1');
    ci.jobs.clear();
    flaky.failTerminate = true;
    now += 5_000;
    const r = await e.reconcile('linux');
    expect(r.outcomes.map((o) => `${o.type} ${o.target} ${o.result}`)).toEqual([
      'terminate linux-7-1 failed',
    ]);
    expect((await readPoolDoc(store, 'linux')).workers).toMatchObject([{ id: 'linux-7-1', state: 'failed' }]);
    flaky.terminateCalls.length = 0;
    now += 1_000;
    const ev = await e.handleJobEvent({
      action: 'queued',
      job: { id: '8', state: 'queued', labels: ['linux'] },
    });
    expect(ev.outcomes.map((o) => `${o.type} ${o.target}`)).toEqual(['launch linux-8-1']);
    expect(flaky.terminateCalls).toEqual([]);
  });
});
