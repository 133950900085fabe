import { describe, expect, it } from 'vitest';
import {
  decide,
  formatDuration,
  joinWorkers,
  ProviderError,
  isoOnce,
  toIso,
  type JoinMachine,
} from '../../../src/core/index.js';
import { job, MIN, obs, policy, settledMemory, T0, worker } from './builders.js';

const machine = (
  name: string,
  state: JoinMachine['state'] = 'running',
  extra: Partial<JoinMachine> = {},
): JoinMachine => ({ name, state, createdAt: T0 - MIN, ...extra });

describe('joinWorkers', () => {
  it('maps machine x registration to worker states', () => {
    const workers = joinWorkers(
      [
        machine('p-1'),
        machine('p-2'),
        machine('p-3'),
        machine('p-4'),
        machine('p-5', 'exited'),
        machine('p-7', 'starting', { capacityClass: 'spot', jobId: 'j7' }),
      ],
      [
        { name: 'p-2', online: false, busy: false },
        { name: 'p-3', online: true, busy: false },
        { name: 'p-4', online: true, busy: true, jobId: 'j4' },
        { name: 'p-6', online: false, busy: false },
        { name: 'p-8', online: true, busy: true },
        { name: 'other-9', online: true, busy: false },
      ],
      [job('j8', 'running', { workerId: 'p-8' }), job('j7')],
      'p-',
    );
    expect(workers.map((w) => [w.id, w.state, w.jobId])).toEqual([
      ['p-1', 'booting', undefined], // machine up, runner not registered yet
      ['p-2', 'booting', undefined], // JIT registration exists, runner not connected
      ['p-3', 'idle', undefined],
      ['p-4', 'busy', 'j4'],
      ['p-5', 'failed', undefined], // machine exited
      ['p-6', 'failed', undefined], // registration without a machine
      ['p-7', 'booting', 'j7'],
      ['p-8', 'busy', 'j8'], // busy per the CI system even without a machine: never killed
    ]);
    expect(workers.find((w) => w.id === 'p-7')).toMatchObject({ capacityClass: 'spot', createdAt: T0 - MIN });
    expect(workers.find((w) => w.id === 'p-6')?.createdAt).toBeUndefined();
  });

  it('a machine keeps the job it was started for only while that job waits', () => {
    const workers = joinWorkers(
      [
        machine('p-a', 'starting', { jobId: 'queued' }),
        machine('p-b', 'starting', { jobId: 'ran-elsewhere' }),
        machine('p-c', 'running', { jobId: 'finished' }),
      ],
      [
        { name: 'p-c', online: true, busy: false },
        { name: 'p-z', online: true, busy: true, jobId: 'ran-elsewhere' },
      ],
      [job('queued'), job('ran-elsewhere', 'running', { workerId: 'p-z' })],
      'p-',
    );
    expect(workers.map((w) => [w.id, w.jobId])).toEqual([
      ['p-a', 'queued'],
      ['p-b', undefined],
      ['p-c', undefined],
      ['p-z', 'ran-elsewhere'],
    ]);
  });
});

describe('small pieces', () => {
  it('formatDuration picks the largest whole unit', () => {
    expect(formatDuration(2 * 3_600_000)).toBe('2h');
    expect(formatDuration(5 * MIN)).toBe('5m');
    expect(formatDuration(90_000)).toBe('90s');
    expect(formatDuration(0)).toBe('0s');
  });

  it('ProviderError defaults to not retryable, status 502, and keeps its cause', () => {
    const cause = new Error('socket hang up');
    const e = new ProviderError('docker: create failed', { cause, retryable: true });
    expect(e).toMatchObject({
      retryable: true,
      capacity: false,
      alreadyExists: false,
      status: 502,
      name: 'ProviderError',
    });
    expect(e.cause).toBe(cause);
    expect(new ProviderError('x').cause).toBeUndefined();
  });

  it('long id lists are shortened in reasons', () => {
    const jobs = Array.from({ length: 8 }, (_, i) => job(`j${i}`));
    expect(decide(obs({ jobs }), policy()).reason).toContain('(j0, j1, j2, j3, j4, +3 more)');
  });

  it('victims without creation times are ordered by id', () => {
    const idle = [
      worker('b', 'idle', { createdAt: T0 }),
      worker('a', 'idle', { createdAt: T0 }),
      worker('c', 'idle', { createdAt: T0 - MIN }),
    ];
    const d = decide(
      obs({ workers: idle, jobs: [job('r', 'running')], memory: settledMemory() }),
      policy({ victimOrder: 'newest' }),
    );
    expect(d.actions.map((a) => (a.type === 'terminate' ? a.workerId : a.type))).toEqual(['a', 'b']);
  });

  it('workers with no creation time are never timed out', () => {
    const d = decide(obs({ workers: [{ id: 'w', state: 'booting' }], jobs: [job('j')] }), policy());
    expect(d.actions).toEqual([]);
  });
});

