import type { PoolPolicy } from '../../src/core/types.js';

const MIN = 60_000;

/** A plain ephemeral pool policy for provider tests; providers read only `name`. */
export function poolPolicy(name: string, overrides: Partial<PoolPolicy> = {}): PoolPolicy {
  return {
    name,
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
