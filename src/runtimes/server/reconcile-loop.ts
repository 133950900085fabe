import { errorMessage } from '../../core/errors.js';
import { toIso } from '../../core/time.js';
import type { Clock } from '../../core/types.js';
import { countsOf } from '../../engine/counts.js';
import type { Engine, ReconcileResult } from '../../engine/engine.js';
import type { Logger } from '../../telemetry/logger.js';
import type { ServerMetrics } from '../../telemetry/metrics.js';
import { SingleFlight } from '../../engine/single-flight.js';
import { maskSecrets } from '../../telemetry/mask-secrets.js';
import { configSecrets } from '../build-engine.js';
import { raceTimeout } from './background-tasks.js';
import type { ServerContext, StatusBoard } from './context.js';
import { knownPools } from './pool-view.js';

/** Schedules `fn` after `ms`; returns a cancel function. Injected so tests drive time. */
export type Schedule = (fn: () => void, ms: number) => () => void;

/** setTimeout's longest delay: Node runs a longer one after 1 ms (TimeoutOverflowWarning). */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** setTimeout, chained for delays past its limit (an `interval` of 30d is valid config). */
export const realSchedule: Schedule = (fn, ms) => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (left: number): void => {
    timer = setTimeout(
      () => {
        if (left > MAX_TIMEOUT_MS) arm(left - MAX_TIMEOUT_MS);
        else fn();
      },
      Math.min(left, MAX_TIMEOUT_MS),
    );
  };
  arm(ms);
  return () => {
    clearTimeout(timer);
  };
};

export interface LoopPool {
  readonly name: string;
  readonly intervalMs: number;
}

export interface ReconcileLoopDeps {
  readonly engine: Pick<Engine, 'reconcile'>;
  readonly pools: readonly LoopPool[];
  readonly status: StatusBoard;
  readonly metrics: Pick<ServerMetrics, 'observeReconcile'>;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Uniform in [0, 1); Math.random by default. */
  readonly random?: () => number;
  readonly schedule?: Schedule;
  /** Spread of each wait around the interval: 0.1 is ±10%. */
  readonly jitter?: number;
  /**
   * Masks secrets in a failed reconcile's error before the status board keeps it: the
   * status page shows it without authentication, and the logger's masking does not reach it.
   */
  readonly mask?: (text: string) => string;
}

/** `intervalMs` spread by ±`jitter`, so pools (and replicas) that start together drift apart. */
export function jittered(intervalMs: number, random: () => number, jitter = 0.1): number {
  return Math.round(intervalMs * (1 + jitter * (2 * random() - 1)));
}

/**
 * One full reconcile per pool every `interval` (jittered). A pool's next run is scheduled
 * when its previous one ends, and `runNow` during a run asks for one more after it (the
 * run in flight read the policy before an override the caller just wrote), so one pool
 * never has two full reconciles at once in this process; the engine's pool lock keeps
 * other processes out. Each result goes to the status board and the metrics; a failure is
 * logged with its pool and the loop goes on.
 */
export class ReconcileLoop {
  private readonly flights = new SingleFlight<void>();
  /** The one timer of each pool: when it fires and how to cancel it. */
  private readonly timers = new Map<string, { readonly at: number; readonly cancel: () => void }>();
  private readonly random: () => number;
  private readonly schedule: Schedule;
  private stopped = true;
  /** Set by stop(): runs asked for before it, not started yet, are dropped. */
  private halted = false;

  constructor(private readonly deps: ReconcileLoopDeps) {
    this.random = deps.random ?? Math.random;
    this.schedule = deps.schedule ?? realSchedule;
  }

  /** Starts every pool; its first run comes within the first tenth of its interval. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.halted = false;
    for (const pool of this.deps.pools) this.next(pool, Math.round(pool.intervalMs * 0.1 * this.random()));
  }

  /** A full reconcile of `pool` now, or once more right after the one running. */
  runNow(pool: string): Promise<void> {
    return this.flights.run(pool, () => this.reconcile(pool));
  }

