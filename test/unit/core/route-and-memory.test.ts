import { describe, expect, it } from 'vitest';
import {
  coveredPools,
  labelsMatch,
  parseMemory,
  routeJobs,
  routeListing,
  type RoutePool,
} from '../../../src/core/index.js';
import { selectionLabelsOf } from '../../../src/core/labels.js';
import { job, policy } from './builders.js';

const pool = (
  name: string,
  extra: Parameters<typeof policy>[0] = {},
  workerIds: string[] = [],
): RoutePool => ({
  policy: policy({ name, labels: ['self-hosted', 'linux'], ...extra }),
  workerIds: new Set(workerIds),
});

describe('labelsMatch', () => {
  it('needs every job label among the pool labels, case-insensitively', () => {
    expect(labelsMatch(['Linux', 'SELF-HOSTED'], ['self-hosted', 'linux', 'x64'])).toBe(true);
    expect(labelsMatch(['linux', 'gpu'], ['self-hosted', 'linux'])).toBe(false);
    expect(labelsMatch([], ['linux'])).toBe(true);
  });
});

describe('selection labels (EC2 labelSelection)', () => {
  // Found by review: a job asking for `cpu=4` matched no pool, so the documented
  // instance selection could never run.
  it('a job may carry the machine-choosing labels its pool enables, and no others', () => {
    const ec2 = pool('arm', { labels: ['self-hosted', 'linux', 'arm64'], selectionLabels: ['cpu', 'ram'] });
    const plain = pool('plain', { labels: ['self-hosted', 'linux', 'arm64'] });
    const jobs = [
      job('sized', 'queued', { labels: ['self-hosted', 'linux', 'arm64', 'CPU=4', 'ram=8+16'] }),
      job('disk', 'queued', { labels: ['self-hosted', 'linux', 'arm64', 'disk=100'] }),
      job('gpu', 'queued', { labels: ['self-hosted', 'linux', 'gpu', 'cpu=4'] }),
    ];
    const routed = routeListing([plain, ec2], jobs);
    expect(routed.jobs.get('arm')?.map((j) => j.id)).toEqual(['sized']);
    expect(routed.unmatched.map((j) => j.id)).toEqual(['disk', 'gpu']);
  });

  it('picks out the labels the runner launched for a job is registered with', () => {
    expect(selectionLabelsOf(['self-hosted', 'cpu=4', 'Disk=100', 'x=1'], ['cpu', 'disk'])).toEqual([
      'cpu=4',
      'Disk=100',
    ]);
    expect(selectionLabelsOf(['cpu=4'], undefined)).toEqual([]);
  });
});

describe('coveredPools', () => {
  it('pairs a pool with each pool whose runners carry all its labels, either way when they are equal', () => {
    const pools = [
      { name: 'linux', labels: ['self-hosted', 'linux'] },
      { name: 'large', labels: ['self-hosted', 'Linux', 'large'] },
      { name: 'small', labels: ['self-hosted', 'linux', 'small'] },
      { name: 'twin', labels: ['self-hosted', 'linux', 'small'] },
      { name: 'tfc', labels: undefined },
    ];
    expect(coveredPools(pools).map((c) => `${c.pool}<${c.by}`)).toEqual([
      'linux<large',
      'linux<small',
      'linux<twin',
      'small<twin',
      'twin<small',
    ]);
    expect(coveredPools(pools.slice(1, 3))).toEqual([]);
  });
});

describe('routeListing (one listing every pool saw)', () => {
  const pools = [pool('small', { max: 1 }, ['w1']), pool('big', { priority: 5 })];
  const listing = [
    job('q1', 'queued', { labels: ['linux'] }),
    job('r', 'running', { labels: ['linux'], workerId: 'w1' }),
    job('q2', 'queued', { labels: ['linux'] }),
    job('mac', 'queued', { labels: ['macos'] }),
  ];
  const seenByAll = (jobs: typeof listing) => jobs.map((j) => ({ job: j, seenBy: ['small', 'big'] }));

  it('routes as routeJobs does with every job seen by every pool', () => {
    const r = routeListing(pools, listing);
    expect(r).toEqual(routeJobs(pools, seenByAll(listing)));
    expect(r.jobs.get('small')?.map((j) => j.id)).toEqual(['r']);
    expect(r.jobs.get('big')?.map((j) => j.id)).toEqual(['q1', 'q2']);
    expect(r.unmatched.map((j) => j.id)).toEqual(['mac']);
  });

  it('counts a job listed twice once', () => {
    const twice = [...listing, listing[0] ?? job('x', 'queued')];
    const r = routeListing(pools, twice);
    expect(r).toEqual(routeJobs(pools, seenByAll(twice)));
    expect(r.jobs.get('big')?.map((j) => j.id)).toEqual(['q1', 'q2']);
  });
});

