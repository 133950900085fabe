import { describe, expect, it } from 'vitest';
import { decide, type Action, type Decision } from '../../../src/core/index.js';
import { MIN, SEC, T0, job, obs, policy, settledMemory, worker } from './builders.js';

const launches = (d: Decision) =>
  d.actions.filter((a): a is Extract<Action, { type: 'launch' }> => a.type === 'launch');
const launched = (d: Decision) => launches(d).reduce((n, a) => n + a.count, 0);
const terminated = (d: Decision) => d.actions.flatMap((a) => (a.type === 'terminate' ? [a.workerId] : []));

describe('rule 1: runnable demand only', () => {
  it('a waiting job adds no worker', () => {
    const d = decide(obs({ jobs: [job('j1', 'waiting')] }), policy());
    expect(d.desired).toBe(0);
    expect(launched(d)).toBe(0);
  });

  it('1 running + 1 queued job in the same group: the queued one adds no worker', () => {
    const d = decide(
      obs({
        jobs: [
          job('run', 'running', { group: 'ws-1', workerId: 'w1' }),
          job('q', 'queued', { group: 'ws-1' }),
        ],
        workers: [worker('w1', 'busy', { jobId: 'run' })],
      }),
      policy(),
    );
    expect(d.desired).toBe(1);
    expect(launched(d)).toBe(0);
  });

  it('a group with only queued jobs adds one, for its oldest job', () => {
    const d = decide(
      obs({
        jobs: [
          job('b', 'queued', { group: 'g', queuedAt: T0 - 2 * MIN }),
          job('a', 'queued', { group: 'g', queuedAt: T0 - 5 * MIN }),
        ],
      }),
      policy(),
    );
    expect(d.desired).toBe(1);
    expect(launches(d)[0]?.for.map((t) => t.jobId)).toEqual(['a']);
  });
});

describe('rule 2: slots', () => {
  it('2 plan jobs with slots.perWorker 3 -> 1 worker', () => {
    const d = decide(
      obs({ jobs: [job('p1', 'queued', { kind: 'plan' }), job('p2', 'queued', { kind: 'plan' })] }),
      policy({ slotsPerWorker: 3 }),
    );
    expect(d.desired).toBe(1);
    expect(launched(d)).toBe(1);
  });

  it('a job kind can take several slots', () => {
    const d = decide(
      obs({ jobs: [job('a1', 'queued', { kind: 'apply' })] }),
      policy({ slotsPerWorker: 2, slotsPerJob: { apply: 3 } }),
    );
    expect(d.desired).toBe(2);
  });
});

describe('rule 3: clamp with busy as the floor', () => {
  it('warm and min add capacity, max bounds it', () => {
    expect(decide(obs({}), policy({ warm: 2 })).desired).toBe(2);
    expect(decide(obs({}), policy({ min: 3 })).desired).toBe(3);
    const many = Array.from({ length: 20 }, (_, i) => job(`j${i}`));
    const d = decide(obs({ jobs: many }), policy({ max: 4 }));
    expect(d.desired).toBe(4);
    expect(launched(d)).toBe(4);
  });

  it('busy above max: nothing launched, no busy worker touched', () => {
    const busy = [1, 2, 3].map((i) => worker(`w${i}`, 'busy'));
    const d = decide(obs({ workers: busy, jobs: [job('q')], memory: settledMemory() }), policy({ max: 2 }));
    expect(d.desired).toBe(3);
    expect(d.actions).toEqual([]);
  });
});

