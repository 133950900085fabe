import { countsAsCapacity } from '../core/hygiene.js';
import { joinWorkers } from '../core/join.js';
import { joinReplicas } from '../core/join-replicas.js';
import { routeListing } from '../core/route.js';
import type { Job, Memory, PoolObservation, PoolPolicy, Worker } from '../core/types.js';
import { ProviderError } from '../core/errors.js';
import type { Machine, ReplicaService } from '../providers/provider.js';
import type { Registration, SourceSnapshot } from '../sources/source.js';
import { ephemeralOf, replicaOf, workerPrefix, type PoolRuntime, type ReplicaUnit } from './pool-runtime.js';

export interface Observed {
  readonly observation: PoolObservation;
  readonly apiCalls: number;
  /** Queued jobs that match no pool sharing this source. */
  readonly unmatched: readonly Job[];
  /** Registrations of this pool that had no machine. */
  readonly orphans: readonly string[];
  /** This pool's machines that the cloud took back (spot interruptions). */
  readonly interrupted: readonly string[];
  /** What the provider listed (ephemeral pools), for its housekeeping. */
  readonly machines: readonly Machine[];
}

interface Workers {
  readonly workers: readonly Worker[];
  readonly orphans: readonly string[];
  readonly interrupted: readonly string[];
  readonly machines: readonly Machine[];
  /** Replica pools: the service's count, which may be above the replicas it could place. */
  readonly serviceDesired?: number;
}

async function machineWorkers(
  runtime: PoolRuntime,
  machines: readonly Machine[],
  snapshot: SourceSnapshot,
  claimedAt: (names: readonly string[]) => Promise<ReadonlyMap<string, number>>,
): Promise<Workers> {
  const prefix = workerPrefix(runtime.policy);
  const present = new Set(machines.map((m) => m.name));
  const orphans = snapshot.registrations
    .filter((r) => r.name.startsWith(prefix) && !present.has(r.name))
    .map((r) => r.name);
  const launching = await claimedAt(orphans);
  const workers = joinWorkers(machines, snapshot.registrations, snapshot.jobs, prefix, launching);
  const interrupted = machines.filter((m) => m.interrupted === true).map((m) => m.name);
  return { workers, orphans, interrupted, machines };
}

/** The unit's service among those the provider described; a missing one is a provider bug. */
export function serviceOf(services: readonly ReplicaService[], unit: ReplicaUnit): ReplicaService {
  const service = services.find((s) => s.name === unit.service);
  if (service === undefined)
    throw new ProviderError(`${unit.provider.type} did not describe service ${unit.service}`);
  return service;
}

/** A service's replicas joined with the agents the source lists (also the check before a lower count). */
export function joinService(service: ReplicaService, snapshot: SourceSnapshot): Worker[] {
  return joinReplicas(service.replicas, snapshot.registrations, snapshot.jobs, service.capacityClass);
}

function replicaWorkers(service: ReplicaService, snapshot: SourceSnapshot): Workers {
  const workers = joinService(service, snapshot);
  return { workers, orphans: [], interrupted: [], machines: [], serviceDesired: service.desired };
}

/** Lists the source and the provider together: they are independent, and this is the hot path. */
async function observeBackends(
  runtime: PoolRuntime,
  claimedAt: (names: readonly string[]) => Promise<ReadonlyMap<string, number>>,
): Promise<{ snapshot: SourceSnapshot; found: Workers }> {
  const unit = replicaOf(runtime);
  const provider = ephemeralOf(runtime);
  if (unit !== undefined) {
    const [snapshot, services] = await Promise.all([
      runtime.source.snapshot(runtime.policy),
      unit.provider.describe(runtime.policy),
    ]);
    return { snapshot, found: replicaWorkers(serviceOf(services, unit), snapshot) };
  }
  if (provider === undefined) throw new ProviderError(`pool ${runtime.policy.name} has no service to scale`);
  const [snapshot, machines] = await Promise.all([
    runtime.source.snapshot(runtime.policy),
    provider.list(runtime.policy),
  ]);
  return { snapshot, found: await machineWorkers(runtime, machines, snapshot, claimedAt) };
}

