import type { PoolPolicy } from '../core/types.js';
import type { EphemeralProvider, Provider, ReplicaProvider } from '../providers/provider.js';
import type { Source } from '../sources/source.js';

/**
 * One scheduled unit with the backends built for it: a configured pool, or one service of
 * a replica pool with several services (its own bounds, memory and history).
 */
export interface PoolRuntime {
  readonly policy: PoolPolicy;
  readonly source: Source;
  readonly provider: Provider;
  /** The provider service this unit scales (replica providers). */
  readonly service?: string;
}

/** Worker names of a pool start with this, so a pool never touches another's runners. */
export function workerPrefix(pool: PoolPolicy): string {
  return `${pool.name}-`;
}

export function ephemeralOf(runtime: PoolRuntime): EphemeralProvider | undefined {
  return runtime.provider.capacity === 'ephemeral' ? runtime.provider : undefined;
}

export interface ReplicaUnit {
  readonly provider: ReplicaProvider;
  readonly service: string;
}

export function replicaOf(runtime: PoolRuntime): ReplicaUnit | undefined {
  const { provider, service } = runtime;
  if (provider.capacity !== 'replica' || service === undefined) return undefined;
  return { provider, service };
}
