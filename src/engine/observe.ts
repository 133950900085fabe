import { joinWorkers } from '../core/join.js';
import { routeJobs } from '../core/route.js';
import type { Job, Memory, PoolObservation } from '../core/types.js';
import { workerPrefix, type PoolRuntime } from './pool-runtime.js';

export interface Observed {
  readonly observation: PoolObservation;
  readonly apiCalls: number;
  /** Queued jobs that match no pool sharing this source. */
  readonly unmatched: readonly Job[];
  /** Registrations of this pool that had no machine. */
  readonly orphans: readonly string[];
}

/**
 * The observe step of a full reconcile: list jobs and registrations at the source,
 * machines at the provider, join them, and keep only the jobs that rule 7 gives this
 * pool among the pools that share its source.
 */
export async function observePool(
  runtime: PoolRuntime,
  all: readonly PoolRuntime[],
  memory: Memory,
  now: number,
  claimedAt: (names: readonly string[]) => Promise<ReadonlyMap<string, number>>,
): Promise<Observed> {
  const [snapshot, machines] = await Promise.all([
    runtime.source.snapshot(runtime.policy),
    runtime.provider.list(runtime.policy),
  ]);
  const prefix = workerPrefix(runtime.policy);
  const present = new Set(machines.map((m) => m.name));
  const orphans = snapshot.registrations
    .filter((r) => r.name.startsWith(prefix) && !present.has(r.name))
    .map((r) => r.name);
  const launching = await claimedAt(orphans);
  const workers = joinWorkers(machines, snapshot.registrations, snapshot.jobs, prefix, launching);
  const siblings = all.filter((p) => p.source.scope === runtime.source.scope);
  const names = siblings.map((p) => p.policy.name);
  const routing = routeJobs(
    siblings.map((p) => ({
      policy: p.policy,
      workerIds: new Set(p === runtime ? workers.map((w) => w.id) : []),
    })),
    snapshot.jobs.map((job) => ({ job, seenBy: names })),
  );
  const jobs = routing.jobs.get(runtime.policy.name) ?? [];
  return {
    observation: { now, jobs, workers, memory, complete: true },
    apiCalls: snapshot.apiCalls,
    unmatched: routing.unmatched,
    orphans,
  };
}