/**
 * The registration names of each sibling but `self`, in one pass over the listing (pool
 * names never prefix each other: the config checks).
 */
function registeredTo(
  siblings: readonly PoolRuntime[],
  self: PoolRuntime,
  snapshot: SourceSnapshot,
): Map<PoolRuntime, Registration[]> {
  const others = siblings.filter((p) => p !== self).map((p) => ({ pool: p, prefix: workerPrefix(p.policy) }));
  const out = new Map(others.map((o) => [o.pool, [] as Registration[]]));
  if (others.length === 0) return out;
  for (const r of snapshot.registrations) {
    const owner = others.find((o) => r.name.startsWith(o.prefix));
    if (owner !== undefined) out.get(owner.pool)?.push(r);
  }
  return out;
}

function registeredIds(registrations: readonly Registration[] | undefined): Set<string> {
  return new Set((registrations ?? []).map((r) => r.name));
}

/**
 * Jobs this pool's free workers were started for or hold (route.ts keeps them here); not
 * a booting one past bootTimeout, which decide() counts as no capacity.
 */
function freeWorkersJobs(workers: readonly Worker[], now: number, policy: PoolPolicy): Set<string> {
  const ids = new Set<string>();
  for (const w of workers)
    if (w.jobId !== undefined && w.state !== 'busy' && countsAsCapacity(w, now, policy)) ids.add(w.jobId);
  return ids;
}

/**
 * Jobs a sibling's free runners were started for, read from their names
 * (`<pool>-<job id>-<attempt>`, scale-up.ts): the listing shows only registrations there.
 */
function namedJobs(policy: PoolPolicy, registrations: readonly Registration[] | undefined): Set<string> {
  const ids = new Set<string>();
  const prefix = workerPrefix(policy);
  for (const r of registrations ?? []) {
    const dash = r.name.lastIndexOf('-');
    if (r.busy || dash <= prefix.length) continue;
    ids.add(r.name.slice(prefix.length, dash));
  }
  return ids;
}

/**
 * The observe step of a full reconcile: list jobs and registrations at the source,
 * machines (or a service's replicas) at the provider, join them, and keep only the jobs
 * that rule 7 gives this pool among the pools that share its source.
 */
export async function observePool(
  runtime: PoolRuntime,
  all: readonly PoolRuntime[],
  memory: Memory,
  now: number,
  claimedAt: (names: readonly string[]) => Promise<ReadonlyMap<string, number>>,
): Promise<Observed> {
  const { snapshot, found } = await observeBackends(runtime, claimedAt);
  const { workers, orphans, interrupted, machines, serviceDesired } = found;
  const siblings = all.filter((p) => p.source.scope === runtime.source.scope);
  const registered = registeredTo(siblings, runtime, snapshot);
  const routing = routeListing(
    siblings.map((p) => ({
      policy: p.policy,
      // A job running on a sibling's runner stays with that sibling: counted here, it
      // would be demand with no worker of this pool under it, and launch one for nothing.
      workerIds: p === runtime ? new Set(workers.map((w) => w.id)) : registeredIds(registered.get(p)),
      launchedFor:
        p === runtime ? freeWorkersJobs(workers, now, p.policy) : namedJobs(p.policy, registered.get(p)),
    })),
    snapshot.jobs,
  );
  const jobs = routing.jobs.get(runtime.policy.name) ?? [];
  return {
    observation: {
      now,
      jobs,
      workers,
      memory,
      complete: true,
      ...(serviceDesired !== undefined && { serviceDesired }),
    },
    apiCalls: snapshot.apiCalls,
    unmatched: routing.unmatched,
    orphans,
    interrupted,
    machines,
  };
}
