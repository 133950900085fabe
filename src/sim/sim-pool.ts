import { toUnits, workerClasses, DEFAULT_CAPACITY_CLASS, type Config } from '../config/index.js';
import type { SimulationConfig } from '../config/simulation-schema.js';
import { poolLabelsMatch } from '../core/labels.js';
import { classAccepts } from '../core/route.js';
import type { PoolPolicy } from '../core/types.js';
import type { Random } from './random.js';

/** Boot time in ms: fixed, or lognormal from its median and 95th percentile. */
export type BootModel = number | { readonly median: number; readonly p95: number };

/** How a pool's simulated provider behaves, its price resolved for the class it starts. */
export interface SimModel extends Omit<SimulationConfig, 'pricePerHour'> {
  /** The capacity class of every worker it starts (workerClasses). */
  readonly capacityClass: string;
  readonly pricePerHour: number;
}

/** The replica service a unit scales: its name at the provider, and how long protection holds. */
export interface SimServiceModel {
  readonly name: string;
  readonly protectionMs: number;
}

/** One pool (or one service of a pool) as the simulator runs it: the policy and its provider's model. */
export interface SimPool {
  readonly policy: PoolPolicy;
  readonly intervalMs: number;
  readonly sim: SimModel;
  /** Replica pools: the service whose count the engine sets. */
  readonly service?: SimServiceModel;
}

/** Scale-in protection of a Docker replica service, and the ECS default (ecs-schema.ts). */
const DEFAULT_PROTECTION_MS = 2 * 3_600_000;

/** One boot time in ms, drawn from the pool's model. */
export function sampleBoot(boot: BootModel, random: Random): number {
  return typeof boot === 'number' ? boot : random.lognormal(boot.median, boot.p95);
}

/**
 * The pools of a validated config as the simulator runs them (their providers are
 * simulated): a replica pool scales a simulated service by its count (sim-services.ts).
 */
export function simPoolsOf(config: Config): SimPool[] {
  // An ECS pool with several services is a unit per service, each with its class and price.
  return config.pools.flatMap((pool) =>
    toUnits(pool).map(({ policy, service }) => {
      const capacityClass = policy.capacityClass ?? workerClasses(pool.provider)[0] ?? DEFAULT_CAPACITY_CLASS;
      const price = pool.simulation.pricePerHour;
      const protectionMs = pool.provider.type === 'ecs' ? pool.provider.protection : DEFAULT_PROTECTION_MS;
      return {
        policy,
        intervalMs: pool.interval,
        ...(service !== undefined && { service: { name: service, protectionMs } }),
        // Config validation saw to a price for every class of the pool's workers.
        sim: {
          ...pool.simulation,
          capacityClass,
          pricePerHour: typeof price === 'number' ? price : (price[capacityClass] ?? 0),
        },
      };
    }),
  );
}

/**
 * The CI system a pool serves: a GitHub pool has runner labels, a Terraform agent pool has
 * none. In a trace, a job with labels is a GitHub job and one without is a Terraform run.
 */
export type CiSystem = 'github' | 'tfc';

export const systemOfPool = (policy: PoolPolicy): CiSystem =>
  policy.labels === undefined ? 'tfc' : 'github';
export const systemOfJob = (labels: readonly string[]): CiSystem => (labels.length === 0 ? 'tfc' : 'github');

/**
 * Whether a pool's worker can run a job: the same CI system (a Terraform run never reaches
 * a GitHub runner, nor a GitHub job an agent), and for GitHub, runner labels covering the job's.
 */
export function canTake(policy: PoolPolicy, labels: readonly string[]): boolean {
  if (systemOfPool(policy) !== systemOfJob(labels)) return false;
  return policy.labels === undefined || poolLabelsMatch(labels, policy.labels, policy.selectionLabels);
}

/**
 * The pool a job counts in when no worker ran it: rule 7's first match by priority, its
 * labels and the capacity class `kinds` sends its kind to (a unit of a multi-service pool).
 */
export function poolForJob(
  job: { readonly labels: readonly string[]; readonly kind?: string },
  pools: readonly SimPool[],
): SimPool | undefined {
  return [...pools]
    .sort((a, b) => a.policy.priority - b.policy.priority)
    .find((p) => canTake(p.policy, job.labels) && classAccepts(p.policy, job.kind));
}
