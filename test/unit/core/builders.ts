import type { Job, Memory, PoolObservation, PoolPolicy, Worker } from '../../../src/core/index.js';

export const T0 = Date.parse('2026-11-22T10:00:00Z');
export const SEC = 1000;
export const MIN = 60 * SEC;

export function policy(overrides: Partial<PoolPolicy> = {}): PoolPolicy {
  return {
    name: 'p',
    min: 0,
    max: 10,
    warm: 0,
    priority: 0,
    mode: 'enabled',
    scaleUpAfterMs: 0,
    scaleDownAfterMs: 2 * MIN,
    scaleDownCooldownMs: 5 * MIN,
    bootTimeoutMs: 10 * MIN,
    maxLifetimeMs: 24 * 60 * MIN,
    slotsPerWorker: 1,
    slotsPerJob: {},
    victimOrder: 'oldest',
    maxAttempts: 3,
    capacity: 'ephemeral',
    ...overrides,
  };
}

export function job(id: string, state: Job['state'] = 'queued', extra: Partial<Job> = {}): Job {
  return { id, state, labels: [], queuedAt: T0 - MIN, ...extra };
}

export function worker(id: string, state: Worker['state'], extra: Partial<Worker> = {}): Worker {
  return { id, state, createdAt: T0 - 10 * MIN, ...extra };
}

export function obs(parts: {
  jobs?: Job[];
  workers?: Worker[];
  memory?: Memory;
  now?: number;
  complete?: boolean;
  serviceDesired?: number;
}): PoolObservation {
  return {
    now: parts.now ?? T0,
    jobs: parts.jobs ?? [],
    workers: parts.workers ?? [],
    memory: parts.memory ?? { version: 1 },
    ...(parts.complete !== undefined && { complete: parts.complete }),
    ...(parts.serviceDesired !== undefined && { serviceDesired: parts.serviceDesired }),
  };
}

/** Memory of a pool that has been above target long enough and is out of cooldown. */
export function settledMemory(now = T0): Memory {
  return {
    version: 1,
    aboveTargetSince: new Date(now - 60 * MIN).toISOString(),
    lastScaleEvent: { at: new Date(now - 60 * MIN).toISOString(), direction: 'up' },
  };
}