describe('rule 4: launch', () => {
  it('names each worker after its job and attempt, and records the attempt', () => {
    const d = decide(obs({ jobs: [job('j1'), job('j2')] }), policy({ name: 'linux' }));
    expect(launches(d)[0]?.for).toEqual([
      { jobId: 'j1', attempt: 1, name: 'linux-j1-1' },
      { jobId: 'j2', attempt: 1, name: 'linux-j2-1' },
    ]);
    expect(d.memory.attempts).toEqual({ j1: 1, j2: 1 });
    expect(d.memory.lastScaleEvent).toEqual({ at: '2026-11-22T10:00:00.000Z', direction: 'up' });
    expect(d.reason).toMatch(/^scale up 0 -> 2: 2 queued \(j1, j2\)/);
  });

  it('does not launch again for a job whose worker is booting', () => {
    const d = decide(
      obs({
        jobs: [job('j1')],
        workers: [worker('p-j1-1', 'booting', { jobId: 'j1', createdAt: T0 - SEC })],
      }),
      policy(),
    );
    expect(launched(d)).toBe(0);
  });

  it('waits scaleUp.after before launching, then launches', () => {
    const pol = policy({ scaleUpAfterMs: 30 * SEC });
    const first = decide(obs({ jobs: [job('j1')] }), pol);
    expect(launched(first)).toBe(0);
    expect(first.memory.demandSince).toBe('2026-11-22T10:00:00.000Z');
    expect(first.reason).toContain('after scaleUp.after');
    expect(first.launchDueAt).toBe(T0 + 30 * SEC);
    const later = decide(obs({ jobs: [job('j1')], memory: first.memory, now: T0 + 30 * SEC }), pol);
    expect(launched(later)).toBe(1);
    expect(later.memory.demandSince).toBeUndefined();
    expect(later.launchDueAt).toBeUndefined();
  });

  it('a partial view without demand keeps the scale-up clock; the full one restarts it', () => {
    const pol = policy({ scaleUpAfterMs: 30 * SEC });
    const held = decide(obs({ jobs: [job('j1')] }), pol).memory;
    // The fast path for another job's `completed` sees no queued job: it cannot tell j1 started.
    const partial = decide(obs({ memory: held, now: T0 + 10 * SEC, complete: false }), pol);
    expect(partial.memory.demandSince).toBe(held.demandSince);
    const launchedOnTime = decide(
      obs({ jobs: [job('j1')], memory: partial.memory, now: T0 + 30 * SEC }),
      pol,
    );
    expect(launched(launchedOnTime)).toBe(1);
    expect(decide(obs({ memory: held, now: T0 + 10 * SEC }), pol).memory.demandSince).toBeUndefined();
  });

  it('a job that used up its attempts is reported, not launched for', () => {
    const d = decide(obs({ jobs: [job('j1')], memory: { version: 1, attempts: { j1: 3 } } }), policy());
    expect(launched(d)).toBe(0);
    expect(d.exhausted).toEqual(['j1']);
    expect(d.reason).toContain('gave up on j1 after 3 launches');
  });

  it('a relaunch takes the next attempt number', () => {
    const d = decide(obs({ jobs: [job('j1')], memory: { version: 1, attempts: { j1: 1 } } }), policy());
    expect(launches(d)[0]?.for[0]).toEqual({ jobId: 'j1', attempt: 2, name: 'p-j1-2' });
  });

  it('warm capacity gets names unique to the instant', () => {
    const d = decide(obs({}), policy({ warm: 2 }));
    expect(launches(d)[0]?.for.map((t) => t.name)).toEqual([
      'p-warm-20261122100000000-1',
      'p-warm-20261122100000000-2',
    ]);
  });

  it('forgets attempts of jobs no longer observed, and of jobs that started', () => {
    const d = decide(
      obs({
        jobs: [job('j2', 'running'), job('j3')],
        workers: [
          worker('w', 'busy'),
          worker('p-j3-1', 'booting', { jobId: 'j3', createdAt: T0 - 10 * SEC }),
        ],
        memory: { version: 1, attempts: { j1: 2, j2: 1, j3: 1 } },
      }),
      policy(),
    );
    expect(d.memory.attempts).toEqual({ j3: 1 });
  });
});

