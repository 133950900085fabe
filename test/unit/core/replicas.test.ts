import { describe, expect, it } from 'vitest';
import { joinReplicas, PROTECTION_REFRESH_MS, type JoinReplica } from '../../../src/core/join-replicas.js';
import { poolAccepts } from '../../../src/core/route.js';
import { guardScaleIn } from '../../../src/core/scale-in-guard.js';
import { MIN, T0, job, policy } from './builders.js';

const replica = (id: string, extra: Partial<JoinReplica> = {}): JoinReplica => ({
  id,
  state: 'running',
  createdAt: T0 - 30 * MIN,
  ...extra,
});
const reg = (name: string, busy: boolean, extra: { ip?: string; online?: boolean; jobId?: string } = {}) => ({
  name,
  online: extra.online ?? true,
  busy,
  ...extra,
});

describe('joinReplicas', () => {
  it('joins by the declared agent name, else the task id, else the IP', () => {
    const workers = joinReplicas(
      [
        replica('t1', { agentName: 'agent-a' }),
        replica('t2'),
        replica('t3', { ip: '10.0.0.3' }),
        replica('t4', { ip: '10.0.0.4' }),
      ],
      [reg('agent-a', true, { jobId: 'run-1' }), reg('t2', false), reg('other', true, { ip: '10.0.0.3' })],
      [],
      'spot',
    );
    expect(workers.map((w) => [w.id, w.state, w.jobId])).toEqual([
      ['t1', 'busy', 'run-1'],
      ['t2', 'idle', undefined],
      ['t3', 'busy', undefined],
      ['t4', 'booting', undefined],
    ]);
    expect(workers.every((w) => w.capacityClass === 'spot')).toBe(true);
  });

  it('joins an IP shared by several agents to the busiest, never a stale one first', () => {
    // A new task reuses the IP of a dead agent that HCP Terraform still lists (errored,
    // offline). Joined to that one, the busy task would read as booting, and past
    // bootTimeout it would be stopped mid-run.
    const workers = joinReplicas(
      [replica('t-new', { ip: '10.0.1.5' }), replica('t-nat', { ip: '10.0.9.9' })],
      [
        reg('agent-old', false, { ip: '10.0.1.5', online: false }),
        reg('agent-new', true, { ip: '10.0.1.5', jobId: 'run-7' }),
        reg('nat-idle', false, { ip: '10.0.9.9' }),
        reg('nat-offline', false, { ip: '10.0.9.9', online: false }),
      ],
      [],
      'regular',
    );
    expect(workers.map((w) => [w.id, w.state, w.jobId])).toEqual([
      ['t-nat', 'idle', undefined],
      ['t-new', 'busy', 'run-7'],
    ]);
  });

  it('does not join by IP an agent that another replica claims by name', () => {
    const workers = joinReplicas(
      [replica('t1', { agentName: 'a1', ip: '10.0.0.1' }), replica('t2', { ip: '10.0.0.1' })],
      [reg('a1', true, { ip: '10.0.0.1' })],
      [],
      'regular',
    );
    expect(workers.map((w) => [w.id, w.state])).toEqual([
      ['t1', 'busy'],
      ['t2', 'booting'],
    ]);
  });

  it('keeps a stopping replica only while its agent is busy', () => {
    const workers = joinReplicas(
      [replica('t1', { state: 'stopping' }), replica('t2', { state: 'stopping' })],
      [reg('t1', true), reg('t2', false)],
      [],
      'regular',
    );
    expect(workers.map((w) => w.id)).toEqual(['t1']);
  });

  it('carries the protection expiry of each replica to its worker', () => {
    const workers = joinReplicas(
      [
        replica('t1', { protectedUntil: T0 + PROTECTION_REFRESH_MS + MIN }),
        replica('t2', { protectedUntil: T0 + PROTECTION_REFRESH_MS - MIN }),
        replica('t3'),
      ],
      [reg('t1', true), reg('t2', true), reg('t3', true)],
      [],
      'regular',
    );
    expect(workers.map((w) => w.protectedUntil)).toEqual([
      T0 + PROTECTION_REFRESH_MS + MIN,
      T0 + PROTECTION_REFRESH_MS - MIN,
      undefined,
    ]);
  });

  it('takes the job from the source when the agent does not say', () => {
    const workers = joinReplicas(
      [replica('t1')],
      [reg('t1', true)],
      [job('j1', 'running', { workerId: 't1' })],
      'regular',
    );
    expect(workers[0]?.jobId).toBe('j1');
  });
});

describe('guardScaleIn', () => {
  const until = T0 + 60 * MIN;
  it('lets a raise through untouched', () => {
    expect(guardScaleIn(5, 3, [], new Set(), T0)).toEqual({ desired: 5 });
  });

  it('lowers when every busy replica is protected', () => {
    const replicas = [replica('b', { protectedUntil: until }), replica('i1'), replica('i2')];
    expect(guardScaleIn(1, 3, replicas, new Set(['b']), T0)).toEqual({ desired: 1 });
  });

  it('holds the count while a busy replica is unprotected', () => {
    const replicas = [replica('b1', { protectedUntil: until }), replica('b2'), replica('i1')];
    const guarded = guardScaleIn(2, 3, replicas, new Set(['b1', 'b2']), T0);
    expect(guarded.desired).toBe(3);
    expect(guarded.held).toContain('b2');
  });

  it('treats protection that ends within a minute as none', () => {
    const replicas = [replica('b', { protectedUntil: T0 + 30_000 }), replica('i')];
    expect(guardScaleIn(1, 2, replicas, new Set(['b']), T0).desired).toBe(2);
  });

  it('never goes below the protected replicas', () => {
    const replicas = [
      replica('b', { protectedUntil: until }),
      replica('p', { protectedUntil: until }),
      replica('i'),
    ];
    expect(guardScaleIn(0, 3, replicas, new Set(['b']), T0)).toMatchObject({ desired: 2 });
  });
});

describe('poolAccepts', () => {
  const spot = policy({ capacityClass: 'spot', kinds: { plan: 'spot', apply: 'regular' } });
  const regular = policy({ capacityClass: 'regular', kinds: { plan: 'spot', apply: 'regular' } });
  it('sends a kind to the class that kinds names, unlisted kinds and no kind to regular', () => {
    expect(poolAccepts(spot, job('a', 'queued', { kind: 'plan' }))).toBe(true);
    expect(poolAccepts(regular, job('a', 'queued', { kind: 'plan' }))).toBe(false);
    expect(poolAccepts(regular, job('b', 'queued', { kind: 'apply' }))).toBe(true);
    expect(poolAccepts(regular, job('c', 'queued', { kind: 'assessment' }))).toBe(true);
    expect(poolAccepts(spot, job('c', 'queued', { kind: 'assessment' }))).toBe(false);
    expect(poolAccepts(regular, job('d'))).toBe(true);
  });

  it('still requires the labels', () => {
    expect(poolAccepts(policy({ labels: ['linux'] }), job('a', 'queued', { labels: ['windows'] }))).toBe(
      false,
    );
    expect(poolAccepts(policy({ labels: ['linux'] }), job('a', 'queued', { labels: ['LINUX'] }))).toBe(true);
  });
});
