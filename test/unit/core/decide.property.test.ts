import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decide,
  type Decision,
  type Job,
  type Memory,
  type PoolObservation,
  type PoolPolicy,
  type Worker,
} from '../../../src/core/index.js';
import { MIN, SEC, T0, policy } from './builders.js';

const RUNS = { numRuns: 1000 };
const iso = (ms: number) => new Date(ms).toISOString();

const policyArb: fc.Arbitrary<PoolPolicy> = fc
  .record({
    min: fc.integer({ min: 0, max: 5 }),
    span: fc.integer({ min: 0, max: 12 }),
    warm: fc.integer({ min: 0, max: 3 }),
    mode: fc.constantFrom('enabled', 'enabled', 'disabled', 'manual'),
    target: fc.nat(),
    scaleUpAfterMs: fc.integer({ min: 0, max: 60 }).map((s) => s * SEC),
    scaleDownAfterMs: fc.integer({ min: 0, max: 300 }).map((s) => s * SEC),
    scaleDownCooldownMs: fc.integer({ min: 0, max: 600 }).map((s) => s * SEC),
    bootTimeoutMs: fc.integer({ min: 1, max: 15 }).map((m) => m * MIN),
    maxLifetimeMs: fc.integer({ min: 10, max: 240 }).map((m) => m * MIN),
    slotsPerWorker: fc.integer({ min: 1, max: 3 }),
    plan: fc.integer({ min: 1, max: 3 }),
    victimOrder: fc.constantFrom('oldest', 'newest'),
    capacity: fc.constantFrom<PoolPolicy['capacity']>('ephemeral', 'replica'),
  })
  .map((r) =>
    policy({
      ...r,
      max: r.min + r.span,
      ...(r.mode === 'manual' && { manualTarget: r.target % (r.min + r.span + 1) }),
      slotsPerJob: { plan: r.plan },
    }),
  );

const jobArb = (i: number): fc.Arbitrary<Job> =>
  fc
    .record({
      state: fc.constantFrom('queued', 'queued', 'running', 'waiting'),
      kind: fc.option(fc.constantFrom('plan', 'apply'), { nil: undefined }),
      group: fc.option(fc.constantFrom('g1', 'g2', 'g3'), { nil: undefined }),
      queuedAt: fc.integer({ min: 0, max: 3600 }),
    })
    .map((r) => ({
      id: `j${i}`,
      state: r.state,
      labels: [],
      queuedAt: T0 - r.queuedAt * SEC,
      ...(r.kind !== undefined && { kind: r.kind }),
      ...(r.group !== undefined && { group: r.group }),
    }));

const workerArb = (i: number): fc.Arbitrary<Worker> =>
  fc
    .record({
      state: fc.constantFrom('booting', 'idle', 'busy', 'failed'),
      age: fc.integer({ min: 0, max: 300 }),
      jobRef: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
      // Minutes of protection left (negative: it ran out), or none.
      protectedFor: fc.option(fc.integer({ min: -5, max: 180 }), { nil: undefined }),
    })
    .map((r) => ({
      id: `w${i}`,
      state: r.state,
      createdAt: T0 - r.age * MIN,
      ...(r.protectedFor !== undefined && { protectedUntil: T0 + r.protectedFor * MIN }),
      ...(r.jobRef !== undefined && { jobId: `j${r.jobRef}` }),
    }));

const memoryArb: fc.Arbitrary<Memory> = fc
  .record({
    last: fc.option(fc.record({ ago: fc.integer({ min: 0, max: 1200 }), up: fc.boolean() }), {
      nil: undefined,
    }),
    above: fc.option(fc.integer({ min: 0, max: 600 }), { nil: undefined }),
    demand: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
    attempts: fc.dictionary(
      fc.integer({ min: 0, max: 20 }).map((n) => `j${n}`),
      fc.integer({ min: 0, max: 4 }),
      { maxKeys: 5 },
    ),
  })
  .map((r) => ({
    version: 1,
    ...(r.last && {
      lastScaleEvent: {
        at: iso(T0 - r.last.ago * SEC),
        direction: r.last.up ? ('up' as const) : ('down' as const),
      },
    }),
    ...(r.above !== undefined && { aboveTargetSince: iso(T0 - r.above * SEC) }),
    ...(r.demand !== undefined && { demandSince: iso(T0 - r.demand * SEC) }),
    attempts: r.attempts,
  }));

