/**
 * Over random small traces, pools and machine behaviour, every strategy (ci-scaler's own
 * decide() and each comparison) keeps the invariants the metrics can see: no busy worker is
 * killed, never more workers than the pools' max, every job accounted for, worker time
 * within worker life. Two pools are of ephemeral runners, one is a replica service of
 * Terraform agents scaled by its count, whose busy agents only protection keeps.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { POLICY_NAMES } from '../../../src/config/index.js';
import type { SimPool } from '../../../src/sim/sim-pool.js';
import { simulate } from '../../../src/sim/simulate.js';
import { ciScaler, COMPARISONS } from '../../../src/sim/strategies/index.js';
import type { StrategyResult, Trace, TraceJob } from '../../../src/sim/types.js';
import { LARGE, LINUX, agentsEntry, configPools, lifeSeconds, simPools } from './sim-builders.js';

const RUNS = { numRuns: 25 };
const STRATEGIES = [ciScaler, ...COMPARISONS.values()];
const EPSILON = 1e-6;

interface MachineModel {
  readonly boot: string | { readonly median: string; readonly p95: string };
  readonly failAtBoot: number;
  readonly spotInterruptionsPerHour: number;
  readonly pricePerHour: number;
}

interface PoolDraw {
  readonly max: number;
  readonly policy: (typeof POLICY_NAMES)[number];
  readonly simulation: MachineModel;
}

const bootArb: fc.Arbitrary<MachineModel['boot']> = fc.oneof(
  fc.integer({ min: 5, max: 120 }).map((s) => `${s}s`),
  fc
    .tuple(fc.integer({ min: 5, max: 90 }), fc.integer({ min: 0, max: 120 }))
    .map(([median, extra]) => ({ median: `${median}s`, p95: `${median + extra}s` })),
);

const machineArb: fc.Arbitrary<MachineModel> = fc.record({
  boot: bootArb,
  failAtBoot: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.3, noNaN: true })),
  spotInterruptionsPerHour: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 4, noNaN: true })),
  pricePerHour: fc.double({ min: 0.01, max: 5, noNaN: true }),
});

const poolArb: fc.Arbitrary<PoolDraw> = fc.record({
  max: fc.integer({ min: 1, max: 6 }),
  policy: fc.constantFrom(...POLICY_NAMES),
  simulation: machineArb,
});

/** A GitHub job, or a Terraform run (no labels), some of them in one of two workspaces. */
const jobArb = fc.record({
  at: fc.integer({ min: 0, max: 7200 }),
  duration: fc.integer({ min: 10, max: 1800 }),
  labels: fc.constantFrom<readonly string[]>(LINUX, LARGE, []),
  group: fc.constantFrom(undefined, 'ws-a', 'ws-b'),
});

/** Jobs ordered by arrival, as a parsed trace has them, with unique ids. */
const traceArb: fc.Arbitrary<Trace> = fc.array(jobArb, { minLength: 1, maxLength: 40 }).map((drafts) => ({
  jobs: drafts
    .map(({ group, ...d }, i): TraceJob => ({ id: `j${i}`, ...d, ...(group !== undefined && { group }) }))
    .sort((a, b) => a.at - b.at),
}));

/** Terraform agents on one ECS service: scaled by its desired count. */
function agentPool(draw: PoolDraw): SimPool[] {
  return configPools(agentsEntry({ name: 'agents', ...draw }));
}

function poolsOf(linux: PoolDraw, large: PoolDraw, agents: PoolDraw): SimPool[] {
  return [
    ...simPools(
      { name: 'linux', labels: LINUX, ...linux },
      { name: 'large', labels: LARGE, priority: 1, ...large },
    ),
    ...agentPool(agents),
  ];
}

/** Launches that ran a job, and jobs that started, over the given pools. */
function ranAndStarted(r: StrategyResult, names: readonly string[]): { ran: number; started: number } {
  let ran = 0;
  let started = 0;
  for (const name of names) {
    const m = r.pools[name];
    if (m === undefined) continue;
    ran += m.launches - m.wastedLaunches;
    started += m.jobs - m.neverStarted;
  }
  return { ran, started };
}

