/** `plan` on an observation of a replica service: protection expiry read from the file. */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { parseObservation } from '../../../src/engine/plan/observation-file.js';
import { plan } from '../../../src/engine/plan/plan.js';
import { policy } from '../core/builders.js';

const observation = (workers: unknown[], extra: Record<string, unknown> = {}) => ({
  version: 1,
  now: '2026-11-22T10:00:00Z',
  pools: {
    tf: {
      jobs: [{ id: 'r1', state: 'running', workerId: 't1' }],
      workers,
      memory: { version: 1, aboveTargetSince: '2026-11-22T09:00:00Z' },
      ...extra,
    },
  },
});

describe('plan over replica workers', () => {
  it('reads protectedUntil, renews a busy replica whose protection ends soon and unprotects the victims', () => {
    const file = parseObservation(
      observation([
        {
          id: 't1',
          state: 'busy',
          jobId: 'r1',
          createdAt: '2026-11-22T08:00:00Z',
          protectedUntil: '2026-11-22T10:05:00Z',
        },
        {
          id: 't2',
          state: 'idle',
          createdAt: '2026-11-22T08:00:00Z',
          protectedUntil: '2026-11-22T10:01:00Z',
        },
        { id: 't3', state: 'idle', createdAt: '2026-11-22T08:30:00Z' },
      ]),
      ['tf'],
    );
    expect(file.pools.get('tf')?.workers[1]?.protectedUntil).toBe(Date.parse('2026-11-22T10:01:00Z'));
    const out = plan(file, [policy({ name: 'tf', capacity: 'replica' })]);
    expect(out.pools['tf']?.actions).toEqual([
      { type: 'protect', workerIds: ['t1'], reason: 'busy replicas keep scale-in protection' },
      { type: 'unprotect', workerIds: ['t2'], reason: 'idle replicas chosen for scale-in' },
      { type: 'set-desired', desired: 1, reason: 'replicas 3 -> 1' },
    ]);
  });

  it('reads serviceDesired and lowers a count the service could not place', () => {
    const busy = { id: 't1', state: 'busy', jobId: 'r1', protectedUntil: '2026-11-22T11:00:00Z' };
    const file = parseObservation(observation([busy], { serviceDesired: 4 }), ['tf']);
    const out = plan(file, [policy({ name: 'tf', capacity: 'replica' })]);
    expect(out.pools['tf']?.actions).toEqual([
      { type: 'set-desired', desired: 1, reason: 'replicas 4 -> 1' },
    ]);
    expect(out.pools['tf']?.reason).toContain('3 asked of the service and not placed');
    const bad = () => parseObservation(observation([busy], { serviceDesired: -1 }), ['tf']);
    expect(bad).toThrow(/pools\.tf\.serviceDesired/);
  });

  it('refuses a protectedUntil that is not an ISO time, naming the worker', () => {
    const bad = () =>
      parseObservation(observation([{ id: 't1', state: 'busy', jobId: 'r1', protectedUntil: 'later' }]), [
        'tf',
      ]);
    expect(bad).toThrow(InputError);
    expect(bad).toThrow(/pools\.tf\.workers\[0\]\.protectedUntil/);
  });
});
