/**
 * Found by review: an idle runner took job J, and J's `in_progress` and `completed` came
 * before its `queued`. Nothing had been launched for J, so the late `queued` launched a
 * runner for a job that had already finished; it idled until scale-in.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../src/state/memory/memory-store.js';
import { FakeCi, FakeHost } from '../../fakes/memory-ci.js';
import { MIN, T0 } from '../core/builders.js';
import { onePoolEngine } from './one-pool-engine.js';

const LABELS = ['self-hosted', 'linux'];

function setup() {
  let now = T0;
  const ci = new FakeCi();
  const host = new FakeHost(() => now);
  const store = createMemoryStore({ clock: () => now });
  const engine = onePoolEngine({ source: ci, provider: host, store, clock: () => now });
  return { ci, host, engine, advance: (ms: number) => (now += ms) };
}

describe('a queued event delivered after its job started', () => {
  it('launches nothing for a job whose in_progress and completed came first', async () => {
    const { ci, host, engine, advance } = setup();
    const job = ci.queue('J', LABELS, { queuedAt: T0 });
    await engine.handleJobEvent({
      action: 'in_progress',
      job: { ...job, state: 'running' },
      runnerName: 'linux-warm-1',
    });
    advance(MIN);
    await engine.handleJobEvent({ action: 'completed', job, runnerName: 'linux-warm-1' });
    const late = await engine.handleJobEvent({ action: 'queued', job });
    expect(host.launched).toEqual([]);
    expect(late.note).toContain('job J started already');
  });

  it('still launches for another job queued meanwhile', async () => {
    const { ci, host, engine } = setup();
    const job = ci.queue('J', LABELS, { queuedAt: T0 });
    await engine.handleJobEvent({
      action: 'in_progress',
      job: { ...job, state: 'running' },
      runnerName: 'linux-warm-1',
    });
    const other = ci.queue('K', LABELS, { queuedAt: T0 });
    await engine.handleJobEvent({ action: 'queued', job: other });
    expect(host.launched.map((s) => s.jobId)).toEqual(['K']);
  });
});
