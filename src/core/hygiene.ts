import { formatDuration } from './time.js';
import type { Action, PoolObservation, PoolPolicy, Worker } from './types.js';

export interface Health {
  /** Workers that count as capacity: booting, idle or busy, and not due for removal. */
  readonly healthy: readonly Worker[];
  readonly removals: readonly Extract<Action, { type: 'terminate' }>[];
  readonly overLifetimeBusy: readonly string[];
}

function age(worker: Worker, now: number): number | undefined {
  return worker.createdAt === undefined ? undefined : now - worker.createdAt;
}

/** Why a worker that is not busy must go, independent of demand; undefined when it may stay. */
function hygieneReason(worker: Worker, now: number, policy: PoolPolicy): string | undefined {
  if (worker.state === 'failed') return `worker ${worker.id} failed`;
  const lived = age(worker, now);
  if (lived === undefined || worker.state === 'busy') return undefined;
  if (worker.state === 'booting' && lived >= policy.bootTimeoutMs) {
    return `worker ${worker.id} did not register within bootTimeout ${formatDuration(policy.bootTimeoutMs)}`;
  }
  if (lived >= policy.maxLifetimeMs) {
    return `worker ${worker.id} is past maxLifetime ${formatDuration(policy.maxLifetimeMs)}`;
  }
  return undefined;
}

/**
 * Whether a worker counts as capacity on a partial (fast path) view, as assessWorkers
 * counts it: an idle one always (its only reason to go is its age, handled by a full
 * reconcile), any other while hygiene has no reason to remove it.
 */
export function countsAsCapacity(worker: Worker, now: number, policy: PoolPolicy): boolean {
  return worker.state === 'idle' || hygieneReason(worker, now, policy) === undefined;
}

/**
 * The one idle worker past maxLifetime to replace now, the oldest. Warm workers and a
 * service's agents often start together and so age out together: replaced at once they
 * would leave the pool with nothing but booting workers while the new ones boot (and each
 * replica stop reads the agents again). Until its turn, an aged idle worker still works.
 */
function retiringWorker(obs: PoolObservation, policy: PoolPolicy): Worker | undefined {
  let oldest: Worker | undefined;
  for (const w of obs.workers) {
    const lived = age(w, obs.now);
    if (w.state !== 'idle' || lived === undefined || lived < policy.maxLifetimeMs) continue;
    if (oldest === undefined || lived > (age(oldest, obs.now) ?? 0)) oldest = w;
  }
  return oldest;
}

/**
 * Rule 5's hygiene and rule 6's lifetime: failed and boot-timed-out workers are removed at
 * once, and idle workers past maxLifetime one per full reconcile (retiringWorker), never
 * delayed by the cooldown, never a scale event. On the fast path the observation is
 * partial and its picture of older workers may be stale, so only workers the event itself
 * reports as failed (a runner that finished its job) are removed; timed-out ones only stop
 * counting as capacity until a full reconcile.
 *
 * A replica service replaces a failed (exited) replica by itself. One that runs but never
 * registered, or outlived maxLifetime, it keeps running, in its count: decide() stops it
 * (on a full reconcile) and sets the count to what the healthy ones need, so the service
 * starts a new replica in its place only when demand asks for one.
 */
export function assessWorkers(obs: PoolObservation, policy: PoolPolicy): Health {
  const complete = obs.complete ?? true;
  const replica = policy.capacity === 'replica';
  const healthy: Worker[] = [];
  const removals: Extract<Action, { type: 'terminate' }>[] = [];
  const overLifetimeBusy: string[] = [];
  const retiring = complete ? retiringWorker(obs, policy) : undefined;
  for (const worker of obs.workers) {
    const reason = hygieneReason(worker, obs.now, policy);
    if (reason === undefined) {
      healthy.push(worker);
      const lived = age(worker, obs.now);
      if (worker.state === 'busy' && lived !== undefined && lived >= policy.maxLifetimeMs) {
        overLifetimeBusy.push(worker.id);
      }
      continue;
    }
    if (replica && worker.state === 'failed') continue;
    // An idle worker's only hygiene reason is its age (bootTimeout is for booting ones).
    if (worker.state === 'idle' && worker !== retiring) {
      healthy.push(worker);
      continue;
    }
    if (complete || worker.state === 'failed')
      removals.push({ type: 'terminate', workerId: worker.id, hygiene: true, reason });
  }
  return { healthy, removals, overLifetimeBusy };
}
