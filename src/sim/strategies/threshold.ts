import type { PoolObservation, PoolPolicy } from '../../core/types.js';
import { countJobs, healthy, towards, type DecideFn, type Strategy } from './strategy.js';

const CHECK_MS = 60_000;
const COOLDOWN_MS = 5 * 60_000;

interface Counter {
  target: number;
  above: number;
  below: number;
  lastChange: number;
}

function busyShare(obs: PoolObservation, policy: PoolPolicy): number {
  const alive = healthy(obs, policy);
  if (alive.length === 0) return countJobs(obs, 'queued') > 0 ? 1 : 0;
  return alive.filter((w) => w.state === 'busy').length / alive.length;
}

/** One pool's step: count consecutive checks above 0.8 or below 0.3, then scale by x1.5 / x0.6. */
function step(c: Counter, share: number, now: number, bounds: { min: number; max: number }): void {
  c.above = share > 0.8 ? c.above + 1 : 0;
  c.below = share < 0.3 ? c.below + 1 : 0;
  if (now - c.lastChange < COOLDOWN_MS) return;
  if (c.above >= 3) {
    c.target = Math.min(bounds.max, Math.max(c.target + 1, Math.ceil(c.target * 1.5)));
    c.above = 0;
    c.lastChange = now;
  } else if (c.below >= 10) {
    c.target = Math.max(bounds.min, Math.floor(c.target * 0.6));
    c.below = 0;
    c.lastChange = now;
  }
}

/** A utilisation target like a cloud autoscaling group's step policy, checked every minute. */
export const threshold: Strategy = {
  name: 'threshold',
  describe: 'every 60 s: busy share > 0.8 for 3 checks -> x1.5, < 0.3 for 10 checks -> x0.6, 5 min cooldown',
  hearsEvents: false,
  intervalMs: CHECK_MS,
  createDecide: (): DecideFn => {
    // Per pool, for this run only: the strategy's whole memory.
    const counters = new Map<string, Counter>();
    return (obs, policy) => {
      const c = counters.get(policy.name) ?? {
        target: Math.max(policy.min, 1),
        above: 0,
        below: 0,
        lastChange: Number.NEGATIVE_INFINITY,
      };
      counters.set(policy.name, c);
      step(c, busyShare(obs, policy), obs.now, policy);
      return towards(obs, policy, c.target);
    };
  },
};
