/**
 * Found by review. docs/simulator.md: "Jobs that share a group run one at a time, in the order queued (the
 * others are `waiting`)". A job queued behind an older job of its group must be listed as
 * `waiting`, whether or not the older one has started yet.
 */
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../../src/sim/event-queue.js';
import { seededRandom } from '../../../src/sim/random.js';
import { simulate } from '../../../src/sim/simulate.js';
import { COMPARISONS } from '../../../src/sim/strategies/index.js';
import { World, type SimJob } from '../../../src/sim/world.js';
import { LINUX, job, linuxPool } from './sim-builders.js';

function simJob(id: string, at: number): SimJob {
  return {
    id,
    labels: LINUX,
    group: 'g',
    durationMs: 600_000,
    queuedAt: at,
    state: 'queued',
    interrupted: 0,
  };
}

describe('jobs behind an older job of their group', () => {
  it('are listed as waiting while the older job is still queued', () => {
    let now = 0;
    const world = new World(
      linuxPool(),
      new EventQueue(),
      seededRandom(1),
      () => now,
      () => undefined,
    );
    world.arrive(simJob('a', 0));
    now = 1000;
    world.arrive(simJob('b', 1000));
    const states = Object.fromEntries(world.listJobs('github').map((j) => [j.id, j.state]));
    // b can only run after a: it adds no demand.
    expect(states).toEqual({ a: 'queued', b: 'waiting' });
  });

  it('poll-30s launches one worker for two jobs of one group, not one per job', async () => {
    const poll = COMPARISONS.get('poll-30s');
    if (poll === undefined) throw new Error('no poll-30s');
    const a = { ...job('a', 0, 600), group: 'g' };
    const b = { ...job('b', 1, 600), group: 'g' };
    const r = await simulate({ pools: linuxPool(), trace: { jobs: [a, b] }, strategy: poll, seed: 1 });
    // At the first poll (15 s) only a can run; b is behind it. When a ends, b's turn comes.
    expect(r.overall.neverStarted).toBe(0);
    expect(r.overall.wastedLaunches).toBe(0);
  });
});