describe('rule 5: scale-in after a delay and outside the cooldown', () => {
  const idle3 = [
    worker('w1', 'idle', { createdAt: T0 - 30 * MIN }),
    worker('w2', 'idle', { createdAt: T0 - 20 * MIN }),
    worker('w3', 'idle', { createdAt: T0 - 10 * MIN }),
  ];

  it('busy 2 idle 3 desired 1: only idle workers are terminated, never below 2', () => {
    const busy = [
      worker('b1', 'busy', { createdAt: T0 - 90 * MIN }),
      worker('b2', 'busy', { createdAt: T0 - 80 * MIN }),
    ];
    const d = decide(obs({ workers: [...busy, ...idle3], memory: settledMemory() }), policy({ min: 1 }));
    expect(d.desired).toBe(2);
    expect(terminated(d)).toEqual(['w1', 'w2', 'w3']);
    expect(d.memory.lastScaleEvent?.direction).toBe('down');
  });

  it('starts the clock, then holds for scaleDown.after', () => {
    const first = decide(obs({ workers: idle3 }), policy());
    expect(terminated(first)).toEqual([]);
    expect(first.memory.aboveTargetSince).toBe('2026-11-22T10:00:00.000Z');
    const early = decide(obs({ workers: idle3, memory: first.memory, now: T0 + MIN }), policy());
    expect(terminated(early)).toEqual([]);
    expect(early.reason).toContain('scaleDown.after');
    expect(early.scaleInHeldBy).toBe('after');
    const due = decide(obs({ workers: idle3, memory: first.memory, now: T0 + 2 * MIN }), policy());
    expect(terminated(due)).toEqual(['w1', 'w2', 'w3']);
    expect(due.scaleInHeldBy).toBeUndefined();
  });

  it('a break in the excess restarts the scaleDown.after clock', () => {
    const first = decide(obs({ workers: idle3 }), policy());
    const busyAgain = decide(
      obs({
        workers: idle3.map((w) => ({ ...w, state: 'busy' as const })),
        memory: first.memory,
        now: T0 + MIN,
      }),
      policy(),
    );
    expect(busyAgain.memory.aboveTargetSince).toBeUndefined();
  });

  it('no policy scale-in inside the cooldown', () => {
    const memory = {
      version: 1 as const,
      aboveTargetSince: '2026-11-22T09:00:00.000Z',
      lastScaleEvent: { at: '2026-11-22T09:58:00.000Z', direction: 'up' as const },
    };
    const d = decide(obs({ workers: idle3, memory }), policy());
    expect(terminated(d)).toEqual([]);
    expect(d.scaleInHeldBy).toBe('cooldown');
    expect(d.reason).toContain('cooldown');
    const after = decide(obs({ workers: idle3, memory, now: T0 + 3 * MIN }), policy());
    expect(terminated(after)).toHaveLength(3);
  });

  it('a failed worker is removed and replaced at once, even inside the cooldown', () => {
    const memory = {
      version: 1 as const,
      lastScaleEvent: { at: '2026-11-22T09:59:30.000Z', direction: 'down' as const },
    };
    const d = decide(
      obs({
        jobs: [job('j1')],
        workers: [worker('p-j1-1', 'failed', { jobId: 'j1' })],
        memory: { ...memory, attempts: { j1: 1 } },
      }),
      policy(),
    );
    expect(terminated(d)).toEqual(['p-j1-1']);
    expect(d.actions[0]).toMatchObject({ type: 'terminate', hygiene: true });
    expect(launches(d)[0]?.for[0]?.name).toBe('p-j1-2');
  });

  it('booting idle workers above desired are kept until they are idle', () => {
    const d = decide(
      obs({ workers: [worker('w1', 'booting', { createdAt: T0 - SEC })], memory: settledMemory() }),
      policy(),
    );
    expect(terminated(d)).toEqual([]);
    expect(d.reason).toContain('none idle');
  });
});

