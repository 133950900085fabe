import type { Config } from '../../config/index.js';
import type { Clock, Decision } from '../../core/types.js';
import type { Counts } from '../../engine/counts.js';
import type { ProviderCircuit } from '../../providers/provider.js';
import type { Logger } from '../../telemetry/logger.js';
import type { ServerMetrics } from '../../telemetry/metrics.js';
import type { Built } from '../build-engine.js';

/** What the server knows of a pool's last full reconcile, for /readyz, /api and the status page. */
export interface PoolStatus {
  /** ISO time of the last reconcile that ended. */
  readonly at?: string;
  readonly result?: 'ok' | 'partial' | 'locked' | 'dry-run' | 'error';
  readonly error?: string;
  readonly decision?: Decision;
  readonly apiCalls?: number;
  /** Jobs and workers by state as that reconcile observed them (`countsOf(result.observation)`). */
  readonly counts?: Counts;
  /** The provider's circuit breakers after that reconcile (EC2 instance type x zone). */
  readonly circuits?: readonly ProviderCircuit[];
}

/** Per-pool status, written by the reconcile loop and read by the routes. */
export class StatusBoard {
  private readonly pools = new Map<string, PoolStatus>();

  record(pool: string, status: PoolStatus): void {
    this.pools.set(pool, status);
  }

  get(pool: string): PoolStatus {
    return this.pools.get(pool) ?? {};
  }
}

/** Everything the server's routes and loops share, built once by `serve`. */
export interface ServerContext {
  readonly config: Config;
  readonly built: Built;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly metrics: ServerMetrics;
  readonly status: StatusBoard;
  /**
   * Asks for a full reconcile of the pool soon (the loop's `runNow`), so an override set
   * through the API takes effect without waiting a whole interval. Optional: without it
   * the next scheduled reconcile applies the override.
   */
  readonly requestReconcile?: (pool: string) => void;
  /** Asks for a full reconcile of the pool at `at` (epoch ms) at the latest (the loop's `wakeAt`). */
  readonly requestReconcileAt?: (pool: string, at: number) => void;
}
