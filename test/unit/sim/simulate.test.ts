import { describe, expect, it } from 'vitest';
import { compareStrategies, type CompareOptions } from '../../../src/sim/compare.js';
import type { SimPool } from '../../../src/sim/sim-pool.js';
import { simulate } from '../../../src/sim/simulate.js';
import { ciScaler, COMPARISONS, type Strategy } from '../../../src/sim/strategies/index.js';
import { generateTrace } from '../../../src/sim/trace-generate.js';
import type { StrategyResult, Trace } from '../../../src/sim/types.js';
import {
  LARGE,
  LINUX,
  agentsEntry,
  configPools,
  job,
  lifeSeconds,
  linuxPool,
  simPools,
  spotUnitPools,
} from './sim-builders.js';

function comparison(name: string): Strategy {
  const strategy = COMPARISONS.get(name);
  if (strategy === undefined) throw new Error(`no strategy ${name}`);
  return strategy;
}

const cronScaleDown = comparison('cron-scale-down');
const poll30s = comparison('poll-30s');

function run(
  pools: readonly SimPool[],
  jobs: Trace['jobs'],
  extra: { strategy?: Strategy; seed?: number; eventLoss?: number; eventDuplication?: number } = {},
): Promise<StrategyResult> {
  return simulate({ pools, trace: { jobs }, strategy: ciScaler, seed: 1, ...extra });
}

/**
 * 20 linux jobs of 10 min, one every 90 s: a worker lives 660 s, so at most 8 exist at once,
 * below the default max 10; no job waits for capacity.
 */
const steady = Array.from({ length: 20 }, (_, i) => job(`s${i}`, i * 90, 600));
const steadyWork = steady.reduce((a, j) => a + j.duration, 0);

/** Three pools for the generator's labels (standard, large, arm64), with random boots and crashes. */
function generatedPools(): SimPool[] {
  const simulation = { boot: { median: '40s', p95: '90s' }, failAtBoot: 0.05, pricePerHour: 0.1 };
  return simPools(
    { name: 'linux', labels: LINUX, max: 20, simulation },
    { name: 'large', labels: LARGE, priority: 1, max: 8, simulation },
    { name: 'arm64', labels: ['self-hosted', 'linux', 'arm64'], priority: 1, max: 8, simulation },
  );
}

const generated = generateTrace({ pattern: 'weekday', jobs: 300, days: 2, seed: 5 });

function compareGenerated(seed: number, pools = generatedPools()): ReturnType<typeof compareStrategies> {
  const options: CompareOptions = {
    pools,
    trace: generated,
    seed,
    compare: [...COMPARISONS.values()],
    config: 'test.yaml',
    traceName: 'weekday-300',
  };
  return compareStrategies(options);
}