describe('rule 6: victims and lifetimes', () => {
  const idle = [
    worker('old', 'idle', { createdAt: T0 - 50 * MIN }),
    worker('new', 'idle', { createdAt: T0 - 5 * MIN }),
  ];

  it('oldest idle first by default, newest when configured', () => {
    expect(
      terminated(
        decide(obs({ workers: idle, jobs: [job('r', 'running')], memory: settledMemory() }), policy()),
      ),
    ).toEqual(['old']);
    expect(
      terminated(
        decide(
          obs({ workers: idle, jobs: [job('r', 'running')], memory: settledMemory() }),
          policy({ victimOrder: 'newest' }),
        ),
      ),
    ).toEqual(['new']);
  });

  it('an idle worker past maxLifetime is replaced; a busy one is reported, not killed', () => {
    const pol = policy({ maxLifetimeMs: 60 * MIN, min: 1 });
    const d = decide(
      obs({
        workers: [
          worker('idle-old', 'idle', { createdAt: T0 - 61 * MIN }),
          worker('busy-old', 'busy', { createdAt: T0 - 61 * MIN }),
        ],
      }),
      pol,
    );
    expect(terminated(d)).toEqual(['idle-old']);
    expect(d.overLifetimeBusy).toEqual(['busy-old']);
    expect(d.reason).toContain('busy past maxLifetime: busy-old');
  });

  it('warm workers that aged out together are replaced one per reconcile, the oldest first', () => {
    const pol = policy({ maxLifetimeMs: 60 * MIN, warm: 3 });
    const aged = (id: string, minutes: number) => worker(id, 'idle', { createdAt: T0 - minutes * MIN });
    const d = decide(obs({ workers: [aged('w1', 62), aged('w2', 63), aged('w3', 61)] }), pol);
    expect(terminated(d)).toEqual(['w2']);
    // The other two still serve jobs meanwhile: one launch replaces the one retired.
    expect(
      d.actions.filter((a) => a.type === 'launch').map((a) => (a.type === 'launch' ? a.count : 0)),
    ).toEqual([1]);
  });

  it('a booting worker that never registered within bootTimeout is removed as hygiene', () => {
    const d = decide(
      obs({
        jobs: [job('j1')],
        workers: [worker('p-j1-1', 'booting', { jobId: 'j1', createdAt: T0 - 11 * MIN })],
        memory: { version: 1, attempts: { j1: 1 } },
      }),
      policy(),
    );
    expect(terminated(d)).toEqual(['p-j1-1']);
    expect(launched(d)).toBe(1);
  });
});

describe('rule 8: modes', () => {
  it('disabled observes only: no actions, memory unchanged, reason says what it would do', () => {
    const memory = { version: 1 as const };
    const d = decide(
      obs({ jobs: [job('j1')], workers: [worker('f', 'failed')], memory }),
      policy({ mode: 'disabled' }),
    );
    expect(d.actions).toEqual([]);
    expect(d.memory).toBe(memory);
    expect(d.reason).toMatch(/^disabled \(observe only\), would: scale up 0 -> 1/);
  });

  it('manual uses the target, with busy as the floor', () => {
    expect(decide(obs({}), policy({ mode: 'manual', manualTarget: 3 })).desired).toBe(3);
    const busy = [1, 2, 3, 4].map((i) => worker(`b${i}`, 'busy'));
    const d = decide(
      obs({ workers: busy, memory: settledMemory() }),
      policy({ mode: 'manual', manualTarget: 1 }),
    );
    expect(d.desired).toBe(4);
    expect(terminated(d)).toEqual([]);
  });
});

describe('the fast path (partial observation)', () => {
  it('launches for the event job, removes only reported failures, never restarts the scale-in clock', () => {
    const memory = {
      version: 1 as const,
      aboveTargetSince: '2026-11-22T09:00:00.000Z',
      attempts: { other: 1 },
    };
    const stale = worker('stale', 'booting', { createdAt: T0 - 60 * MIN });
    const d = decide(
      obs({ jobs: [job('j9')], workers: [worker('f', 'failed'), stale], memory, complete: false }),
      policy({ max: 3 }),
    );
    expect(terminated(d)).toEqual(['f']);
    expect(launched(d)).toBe(1);
    expect(d.memory.aboveTargetSince).toBe('2026-11-22T09:00:00.000Z');
    expect(d.memory.attempts).toEqual({ other: 1, j9: 1 });
  });
});

it('is steady when capacity matches demand', () => {
  const d = decide(obs({ jobs: [job('r', 'running')], workers: [worker('w', 'busy')] }), policy());
  expect(d.actions).toEqual([]);
  expect(d.reason).toBe(
    'steady at 1 (desired 1): 0 queued, 1 running; 1 busy, 0 idle, 0 booting; min 0 max 10',
  );
});
