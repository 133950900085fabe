/**
 * One strategy over one trace on a simulated clock: the real Engine (observe, decide, act,
 * record) against the simulated world, fed job events the way the webhook path feeds them
 * (when the strategy hears events, with optional loss and duplication) and a reconcile
 * per pool on the strategy's cadence. Deterministic: same pools, trace, strategy and seed,
 * same result.
 */
import type { Decision, JobEvent } from '../core/types.js';
import { Engine } from '../engine/engine.js';
import type { PoolRuntime } from '../engine/pool-runtime.js';
import { MemoryStore } from '../state/memory/memory-store.js';
import { silentLogger } from '../telemetry/logger.js';
import { EventQueue, type Scheduled } from './event-queue.js';
import { seededRandom, type Random } from './random.js';
import { SimProvider, SimReplicaProvider, SimSource } from './sim-backends.js';
import { SimServices } from './sim-services.js';
import { systemOfJob, systemOfPool, type SimPool } from './sim-pool.js';
import type { Strategy } from './strategies/strategy.js';
import { GENERATED_START } from './trace-generate.js';
import type { StrategyResult, TimelinePoint, Trace } from './types.js';
import { World, type SimJob } from './world.js';
import { worldMetrics } from './world-metrics.js';

export interface SimulateOptions {
  readonly pools: readonly SimPool[];
  readonly trace: Trace;
  readonly strategy: Strategy;
  readonly seed: number;
  /** Share of job events never delivered (0..1). */
  readonly eventLoss?: number;
  /** Share of job events delivered twice (0..1). */
  readonly eventDuplication?: number;
  /** Copy what the engine stores, as a real store would (slower; tests compare both). */
  readonly isolateStore?: boolean;
  /** Called now and then with the share of simulated time done. */
  readonly onProgress?: (done: number) => void;
}

/** After the last job, workers get this long to scale in before the books close. */
const TAIL_MS = 15 * 60_000;
/** A run never goes on longer than this past the last arrival (jobs that cannot start). */
const MAX_DRAIN_MS = 24 * 3_600_000;
/** History entries the simulated store keeps per pool: bounded, so long traces stay fast. */
const HISTORY_LIMIT = 20;
const TIMELINE_POINTS = 600;

interface Run {
  readonly queue: EventQueue;
  readonly world: World;
  readonly engine: Engine;
  readonly sources: Map<string, SimSource>;
  readonly timeline: TimelinePoint[];
  /** Per pool, the time of the reconcile scheduled for held launches (`launchDueAt`). */
  readonly wakes: Map<string, number>;
  now: number;
}

/**
 * Launches held by `scaleUp.after` get a reconcile when they fall due, as the server's loop
 * runs one then (reconcile-loop.ts), instead of waiting for the next event or interval.
 */
function wakeFor(run: Run, pool: string | undefined, decision: Decision | undefined): void {
  const due = decision?.launchDueAt;
  if (pool === undefined || due === undefined || due <= run.now) return;
  const pending = run.wakes.get(pool);
  if (pending !== undefined && pending > run.now && pending <= due) return;
  run.wakes.set(pool, due);
  run.queue.schedule(due, async () => {
    if (run.wakes.get(pool) !== due) return;
    run.wakes.delete(pool);
    const r = await run.engine.reconcile(pool);
    wakeFor(run, pool, r.decision);
  });
}

function deliverEvents(options: SimulateOptions, random: Random, getRun: () => Run): (e: JobEvent) => void {
  const loss = options.eventLoss ?? 0;
  const dup = options.eventDuplication ?? 0;
  return (event) => {
    // Events are GitHub's workflow_job webhooks: a Terraform run is seen by listings only.
    if (!options.strategy.hearsEvents || systemOfJob(event.job.labels) !== 'github' || random.chance(loss))
      return;
    const run = getRun();
    const copies = random.chance(dup) ? 2 : 1;
    for (let i = 0; i < copies; i++)
      run.queue.schedule(run.now, async () => {
        const r = await run.engine.handleJobEvent(event);
        wakeFor(run, r.pool, r.decision);
      });
  };
}