describe('simulate: runs computed by hand', () => {
  it('one job on an empty pool waits one boot and pays for boot + job', async () => {
    const r = await run(linuxPool(), [job('a', 0, 600)]);
    // The queued event launches at t=0 (scaleUp.after 0s); the worker is online at 60 s and
    // takes the job; the job ends at 660 s and the ephemeral machine exits with it.
    expect(r.overall).toMatchObject({
      wait: { count: 1, p50: 60, max: 60, mean: 60 },
      busySeconds: 600,
      bootingSeconds: 60,
      idleSeconds: 0,
      launches: 1,
      wastedLaunches: 0,
      busyKilled: 0,
      neverStarted: 0,
      jobs: 1,
    });
    // Life 60 + 600 = 660 s at 3.6 an hour (0.001 a second): 0.66.
    expect(r.overall.cost).toBeCloseTo(0.66, 10);
    expect(r.pools.linux).toEqual(r.overall);
    expect(r.waits).toEqual([60]);
  });

  it('a second job on a pool at max 1 waits for the first, the next reconcile and a boot', async () => {
    const r = await run(linuxPool({ max: 1 }), [job('a', 0, 600), job('b', 0, 600)]);
    // a's event launches at 0; b's event finds the pool at max. The worker is online at 60,
    // runs a until 660 and exits. The `completed` event's fast path only removes it: it
    // knows no other job (it lists nothing). One pool's reconciles run at 15 s (half its
    // 30 s interval) + 30 s * k, so the first at or after 660 is at 675 (15 + 22 * 30): it
    // launches for b, which starts at 675 + 60 = 735.
    expect(r.waits).toEqual([60, 735]);
    expect(r.overall).toMatchObject({ launches: 2, wastedLaunches: 0, busySeconds: 1200, idleSeconds: 0 });
    expect(r.overall.bootingSeconds).toBe(120);
    // Two lives of 660 s each.
    expect(r.overall.cost).toBeCloseTo(1.32, 10);
  });

  it("a large runner that boots first takes the older linux job: counted as the linux pool's, ran elsewhere", async () => {
    const pools = simPools(
      { name: 'linux', labels: LINUX, simulation: { boot: '60s', pricePerHour: 3.6 } },
      { name: 'large', labels: LARGE, priority: 1, simulation: { boot: '10s', pricePerHour: 3.6 } },
    );
    const r = await run(pools, [job('a', 0, 600), job('b', 1, 600, LARGE)]);
    // linux-a-1 boots at 60, large-b-1 at 11: GitHub gives it the oldest job it can run, a.
    // b, left without a worker, gets large-b-2 at once (boots at 21); linux-a-1 runs nothing.
    expect(r.waits).toEqual([11, 20]);
    expect(r.pools.linux).toMatchObject({ ranElsewhere: 1, wastedLaunches: 1, launches: 1 });
    expect(r.pools.large).toMatchObject({ ranElsewhere: 0, wastedLaunches: 0, launches: 2, jobs: 2 });
    expect(r.overall.ranElsewhere).toBe(1);
    // linux-a-1 idles from 60 s until scale-in: none of that time ended in a job.
    expect(r.pools.linux?.idleSeconds).toBeGreaterThan(0);
    expect(r.pools.linux?.idleUntilJobSeconds).toBe(0);
  });

  it('the worker whose job ran elsewhere takes the next linux job: its idle time ended in a job', async () => {
    const pools = simPools(
      { name: 'linux', labels: LINUX, simulation: { boot: '60s', pricePerHour: 3.6 } },
      { name: 'large', labels: LARGE, priority: 1, simulation: { boot: '10s', pricePerHour: 3.6 } },
    );
    const r = await run(pools, [job('a', 0, 600), job('b', 1, 600, LARGE), job('c', 100, 300)]);
    // As above, a runs on large-b-1 from 11 s; linux-a-1 is online at 60 s with no job. c's
    // event at 100 s finds it free (no launch): c waits 0, and its 40 s idle ended in a job.
    expect(r.waits).toEqual([0, 11, 20]);
    expect(r.pools.linux).toMatchObject({
      launches: 1,
      wastedLaunches: 0,
      idleSeconds: 40,
      idleUntilJobSeconds: 40,
    });
  });

  it('scaleUp.after 20s: the launch goes out when it falls due, as the server wakes for it', async () => {
    const r = await run(linuxPool({ scaleUp: { after: '20s' } }), [job('a', 0, 600), job('b', 5, 600)]);
    // a's event holds (demand since 0); b's holds too, with the same clock. The reconcile
    // woken at 20 s launches both (not the interval's at 45 s): online at 80, waits 75 and 80.
    expect(r.waits).toEqual([75, 80]);
    expect(r.overall.launches).toBe(2);
  });

  it('without events the job waits for the first reconcile (15 s) and a boot', async () => {
    const r = await run(linuxPool(), [job('a', 0, 600)], { eventLoss: 1 });
    expect(r.waits).toEqual([75]);
    expect(r.overall.launches).toBe(1);
  });

  it('a job whose labels match no pool never starts and launches nothing', async () => {
    const r = await run(linuxPool(), [job('gpu', 0, 60, ['self-hosted', 'gpu'])]);
    expect(r.overall).toMatchObject({ jobs: 1, neverStarted: 1, launches: 0, cost: 0 });
    expect(r.overall.wait.count).toBe(0);
    // It belongs to no pool: only the overall figures count it.
    expect(r.pools.linux).toMatchObject({ jobs: 0, neverStarted: 0 });
  });
});

