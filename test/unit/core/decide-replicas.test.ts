/** decide() for replica services: counts, protection, hygiene, and tasks a service could not place. */
import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/core/index.js';
import { MIN, T0, job, obs, policy, settledMemory, worker } from './builders.js';

describe('replica services', () => {
  const replica = policy({ capacity: 'replica', slotsPerWorker: 1 });

  it('scales up by set-desired and protects busy replicas first', () => {
    const d = decide(
      obs({ jobs: [job('q1'), job('q2'), job('r', 'running')], workers: [worker('t1', 'busy')] }),
      replica,
    );
    expect(d.actions.map((a) => a.type)).toEqual(['protect', 'set-desired']);
    expect(d.actions[1]).toMatchObject({ desired: 3 });
    expect(d.memory.attempts).toBeUndefined();
  });

  it('scales in by unprotecting idle victims and lowering the count', () => {
    const workers = [
      worker('t1', 'busy', { protectedUntil: T0 + 120 * MIN }),
      worker('t2', 'idle', { protectedUntil: T0 + 120 * MIN }),
      worker('t3', 'idle'),
    ];
    const d = decide(obs({ jobs: [job('r', 'running')], workers, memory: settledMemory() }), replica);
    expect(d.actions).toEqual([
      { type: 'unprotect', workerIds: ['t2'], reason: 'idle replicas chosen for scale-in' },
      { type: 'set-desired', desired: 1, reason: 'replicas 3 -> 1' },
    ]);
  });

  it('unprotects a victim whose protection is about to end, and renews a busy one', () => {
    // Left on for its last minute, t2's protection would let the service stop it a minute
    // later, when it may have taken a job. A busy replica's protection ending within the
    // refresh margin is renewed; one already over counts as none.
    const workers = [
      worker('t1', 'busy', { protectedUntil: T0 + MIN }),
      worker('t2', 'idle', { protectedUntil: T0 + MIN }),
      worker('t3', 'idle', { protectedUntil: T0 }),
    ];
    const d = decide(obs({ jobs: [job('r', 'running')], workers, memory: settledMemory() }), replica);
    expect(d.actions).toEqual([
      { type: 'protect', workerIds: ['t1'], reason: 'busy replicas keep scale-in protection' },
      { type: 'unprotect', workerIds: ['t2'], reason: 'idle replicas chosen for scale-in' },
      { type: 'set-desired', desired: 1, reason: 'replicas 3 -> 1' },
    ]);
  });

  it('never removes failed replicas one by one (the service replaces them)', () => {
    const d = decide(obs({ workers: [worker('t1', 'failed')] }), replica);
    expect(d.actions).toEqual([]);
  });

  // A task that runs but never registered, or outlived maxLifetime, is no capacity, yet
  // the service keeps it and counts it: without a stop it would run (and cost) for ever,
  // and a count set from the healthy ones alone would look like a scale-up.
  it('stops a replica that never registered and lowers the count when nothing needs it', () => {
    const stuck = worker('t1', 'booting', { createdAt: T0 - 11 * MIN });
    const d = decide(obs({ workers: [stuck] }), replica);
    expect(d.actions).toEqual([
      {
        type: 'terminate',
        workerId: 't1',
        hygiene: true,
        reason: 'worker t1 did not register within bootTimeout 10m',
      },
      { type: 'set-desired', desired: 0, reason: 'replicas 1 -> 0' },
    ]);
    expect(d.reason).toMatch(/^steady at 0 \(desired 0\); remove t1 \(hygiene\)/);
    // Hygiene is no scale event: the cooldown clock is untouched.
    expect(d.memory.lastScaleEvent).toBeUndefined();
  });

  it('stops a replica that never registered and keeps the count, so the service replaces it', () => {
    const stuck = worker('t1', 'booting', { createdAt: T0 - 11 * MIN });
    const d = decide(obs({ jobs: [job('q1')], workers: [stuck] }), replica);
    expect(d.actions.map((a) => a.type)).toEqual(['terminate']);
  });

  it('replaces idle replicas past maxLifetime, never a busy one', () => {
    const day = 24 * 60 * MIN;
    const workers = [
      worker('t1', 'busy', { createdAt: T0 - 2 * day, protectedUntil: T0 + 60 * MIN }),
      worker('t2', 'idle', { createdAt: T0 - day }),
      worker('t3', 'idle'),
    ];
    const d = decide(
      obs({ jobs: [job('r', 'running'), job('q1')], workers, memory: settledMemory() }),
      replica,
    );
    // Two jobs, two healthy replicas: t2 goes, and nothing asks the service to replace it.
    expect(d.actions).toEqual([
      { type: 'terminate', workerId: 't2', hygiene: true, reason: 'worker t2 is past maxLifetime 24h' },
      { type: 'set-desired', desired: 2, reason: 'replicas 3 -> 2' },
    ]);
    expect(d.overLifetimeBusy).toEqual(['t1']);
  });

  it('replaces idle replicas past maxLifetime one per reconcile, oldest first; the others still count', () => {
    // Agents started together age out together: all stopped at once would leave the
    // service empty while their replacements boot.
    const hours = 60 * MIN;
    const workers = [
      worker('t1', 'idle', { createdAt: T0 - 26 * hours }),
      worker('t2', 'idle', { createdAt: T0 - 30 * hours }),
    ];
    const d = decide(obs({ jobs: [job('q1')], workers }), replica);
    expect(d.actions).toEqual([
      { type: 'terminate', workerId: 't2', hygiene: true, reason: 'worker t2 is past maxLifetime 24h' },
      { type: 'set-desired', desired: 1, reason: 'replicas 2 -> 1' },
    ]);
    expect(d.reason).toContain('0 busy, 1 idle, 0 booting');
  });

  // ECS keeps asking for tasks it cannot place (no capacity); nothing lowered the count
  // while the replicas it did place matched the demand, so those tasks started whenever
  // capacity came back, for demand long gone, and idled through the scale-in delays.
  it('lowers the count to the demand when the service asks for tasks it could not place', () => {
    const workers = [worker('t1', 'busy', { protectedUntil: T0 + 60 * MIN })];
    const d = decide(obs({ jobs: [job('r', 'running')], workers, serviceDesired: 3 }), replica);
    expect(d.actions).toEqual([{ type: 'set-desired', desired: 1, reason: 'replicas 3 -> 1' }]);
    expect(d.reason).toBe(
      'steady at 1 (desired 1): 0 queued, 1 running; 1 busy, 0 idle, 0 booting; min 0 max 10; 2 asked of the service and not placed',
    );
    // Cancelling tasks that run nowhere is no scale-in: no delay held it, no event is recorded.
    expect(d.memory.lastScaleEvent).toBeUndefined();
  });

  it('keeps tasks not yet placed while the demand still asks for them, on the fast path too', () => {
    const jobs = [job('r', 'running'), job('q1'), job('q2')];
    const workers = [worker('t1', 'busy', { protectedUntil: T0 + 60 * MIN })];
    expect(decide(obs({ jobs, workers, serviceDesired: 3 }), replica).actions).toEqual([]);
    // The fast path knows no service count: it raises for the jobs it sees and never lowers.
    expect(decide(obs({ jobs, workers, complete: false }), replica).actions).toEqual([
      { type: 'set-desired', desired: 3, reason: 'replicas 1 -> 3' },
    ]);
  });

  it('does not raise a count that protected replicas keep from lowering back to them', () => {
    // The count was lowered to 1; ECS keeps both protected busy tasks until they finish.
    const workers = ['t1', 't2'].map((id) => worker(id, 'busy', { protectedUntil: T0 + 60 * MIN }));
    const jobs = [job('r1', 'running'), job('r2', 'running')];
    expect(decide(obs({ jobs, workers, serviceDesired: 1 }), replica).actions).toEqual([]);
  });

  it('stops no replica on the fast path, whose picture of older replicas may be stale', () => {
    const stuck = worker('t1', 'booting', { createdAt: T0 - 11 * MIN });
    const d = decide(obs({ jobs: [job('q1')], workers: [stuck], complete: false }), replica);
    expect(d.actions.filter((a) => a.type === 'terminate')).toEqual([]);
  });
});