const listOf = <T>(make: (i: number) => fc.Arbitrary<T>, max: number) =>
  fc
    .integer({ min: 0, max })
    .chain((n) =>
      n === 0 ? fc.constant([] as T[]) : fc.tuple(...Array.from({ length: n }, (_, i) => make(i))),
    );

const observationArb: fc.Arbitrary<PoolObservation> = fc.record(
  {
    now: fc.constant(T0),
    jobs: listOf(jobArb, 25),
    workers: listOf(workerArb, 25),
    memory: memoryArb,
    complete: fc.boolean(),
    // A replica service's count: above its replicas when it could not place some.
    serviceDesired: fc.integer({ min: 0, max: 30 }),
  },
  { requiredKeys: ['now', 'jobs', 'workers', 'memory', 'complete'] },
);

const busyIds = (o: PoolObservation) => new Set(o.workers.filter((w) => w.state === 'busy').map((w) => w.id));
const launchedCount = (d: Decision) => d.actions.reduce((n, a) => n + (a.type === 'launch' ? a.count : 0), 0);

/** Workers that still stand after a decision, computed independently of decide(). */
function standingWorkers(o: PoolObservation, p: PoolPolicy, d: Decision): Worker[] {
  const gone = new Set(d.actions.flatMap((a) => (a.type === 'terminate' ? [a.workerId] : [])));
  return o.workers.filter((w) => {
    const age = o.now - (w.createdAt ?? o.now);
    if (w.state === 'failed' || gone.has(w.id)) return false;
    if (w.state === 'busy') return true;
    // Idle workers past maxLifetime go one per full reconcile; until then they count.
    if (w.state === 'idle') return true;
    return !(w.state === 'booting' && age >= p.bootTimeoutMs) && age < p.maxLifetimeMs;
  });
}

const standing = (o: PoolObservation, p: PoolPolicy, d: Decision): number => standingWorkers(o, p, d).length;

/** A full reconcile of the pool as an acting replica service (a disabled pool only observes: rule 8). */
function actingReplicaReconcile(o: PoolObservation, p: PoolPolicy) {
  const replica: PoolPolicy = { ...p, capacity: 'replica', mode: p.mode === 'disabled' ? 'enabled' : p.mode };
  const full = { ...o, complete: true };
  return { full, replica, d: decide(full, replica) };
}