  /**
   * Stops scheduling and waits for reconciles in flight, at most `timeoutMs`; true when
   * they all finished. A reconcile cut short leaves its lock to expire and the next run
   * repairs what it did not finish.
   */
  async stop(timeoutMs = 10_000): Promise<boolean> {
    this.stopped = true;
    this.halted = true;
    for (const timer of this.timers.values()) timer.cancel();
    this.timers.clear();
    return raceTimeout(this.flights.pending(), timeoutMs);
  }

  /**
   * A full reconcile of `pool` at `at` (epoch ms) at the latest: launches held by
   * `scaleUp.after` (a decision's `launchDueAt`) go out when due, not up to an interval later.
   */
  wakeAt(pool: string, at: number): void {
    const known = this.deps.pools.find((p) => p.name === pool);
    if (known !== undefined) this.next(known, Math.max(0, at - this.deps.clock()));
  }

  /** Schedules the pool's next run in `delayMs`, unless its timer fires sooner already. */
  private next(pool: LoopPool, delayMs: number): void {
    if (this.stopped) return;
    const at = this.deps.clock() + delayMs;
    const current = this.timers.get(pool.name);
    if (current !== undefined) {
      if (current.at <= at) return;
      current.cancel();
    }
    const cancel = this.schedule(() => {
      this.timers.delete(pool.name);
      void this.runNow(pool.name).then(() => {
        this.next(pool, jittered(pool.intervalMs, this.random, this.deps.jitter));
      });
    }, delayMs);
    this.timers.set(pool.name, { at, cancel });
  }

  private async reconcile(pool: string): Promise<void> {
    const { engine, status, logger, clock } = this.deps;
    // A follow-up asked for before a stop does not start after it.
    if (this.halted) return;
    try {
      const result = await engine.reconcile(pool);
      const due = result.decision?.launchDueAt;
      if (due !== undefined) this.wakeAt(pool, due);
      status.record(pool, statusOf(result, toIso(clock())));
      this.observe(pool, result);
      if (result.result === 'partial')
        logger.warn(`reconcile ${pool}: some actions failed`, { pool, reason: result.decision?.reason });
    } catch (err) {
      const error = this.deps.mask?.(errorMessage(err)) ?? errorMessage(err);
      status.record(pool, { at: toIso(clock()), result: 'error', error });
      this.observe(pool, { error });
      logger.error(`reconcile ${pool} failed: ${error}`, { pool });
    }
  }

  /** The metrics are someone else's code: their failure must not stop the loop. */
  private observe(pool: string, result: ReconcileResult | { readonly error: string }): void {
    try {
      this.deps.metrics.observeReconcile(pool, result);
    } catch (err) {
      this.deps.logger.error(`metrics for reconcile ${pool} failed: ${errorMessage(err)}`, { pool });
    }
  }
}

function statusOf(result: ReconcileResult, at: string): Parameters<StatusBoard['record']>[1] {
  return {
    at,
    result: result.result,
    apiCalls: result.apiCalls,
    ...(result.decision !== undefined && { decision: result.decision }),
    ...(result.observation !== undefined && { counts: countsOf(result.observation) }),
    ...(result.circuits !== undefined && { circuits: result.circuits }),
  };
}

/**
 * What the routes use to reach the loop: an override set through the API takes effect at
 * once rather than at the next tick, and a launch an event held for `scaleUp.after` goes
 * out when due.
 */
export function loopRequests(
  loop: Pick<ReconcileLoop, 'runNow' | 'wakeAt'>,
): Pick<ServerContext, 'requestReconcile' | 'requestReconcileAt'> {
  return {
    requestReconcile: (pool) => void loop.runNow(pool),
    requestReconcileAt: (pool, at) => {
      loop.wakeAt(pool, at);
    },
  };
}

/** The loop for every pool of the server's config (`interval` is in milliseconds there). */
export function reconcileLoop(
  ctx: ServerContext,
  options: Pick<ReconcileLoopDeps, 'random' | 'schedule' | 'jitter'> = {},
): ReconcileLoop {
  const secrets = configSecrets(ctx.config);
  return new ReconcileLoop({
    engine: ctx.built.engine,
    pools: knownPools(ctx).map((k) => ({ name: k.runtime.policy.name, intervalMs: k.config.interval })),
    status: ctx.status,
    metrics: ctx.metrics,
    logger: ctx.logger,
    clock: ctx.clock,
    mask: (text) => maskSecrets(text, secrets),
    ...options,
  });
}