describe('routeJobs (rule 7)', () => {
  it('keeps a queued job with the pool that started a worker for it, even when an earlier pool has room', () => {
    const first = pool('a', { priority: 0, max: 5 });
    const next: RoutePool = { ...pool('b', { priority: 1 }), launchedFor: new Set(['j1']) };
    const j1 = job('j1', 'queued', { labels: ['linux'] });
    const j2 = job('j2', 'queued', { labels: ['linux'] });
    const r = routeListing([first, next], [j1, j2]);
    expect(r.jobs.get('a')?.map((j) => j.id)).toEqual(['j2']);
    expect(r.jobs.get('b')?.map((j) => j.id)).toEqual(['j1']);
  });

  it('a job matching two pools is counted once, in the lowest priority', () => {
    const pools = [pool('b', { priority: 1 }), pool('a', { priority: 0 })];
    const j = job('j1', 'queued', { labels: ['linux'] });
    const r = routeJobs(pools, [
      { job: j, seenBy: ['a'] },
      { job: j, seenBy: ['b'] },
    ]);
    expect(r.jobs.get('a')).toEqual([j]);
    expect(r.jobs.get('b')).toEqual([]);
  });

  it('equal priorities fall back to config order', () => {
    const pools = [pool('first'), pool('second')];
    const j = job('j1', 'queued', { labels: ['linux'] });
    expect(routeJobs(pools, [{ job: j, seenBy: ['first', 'second'] }]).jobs.get('first')).toEqual([j]);
  });

  it('overflows to the next pool when the first has no room below max', () => {
    const pools = [pool('small', { max: 1 }), pool('big', { priority: 5 })];
    const jobs = ['j1', 'j2', 'j3'].map((id) => ({
      job: job(id, 'queued', { labels: ['linux'] }),
      seenBy: ['small', 'big'],
    }));
    const r = routeJobs(pools, jobs);
    expect(r.jobs.get('small')?.map((j) => j.id)).toEqual(['j1']);
    expect(r.jobs.get('big')?.map((j) => j.id)).toEqual(['j2', 'j3']);
  });

  it('running jobs stay with the pool that runs them and use its room', () => {
    const pools = [pool('a', { max: 1 }, ['w1']), pool('b', { priority: 1 })];
    const running = job('r', 'running', { labels: ['linux'], workerId: 'w1' });
    const queued = job('q', 'queued', { labels: ['linux'] });
    const r = routeJobs(pools, [
      { job: queued, seenBy: ['a', 'b'] },
      { job: running, seenBy: ['a', 'b'] },
    ]);
    expect(r.jobs.get('a')).toEqual([running]);
    expect(r.jobs.get('b')).toEqual([queued]);
  });

  it('when every match is full the job waits in the first', () => {
    const pools = [pool('a', { max: 0 }), pool('b', { max: 0, priority: 2 })];
    const j = job('j', 'queued', { labels: ['linux'] });
    expect(routeJobs(pools, [{ job: j, seenBy: ['a', 'b'] }]).jobs.get('a')).toEqual([j]);
  });

  it('reports queued jobs that match no pool', () => {
    const gpu = job('g', 'queued', { labels: ['gpu'] });
    const running = job('x', 'running', { labels: ['gpu'] });
    const r = routeJobs(
      [pool('a')],
      [
        { job: gpu, seenBy: ['a'] },
        { job: running, seenBy: ['a'] },
      ],
    );
    expect(r.unmatched).toEqual([gpu]);
    expect(r.jobs.get('a')).toEqual([]);
  });

  it('a pool without labels (TFC) takes what its own source reported', () => {
    const tfc: RoutePool = { policy: policy({ name: 'tfc' }), workerIds: new Set() };
    const run = job('run-1', 'queued', { kind: 'plan' });
    const r = routeJobs([tfc, pool('gh')], [{ job: run, seenBy: ['tfc'] }]);
    expect(r.jobs.get('tfc')).toEqual([run]);
  });
});

describe('parseMemory', () => {
  it('treats absent and {} as the empty version 1 document', () => {
    expect(parseMemory(undefined)).toEqual({ ok: true, memory: { version: 1 } });
    expect(parseMemory({})).toEqual({ ok: true, memory: { version: 1 } });
  });

  it('accepts a valid document unchanged', () => {
    const doc = {
      version: 1,
      lastScaleEvent: { at: '2026-11-22T10:00:00Z', direction: 'up' },
      attempts: { j1: 2 },
      demandSince: '2026-11-22T09:00:00Z',
    };
    expect(parseMemory(doc)).toEqual({ ok: true, memory: doc });
  });

  it('refuses an unknown version with the path', () => {
    expect(parseMemory({ version: 7 }, 'pools.a.memory')).toEqual({
      ok: false,
      problems: [
        {
          path: 'pools.a.memory.version',
          message: 'unknown memory version 7 (this ci-scaler reads version 1)',
        },
      ],
    });
  });

  it('lists every bad field', () => {
    const r = parseMemory({
      version: 1,
      lastScaleEvent: { at: 'yesterday', direction: 'sideways' },
      aboveTargetSince: 5,
      attempts: { j: -1 },
      extra: true,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.path)).toEqual([
      'memory.extra',
      'memory.lastScaleEvent.at',
      'memory.lastScaleEvent.direction',
      'memory.aboveTargetSince',
      'memory.attempts.j',
    ]);
  });

  it('refuses non-objects', () => {
    expect(parseMemory([1]).ok).toBe(false);
    expect(parseMemory({ version: 1, lastScaleEvent: 'x', attempts: [] }).ok).toBe(false);
  });
});
