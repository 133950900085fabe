import { formatDuration } from './time.js';
import type { Memory, PoolPolicy, ScaleInHold, Worker } from './types.js';

export interface ScaleIn {
  readonly victims: readonly Worker[];
  readonly aboveTargetSince: string | undefined;
  /** Why capacity above desired was kept, when it was. */
  readonly heldBecause?: string;
  /** The rule that kept it, for metrics that count cooldown skips. */
  readonly heldBy?: ScaleInHold;
}

function byVictimOrder(order: PoolPolicy['victimOrder']) {
  return (a: Worker, b: Worker): number => {
    const ca = a.createdAt ?? 0;
    const cb = b.createdAt ?? 0;
    if (ca !== cb) return order === 'oldest' ? ca - cb : cb - ca;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}

/**
 * Rules 5 and 6: healthy idle workers above desired go only after capacity has been above
 * desired for `scaleDown.after` without a break and `scaleDown.cooldown` has passed since
 * the last scale event. Busy and booting workers are never victims.
 */
export function planScaleIn(args: {
  desired: number;
  healthy: readonly Worker[];
  memory: Memory;
  policy: PoolPolicy;
  now: number;
  nowIso: () => string;
}): ScaleIn {
  const { desired, healthy, memory, policy, now, nowIso } = args;
  const excess = healthy.length - desired;
  if (excess <= 0) return { victims: [], aboveTargetSince: undefined };
  const aboveTargetSince = memory.aboveTargetSince ?? nowIso();
  const above = now - Date.parse(aboveTargetSince);
  if (above < policy.scaleDownAfterMs) {
    const heldBecause = `${excess} above desired for ${formatDuration(above)} of scaleDown.after ${formatDuration(policy.scaleDownAfterMs)}`;
    return { victims: [], aboveTargetSince, heldBecause, heldBy: 'after' };
  }
  const last = memory.lastScaleEvent;
  const sinceLast = last === undefined ? undefined : now - Date.parse(last.at);
  if (last !== undefined && sinceLast !== undefined && sinceLast < policy.scaleDownCooldownMs) {
    const heldBecause = `${excess} above desired, in cooldown (${formatDuration(sinceLast)} of ${formatDuration(policy.scaleDownCooldownMs)} since last scale ${last.direction})`;
    return { victims: [], aboveTargetSince, heldBecause, heldBy: 'cooldown' };
  }
  const idle = healthy.filter((w) => w.state === 'idle').sort(byVictimOrder(policy.victimOrder));
  const victims = idle.slice(0, excess);
  if (victims.length === 0) {
    return {
      victims,
      aboveTargetSince,
      heldBecause: `${excess} above desired, but none idle (booting or busy)`,
      heldBy: 'not-idle',
    };
  }
  return { victims, aboveTargetSince: victims.length === excess ? undefined : aboveTargetSince };
}
