import { slotsFor } from './demand.js';
import { poolLabelsMatch } from './labels.js';
import type { Job, PoolPolicy } from './types.js';

export interface RoutePool {
  readonly policy: PoolPolicy;
  /** Worker ids of this pool, to keep a running job with the pool that runs it. */
  readonly workerIds: ReadonlySet<string>;
  /**
   * Queued jobs that a worker of this pool, not busy, was started for: such a job stays
   * with this pool (an overflow launched it here), or the first pool would launch for it
   * again once it has room.
   */
  readonly launchedFor?: ReadonlySet<string>;
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
  if (policy.labels !== undefined && !poolLabelsMatch(job.labels, policy.labels, policy.selectionLabels))
    return false;
  return classAccepts(policy, job.kind);
}

/** Whether `kinds` sends a job of this kind to the pool's capacity class (a pool without one takes all). */
export function classAccepts(policy: PoolPolicy, kind: string | undefined): boolean {
  if (policy.capacityClass === undefined) return true;
  const wanted = (kind === undefined ? undefined : policy.kinds?.[kind]) ?? DEFAULT_CLASS;
  return wanted === policy.capacityClass;
}

/**
 * Rule 7: a job counts in one pool only: the matching pool with the lowest priority (then
 * config order) that has room below `max`; when that one is full it overflows to the next.
 * A running job stays with the pool that runs it, a queued one with the pool that started
 * a worker for it. When every match is full the job waits in the first one, where it
 * still shows as demand.
 */
export function routeJobs(pools: readonly RoutePool[], seen: readonly SeenJob[]): Routing {
  const merged = dedupe(seen);
  return route(
    pools,
    merged.map((s) => s.job),
    (i) => merged[i]?.seenBy,
  );
}

/**
 * Rule 7 over one listing that every pool saw (the pools sharing a source): the same as
 * routeJobs with each job seen by all of them, without an entry per job on the hot path.
 */
export function routeListing(pools: readonly RoutePool[], jobs: readonly Job[]): Routing {
  return route(pools, hasDuplicates(jobs, (j) => j.id) ? firstOfEach(jobs) : jobs, () => undefined);
}

/** Each job id once, its first report kept, in the order first reported (as dedupe does). */
function firstOfEach(jobs: readonly Job[]): Job[] {
  const byId = new Map<string, Job>();
  for (const j of jobs) if (!byId.has(j.id)) byId.set(j.id, j);
  return [...byId.values()];
}

/** `seenBy(i)`: the pools that saw jobs[i]; undefined: all of them. */
function route(
  pools: readonly RoutePool[],
  jobs: readonly Job[],
  seenBy: (i: number) => readonly string[] | undefined,
): Routing {
  const slots: Slot[] = pools.map((pool) => ({ pool, used: 0, jobs: [] }));
  // Most listings have no job started for in a pool that is not its first choice.
  const anyLaunched = pools.some((p) => (p.launchedFor?.size ?? 0) > 0);
  // Config order is the tie-breaker of equal priorities: the sort is stable.
  const ordered = [...slots].sort((a, b) => a.pool.policy.priority - b.pool.policy.priority);
  const unmatched: Job[] = [];
  const place = (job: Job, i: number): void => {
    const by = seenBy(i);
    const find = (test: (slot: Slot) => boolean): Slot | undefined =>
      ordered.find(
        (slot) =>
          (by === undefined || by.includes(slot.pool.policy.name)) &&
          poolAccepts(slot.pool.policy, job) &&
          test(slot),
      );
    // The pool that started a worker for it or runs it, else the first with room, else the first.
    const preferred =
      job.state === 'queued'
        ? ((anyLaunched ? find((slot) => slot.pool.launchedFor?.has(job.id) === true) : undefined) ??
          find((slot) => hasRoom(slot, job)))
        : find((slot) => runsIt(slot.pool, job));
    const chosen = preferred ?? find(() => true);
    if (chosen === undefined) {
      if (job.state === 'queued') unmatched.push(job);
      return;
    }
    chosen.jobs.push(job);
    chosen.used += slotsFor(job, chosen.pool.policy);
  };
  // Running jobs first, so queued ones see the room they leave.
  jobs.forEach((job, i) => {
    if (job.state !== 'queued') place(job, i);
  });
  jobs.forEach((job, i) => {
    if (job.state === 'queued') place(job, i);
  });
  return { jobs: new Map(slots.map((s) => [s.pool.policy.name, s.jobs])), unmatched };
}

interface Slot {
  readonly pool: RoutePool;
  /** Slots taken by the jobs routed here so far. */
  used: number;
  readonly jobs: Job[];
}

function hasRoom(slot: Slot, job: Job): boolean {
  const policy = slot.pool.policy;
  return Math.ceil((slot.used + slotsFor(job, policy)) / policy.slotsPerWorker) <= policy.max;
}

function runsIt(pool: RoutePool, job: Job): boolean {
  return job.workerId !== undefined && pool.workerIds.has(job.workerId);
}

function hasDuplicates<T>(items: readonly T[], idOf: (item: T) => string): boolean {
  const ids = new Set<string>();
  for (const item of items) ids.add(idOf(item));
  return ids.size !== items.length;
}

/** Merges reports of the same job id from several pools' sources. */
function dedupe(seen: readonly SeenJob[]): readonly SeenJob[] {
  // One source reports each job once (the usual case): the list as it came.
  if (!hasDuplicates(seen, (s) => s.job.id)) return seen;
  const byId = new Map<string, SeenJob>();
  for (const s of seen) {
    const prior = byId.get(s.job.id);
    byId.set(
      s.job.id,
      prior === undefined ? s : { job: prior.job, seenBy: [...new Set([...prior.seenBy, ...s.seenBy])] },
    );
  }
  return [...byId.values()];
}
