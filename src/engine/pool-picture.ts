import { toIso } from '../core/time.js';
import type { Decision, Job, Memory, Worker } from '../core/types.js';
import type { Outcome } from './executor.js';
import type { PoolDoc } from './pool-doc.js';

/**
 * The pool's picture between listings, as the pool document keeps it: what the fast path
 * decides on, and how each decision's outcomes change it.
 */

/**
 * Claims older than this are forgotten. A claim stops two launches of one worker name
 * racing each other (seconds apart); once the launch is recorded, the worker in the pool
 * document answers a duplicate event, and a registration still without its machine is
 * covered by `orphans` (first seen) up to bootTimeout. The pool document lists every
 * claim kept, so the retention bounds its size: a day of a busy pool's launches made
 * every read and write of it slow.
 */
const CLAIM_RETENTION_MS = 15 * 60_000;

/**
 * The fast path lists nothing, so the jobs that known workers were started for stand in
 * for the pool's other demand; without them the event's job would look like the only
 * one and the pool's capacity would seem to cover it.
 */
export function jobsOfKnownWorkers(workers: readonly Worker[], except: string): Job[] {
  return workers.flatMap((w): Job[] => {
    if (w.jobId === undefined || w.jobId === except || w.state === 'failed') return [];
    return [{ id: w.jobId, state: w.state === 'busy' ? 'running' : 'queued', labels: [], workerId: w.id }];
  });
}

export function markBusy(workers: readonly Worker[], runner: string, jobId: string): Worker[] {
  return workers.map((w) => (w.id === runner ? { ...w, state: 'busy' as const, jobId } : w));
}

/** The pool's picture after the actions: launched workers boot, removed ones are gone. */
export function afterActions(
  workers: readonly Worker[],
  outcomes: readonly Outcome[],
  now: number,
): Worker[] {
  const removed = new Set(
    outcomes.filter((o) => o.type === 'terminate' && o.result === 'ok').map((o) => o.target),
  );
  const kept = workers.filter((w) => !removed.has(w.id));
  const known = new Set(kept.map((w) => w.id));
  for (const o of outcomes) {
    if (o.type !== 'launch' || o.result === 'failed' || known.has(o.target)) continue;
    kept.push({
      id: o.target,
      state: 'booting',
      createdAt: now,
      ...(o.jobId !== undefined && { jobId: o.jobId }),
    });
  }
  return kept;
}

export function claimsOf(outcomes: readonly Outcome[], now: number): Record<string, string> {
  return Object.fromEntries(
    outcomes.filter((o) => o.type === 'launch' && o.result === 'ok').map((o) => [o.target, toIso(now)]),
  );
}

/** The claims with these added; the same object when there is nothing to add (most events). */
export function withClaims(
  claims: Readonly<Record<string, string>>,
  added: Readonly<Record<string, string>>,
): Readonly<Record<string, string>> {
  return Object.keys(added).length === 0 ? claims : { ...claims, ...added };
}

/** toIso's form (`2026-11-02T09:00:00.000Z`): such times compare as strings. */
function canonicalIso(at: string): boolean {
  return at.length === 24 && at[10] === 'T' && at[23] === 'Z';
}

export function freshClaims(
  claims: Readonly<Record<string, string>>,
  now: number,
): Readonly<Record<string, string>> {
  const cutoff = now - CLAIM_RETENTION_MS;
  const cutoffIso = toIso(cutoff);
  // Claims are added in time order: when the oldest is fresh, they all are (most calls).
  for (const name in claims) {
    const at = claims[name];
    if (at !== undefined && canonicalIso(at) && at > cutoffIso) return claims;
    break;
  }
  // Every reconcile filters every claim: a string comparison instead of Date.parse.
  const fresh = (at: string) => (canonicalIso(at) ? at > cutoffIso : Date.parse(at) > cutoff);
  return Object.fromEntries(Object.entries(claims).filter(([, at]) => fresh(at)));
}

/**
 * The stored attempts with this decision's launches counted: a concurrent writer may have
 * launched too, so each job keeps the higher count. Only the launches are new in a
 * decision, so only they are merged (a busy pool's map holds hundreds of jobs).
 */
export function mergedAttempts(
  doc: PoolDoc,
  decision: Decision,
): { attempts?: Readonly<Record<string, number>> } {
  const stored = doc.memory.attempts;
  const launched = decision.actions.flatMap((a) => (a.type === 'launch' ? a.for : []));
  if (launched.every((t) => t.jobId === undefined)) return stored === undefined ? {} : { attempts: stored };
  const merged: Record<string, number> = { ...stored };
  for (const t of launched)
    if (t.jobId !== undefined) merged[t.jobId] = Math.max(t.attempt, merged[t.jobId] ?? 0);
  return { attempts: merged };
}

/** First-seen times of the registrations that are machine-less now; the others are forgotten. */
export function seenOrphans(
  known: Readonly<Record<string, string>>,
  orphans: readonly string[],
  now: number,
): Record<string, string> {
  return Object.fromEntries(orphans.map((name) => [name, known[name] ?? toIso(now)]));
}

/** The memory to store after a fast-path decision, keeping attempts a concurrent writer added. */
export function mergedMemory(doc: PoolDoc, decision: Decision): Memory {
  if (decision.memory === doc.memory) return doc.memory;
  return { ...decision.memory, ...mergedAttempts(doc, decision) };
}
