import { ownValue } from '../core/id-record.js';
import { isoOnce, toIso } from '../core/time.js';
import type { Decision, PoolObservation } from '../core/types.js';
import type { HistoryEntry, StateStore } from '../state/store.js';
import { countsOf } from './counts.js';
import type { Outcome } from './executor.js';
import { DEFAULT_HISTORY_LIMIT } from './overrides.js';
import { claimKey, updatePoolDoc, type PoolDoc } from './pool-doc.js';
import { expiredClaims } from './claim-index.js';

export interface RecordMeta {
  readonly kind: HistoryEntry['kind'];
  readonly apiCalls: number;
  readonly observation?: PoolObservation;
}

/** The record step: the pool document, then a history entry of what was done and why. */
export async function recordDecision(
  deps: { readonly store: StateStore; readonly now: number; readonly historyLimit?: number | undefined },
  pool: string,
  decision: Decision,
  outcomes: readonly Outcome[],
  meta: RecordMeta,
  update: (doc: PoolDoc) => PoolDoc,
): Promise<void> {
  const { store } = deps;
  await updatePoolDoc(store, pool, update);
  if (!store.capabilities.has('history')) return;
  // An event that led to no action leaves no entry: a burst of them would push the
  // reconciles' entries out of the bounded history, and the next reconcile records the pool.
  if (meta.kind === 'fast-path' && outcomes.length === 0) return;
  const entry: HistoryEntry = {
    at: toIso(deps.now),
    pool,
    kind: meta.kind,
    desired: decision.desired,
    reason: decision.reason,
    actions: outcomes.map((o) => ({ type: o.type, result: o.result, detail: `${o.target}: ${o.detail}` })),
    apiCalls: meta.apiCalls,
    // Only a full reconcile sees the whole pool; the fast path's counts would mislead.
    ...(meta.observation !== undefined && { counts: countsOf(meta.observation) }),
  };
  await store.appendHistory(entry, deps.historyLimit ?? DEFAULT_HISTORY_LIMIT);
}

/** Claim keys live as long as their entry in the pool document, so the store stays small. */
export async function forgetClaims(
  store: StateStore,
  pool: string,
  doc: PoolDoc,
  now: number,
): Promise<void> {
  for (const name of expiredClaims(doc.claimsByMinute, now)) await store.delete(claimKey(pool, name), 'any');
}

/**
 * When the launches of these machine-less registrations began: their claim, else when
 * they were first seen without a machine (now, the first time). A launch in flight in
 * another process (JIT config made, container not yet created) is thus booting, not an
 * orphan to remove; a real orphan goes once it stays machine-less past bootTimeout.
 */
export async function launchTimes(
  store: StateStore,
  pool: string,
  names: readonly string[],
  doc: PoolDoc,
  now: number,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const orphans = doc.orphans ?? {};
  const nowIso = isoOnce(now);
  for (const name of names) {
    const claim = await store.get(claimKey(pool, name));
    const at =
      typeof claim?.value === 'object' && claim.value !== null
        ? (claim.value as { at?: unknown }).at
        : undefined;
    const firstSeen = ownValue(orphans, name) ?? nowIso();
    const when = typeof at === 'string' && !Number.isNaN(Date.parse(at)) ? at : firstSeen;
    out.set(name, Date.parse(when));
  }
  return out;
}