/** Worker time (busy, booting) fits in worker life, per pool, read back from the cost; idle to a job fits in idle. */
function checkWorkerTime(r: StrategyResult, pools: readonly SimPool[]): void {
  for (const pool of pools) {
    const m = r.pools[pool.policy.name];
    expect(m, pool.policy.name).toBeDefined();
    if (m === undefined) continue;
    const life = lifeSeconds(m, pool.sim.pricePerHour);
    expect(m.busySeconds + m.bootingSeconds).toBeLessThanOrEqual(life + EPSILON * Math.max(1, life));
    expect(m.idleSeconds).toBeGreaterThanOrEqual(0);
    // Idle that ended in a job is a part of the idle time, never more.
    expect(m.idleUntilJobSeconds).toBeGreaterThanOrEqual(0);
    expect(m.idleUntilJobSeconds).toBeLessThanOrEqual(m.idleSeconds + EPSILON * Math.max(1, life));
  }
}

function checkInvariants(r: StrategyResult, trace: Trace, pools: readonly SimPool[]): void {
  const o = r.overall;
  // The autoscaler never terminates a worker that runs a job, in any pool.
  expect(o.busyKilled).toBe(0);
  for (const m of Object.values(r.pools)) expect(m.busyKilled).toBe(0);
  // Every job of the trace matches a pool and either started (it has a wait) or is counted;
  // a spot interruption re-runs its job as a new one, so there may be more.
  expect(o.jobs).toBeGreaterThanOrEqual(trace.jobs.length);
  if (pools.every((p) => p.sim.spotInterruptionsPerHour === 0)) expect(o.jobs).toBe(trace.jobs.length);
  expect(o.wait.count + o.neverStarted).toBe(o.jobs);
  expect(r.waits).toHaveLength(o.wait.count);
  for (const w of r.waits) expect(w).toBeGreaterThanOrEqual(0);
  expect(o.wastedLaunches).toBeLessThanOrEqual(o.launches);
  // Never more workers than the pools' max together; a busy worker runs a job of the demand.
  const max = pools.reduce((a, p) => a + p.policy.max, 0);
  for (const p of r.timeline) {
    expect(p.busy + p.idle + p.booting).toBeLessThanOrEqual(max);
    expect(p.busy).toBeLessThanOrEqual(p.demand);
  }
  checkWorkerTime(r, pools);
}

describe('simulator invariants over random traces, for every strategy', () => {
  it('no busy kill, never beyond max, every job accounted for, worker time within life', async () => {
    await fc.assert(
      fc.asyncProperty(
        traceArb,
        poolArb,
        poolArb,
        poolArb,
        fc.nat(),
        async (trace, linux, large, agents, seed) => {
          const pools = poolsOf(linux, large, agents);
          const noSpot = pools.every((p) => p.sim.spotInterruptionsPerHour === 0);
          const sound = noSpot && pools.every((p) => p.sim.failAtBoot === 0);
          for (const strategy of STRATEGIES) {
            const r = await simulate({ pools, trace, strategy, seed });
            checkInvariants(r, trace, pools);
            const o = r.overall;
            // Ephemeral workers without spot: each worker that ran anything ran exactly one job,
            // and each job that started ran on exactly one worker.
            const runners = ranAndStarted(r, ['linux', 'large']);
            if (noSpot) expect(runners.ran).toBe(runners.started);
            // An agent stays for run after run: never more agents that ran something than runs.
            const tf = ranAndStarted(r, ['agents']);
            expect(tf.ran).toBeLessThanOrEqual(tf.started);
            if (strategy === ciScaler) {
              // With min and warm 0 every launch is for a job, named `<pool>-<job>-<attempt>` with
              // attempt <= maxAttempts (3); each pool counts its own attempts, and a name is never
              // launched twice. A re-run after a spot interruption is a job of its own.
              expect(o.launches).toBeLessThanOrEqual(3 * o.jobs * pools.length);
              // Machines that neither crash nor vanish: the reconciles start every job.
              if (sound) expect(o.neverStarted).toBe(0);
            }
          }
        },
      ),
      RUNS,
    );
  });
});
