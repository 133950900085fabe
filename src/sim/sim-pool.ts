import { toPolicy, type Config } from '../config/index.js';
import type { SimulationConfig } from '../config/simulation-schema.js';
import type { PoolPolicy } from '../core/types.js';

/** Boot time in ms: fixed, or lognormal from its median and 95th percentile. */
export type BootModel = number | { readonly median: number; readonly p95: number };

/** One pool as the simulator runs it: the resolved policy and how its provider behaves. */
export interface SimPool {
  readonly policy: PoolPolicy;
  readonly intervalMs: number;
  readonly sim: SimulationConfig;
}

/** The boot time most jobs should see at worst, for the cold-start reference point. */
export function bootP95(boot: BootModel): number {
  return typeof boot === 'number' ? boot : boot.p95;
}

export function bootMedian(boot: BootModel): number {
  return typeof boot === 'number' ? boot : boot.median;
}

/** The pools of a validated config as the simulator runs them (their providers are simulated). */
export function simPoolsOf(config: Config): SimPool[] {
  return config.pools.map((pool) => ({
    policy: toPolicy(pool),
    intervalMs: pool.interval,
    sim: pool.simulation,
  }));
}
