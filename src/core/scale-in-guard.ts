import type { JoinReplica } from './join-replicas.js';

export interface GuardedScaleIn {
  /** The count it is safe to set: never below what must survive. */
  readonly desired: number;
  /** Why the count was kept above the request; absent when the request stands. */
  readonly held?: string;
}

/** Protection must outlast the scale-in itself; the service acts within seconds. */
export const PROTECTION_MARGIN_MS = 60_000;

/**
 * The shortest protection period a provider may be configured with: one that ends within
 * the margin by the time the count is read again would hold every scale-in for good.
 */
export const MIN_PROTECTION_MS = 2 * PROTECTION_MARGIN_MS;

/**
 * The check after protection and before a lower count (ARCHITECTURE.md: "protect busy
 * replicas before lowering the count, then check again"). A service removes only
 * unprotected replicas on scale-in, so lowering is safe only while every busy replica is
 * protected: if one is not (its protection call failed, or it took a job since), the count
 * stays. It never goes below the busy or the protected replicas either.
 */
export function guardScaleIn(
  requested: number,
  current: number,
  replicas: readonly JoinReplica[],
  busy: ReadonlySet<string>,
  now: number,
): GuardedScaleIn {
  if (requested >= current) return { desired: requested };
  const isProtected = (r: JoinReplica): boolean =>
    r.protectedUntil !== undefined && r.protectedUntil - now > PROTECTION_MARGIN_MS;
  const exposed = replicas.filter((r) => busy.has(r.id) && !isProtected(r)).map((r) => r.id);
  if (exposed.length > 0) {
    return { desired: current, held: `busy replicas without protection: ${exposed.join(', ')}` };
  }
  const floor = Math.max(busy.size, replicas.filter(isProtected).length);
  if (requested < floor) {
    return { desired: Math.min(current, floor), held: `${floor} replicas are busy or protected` };
  }
  return { desired: requested };
}
