/**
 * Events that come late, twice, or while an earlier launch is still in flight: the fast
 * path must not launch for them again (found by review; each test failed before its fix).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Job } from '../../../src/core/types.js';
import { Engine } from '../../../src/engine/engine.js';
import { createMemoryStore } from '../../../src/state/memory/memory-store.js';
import type { StateStore } from '../../../src/state/store.js';
import { silentLogger } from '../../../src/telemetry/logger.js';
import { FakeCi, FakeHost } from '../../fakes/memory-ci.js';
import { policy, T0 } from '../core/builders.js';

let now: number;
let ci: FakeCi;
let host: FakeHost;
let store: StateStore;

function engine(): Engine {
  return new Engine({
    pools: [
      { policy: policy({ name: 'linux', labels: ['self-hosted', 'linux'] }), source: ci, provider: host },
    ],
    store,
    clock: () => now,
    owner: 'test',
    logger: silentLogger,
  });
}

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