describe('GitHub jobs and Terraform runs in one config', () => {
  const pools = [
    ...simPools({ name: 'linux', labels: LINUX, warm: 1, simulation: { boot: '60s' } }),
    ...configPools(agentsEntry({ simulation: { boot: '30s' } })),
  ];

  it('a run (no labels) waits for an agent, never for an idle GitHub runner; a GitHub job never takes an agent', async () => {
    // warm 1 keeps an idle linux runner up from the first reconcile on.
    const r = await run(pools, [job('plan-1', 300, 60, []), job('g', 600, 60), job('plan-2', 900, 60, [])]);
    // A run has no webhook event: the agent pool's loop (every 30 s from 20 s) lists it 20 s
    // after it arrives. The ECS pool is run as one worker per job (simPoolsOf): a 30 s boot.
    expect(r.pools.tf).toMatchObject({ jobs: 2, launches: 2, neverStarted: 0, ranElsewhere: 0 });
    expect(r.pools.tf?.wait).toMatchObject({ p50: 50, max: 50 });
    expect(r.pools.linux).toMatchObject({ jobs: 1, neverStarted: 0 });
    expect(r.pools.linux?.wait.max).toBe(0);
  });

  it('a generated day of Terraform runs: every run starts on an agent, agents are reused, none is killed busy', async () => {
    const runs = generateTrace({ pattern: 'terraform', jobs: 300, days: 1, seed: 2 }).jobs;
    const r = await run(pools, runs);
    expect(r.pools.tf).toMatchObject({ jobs: 300, neverStarted: 0, busyKilled: 0 });
    expect(r.pools.linux?.jobs).toBe(0);
    expect(r.pools.tf?.launches).toBeLessThan(300);
  });

  it('an agent of the replica pool stays after its run and takes the next one: no second boot', async () => {
    // The first run starts at 350 s (listed at 320 s, a 30 s boot) and ends at 410 s.
    const r = await run(pools, [job('plan-1', 300, 60, []), job('plan-2', 420, 60, [])]);
    expect(r.pools.tf).toMatchObject({ jobs: 2, launches: 1, wastedLaunches: 0, busySeconds: 120 });
    expect(r.waits).toEqual([0, 50]);
    // It waits from 410 s for plan-2 at 420 s: 10 s of idle that ended in a job.
    expect(r.pools.tf?.idleUntilJobSeconds).toBe(10);
  });
  it('scales the agents by the service count, and protection keeps a busy agent through a scale-in', async () => {
    // Both runs are listed at 320 s: the count goes 0 -> 2, both agents boot by 350 s.
    const r = await run(pools, [job('short', 300, 60, []), job('long', 300, 600, [])]);
    expect(r.waits).toEqual([50, 50]);
    // The short run's agent idles from 410 s; balanced: above desired from the 440 s
    // reconcile for 2 min, and 5 min since the launch at 320 s: it goes at 620 s while the
    // long run's agent, busy and protected, stays. That one idles from 950 s until 1070 s
    // (above desired 2 min; the scale-in at 620 s is 5 min past by then).
    expect(r.pools.tf).toMatchObject({ launches: 2, wastedLaunches: 0, busyKilled: 0, busySeconds: 660 });
    expect(r.pools.tf?.idleSeconds).toBe(210 + 120);
    // Each agent idled after its only run, until it went: none of it ended in a job.
    expect(r.pools.tf?.idleUntilJobSeconds).toBe(0);
  });
});

describe('jobs of one group (a workspace)', () => {
  it('run in the order queued, and wait from when their turn comes, not behind the lock', async () => {
    const pools = configPools(agentsEntry({ simulation: { boot: '30s' } }));
    const a = { ...job('a', 0, 100, []), group: 'ws' };
    const b = { ...job('b', 10, 50, []), group: 'ws' };
    // The loop lists at 15 s (one pool: half an interval in) and launches one agent for the
    // group; it boots by 45 s and takes a, the older run. When a ends at 145 s, b's turn
    // comes and the same agent takes it at once: waits 45 s and 0 s, not 45 s and 135 s.
    const r = await run(
      pools,
      [b, a].sort((x, y) => x.at - y.at),
    );
    expect(r.waits).toEqual([0, 45]);
    expect(r.pools.tf).toMatchObject({ launches: 1, busySeconds: 150 });
  });
});

describe('capacity classes', () => {
  it('an ECS pool with two services runs each as its own unit, its workers priced by their class', async () => {
    const pools = spotUnitPools();
    expect(pools.map((p) => [p.policy.name, p.sim.capacityClass, p.sim.pricePerHour])).toEqual([
      ['tf-regular', 'regular', 3.6],
      ['tf-spot', 'spot', 1.2],
    ]);
    const plan = { ...job('plan', 0, 600, []), kind: 'plan' };
    const apply = { ...job('apply', 1000, 600, []), kind: 'apply' };
    const r = await run(pools, [plan, apply]);
    // `kinds` sends the plan to the spot service and the apply to the regular one. Each
    // agent boots 60 s, runs 600 s and idles until scale-in, billed at its class's price.
    for (const [name, price] of [
      ['tf-spot', 1.2],
      ['tf-regular', 3.6],
    ] as const) {
      const m = r.pools[name] ?? never();
      expect(m).toMatchObject({ jobs: 1, launches: 1, busySeconds: 600, bootingSeconds: 60 });
      expect(m.idleSeconds).toBeGreaterThan(0);
      expect(lifeSeconds(m, price)).toBeCloseTo(m.bootingSeconds + m.busySeconds + m.idleSeconds, 6);
    }
  });
});

