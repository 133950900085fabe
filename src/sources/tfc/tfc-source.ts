import type { DoctorCheck } from '../../core/doctor.js';
import { ProviderError } from '../../core/errors.js';
import type { LaunchTarget, PoolPolicy } from '../../core/types.js';
import type { DeregisterResult, Source, SourceSnapshot, WorkerCredentials } from '../source.js';
import { listAgents } from './agents.js';
import type { TfcApi } from './api.js';
import { tfcDoctor } from './doctor.js';
import { scopeKey } from './scope.js';

/**
 * HCP Terraform / Terraform Enterprise agent pools. Demand is the pool's runs; workers are
 * its agents, which register themselves with an agent token (TFC_AGENT_TOKEN) and leave
 * the pool on their own when their process stops.
 */
export class TfcSource implements Source {
  readonly type = 'tfc';
  readonly scope: string;

  constructor(private readonly api: TfcApi) {
    this.scope = scopeKey(api.config);
  }

  /**
   * Two requests when nothing runs: the agents, and the runs listing unless its cached
   * answer is younger than RUNS_CACHE_MS (one request then). The pool lookup happens once.
   */
  async snapshot(_pool: PoolPolicy): Promise<SourceSnapshot> {
    const before = this.api.http.calls;
    const agentPool = await this.api.agentPool();
    const [registrations, jobs] = await Promise.all([
      listAgents(this.api.http, agentPool.id, this.api.warn),
      this.api.runs.jobs(agentPool),
    ]);
    return { jobs, registrations, apiCalls: this.api.http.calls - before };
  }

  register(_pool: PoolPolicy, target: LaunchTarget): Promise<WorkerCredentials> {
    return Promise.reject(
      new ProviderError(
        `TFC agents register themselves: start ${target.name} with TFC_AGENT_TOKEN (an agent token of the pool) ` +
          'and TFC_AGENT_NAME in the provider environment; ci-scaler creates no registration',
        { status: 501 },
      ),
    );
  }

  /**
   * Nothing to delete: an agent leaves the pool when its container stops. What matters is
   * that it is not busy (`unknown` counts as busy), so this reads the agents again.
   */
  async deregister(_pool: PoolPolicy, name: string): Promise<DeregisterResult> {
    const agentPool = await this.api.agentPool();
    const agents = await listAgents(this.api.http, agentPool.id, this.api.warn);
    return agents.some((a) => a.name === name && a.busy) ? 'busy' : 'absent';
  }

  doctor(): Promise<readonly DoctorCheck[]> {
    return tfcDoctor(this.api);
  }
}
