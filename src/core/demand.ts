import type { Job, PoolPolicy } from './types.js';

export interface Demand {
  /** Slots taken by running jobs plus runnable queued jobs. */
  readonly slots: number;
  /** Workers needed for those slots: ceil(slots / perWorker). */
  readonly needed: number;
  /** Queued jobs that add demand, in launch order (oldest first). */
  readonly queued: readonly Job[];
  readonly running: number;
  /** Queued jobs that add nothing: waiting, or behind another job of their group. */
  readonly held: number;
}

export function slotsFor(job: Job, policy: PoolPolicy): number {
  return (job.kind === undefined ? undefined : policy.slotsPerJob[job.kind]) ?? 1;
}

export function byQueueOrder(a: Job, b: Job): number {
  const qa = a.queuedAt ?? Number.POSITIVE_INFINITY;
  const qb = b.queuedAt ?? Number.POSITIVE_INFINITY;
  if (qa !== qb) return qa < qb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Rules 1 and 2: only runnable work counts. `waiting` jobs count zero; a group with a
 * running job adds no queued demand; a group with only queued jobs adds one (its oldest).
 * Jobs in `skip` (exhausted attempts) add nothing either.
 */
export function countDemand(jobs: readonly Job[], policy: PoolPolicy, skip: ReadonlySet<string>): Demand {
  const runningGroups = new Set<string>();
  let slots = 0;
  let running = 0;
  for (const job of jobs) {
    if (job.state !== 'running') continue;
    running += 1;
    slots += slotsFor(job, policy);
    if (job.group !== undefined) runningGroups.add(job.group);
  }
  const queued: Job[] = [];
  const takenGroups = new Set<string>();
  let held = 0;
  // A busy pool's jobs are mostly running: only the others are put in queue order.
  for (const job of jobs.filter((j) => j.state !== 'running').sort(byQueueOrder)) {
    const blocked = job.group !== undefined && (runningGroups.has(job.group) || takenGroups.has(job.group));
    if (job.state === 'waiting' || blocked || skip.has(job.id)) {
      held += 1;
      continue;
    }
    if (job.group !== undefined) takenGroups.add(job.group);
    queued.push(job);
    slots += slotsFor(job, policy);
  }
  return { slots, needed: Math.ceil(slots / policy.slotsPerWorker), queued, running, held };
}