describe('decide() properties over random observations', () => {
  it('never terminates or unprotects a busy worker', () => {
    fc.assert(
      fc.property(observationArb, policyArb, (o, p) => {
        const busy = busyIds(o);
        for (const a of decide(o, p).actions) {
          if (a.type === 'terminate') expect(busy.has(a.workerId)).toBe(false);
          if (a.type === 'unprotect') expect(a.workerIds.some((id) => busy.has(id))).toBe(false);
        }
      }),
      RUNS,
    );
  });

  it('a lowered replica count leaves protection on no more replicas than it keeps', () => {
    // Protection left on a replica above the count runs out later, and the service may then
    // stop it whatever it does by that time, busy included.
    fc.assert(
      fc.property(observationArb, policyArb, (o, p) => {
        const replica: PoolPolicy = { ...p, capacity: 'replica' };
        const d = decide(o, replica);
        const lowered = d.actions.find(
          (a) => a.type === 'set-desired' && a.desired < standing(o, replica, d),
        );
        if (lowered?.type !== 'set-desired') return;
        // Over the replicas it counts; those that never became healthy are the guard's to
        // count (scale-in-guard.ts), as the service still runs them.
        const counted = standingWorkers(o, replica, d);
        const on = new Set(counted.filter((w) => (w.protectedUntil ?? 0) > o.now).map((w) => w.id));
        for (const a of d.actions) {
          if (a.type === 'protect') for (const id of a.workerIds) on.add(id);
          if (a.type === 'unprotect') for (const id of a.workerIds) on.delete(id);
        }
        expect(on.size).toBeLessThanOrEqual(lowered.desired);
      }),
      RUNS,
    );
  });

  it('on a full reconcile, stops every replica that no longer counts and its service keeps', () => {
    // A service replaces an exited replica by itself; one that runs without registering, or
    // idles past maxLifetime, it would run uncounted for ever.
    fc.assert(
      fc.property(observationArb, policyArb, (o, p) => {
        const { full, replica, d } = actingReplicaReconcile(o, p);
        const stopped = new Set(d.actions.flatMap((a) => (a.type === 'terminate' ? [a.workerId] : [])));
        const kept = new Set(standingWorkers(full, replica, d).map((w) => w.id));
        for (const w of full.workers) {
          const uncounted = w.state !== 'failed' && w.state !== 'busy' && !kept.has(w.id);
          expect(stopped.has(w.id)).toBe(uncounted);
        }
        // Of the idle replicas past maxLifetime, exactly one (the oldest) goes per reconcile.
        const aged = full.workers.filter(
          (w) => w.state === 'idle' && full.now - (w.createdAt ?? full.now) >= replica.maxLifetimeMs,
        );
        const agedStopped = aged.filter((w) => stopped.has(w.id));
        expect(agedStopped.length).toBe(Math.min(1, aged.length));
        const oldest = Math.min(...aged.map((w) => w.createdAt ?? full.now));
        for (const w of agedStopped) expect(w.createdAt).toBe(oldest);
      }),
      RUNS,
    );
  });

  it('on a full reconcile of an ephemeral pool, replaces one idle worker past maxLifetime, the oldest', () => {
    // Warm workers started together age out together: replaced at once, the pool would be
    // all booting workers for a boot time.
    fc.assert(
      fc.property(observationArb, policyArb, (o, p) => {
        const pol: PoolPolicy = { ...p, capacity: 'ephemeral', mode: 'enabled' };
        const full = { ...o, complete: true };
        const d = decide(full, pol);
        const aged = full.workers.filter(
          (w) => w.state === 'idle' && full.now - (w.createdAt ?? full.now) >= pol.maxLifetimeMs,
        );
        const agedIds = new Set(aged.map((w) => w.id));
        const retired = d.actions.flatMap((a) =>
          a.type === 'terminate' && a.hygiene && agedIds.has(a.workerId) ? [a.workerId] : [],
        );
        expect(retired.length).toBe(Math.min(1, aged.length));
        const oldest = Math.min(...aged.map((w) => w.createdAt ?? full.now));
        for (const id of retired) expect(aged.find((w) => w.id === id)?.createdAt).toBe(oldest);
      }),
      RUNS,
    );
  });

  it('on a full reconcile, leaves no service asking for more than the demand or its standing replicas', () => {
    // Tasks a service could not place start whenever capacity comes back: the count must
    // not keep them for demand that is gone.
    fc.assert(
      fc.property(observationArb, policyArb, (o, p) => {
        const { full, replica, d } = actingReplicaReconcile(o, p);
        const set = d.actions.find((a) => a.type === 'set-desired');
        const standingNow = standing(full, replica, d);
        const removed = d.actions.filter((a) => a.type === 'terminate').length;
        const count =
          set?.type === 'set-desired' ? set.desired : Math.max(standingNow + removed, o.serviceDesired ?? 0);
        expect(count).toBeLessThanOrEqual(Math.max(d.desired, standingNow));
      }),
      RUNS,
    );
  });

  it('never launches beyond max', () => {
    fc.assert(
      fc.property(observationArb, policyArb, (o, p) => {
        const d = decide(o, p);
        const n = launchedCount(d);
        if (n > 0) expect(standing(o, p, d) + n).toBeLessThanOrEqual(p.max);
        for (const a of d.actions)
          if (a.type === 'set-desired' && a.desired > standing(o, p, d))
            expect(a.desired).toBeLessThanOrEqual(p.max);
      }),
      RUNS,
    );
  });

  it('never plans below busy, and sets no replica count below busy', () => {
    fc.assert(
      fc.property(observationArb, policyArb, (o, p) => {
        const d = decide(o, p);
        const busy = busyIds(o).size;
        expect(d.desired).toBeGreaterThanOrEqual(busy);
        for (const a of d.actions)
          if (a.type === 'set-desired') expect(a.desired).toBeGreaterThanOrEqual(busy);
      }),
      RUNS,
    );
  });

  it('no policy scale-in inside the cooldown or before scaleDown.after', () => {
    fc.assert(
      fc.property(observationArb, policyArb, (o, p) => {
        const d = decide(o, p);
        const scaledIn = d.actions.some(
          (a) => (a.type === 'terminate' && !a.hygiene) || a.type === 'unprotect',
        );
        if (!scaledIn) return;
        const last = o.memory.lastScaleEvent;
        if (last !== undefined)
          expect(o.now - Date.parse(last.at)).toBeGreaterThanOrEqual(p.scaleDownCooldownMs);
        const since = o.memory.aboveTargetSince === undefined ? o.now : Date.parse(o.memory.aboveTargetSince);
        expect(o.now - since).toBeGreaterThanOrEqual(p.scaleDownAfterMs);
        expect(o.complete).not.toBe(false);
      }),
      RUNS,
    );
  });

  it('is deterministic and leaves its input untouched', () => {
    fc.assert(
      fc.property(observationArb, policyArb, (o, p) => {
        const before = JSON.stringify(o);
        const a = decide(o, p);
        expect(JSON.stringify(o)).toBe(before);
        expect(JSON.stringify(decide(structuredClone(o), p))).toBe(JSON.stringify(a));
      }),
      RUNS,
    );
  });

  it('every decision carries a reason, and disabled pools act on nothing', () => {
    fc.assert(
      fc.property(observationArb, policyArb, (o, p) => {
        const d = decide(o, p);
        expect(d.reason.length).toBeGreaterThan(10);
        for (const a of d.actions) expect(a.reason.length).toBeGreaterThan(0);
        if (p.mode === 'disabled') expect(d.actions).toEqual([]);
      }),
      RUNS,
    );
  });
});

