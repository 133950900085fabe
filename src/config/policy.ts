/** A validated pool -> the core's PoolPolicy (durations already in milliseconds). */
import type { PoolPolicy } from '../core/types.js';
import type { PoolConfig } from './pool-schema.js';
import type { EcsServiceConfig, ProviderConfig } from './provider-schema.js';

/** Replica providers scale a service count; every other provider starts one worker per job. */
export function capacityOf(provider: ProviderConfig): PoolPolicy['capacity'] {
  if (provider.type === 'ecs') return 'replica';
  if (provider.type === 'docker' && provider.mode === 'replica') return 'replica';
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
    ...(pool.provider.type === 'ec2' &&
      pool.provider.labelSelection.length > 0 && {
        selectionLabels: pool.provider.labelSelection.map((l) => l.toLowerCase()),
      }),
    victimOrder: pool.victimOrder,
    maxAttempts: pool.maxAttempts,
    capacity: capacityOf(pool.provider),
  };
}

/** A scheduled unit of a pool: the pool itself, or one service of a replica pool. */
export interface PoolUnit {
  readonly policy: PoolPolicy;
  /** The provider service the unit scales (replica pools). */
  readonly service?: string;
}

function serviceUnit(pool: PoolConfig, policy: PoolPolicy, s: EcsServiceConfig, split: boolean): PoolUnit {
  const max = s.max ?? policy.max;
  return {
    service: s.name,
    policy: {
      ...policy,
      // Several services: each is scheduled on its own, named after its class, and takes
      // only the jobs whose kind `kinds` sends to that class.
      ...(split && { name: `${policy.name}-${s.class}`, capacityClass: s.class, kinds: { ...pool.kinds } }),
      min: Math.min(s.min ?? policy.min, max),
      max,
      warm: Math.min(policy.warm, max),
      scaleDownCooldownMs: s.scaleDown?.cooldown ?? policy.scaleDownCooldownMs,
      scaleDownAfterMs: s.scaleDown?.after ?? policy.scaleDownAfterMs,
      ...(policy.manualTarget !== undefined && { manualTarget: Math.min(policy.manualTarget, max) }),
    },
  };
}

/**
 * The units the engine schedules for a pool: one, or one per service of an ECS pool with
 * several services, each with its own bounds, scale-in memory and protection.
 */
export function toUnits(pool: PoolConfig): PoolUnit[] {
  const policy = toPolicy(pool);
  // A Docker host in replica mode is one service, named after the pool.
  if (pool.provider.type === 'docker' && pool.provider.mode === 'replica')
    return [{ policy, service: pool.name }];
  if (pool.provider.type !== 'ecs') return [{ policy }];
  const { services } = pool.provider;
  return services.map((s) => serviceUnit(pool, policy, s, services.length > 1));
}
