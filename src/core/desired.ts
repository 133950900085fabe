import type { Demand } from './demand.js';
import type { PoolPolicy } from './types.js';

/**
 * Rule 3: desired = max(busy, clamp(needed + warm, min, max)). In manual mode the person's
 * target replaces the computed one; busy stays the floor either way (rule 8).
 */
export function desiredCount(policy: PoolPolicy, demand: Demand, busy: number): number {
  const wanted =
    policy.mode === 'manual' && policy.manualTarget !== undefined
      ? policy.manualTarget
      : Math.min(policy.max, Math.max(policy.min, demand.needed + policy.warm));
  return Math.max(busy, wanted);
}
