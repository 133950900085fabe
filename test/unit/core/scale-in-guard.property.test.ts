/**
 * Property (issue 7): over random busy/idle replica sets, random protection failures and
 * jobs that land on idle replicas between the decision and the scale-in, no busy replica
 * is ever among those a scale-in can take. The service is modelled as ECS behaves: it
 * stops only unprotected tasks, and here it picks the worst ones (busy first).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/core/decide.js';
import { joinReplicas, type JoinReplica } from '../../../src/core/join-replicas.js';
import { guardScaleIn } from '../../../src/core/scale-in-guard.js';
import type { Action } from '../../../src/core/types.js';
import { MIN, T0, job, policy, settledMemory } from './builders.js';

const PROTECTION_MS = 120 * MIN;

interface Scenario {
  readonly replicas: { busy: boolean; protectedFor: number | null; agentUp: boolean }[];
  readonly failProtect: boolean[];
  readonly failUnprotect: boolean[];
  /** Idle replicas that take a job after the decision, before the count is lowered. */
  readonly lateBusy: boolean[];
  readonly queued: number;
  readonly min: number;
}

const scenarioArb: fc.Arbitrary<Scenario> = fc.integer({ min: 0, max: 14 }).chain((n) =>
  fc.record({
    replicas: fc.array(
      fc.record({
        busy: fc.boolean(),
        protectedFor: fc.option(fc.integer({ min: 0, max: 180 }).map((m) => m * MIN)),
        agentUp: fc.boolean(),
      }),
      { minLength: n, maxLength: n },
    ),
    failProtect: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    failUnprotect: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    lateBusy: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    queued: fc.integer({ min: 0, max: 4 }),
    min: fc.integer({ min: 0, max: 3 }),
  }),
);

function ids(actions: readonly Action[], type: 'protect' | 'unprotect'): string[] {
  return actions.flatMap((a) => (a.type === type ? a.workerIds : []));
}

function run(s: Scenario): { victims: string[]; busyAtScaleIn: Set<string> } {
  const replicas = new Map<string, JoinReplica>(
    s.replicas.map((r, i) => {
      const id = `t${i}`;
      const base: JoinReplica = { id, state: 'running', createdAt: T0 - 60 * MIN };
      return [id, r.protectedFor === null ? base : { ...base, protectedUntil: T0 + r.protectedFor }];
    }),
  );
  const registrations = s.replicas.flatMap((r, i) =>
    r.agentUp || r.busy ? [{ name: `t${i}`, online: true, busy: r.busy }] : [],
  );
  const jobs = [
    ...s.replicas.flatMap((r, i) => (r.busy ? [job(`r${i}`, 'running', { workerId: `t${i}` })] : [])),
    ...Array.from({ length: s.queued }, (_, i) => job(`q${i}`)),
  ];
  const workers = joinReplicas([...replicas.values()], registrations, jobs, 'regular');
  const d = decide(
    { now: T0, jobs, workers, memory: settledMemory() },
    policy({ capacity: 'replica', min: s.min, max: 20, scaleDownAfterMs: 0, scaleDownCooldownMs: 0 }),
  );
  const index = (id: string) => Number(id.slice(1));
  for (const id of ids(d.actions, 'protect')) {
    const r = replicas.get(id);
    if (r !== undefined && s.failProtect[index(id)] !== true)
      replicas.set(id, { ...r, protectedUntil: T0 + PROTECTION_MS });
  }
  for (const id of ids(d.actions, 'unprotect')) {
    const r = replicas.get(id);
    if (r !== undefined && s.failUnprotect[index(id)] !== true) {
      const { protectedUntil: _dropped, ...rest } = r;
      replicas.set(id, rest);
    }
  }
  const busyAtScaleIn = new Set(
    s.replicas.flatMap((r, i) => (r.busy || s.lateBusy[i] === true ? [`t${i}`] : [])),
  );
  const setDesired = d.actions.find((a) => a.type === 'set-desired');
  if (setDesired?.type !== 'set-desired') return { victims: [], busyAtScaleIn };
  const current = replicas.size;
  const guarded = guardScaleIn(setDesired.desired, current, [...replicas.values()], busyAtScaleIn, T0);
  const unprotected = [...replicas.values()].filter(
    (r) => r.protectedUntil === undefined || r.protectedUntil <= T0,
  );
  // The worst a service may do: take busy unprotected tasks first.
  unprotected.sort((a, b) => Number(busyAtScaleIn.has(b.id)) - Number(busyAtScaleIn.has(a.id)));
  const victims = unprotected.slice(0, Math.max(0, current - guarded.desired)).map((r) => r.id);
  return { victims, busyAtScaleIn };
}

describe('scale-in of replica services (property)', () => {
  it('never leaves a busy replica among those a scale-in can take', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { victims, busyAtScaleIn } = run(s);
        expect(victims.filter((v) => busyAtScaleIn.has(v))).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it('does scale in when nothing is busy (the guard is not a blanket refusal)', () => {
    const idle: Scenario = {
      replicas: Array.from({ length: 4 }, () => ({ busy: false, protectedFor: null, agentUp: true })),
      failProtect: [false, false, false, false],
      failUnprotect: [false, false, false, false],
      lateBusy: [false, false, false, false],
      queued: 0,
      min: 1,
    };
    expect(run(idle).victims).toHaveLength(3);
  });
});
