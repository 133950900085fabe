import { ProviderError } from '../../core/errors.js';
import type { Job } from '../../core/types.js';
import type { Logger } from '../../telemetry/logger.js';
import type { AgentPool } from './agent-pool.js';
import type { TfcHttp } from './http-client.js';
import { organizationRuns, type RunJob } from './runs.js';
import { currentRunsOfPool } from './runs-fallback.js';

/**
 * How long one answer of the organisation runs listing is reused. That endpoint allows 30
 * requests a minute per user (not per token), one every 2 s on average, shared with every
 * other client of the same user and with its own extra pages. 5 s keeps one pool at 12 a
 * minute or less, leaving room for a second ci-scaler, `doctor` and people's scripts, and
 * delays seeing a new run by at most 5 s, little beside an agent's start-up. The other
 * calls (agents, workspaces) allow 30 a second and are not cached.
 * https://developer.hashicorp.com/terraform/cloud-docs/api-docs/run#list-runs-in-an-organization
 */
export const RUNS_CACHE_MS = 5_000;

export type RunsPath = 'organization-runs' | 'workspace-current-runs';

export interface PoolRunsOptions {
  readonly organization: string;
  readonly logger: Logger;
  readonly clock: () => number;
  readonly cacheMs?: number;
}

/** The pool's runs as jobs: the cached organisation listing, or the older-TFE fallback. */
export class PoolRuns {
  /** Which way runs are read; switches once, for good, when the listing is not there. */
  path: RunsPath = 'organization-runs';
  private cached: { at: number; jobs: readonly Job[] } | undefined;
  private inflight: Promise<readonly Job[]> | undefined;

  constructor(
    private readonly http: TfcHttp,
    private readonly options: PoolRunsOptions,
  ) {}

  /** Jobs of the pool; `fresh` skips the cache (doctor). Concurrent callers share one request. */
  async jobs(pool: AgentPool, fresh = false): Promise<readonly Job[]> {
    const now = this.options.clock();
    const ttl = this.options.cacheMs ?? RUNS_CACHE_MS;
    if (!fresh && this.cached !== undefined && now - this.cached.at < ttl) return this.cached.jobs;
    this.inflight ??= this.read(pool).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async read(pool: AgentPool): Promise<readonly Job[]> {
    if (this.path === 'organization-runs') {
      const at = this.options.clock();
      const listed = await organizationRuns(this.http, this.options.organization, pool.name);
      if (listed !== 'unsupported') {
        const jobs = this.accept(listed);
        this.cached = { at, jobs };
        return jobs;
      }
      await this.checkOrganization();
      this.options.logger.warn(
        'TFC: the organization runs listing is not available (Terraform Enterprise before v202409-1?); ' +
          "reading the pool's workspaces and their current runs instead",
        { organization: this.options.organization, agentPool: pool.name },
      );
      this.path = 'workspace-current-runs';
    }
    return this.accept(await currentRunsOfPool(this.http, this.options.organization, pool.id));
  }

  /**
   * The listing answers 404 for an organization the token may not see too: before reading
   * that as "older Terraform Enterprise", make sure the organization is there.
   */
  private async checkOrganization(): Promise<void> {
    const { organization } = this.options;
    try {
      await this.http.getOne(
        `show organization ${organization}`,
        `/organizations/${encodeURIComponent(organization)}`,
      );
    } catch (err) {
      if (!(err instanceof ProviderError) || err.status !== 404) throw err;
      throw new ProviderError(
        `TFC organization "${organization}" not found, or the token may not read it (source.organization)`,
        { status: 404, cause: err },
      );
    }
  }

  private accept(runs: readonly RunJob[]): readonly Job[] {
    for (const r of runs) {
      if (!r.unknownStatus) continue;
      this.options.logger.warn(
        `TFC run ${r.job.id} has a status ci-scaler does not know; counted as running`,
      );
    }
    return runs.map((r) => r.job);
  }
}
