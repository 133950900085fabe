import type { TfcSourceConfig } from '../../config/source-schema.js';
import { resolvePool, type AgentPool } from './agent-pool.js';
import { TfcHttp, type TfcHttpOptions } from './http-client.js';
import { PoolRuns } from './pool-runs.js';
import { normalAddress } from './scope.js';

/** Tests pass a fake's requests through fetch, sleep and clock; the defaults are the platform's. */
export interface TfcApiDeps extends Pick<
  TfcHttpOptions,
  'logger' | 'fetch' | 'sleep' | 'clock' | 'timeoutMs'
> {
  /** How long an answer of the organisation runs listing is reused (pool-runs.ts). */
  readonly runsCacheMs?: number;
}

/**
 * One client per scope: the HTTP client with its request count, the agent pool resolved
 * once, and the runs cache, shared by every pool configured with this source.
 */
export class TfcApi {
  readonly http: TfcHttp;
  readonly runs: PoolRuns;
  /** Where a listing says what it could not read as documented (agents.ts). */
  readonly warn: (message: string) => void;
  private pool: Promise<AgentPool> | undefined;

  constructor(
    readonly config: TfcSourceConfig,
    deps: TfcApiDeps,
  ) {
    const clock = deps.clock ?? Date.now;
    this.warn = (message) => {
      deps.logger.warn(message);
    };
    this.http = new TfcHttp({
      address: normalAddress(config.address),
      token: config.token,
      logger: deps.logger,
      clock,
      ...(deps.fetch !== undefined && { fetch: deps.fetch }),
      ...(deps.sleep !== undefined && { sleep: deps.sleep }),
      ...(deps.timeoutMs !== undefined && { timeoutMs: deps.timeoutMs }),
    });
    this.runs = new PoolRuns(this.http, {
      organization: config.organization,
      logger: deps.logger,
      clock,
      ...(deps.runsCacheMs !== undefined && { cacheMs: deps.runsCacheMs }),
    });
  }

  /** The agent pool, looked up on first use and kept; a failed lookup is tried again next time. */
  agentPool(): Promise<AgentPool> {
    this.pool ??= resolvePool(this.http, this.config.organization, this.config.agentPool).catch(
      (err: unknown) => {
        this.pool = undefined;
        throw err;
      },
    );
    return this.pool;
  }
}
