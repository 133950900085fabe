/** Small configs and traces for the simulator's tests, built through the real config schema. */
import { validateConfig } from '../../../src/config/index.js';
import { simPoolsOf, type SimPool } from '../../../src/sim/sim-pool.js';
import type { PoolMetrics, TraceJob } from '../../../src/sim/types.js';

export const LINUX = ['self-hosted', 'linux'] as const;
export const LARGE = ['self-hosted', 'linux', 'large'] as const;

export interface PoolSpec {
  readonly name: string;
  readonly labels: readonly string[];
  /** Any other key of a pool entry (max, priority, policy, simulation, ...). */
  readonly [key: string]: unknown;
}

/** The simulated pools of a validated config of these pool entries and a memory store. */
export function configPools(...entries: readonly Readonly<Record<string, unknown>>[]): SimPool[] {
  return simPoolsOf(validateConfig({ pools: entries, state: { type: 'memory' } }, {}));
}

/** The pools of a validated config: GitHub sources, memory providers, a memory store. */
export function simPools(...pools: readonly PoolSpec[]): SimPool[] {
  return configPools(
    ...pools.map(({ name, labels, ...rest }) => ({
      name,
      source: { type: 'github', owner: 'acme', labels: [...labels] },
      provider: { type: 'memory' },
      ...rest,
    })),
  );
}

/** A pool entry `tf`: Terraform agents on one ECS service `agents` (a replica service), plus `extra` keys. */
export function agentsEntry(extra: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  return {
    name: 'tf',
    source: { type: 'tfc', organization: 'acme', agentPool: 'apool-1', token: 't' },
    provider: { type: 'ecs', region: 'eu-west-1', cluster: 'ci', services: [{ name: 'agents' }] },
    ...extra,
  };
}

/**
 * `tf` on two ECS services, `agents` (regular, 3.6 an hour) and `agents-spot` (spot, 1.2),
 * `kinds` sending plans to spot: two units, tf-regular and tf-spot. 60 s boots.
 */
export function spotUnitPools(): SimPool[] {
  return configPools(
    agentsEntry({
      provider: {
        type: 'ecs',
        region: 'eu-west-1',
        cluster: 'ci',
        services: [{ name: 'agents' }, { name: 'agents-spot', class: 'spot' }],
      },
      kinds: { plan: 'spot' },
      simulation: { boot: '60s', pricePerHour: { regular: 3.6, spot: 1.2 } },
    }),
  );
}

/** One pool `linux`, fixed 60 s boot at 3.6 an hour (a cent a second), plus `extra` keys. */
export function linuxPool(extra: Readonly<Record<string, unknown>> = {}): SimPool[] {
  return simPools({
    name: 'linux',
    labels: LINUX,
    simulation: { boot: '60s', pricePerHour: 3.6 },
    ...extra,
  });
}

export function job(id: string, at: number, duration: number, labels: readonly string[] = LINUX): TraceJob {
  return { id, at, duration, labels };
}

/** Worker seconds from launch to end, read back from the cost (cost = life in hours * price). */
export function lifeSeconds(m: PoolMetrics, pricePerHour: number): number {
  return (m.cost / pricePerHour) * 3600;
}