describe('compareStrategies: baselines and the report', () => {
  const pools = simPools(
    { name: 'linux', labels: LINUX, simulation: { boot: '60s', pricePerHour: 3.6 } },
    { name: 'large', labels: LARGE, priority: 1, simulation: { boot: '30s', pricePerHour: 7.2 } },
  );
  // a matches both pools and belongs to linux (lower priority); b only to large; c to none.
  const trace: Trace = {
    jobs: [job('a', 0, 600), job('b', 10, 300, LARGE), job('c', 20, 100, ['self-hosted', 'gpu'])],
  };

  it('cold start waits one fixed boot per matched job; the cost floor is the job time at its pool price', async () => {
    const report = await compareStrategies({
      pools,
      trace,
      seed: 3,
      compare: [poll30s],
      config: 'c.yaml',
      traceName: 't.jsonl',
    });
    // c matches no pool: left out of the runs, counted apart.
    expect(report).toMatchObject({ version: 1, config: 'c.yaml', trace: 't.jsonl', seed: 3, jobs: 2 });
    expect(report.unmatched).toEqual({ jobs: 1, byLabels: [{ labels: ['self-hosted', 'gpu'], jobs: 1 }] });
    // The last job to end: a, at 0 + 600.
    expect(report.simulatedSeconds).toBe(600);
    expect(report.results.map((r) => r.strategy)).toEqual(['ci-scaler', 'poll-30s']);
    const { coldStart, costFloor, busySeconds } = report.baselines;
    expect(coldStart.wait).toMatchObject({ count: 2, p50: 30, max: 60, mean: 45 });
    // 600 s at 3.6/h + 300 s at 7.2/h = 0.6 + 0.6; cold start adds one boot to each.
    expect(costFloor).toBeCloseTo(1.2, 10);
    expect(coldStart.cost).toBeCloseTo((660 / 3600) * 3.6 + (330 / 3600) * 7.2, 10);
    expect(busySeconds).toBe(900);
    for (const r of report.results) expect(r.overall.cost).toBeGreaterThanOrEqual(costFloor);
  });
});

describe('determinism', () => {
  it('the same seed gives the same report; another seed changes the random boots and crashes', async () => {
    const first = await compareGenerated(5);
    const again = await compareGenerated(5);
    expect(JSON.stringify(again)).toBe(JSON.stringify(first));
    const other = await compareGenerated(6);
    expect(JSON.stringify(other.results)).not.toBe(JSON.stringify(first.results));
    expect(JSON.stringify(other.baselines)).not.toBe(JSON.stringify(first.baselines));
    expect(first.results.map((r) => r.strategy)).toEqual(['ci-scaler', ...COMPARISONS.keys()]);
  });

  it('with nothing random in the model, the seed changes nothing', async () => {
    const fixed = simPools(
      { name: 'linux', labels: LINUX, max: 20, simulation: { boot: '45s' } },
      { name: 'large', labels: LARGE, priority: 1, max: 8 },
      { name: 'arm64', labels: ['self-hosted', 'linux', 'arm64'], priority: 1, max: 8 },
    );
    const a = await compareGenerated(1, fixed);
    const b = await compareGenerated(2, fixed);
    expect(JSON.stringify(b.results)).toBe(JSON.stringify(a.results));
  });

  it('isolating the store (copies, as a real store makes) gives the same results', async () => {
    for (const strategy of [ciScaler, cronScaleDown]) {
      const options = { pools: generatedPools(), trace: generated, strategy, seed: 5 };
      const shared = await simulate({ ...options, isolateStore: false });
      const isolated = await simulate({ ...options, isolateStore: true });
      expect(JSON.stringify(isolated)).toBe(JSON.stringify(shared));
    }
  });
});

