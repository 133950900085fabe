import type { Replica } from './provider.js';

/**
 * Who goes first when a service's count is lowered and it picks the replicas itself (a
 * Docker host in replica mode, and the simulator's service): replicas still starting
 * (their agent has not registered, so it cannot hold a run), then the newest (the oldest
 * have proven healthy; Kubernetes' ReplicaSet prefers the same). Protection is not decided
 * here: the caller skips protected replicas.
 */
export function scaleInOrder(replicas: readonly Replica[]): Replica[] {
  const rank = (r: Replica) => (r.state === 'starting' ? 0 : 1);
  return replicas
    .filter((r) => r.state !== 'stopping')
    .sort((a, b) => rank(a) - rank(b) || b.createdAt - a.createdAt || b.id.localeCompare(a.id));
}
