import { toPolicy, type Config } from '../config/index.js';
import type { SimulationConfig } from '../config/simulation-schema.js';
import { labelsMatch } from '../core/labels.js';
import type { PoolPolicy } from '../core/types.js';
import type { Random } from './random.js';

/** Boot time in ms: fixed, or lognormal from its median and 95th percentile. */
export type BootModel = number | { readonly median: number; readonly p95: number };

/** One pool as the simulator runs it: the resolved policy and how its provider behaves. */
export interface SimPool {
  readonly policy: PoolPolicy;
  readonly intervalMs: number;
  readonly sim: SimulationConfig;
}

/** One boot time in ms, drawn from the pool's model. */
export function sampleBoot(boot: BootModel, random: Random): number {
  return typeof boot === 'number' ? boot : random.lognormal(boot.median, boot.p95);
}

/** The pools of a validated config as the simulator runs them (their providers are simulated). */
export function simPoolsOf(config: Config): SimPool[] {
  return config.pools.map((pool) => ({
    policy: toPolicy(pool),
    intervalMs: pool.interval,
    sim: pool.simulation,
  }));
}

/** The pool a job with these labels counts in when no worker ran it: rule 7's first match by priority. */
export function poolForLabels(labels: readonly string[], pools: readonly SimPool[]): SimPool | undefined {
  return [...pools]
    .sort((a, b) => a.policy.priority - b.policy.priority)
    .find((p) => labelsMatch(labels, p.policy.labels ?? []));
}
