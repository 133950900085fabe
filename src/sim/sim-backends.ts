/**
 * The engine's view of the simulated world: a Source (the CI system) and an ephemeral
 * Provider per pool, each counting the API calls a real backend would make.
 */
import type { LaunchTarget, PoolPolicy } from '../core/types.js';
import type { EphemeralProvider, LaunchSpec, Machine } from '../providers/provider.js';
import type { DeregisterResult, Source, SourceSnapshot, WorkerCredentials } from '../sources/source.js';
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
    try {
      this.world.register(pool.name, target.name);
      return Promise.resolve({ env: {}, secrets: [] });
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
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
    try {
      return Promise.resolve(this.world.launch(spec.pool, spec.name, spec.jobId));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  terminate(_pool: PoolPolicy, name: string): Promise<void> {
    this.world.terminate(name);
    return Promise.resolve();
  }
}