const STEP = 10 * SEC;
const BOOT = 20 * SEC;

/** Applies a decision the way a perfect executor would: launches boot, then turn idle. */
function apply(workers: Worker[], d: Decision, now: number): Worker[] {
  const gone = new Set(d.actions.flatMap((a) => (a.type === 'terminate' ? [a.workerId] : [])));
  const next = workers
    .filter((w) => !gone.has(w.id))
    .map((w) =>
      w.state === 'booting' && now - (w.createdAt ?? now) >= BOOT ? { ...w, state: 'idle' as const } : w,
    );
  for (const a of d.actions) {
    if (a.type !== 'launch') continue;
    for (const t of a.for)
      next.push({
        id: t.name,
        state: 'booting',
        createdAt: now,
        ...(t.jobId !== undefined && { jobId: t.jobId }),
      });
  }
  return next;
}

describe('decide() over sequences of observations', () => {
  it('reaches a fixed point within scaleUp.after + boot + scaleDown.after + cooldown once demand is steady, and never flip-flops', () => {
    const steadyPolicy = policyArb.map((p) => ({
      ...p,
      mode: 'enabled' as const,
      capacity: 'ephemeral' as const,
      maxLifetimeMs: 48 * 60 * MIN,
      bootTimeoutMs: 10 * MIN,
    }));
    const steadyJobs = listOf(jobArb, 15).map((jobs) => jobs.filter((j) => j.state !== 'running'));
    const idleWorkers = fc.integer({ min: 0, max: 12 }).map((n) =>
      Array.from({ length: n }, (_, i): Worker => ({
        id: `i${i}`,
        state: 'idle',
        createdAt: T0 - i * MIN,
      })),
    );
    fc.assert(
      fc.property(steadyPolicy, steadyJobs, idleWorkers, (p, jobs, initial) => {
        let workers = initial;
        let memory: Memory = { version: 1 };
        const settle = p.scaleUpAfterMs + BOOT + p.scaleDownAfterMs + p.scaleDownCooldownMs + 3 * STEP;
        const directions: string[] = [];
        for (let now = T0; now <= T0 + settle + 20 * STEP; now += STEP) {
          const d = decide({ now, jobs, workers, memory }, p);
          const acts = d.actions.filter((a) => a.type === 'launch' || a.type === 'terminate');
          if (now > T0 + settle) expect(acts).toEqual([]);
          for (const a of acts) directions.push(a.type);
          workers = apply(workers, d, now);
          memory = d.memory;
        }
        const flips = directions.filter((dir, i) => i > 0 && dir !== directions[i - 1]).length;
        expect(flips).toBeLessThanOrEqual(1);
      }),
      RUNS,
    );
  });
});
