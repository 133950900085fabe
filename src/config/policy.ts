/** A validated pool -> the core's PoolPolicy (durations already in milliseconds). */
import type { PoolPolicy } from '../core/types.js';
import type { PoolConfig } from './pool-schema.js';
import type { ProviderConfig } from './provider-schema.js';

/** Replica providers scale a service count; every other provider starts one worker per job. */
export function capacityOf(provider: ProviderConfig): PoolPolicy['capacity'] {
  if (provider.type === 'ecs') return 'replica';
  if (provider.type === 'kubernetes' && provider.deployment !== undefined) return 'replica';
  return 'ephemeral';
}

export function toPolicy(pool: PoolConfig): PoolPolicy {
  return {
    name: pool.name,
    min: pool.min,
    max: pool.max,
    warm: pool.warm,
    priority: pool.priority,
    mode: pool.mode,
    ...(pool.manualTarget === undefined ? {} : { manualTarget: pool.manualTarget }),
    scaleUpAfterMs: pool.scaleUp.after,
    scaleDownAfterMs: pool.scaleDown.after,
    scaleDownCooldownMs: pool.scaleDown.cooldown,
    bootTimeoutMs: pool.bootTimeout,
    maxLifetimeMs: pool.maxLifetime,
    slotsPerWorker: pool.slots.perWorker,
    slotsPerJob: { ...pool.slots.perJob },
    // TFC agents carry no labels: every run of the agent pool is theirs.
    ...(pool.source.type === 'github' ? { labels: [...pool.source.labels] } : {}),
    victimOrder: pool.victimOrder,
    maxAttempts: pool.maxAttempts,
    capacity: capacityOf(pool.provider),
  };
}