describe('edges of ordering and reporting', () => {
  it('jobs without queue times go last, by id', () => {
    const d = decide(
      obs({
        jobs: [
          job('z', 'queued', { queuedAt: T0 - MIN }),
          { id: 'b', state: 'queued', labels: [] },
          { id: 'a', state: 'queued', labels: [] },
        ],
      }),
      policy({ max: 2 }),
    );
    const launch = d.actions.find((a) => a.type === 'launch');
    expect(launch?.type === 'launch' && launch.for.map((t) => t.jobId)).toEqual(['z', 'a']);
  });

  it('victims without creation times count as oldest', () => {
    const idle = [worker('x', 'idle'), { id: 'y', state: 'idle' as const }];
    const d = decide(obs({ workers: idle, jobs: [job('r', 'running')], memory: settledMemory() }), policy());
    expect(d.actions).toMatchObject([{ type: 'terminate', workerId: 'y' }]);
  });

  it('a manual pool without a target falls back to zero, busy still the floor', () => {
    const d = decide(obs({ workers: [worker('b', 'busy')] }), policy({ mode: 'manual' }));
    expect(d.desired).toBe(1);
    expect(d.reason).toContain('manual target 0');
  });

  it('a running job seen by two pools stays with the one that runs it', () => {
    const d = decide(
      obs({ workers: [worker('w', 'busy')], jobs: [job('r', 'running', { workerId: 'w' })] }),
      policy(),
    );
    expect(d.desired).toBe(1);
  });
});

describe('attempt numbers', () => {
  it('move past the highest attempt seen in worker names, even when memory lost it', () => {
    const workers = [worker('p-j1-4', 'failed'), worker('other-j1-9', 'failed'), worker('p-warm', 'failed')];
    const d = decide(
      obs({ jobs: [job('j1')], workers, memory: { version: 1, attempts: { j1: 1 } } }),
      policy({ maxAttempts: 5 }),
    );
    const launch = d.actions.find((a) => a.type === 'launch');
    expect(launch?.type === 'launch' && launch.for[0]?.name).toBe('p-j1-5');
    expect(d.memory.attempts).toEqual({ j1: 5 });
    const spent = decide(
      obs({ jobs: [job('j1')], workers, memory: { version: 1, attempts: { j1: 1 } } }),
      policy({ maxAttempts: 4 }),
    );
    expect(spent.exhausted).toEqual(['j1']);
  });

  it("count per job: a warm worker's index or another pool's name uses up no job's attempts", () => {
    const workers = [worker('p-warm-20260101000000000-7', 'failed'), worker('other-j1-9', 'failed')];
    const d = decide(obs({ jobs: [job('j1')], workers }), policy({ maxAttempts: 3 }));
    expect(d.exhausted).toEqual([]);
    const launch = d.actions.find((a) => a.type === 'launch');
    expect(launch?.type === 'launch' && launch.for[0]?.name).toBe('p-j1-1');
  });
});

describe('toIso', () => {
  it('formats as Date#toISOString does, across days, years and before 1970', () => {
    const instants = [
      0, 1, 999, 86_399_999, 86_400_000, -1, -86_400_001, 951_782_400_000, 253_402_300_800_000,
    ];
    for (let i = 0; i < 2000; i++) instants.push(Math.floor(Math.sin(i) * 8.64e15));
    for (const ms of instants) expect(toIso(ms)).toBe(new Date(ms).toISOString());
  });

  it('drops the fraction of a millisecond as Date does (simulated instants have one)', () => {
    const instants = [0.5, 999.9, 86_399_999.99, -0.5, -1.5, -86_400_000.25, 1_793_000_000_123.75];
    for (let i = 0; i < 2000; i++) instants.push(Math.sin(i) * 8.64e15 + (i % 7) / 8);
    for (const ms of instants) expect(toIso(ms)).toBe(new Date(ms).toISOString());
    expect(() => toIso(Number.NaN)).toThrow(RangeError);
  });

  it('isoOnce formats the instant when first asked, not before', () => {
    const at = isoOnce(1_793_000_000_123.75);
    expect([at(), at()]).toEqual(['2026-10-26T07:33:20.123Z', '2026-10-26T07:33:20.123Z']);
    const never = isoOnce(Number.NaN);
    expect(never).toThrow(RangeError);
  });
});
