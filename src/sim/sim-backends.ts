/**
 * The engine's view of the simulated world: a Source (the CI system) and a Provider per
 * pool, ephemeral or a replica service, the source counting the API calls a real one makes.
 */
import type { LaunchTarget, PoolPolicy } from '../core/types.js';
import type {
  EphemeralProvider,
  LaunchSpec,
  Machine,
  ProtectionResult,
  ReplicaProvider,
  ReplicaService,
} from '../providers/provider.js';
import type { DeregisterResult, Source, SourceSnapshot, WorkerCredentials } from '../sources/source.js';
import type { SimServices } from './sim-services.js';
import type { CiSystem } from './sim-pool.js';
import type { World } from './world.js';

/** A listing costs the runners page and the runs page, plus a page of jobs per 100 active. */
function listingCalls(activeJobs: number): number {
  return 2 + Math.ceil(activeJobs / 100);
}

export class SimSource implements Source {
  readonly type = 'sim';
  /** Pools of one CI system share a listing, and rule 7 routes among them alone. */
  readonly scope: string;
  apiCalls = 0;
  /** Every reconcile lists once: the loop's, and those an event starts (a runner taken by another job). */
  listings = 0;

  constructor(
    private readonly world: World,
    private readonly system: CiSystem,
  ) {
    this.scope = `sim:${system}`;
  }

  snapshot(_pool: PoolPolicy): Promise<SourceSnapshot> {
    this.listings += 1;
    const jobs = this.world.listJobs(this.system);
    const calls = listingCalls(jobs.length);
    this.apiCalls += calls;
    return Promise.resolve({ jobs, registrations: this.world.listRegistrations(), apiCalls: calls });
  }

  register(pool: PoolPolicy, target: LaunchTarget): Promise<WorkerCredentials> {
    this.apiCalls += 1;
    return settle(() => {
      this.world.register(pool.name, target.name);
      return { env: {}, secrets: [] };
    });
  }

  deregister(_pool: PoolPolicy, name: string): Promise<DeregisterResult> {
    this.apiCalls += 1;
    return Promise.resolve(this.world.deregister(name));
  }
}

export class SimProvider implements EphemeralProvider {
  readonly type = 'sim';
  readonly capacity = 'ephemeral' as const;

  constructor(private readonly world: World) {}

  list(pool: PoolPolicy): Promise<readonly Machine[]> {
    return Promise.resolve(this.world.listMachines(pool.name));
  }

  launch(spec: LaunchSpec): Promise<Machine> {
    return settle(() => this.world.launch(spec.pool, spec.name, spec.jobId));
  }

  terminate(_pool: PoolPolicy, name: string): Promise<void> {
    this.world.terminate(name);
    return Promise.resolve();
  }
}

/** A replica pool's provider: the simulated service of each unit, by the unit's name. */
export class SimReplicaProvider implements ReplicaProvider {
  readonly type = 'sim';
  readonly capacity = 'replica' as const;

  constructor(private readonly services: SimServices) {}

  describe(pool: PoolPolicy): Promise<readonly ReplicaService[]> {
    return settle(() => [this.services.describe(pool.name)]);
  }

  setDesired(pool: PoolPolicy, _service: string, desired: number): Promise<void> {
    return settle(() => {
      this.services.setDesired(pool.name, desired);
    });
  }

  setProtection(
    pool: PoolPolicy,
    _service: string,
    ids: readonly string[],
    protect: boolean,
  ): Promise<ProtectionResult> {
    return settle(() => this.services.setProtection(pool.name, ids, protect));
  }

  stopReplica(pool: PoolPolicy, _service: string, id: string): Promise<void> {
    return settle(() => {
      this.services.stop(pool.name, id);
    });
  }
}

/** A synchronous call as a promise: what it throws becomes the rejection, as an SDK call's would. */
function settle<T>(call: () => T): Promise<T> {
  try {
    return Promise.resolve(call());
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}
