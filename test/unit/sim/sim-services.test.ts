/**
 * The simulated replica service on its own: it works towards its count, replaces a task
 * that crashed at boot, and on a lower count stops unprotected tasks only, busy or not.
 */
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../../src/sim/event-queue.js';
import { seededRandom } from '../../../src/sim/random.js';
import type { SimPool } from '../../../src/sim/sim-pool.js';
import { SimServices } from '../../../src/sim/sim-services.js';
import { World, type SimJob } from '../../../src/sim/world.js';
import { agentsEntry, configPools } from './sim-builders.js';

function agents(simulation: Record<string, unknown>): SimPool[] {
  return configPools(agentsEntry({ simulation }));
}

function setup(simulation: Record<string, unknown> = { boot: '30s' }) {
  let now = 0;
  const queue = new EventQueue();
  const pools = agents(simulation);
  const world = new World(
    pools,
    queue,
    seededRandom(1),
    () => now,
    () => undefined,
  );
  const services = new SimServices(world, pools, () => now);
  const until = async (t: number) => {
    for (let at = queue.peek(); at !== undefined && at <= t; at = queue.peek()) {
      const e = queue.pop();
      if (e === undefined) break;
      now = e.at;
      await e.run();
    }
    now = t;
  };
  return { world, services, until };
}

const run = (id: string, at: number, durationMs: number): SimJob => ({
  id,
  labels: [],
  durationMs,
  queuedAt: at,
  state: 'queued',
  interrupted: 0,
});

describe('a simulated replica service', () => {
  it('starts tasks up to its count; their agents register once up and stay after a run', async () => {
    const { world, services, until } = setup();
    services.setDesired('tf', 2);
    expect(services.describe('tf')).toMatchObject({ name: 'agents', desired: 2, running: 0, pending: 2 });
    await until(30_000);
    const s = services.describe('tf');
    expect(s).toMatchObject({ running: 2, pending: 0 });
    expect(world.listRegistrations().map((r) => [r.name, r.online, r.busy])).toEqual([
      ['tf-task-1', true, false],
      ['tf-task-2', true, false],
    ]);
    world.arrive(run('r1', 30_000, 60_000));
    await until(100_000);
    // The agent that ran r1 is still there, idle.
    expect(world.finished.map((j) => j.id)).toEqual(['r1']);
    expect(services.describe('tf').running).toBe(2);
    expect(world.listRegistrations().every((r) => r.online && !r.busy)).toBe(true);
  });

  it('replaces a task that crashed at boot while the count asks for it', async () => {
    const { world, services, until } = setup({ boot: '30s', failAtBoot: 1 });
    services.setDesired('tf', 1);
    await until(30_000);
    // The first task exited at boot; its replacement is starting, and the agent is gone.
    const s = services.describe('tf');
    expect(s.replicas.map((r) => [r.id, r.state])).toEqual([['tf-task-2', 'starting']]);
    expect(world.listMachines('tf').map((m) => m.name)).toEqual(['tf-task-2']);
    expect(world.listRegistrations().map((r) => r.name)).toEqual(['tf-task-2']);
  });

  it('on a lower count stops unprotected tasks, the newest first, a busy one too (a kill)', async () => {
    const { world, services, until } = setup();
    services.setDesired('tf', 2);
    await until(30_000);
    // tf-task-1 takes the run (the first idle agent), then a third task is started later.
    world.arrive(run('r1', 30_000, 600_000));
    services.setDesired('tf', 3);
    await until(60_000);
    services.setDesired('tf', 1);
    // tf-task-3 and tf-task-2 (newest, both idle) go; the busy one is left.
    expect(services.describe('tf').replicas.map((r) => r.id)).toEqual(['tf-task-1']);
    expect(world.machines.get('tf-task-1')?.killedBusy).toBe(false);
    // Without protection, a count of 0 stops the busy agent: the metrics count the kill.
    services.setDesired('tf', 0);
    expect(world.machines.get('tf-task-1')?.killedBusy).toBe(true);
  });

  it('keeps a protected task above the count until its protection is taken off', async () => {
    const { world, services, until } = setup();
    services.setDesired('tf', 1);
    await until(30_000);
    world.arrive(run('r1', 30_000, 600_000));
    expect(services.setProtection('tf', ['tf-task-1', 'nope'], true)).toEqual({
      done: ['tf-task-1'],
      failed: [{ id: 'nope', reason: 'no such task' }],
    });
    const protectedUntil = services.describe('tf').replicas[0]?.protectedUntil;
    // ECS's default protection period: 2 h.
    expect(protectedUntil).toBe(30_000 + 2 * 3_600_000);
    services.setDesired('tf', 0);
    expect(services.describe('tf')).toMatchObject({ desired: 0, running: 1 });
    expect(world.machines.get('tf-task-1')?.killedBusy).toBe(false);
    // The run ends; taking protection off lets the service stop the now idle agent.
    await until(700_000);
    services.setProtection('tf', ['tf-task-1'], false);
    expect(services.describe('tf').replicas).toEqual([]);
    expect(world.machines.get('tf-task-1')).toMatchObject({ killedBusy: false, jobsRun: 1 });
  });
});
