import type { Config } from '../../config/index.js';
import type { Clock, Decision } from '../../core/types.js';
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
}