function build(options: SimulateOptions, start: number): Run {
  const random = seededRandom(options.seed);
  const queue = new EventQueue();
  const clock = () => run.now;
  const world = new World(
    options.pools,
    queue,
    random.fork('world'),
    clock,
    deliverEvents(options, random.fork('events'), () => run),
  );
  const services = new SimServices(world, options.pools, clock);
  const runtimes = options.pools.map((p) => ({
    policy: p.policy,
    source: new SimSource(world, systemOfPool(p.policy)),
    provider: p.service === undefined ? new SimProvider(world) : new SimReplicaProvider(services),
    ...(p.service !== undefined && { service: p.service.name }),
  })) satisfies PoolRuntime[];
  const sources = new Map(runtimes.map((r) => [r.policy.name, r.source]));
  const engine = new Engine({
    pools: runtimes,
    store: new MemoryStore({ clock, isolate: options.isolateStore ?? false }),
    clock,
    logger: silentLogger,
    owner: 'simulator',
    historyLimit: HISTORY_LIMIT,
    decide: options.strategy.createDecide(),
  });
  const run: Run = { queue, world, engine, sources, timeline: [], wakes: new Map(), now: start };
  return run;
}

function scheduleArrivals(run: Run, trace: Trace, start: number): void {
  run.queue.scheduleAll(trace.jobs.map((j) => arrival(run.world, j, start)));
}

function arrival(world: World, j: Trace['jobs'][number], start: number): Scheduled {
  const at = start + j.at * 1000;
  const job: SimJob = {
    id: j.id,
    labels: j.labels,
    ...(j.kind !== undefined && { kind: j.kind }),
    ...(j.group !== undefined && { group: j.group }),
    durationMs: j.duration * 1000,
    queuedAt: at,
    state: 'queued',
    interrupted: 0,
  };
  return {
    at,
    run: () => {
      world.arrive(job);
    },
  };
}

function scheduleReconciles(run: Run, options: SimulateOptions, start: number, until: () => number): void {
  options.pools.forEach((pool, i) => {
    const every = options.strategy.intervalMs ?? pool.intervalMs;
    const name = pool.policy.name;
    // Pools start a little apart, as the server's loop spreads them.
    const tick = async (): Promise<void> => {
      const r = await run.engine.reconcile(name);
      wakeFor(run, name, r.decision);
      if (run.now + every <= until()) run.queue.schedule(run.now + every, tick);
    };
    run.queue.schedule(start + Math.round((every * (i + 1)) / (options.pools.length + 1)), tick);
  });
}

function sampleTimeline(run: Run, start: number, every: number, until: () => number): void {
  const sample = (): void => {
    const c = run.world.counts;
    run.timeline.push({
      t: (run.now - start) / 1000,
      demand: c.queued + c.running,
      busy: c.busy,
      idle: c.idle,
      booting: c.booting,
    });
    if (run.now + every <= until()) run.queue.schedule(run.now + every, sample);
  };
  run.queue.schedule(start, sample);
}

export async function simulate(options: SimulateOptions): Promise<StrategyResult> {
  // A trace without ISO times starts where generated ones do: a Monday, so weekday shapes line up.
  const start = Date.parse(options.trace.start ?? GENERATED_START);
  // A loop, not Math.max(...jobs): a spread of some 200,000 arguments overflows the stack.
  const lastArrival = start + options.trace.jobs.reduce((m, j) => Math.max(m, j.at), 0) * 1000;
  let endAt = lastArrival + MAX_DRAIN_MS;
  const run = build(options, start);
  scheduleArrivals(run, options.trace, start);
  scheduleReconciles(run, options, start, () => endAt);
  const span = lastArrival - start + TAIL_MS;
  sampleTimeline(
    run,
    start,
    Math.max(60_000, Math.ceil(span / TIMELINE_POINTS / 60_000) * 60_000),
    () => endAt,
  );
  let steps = 0;
  for (let next = run.queue.peek(); next !== undefined && next <= endAt; next = run.queue.peek()) {
    const event = run.queue.pop();
    if (event === undefined) break;
    run.now = event.at;
    await event.run();
    // Every job arrived and finished: the books close after the tail.
    if (run.now >= lastArrival && run.world.jobs.size === 0 && endAt > run.now + TAIL_MS)
      endAt = run.now + TAIL_MS;
    if (++steps % 5_000 === 0) options.onProgress?.(Math.min(1, (run.now - start) / span));
  }
  options.onProgress?.(1);
  const apiCalls = new Map([...run.sources].map(([name, s]) => [name, s.apiCalls]));
  const reconciles = new Map([...run.sources].map(([name, s]) => [name, s.listings]));
  const metrics = worldMetrics(run.world, options.pools, endAt, { reconciles, apiCalls });
  return {
    strategy: options.strategy.name,
    describe: options.strategy.describe,
    ...metrics,
    timeline: run.timeline,
  };
}
