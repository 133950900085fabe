/**
 * "wasted launches (workers that never ran a job)": a spot worker that ran a job for hours
 * before the cloud took it back did run a job; its hours are in busy, not wasted.
 */
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../../src/sim/event-queue.js';
import { seededRandom } from '../../../src/sim/random.js';
import { World, type SimJob } from '../../../src/sim/world.js';
import { worldMetrics } from '../../../src/sim/world-metrics.js';
import { LINUX, linuxPool } from './sim-builders.js';

describe('a spot worker taken away under its job', () => {
  it('is not a wasted launch: it ran a job', async () => {
    const pools = linuxPool({ simulation: { boot: '60s', pricePerHour: 3.6, spotInterruptionsPerHour: 1 } });
    const queue = new EventQueue();
    let now = 0;
    const world = new World(
      pools,
      queue,
      seededRandom(7),
      () => now,
      () => undefined,
    );
    world.register('linux', 'linux-a-1');
    world.launch('linux', 'linux-a-1', 'a');
    // A job far longer than any interruption draw: the worker is taken away under it.
    const a: SimJob = {
      id: 'a',
      labels: LINUX,
      durationMs: 1000 * 3_600_000,
      queuedAt: 0,
      state: 'queued',
      interrupted: 0,
    };
    world.arrive(a);
    for (let e = queue.pop(); e !== undefined; e = queue.pop()) {
      now = e.at;
      await e.run();
    }
    const m = world.machines.get('linux-a-1');
    // Precondition: it booted, took the job, and was interrupted while running it.
    expect(m?.onlineAt).toBe(60_000);
    expect(m?.state).toBe('gone');
    expect(a.startedAt).toBe(60_000);
    expect(m?.busyMs).toBeGreaterThan(0);
    const metrics = worldMetrics(world, pools, now, { reconciles: new Map(), apiCalls: new Map() });
    expect(metrics.overall.busySeconds).toBeGreaterThan(0);
    expect(metrics.overall).toMatchObject({ launches: 1, wastedLaunches: 0 });
  });
});
