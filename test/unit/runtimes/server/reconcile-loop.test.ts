import { describe, expect, it } from 'vitest';
import type { ReconcileResult } from '../../../../src/engine/engine.js';
import { StatusBoard } from '../../../../src/runtimes/server/context.js';
import { jittered, ReconcileLoop, type Schedule } from '../../../../src/runtimes/server/reconcile-loop.js';
import { captureLogger } from '../../../support/capture-logger.js';
import { recordingMetrics } from '../../../support/recording-metrics.js';

/** A schedule the test fires by hand, recording each requested delay. */
function manualSchedule() {
  const pending: { fn: () => void; ms: number; cancelled: boolean }[] = [];
  const schedule: Schedule = (fn, ms) => {
    const entry = { fn, ms, cancelled: false };
    pending.push(entry);
    return () => {
      entry.cancelled = true;
    };
  };
  const fireAll = (): number[] => {
    const due = pending.splice(0).filter((p) => !p.cancelled);
    for (const p of due) p.fn();
    return due.map((p) => p.ms);
  };
  return { schedule, pending, fireAll };
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const ok = (pool: string): ReconcileResult => ({
  pool,
  result: 'ok',
  outcomes: [],
  apiCalls: 2,
  unmatched: [],
});
const tick = () => new Promise((r) => setImmediate(r));

function setup(reconcile: (pool: string) => Promise<ReconcileResult>, random = () => 0.5) {
  const sched = manualSchedule();
  const status = new StatusBoard();
  const metrics = recordingMetrics();
  const logger = captureLogger();
  const loop = new ReconcileLoop({
    engine: { reconcile },
    pools: [
      { name: 'a', intervalMs: 30_000 },
      { name: 'b', intervalMs: 10_000 },
    ],
    status,
    metrics,
    logger,
    clock: () => Date.parse('2026-11-22T10:00:00Z'),
    random,
    schedule: sched.schedule,
  });
  return { loop, sched, status, metrics, logger };
}

describe('jittered', () => {
  it('stays within ±10% of the interval and spans it', () => {
    expect(jittered(30_000, () => 0)).toBe(27_000);
    expect(jittered(30_000, () => 0.5)).toBe(30_000);
    expect(jittered(30_000, () => 0.999999)).toBe(33_000);
    for (let i = 0; i < 1000; i++) {
      const ms = jittered(30_000, Math.random);
      expect(ms).toBeGreaterThanOrEqual(27_000);
      expect(ms).toBeLessThanOrEqual(33_000);
    }
  });
});

describe('ReconcileLoop', () => {
  it('runs each pool, records status and metrics, and schedules the next run with jitter', async () => {
    const { loop, sched, status, metrics } = setup(
      (pool) => Promise.resolve(ok(pool)),
      () => 0,
    );
    loop.start();
    expect(sched.fireAll()).toEqual([0, 0]);
    await tick();
    expect(status.get('a')).toEqual({ at: '2026-11-22T10:00:00.000Z', result: 'ok', apiCalls: 2 });
    expect(metrics.reconciles.map((r) => r.pool)).toEqual(['a', 'b']);
    expect(sched.fireAll()).toEqual([27_000, 9_000]);
    await loop.stop();
  });

  it('records the counts of what the reconcile observed', async () => {
    const observed: ReconcileResult = {
      ...ok('a'),
      observation: {
        now: 0,
        jobs: [{ id: 'j1', state: 'queued', labels: [] }],
        workers: [{ id: 'w1', state: 'busy' }],
        memory: { version: 1 },
        complete: true,
      },
    };
    const { loop, status } = setup(() => Promise.resolve(observed));
    await loop.runNow('a');
    expect(status.get('a').counts).toMatchObject({ 'jobs.queued': 1, 'workers.busy': 1, 'workers.idle': 0 });
  });

  it('never runs two full reconciles of one pool at once; calls during a run share one more after it', async () => {
    const gates: ReturnType<typeof deferred<ReconcileResult>>[] = [];
    const running = new Map<string, number>();
    let most = 0;
    const { loop, sched } = setup(async (pool) => {
      running.set(pool, (running.get(pool) ?? 0) + 1);
      most = Math.max(most, running.get(pool) ?? 0);
      const gate = deferred<ReconcileResult>();
      gates.push(gate);
      try {
        return await gate.promise;
      } finally {
        running.set(pool, (running.get(pool) ?? 0) - 1);
      }
    });
    loop.start();
    sched.fireAll();
    const joined = [loop.runNow('a'), loop.runNow('a'), loop.runNow('a')];
    // The timer's runs of a and b; the three calls wait for a's.
    expect(gates).toHaveLength(2);
    for (const g of gates.splice(0)) g.resolve(ok('x'));
    // Then one more run of a, for all three: it reads what changed during the first.
    await new Promise((r) => setImmediate(r));
    expect(gates).toHaveLength(1);
    gates[0]?.resolve(ok('a'));
    await Promise.all(joined);
    expect(most).toBe(1);
    await loop.stop();
  });

  it('a failing pool is logged with its pool, recorded as an error, and keeps its schedule', async () => {
    const { loop, sched, status, metrics, logger } = setup((pool) =>
      pool === 'a' ? Promise.reject(new Error('GitHub said 502')) : Promise.resolve(ok(pool)),
    );
    loop.start();
    sched.fireAll();
    await tick();
    expect(status.get('a')).toMatchObject({ result: 'error', error: 'GitHub said 502' });
    expect(status.get('b')).toMatchObject({ result: 'ok' });
    expect(metrics.reconciles).toContainEqual({ pool: 'a', result: { error: 'GitHub said 502' } });
    expect(logger.records).toContainEqual({
      level: 'error',
      message: 'reconcile a failed: GitHub said 502',
      fields: { pool: 'a' },
    });
    expect(sched.pending.filter((p) => !p.cancelled)).toHaveLength(2);
    await loop.stop();
  });

  describe('launches held by scaleUp.after', () => {
    const NOW = Date.parse('2026-11-22T10:00:00Z');
    const holding = (pool: string, dueInMs: number): ReconcileResult => ({
      ...ok(pool),
      decision: {
        pool,
        desired: 1,
        actions: [],
        memory: { version: 1 },
        reason: 'hold at 0: 1 to launch after scaleUp.after',
        exhausted: [],
        overLifetimeBusy: [],
        launchDueAt: NOW + dueInMs,
      },
    });
    const live = (sched: ReturnType<typeof manualSchedule>) =>
      sched.pending.filter((p) => !p.cancelled).map((p) => p.ms);

    it('run the pool again when they fall due, then the interval resumes', async () => {
      const results = [holding('a', 4_000), ok('a')];
      let runs = 0;
      const { loop, sched } = setup((pool) => {
        runs += 1;
        return Promise.resolve(pool === 'a' ? (results.shift() ?? ok('a')) : ok(pool));
      });
      loop.start();
      sched.fireAll();
      await tick();
      // a's held launch comes due in 4 s, before its 30 s interval; b keeps its interval.
      expect(live(sched)).toEqual([4_000, 10_000]);
      sched.fireAll();
      await tick();
      expect(results).toEqual([]);
      expect(runs).toBe(4);
      expect(live(sched)).toEqual([30_000, 10_000]);
      await loop.stop();
    });

    it('a wake replaces a later timer and leaves an earlier one', async () => {
      const { loop, sched } = setup(
        () => Promise.resolve(ok('a')),
        () => 0.5,
      );
      loop.start();
      sched.fireAll();
      await tick();
      expect(live(sched)).toEqual([30_000, 10_000]);
      loop.wakeAt('a', NOW + 2_000);
      loop.wakeAt('b', NOW + 20_000);
      loop.wakeAt('nope', NOW + 1_000);
      expect(live(sched)).toEqual([10_000, 2_000]);
      await loop.stop();
    });

    it('a wake asked for while the pool runs outlasts the end of that run', async () => {
      const gate = deferred<ReconcileResult>();
      const { loop, sched } = setup(() => gate.promise);
      loop.start();
      sched.fireAll();
      loop.wakeAt('a', NOW + 1_500);
      gate.resolve(ok('a'));
      await tick();
      expect(live(sched)).toEqual([1_500, 10_000]);
      await loop.stop();
    });
  });

  it('stop() cancels the schedule and waits for a reconcile in flight, within its bound', async () => {
    const gate = deferred<ReconcileResult>();
    const { loop, sched } = setup(() => gate.promise);
    loop.start();
    sched.fireAll();
    let stopped = false;
    const stopping = loop.stop(5_000).then((finished) => {
      stopped = true;
      return finished;
    });
    await tick();
    expect(stopped).toBe(false);
    gate.resolve(ok('a'));
    expect(await stopping).toBe(true);
    expect(sched.pending.filter((p) => !p.cancelled)).toEqual([]);
  });

  it('stop() gives up after its bound when a reconcile hangs', async () => {
    const { loop, sched } = setup(() => new Promise(() => undefined));
    loop.start();
    sched.fireAll();
    expect(await loop.stop(20)).toBe(false);
  });
});
