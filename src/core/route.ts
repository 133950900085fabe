import { slotsFor } from './demand.js';
import { labelsMatch } from './labels.js';
import type { Job, PoolPolicy } from './types.js';

export interface RoutePool {
  readonly policy: PoolPolicy;
  /** Worker ids of this pool, to keep a running job with the pool that runs it. */
  readonly workerIds: ReadonlySet<string>;
}

/** A job and the pools whose sources reported it (a job seen by two pools is one job). */
export interface SeenJob {
  readonly job: Job;
  readonly seenBy: readonly string[];
}

export interface Routing {
  readonly jobs: ReadonlyMap<string, readonly Job[]>;
  /** Queued jobs that match no pool: reported, never dropped silently. */
  readonly unmatched: readonly Job[];
}

/** The class jobs of kinds that `kinds` does not list go to. */
export const DEFAULT_CLASS = 'regular';

/** Whether a pool can run the job at all: its labels, and its capacity class for the job's kind. */
export function poolAccepts(policy: PoolPolicy, job: Job): boolean {
  if (policy.labels !== undefined && !labelsMatch(job.labels, policy.labels)) return false;
  if (policy.capacityClass === undefined) return true;
  const wanted = (job.kind === undefined ? undefined : policy.kinds?.[job.kind]) ?? DEFAULT_CLASS;
  return wanted === policy.capacityClass;
}

function accepts(pool: RoutePool, seen: SeenJob): boolean {
  return seen.seenBy.includes(pool.policy.name) && poolAccepts(pool.policy, seen.job);
}

/** Config order is the tie-breaker of equal priorities, so the sort must be stable. */
function byPriority(pools: readonly RoutePool[]): RoutePool[] {
  return [...pools].sort((a, b) => a.policy.priority - b.policy.priority);
}

/**
 * Rule 7: a job counts in one pool only: the matching pool with the lowest priority (then
 * config order) that has room below `max`; when that one is full it overflows to the next.
 * A running job stays with the pool that runs it. When every match is full the job waits
 * in the first one, where it still shows as demand.
 */
export function routeJobs(pools: readonly RoutePool[], seen: readonly SeenJob[]): Routing {
  const used = new Map<string, number>(pools.map((p) => [p.policy.name, 0]));
  const jobs = new Map<string, Job[]>(pools.map((p) => [p.policy.name, []]));
  const unmatched: Job[] = [];
  const take = (pool: RoutePool, job: Job): void => {
    jobs.get(pool.policy.name)?.push(job);
    used.set(pool.policy.name, (used.get(pool.policy.name) ?? 0) + slotsFor(job, pool.policy));
  };
  const hasRoom = (p: RoutePool, job: Job): boolean => {
    const slots = (used.get(p.policy.name) ?? 0) + slotsFor(job, p.policy);
    return Math.ceil(slots / p.policy.slotsPerWorker) <= p.policy.max;
  };
  const runsIt = (p: RoutePool, job: Job): boolean =>
    job.workerId !== undefined && p.workerIds.has(job.workerId);
  const unique = dedupe(seen);
  const queuedLast = [
    ...unique.filter((s) => s.job.state !== 'queued'),
    ...unique.filter((s) => s.job.state === 'queued'),
  ];
  const ordered = byPriority(pools);
  for (const s of queuedLast) {
    // The first match, and the preferred one (the pool running it, or the first with room).
    let first: RoutePool | undefined;
    let preferred: RoutePool | undefined;
    for (const p of ordered) {
      if (!accepts(p, s)) continue;
      first ??= p;
      if (s.job.state === 'queued' ? hasRoom(p, s.job) : runsIt(p, s.job)) {
        preferred = p;
        break;
      }
    }
    if (first === undefined) {
      if (s.job.state === 'queued') unmatched.push(s.job);
      continue;
    }
    take(preferred ?? first, s.job);
  }
  return { jobs, unmatched };
}

/** Merges reports of the same job id from several pools' sources. */
function dedupe(seen: readonly SeenJob[]): readonly SeenJob[] {
  const byId = new Map<string, SeenJob>();
  for (const s of seen) {
    const prior = byId.get(s.job.id);
    byId.set(
      s.job.id,
      prior === undefined ? s : { job: prior.job, seenBy: [...new Set([...prior.seenBy, ...s.seenBy])] },
    );
  }
  // One source reports each job once (the usual case): the list as it came.
  return byId.size === seen.length ? seen : [...byId.values()];
}
