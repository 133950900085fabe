/**
 * What a run did, per pool and overall, read from the world's records at the end: job
 * waits (queued -> first start), worker seconds by state, cost, launches and the launches
 * that ran nothing, busy workers killed, jobs that never started.
 */
import { poolForJob, type SimPool } from './sim-pool.js';
import { distribution } from './stats.js';
import type { PoolMetrics } from './types.js';
import type { SimJob, SimMachine, World } from './world.js';

export interface RunCounters {
  /** Reconciles and API calls per pool. */
  readonly reconciles: ReadonlyMap<string, number>;
  readonly apiCalls: ReadonlyMap<string, number>;
}

interface Tally {
  waits: number[];
  busy: number;
  idle: number;
  idleUntilJob: number;
  booting: number;
  cost: number;
  launches: number;
  wasted: number;
  killed: number;
  neverStarted: number;
  ranElsewhere: number;
  jobs: number;
}

const emptyTally = (): Tally => ({
  waits: [],
  busy: 0,
  idle: 0,
  idleUntilJob: 0,
  booting: 0,
  cost: 0,
  launches: 0,
  wasted: 0,
  killed: 0,
  neverStarted: 0,
  ranElsewhere: 0,
  jobs: 0,
});

/** The pool a job belongs to: the one whose worker ran it, else rule 7's first match. */
function poolOf(job: SimJob, world: World, pools: readonly SimPool[]): string | undefined {
  if (job.runner !== undefined) return world.machines.get(job.runner)?.pool;
  return poolForJob(job, pools)?.policy.name;
}

function addMachine(t: Tally, m: SimMachine, endAt: number, price: number, world: World): void {
  const end = m.endedAt ?? endAt;
  const life = end - m.launchedAt;
  const booting = (m.onlineAt ?? end) - m.launchedAt;
  const running = m.runsJob === undefined ? undefined : world.jobs.get(m.runsJob);
  const busy = m.busyMs + (running === undefined || m.busySince === undefined ? 0 : end - m.busySince);
  t.booting += booting / 1000;
  t.busy += busy / 1000;
  t.idle += Math.max(0, life - booting - busy) / 1000;
  t.idleUntilJob += m.idleUntilJobMs / 1000;
  t.cost += (life / 3_600_000) * price;
  t.launches += 1;
  // Wasted: it never started a job. One taken back under its job did run it (its time is busy).
  if (m.busySince === undefined) t.wasted += 1;
  if (m.killedBusy) t.killed += 1;
}

function addJob(t: Tally, job: SimJob): void {
  t.jobs += 1;
  if (job.startedAt === undefined) t.neverStarted += 1;
  else t.waits.push((job.startedAt - (job.runnableAt ?? job.queuedAt)) / 1000);
}

function toMetrics(t: Tally, reconciles: number, apiCalls: number): PoolMetrics {
  return {
    wait: distribution(t.waits),
    busySeconds: t.busy,
    idleSeconds: t.idle,
    idleUntilJobSeconds: t.idleUntilJob,
    bootingSeconds: t.booting,
    cost: t.cost,
    launches: t.launches,
    wastedLaunches: t.wasted,
    busyKilled: t.killed,
    neverStarted: t.neverStarted,
    ranElsewhere: t.ranElsewhere,
    jobs: t.jobs,
    reconciles,
    apiCalls,
  };
}

export function worldMetrics(
  world: World,
  pools: readonly SimPool[],
  endAt: number,
  counters: RunCounters,
): { pools: Record<string, PoolMetrics>; overall: PoolMetrics; waits: number[] } {
  const tallies = new Map(pools.map((p) => [p.policy.name, emptyTally()]));
  const all = emptyTally();
  const price = new Map(pools.map((p) => [p.policy.name, p.sim.pricePerHour]));
  for (const m of world.machines.values()) {
    for (const t of [tallies.get(m.pool), all]) if (t) addMachine(t, m, endAt, price.get(m.pool) ?? 0, world);
  }
  for (const job of [...world.finished, ...world.jobs.values()]) {
    const pool = poolOf(job, world, pools);
    for (const t of [pool === undefined ? undefined : tallies.get(pool), all]) if (t) addJob(t, job);
    // Counted in the pool the job was for: the worker launched for it there lost it.
    const own = poolForJob(job, pools)?.policy.name;
    if (own !== undefined && job.startedAt !== undefined && pool !== own)
      for (const t of [tallies.get(own), all]) if (t) t.ranElsewhere += 1;
  }
  const sum = (m: ReadonlyMap<string, number>) => [...m.values()].reduce((a, v) => a + v, 0);
  const perPool: Record<string, PoolMetrics> = {};
  for (const [name, t] of tallies)
    perPool[name] = toMetrics(t, counters.reconciles.get(name) ?? 0, counters.apiCalls.get(name) ?? 0);
  // distribution() sorts in place: all.waits comes back sorted, as the CDF wants it.
  const overall = toMetrics(all, sum(counters.reconciles), sum(counters.apiCalls));
  return { pools: perPool, overall, waits: all.waits };
}