describe('determinism of a replica service', () => {
  it('the same seed gives the same report, and copying the store changes nothing', async () => {
    const pools = configPools(
      agentsEntry({
        max: 4,
        simulation: { boot: { median: '40s', p95: '90s' }, failAtBoot: 0.1, spotInterruptionsPerHour: 0.5 },
      }),
    );
    const runs = generateTrace({ pattern: 'terraform', jobs: 200, days: 1, seed: 4 }).jobs;
    for (const strategy of [ciScaler, ...COMPARISONS.values()]) {
      const first = await run(pools, runs, { strategy, seed: 3 });
      const again = await run(pools, runs, { strategy, seed: 3 });
      const isolated = await simulate({
        pools,
        trace: { jobs: runs },
        strategy,
        seed: 3,
        isolateStore: true,
      });
      expect(JSON.stringify(again), strategy.name).toBe(JSON.stringify(first));
      expect(JSON.stringify(isolated), strategy.name).toBe(JSON.stringify(first));
      expect(first.overall.busyKilled, strategy.name).toBe(0);
    }
  });
});

describe('events lost or duplicated', () => {
  it('ci-scaler runs every job when every event is lost (reconciles repair), only later', async () => {
    const heard = await run(linuxPool(), steady);
    const lost = await run(linuxPool(), steady, { eventLoss: 1 });
    expect(lost.overall).toMatchObject({ neverStarted: 0, busyKilled: 0, busySeconds: steadyWork });
    // Heard: each queued event launches at once, the job waits one boot. Lost: every arrival
    // falls on a multiple of 30 s and the reconciles at 15 s + 30 s * k, so the launch comes
    // 15 s later: 15 + 60.
    expect(heard.waits).toEqual(steady.map(() => 60));
    expect(lost.waits).toEqual(steady.map(() => 75));
    expect(lost.overall.launches).toBe(heard.overall.launches);
  });

  it('cron-scale-down, which launches only on events, starts nothing when every event is lost', async () => {
    const r = await run(linuxPool(), steady, { strategy: cronScaleDown, eventLoss: 1 });
    expect(r.overall).toMatchObject({ launches: 0, neverStarted: steady.length, jobs: steady.length });
  });

  it('poll-30s hears no events: losing them changes nothing', async () => {
    const heard = await run(linuxPool(), steady, { strategy: poll30s });
    const lost = await run(linuxPool(), steady, { strategy: poll30s, eventLoss: 1 });
    expect(JSON.stringify(lost)).toBe(JSON.stringify(heard));
  });

  it('every event delivered twice launches no extra worker and kills no busy one', async () => {
    for (const strategy of [ciScaler, cronScaleDown, comparison('min-plus-assigned')]) {
      const once = await simulate({ pools: generatedPools(), trace: generated, strategy, seed: 5 });
      const twice = await simulate({
        pools: generatedPools(),
        trace: generated,
        strategy,
        seed: 5,
        eventDuplication: 1,
      });
      // A duplicate finds its job's worker in the pool document (or its claim) and does
      // nothing, and events draw from their own random stream, so machines boot and crash alike.
      expect(twice.overall.launches, strategy.name).toBe(once.overall.launches);
      expect(twice.waits, strategy.name).toEqual(once.waits);
      expect(twice.overall.busyKilled).toBe(0);
    }
  });
});

describe('spot interruptions', () => {
  it('interrupted jobs are queued again and all complete; an interruption is not a busy kill', async () => {
    // 3 interruptions per worker-hour: a 10 min job survives with p = e^-0.5 ~ 0.6. A re-run
    // is a new job (GitHub gives it a new id), with launches of its own.
    const pools = linuxPool({
      maxAttempts: 10,
      simulation: { boot: '60s', pricePerHour: 3.6, spotInterruptionsPerHour: 3 },
    });
    const r = await run(pools, steady, { seed: 2 });
    // No crash at boot: every launch beyond one per job replaced a machine taken away.
    expect(r.overall.launches).toBeGreaterThan(steady.length);
    expect(r.overall).toMatchObject({ busyKilled: 0, neverStarted: 0 });
    // Each interruption re-ran its job as one more job.
    expect(r.overall.jobs).toBeGreaterThan(steady.length);
    // Nothing queued or running at the end: every job completed.
    expect(r.timeline.at(-1)?.demand).toBe(0);
    // Each job ran its whole duration once, plus the parts lost to interruptions.
    expect(r.overall.busySeconds).toBeGreaterThan(steadyWork);
    expect(r.overall.busySeconds + r.overall.bootingSeconds).toBeLessThanOrEqual(
      lifeSeconds(r.overall, 3.6) + 1e-6,
    );
  });
});

function never(): never {
  throw new Error('missing');
}
