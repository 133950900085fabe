import { idRecord, ownValue } from '../core/id-record.js';
import { isoOnce } from '../core/time.js';
import { countsAsCapacity } from '../core/hygiene.js';
import type { Decision, Job, Memory, PoolPolicy, Worker } from '../core/types.js';
import type { Outcome } from './executor.js';
import type { PoolDoc } from './pool-doc.js';

/**
 * The pool's picture between listings, as the pool document keeps it: what the fast path
 * decides on, and how each decision's outcomes change it.
 */

/**
 * The fast path lists nothing, so the jobs that known workers were started for stand in
 * for the pool's other demand; without them the event's job would look like the only
 * one and the pool's capacity would seem to cover it.
 */
export function jobsOfKnownWorkers(workers: readonly Worker[], except: string): Job[] {
  const jobs: Job[] = [];
  for (const w of workers) {
    if (w.jobId === undefined || w.jobId === except || w.state === 'failed') continue;
    jobs.push({
      id: w.jobId,
      state: w.state === 'busy' ? 'running' : 'queued',
      labels: NO_LABELS,
      workerId: w.id,
    });
  }
  return jobs;
}

const NO_LABELS: readonly string[] = [];

/**
 * A runner took a job. Any other worker started for that job is free capacity from now on
 * (GitHub gives a job to any idle matching runner): it loses the job, or the next queued
 * event would count the job again and launch a worker the free one could have served,
 * leaving one idle runner behind in the pool for as long as jobs keep coming. When the
 * runner held another job, that worker holds it instead: the job still waits, and a
 * picture without it would let the next event count that worker as free.
 */
export function markBusy(workers: readonly Worker[], runner: string, jobId: string): Worker[] {
  // The runner held another job: the worker that held this one holds that one now (a swap).
  const before = workers.find((w) => w.id === runner)?.jobId;
  let passOn = before !== jobId ? before : undefined;
  return workers.map((w) => {
    if (w.id === runner) return { ...w, state: 'busy' as const, jobId };
    if (w.jobId !== jobId) return w;
    const { jobId: _taken, ...free } = w;
    if (passOn === undefined || w.state === 'busy') return free;
    const swapped = { ...free, jobId: passOn };
    passOn = undefined;
    return swapped;
  });
}

/**
 * The reconcile's listed workers, with those an event changed while it ran as the event
 * left them: a worker whose stored entry differs from the one read before the listing
 * (an `in_progress` made it busy, a `completed` removed it) is newer than the listing,
 * which would otherwise write it back as it was.
 */
export function withEventChanges(
  listed: readonly Worker[],
  before: readonly Worker[],
  after: readonly Worker[],
): readonly Worker[] {
  if (after === before) return listed;
  const key = (w: Worker): string => `${w.state}|${w.jobId ?? ''}`;
  const was = new Map(before.map((w) => [w.id, key(w)]));
  const changed = new Map<string, Worker | undefined>();
  for (const w of after) if (was.get(w.id) !== key(w)) changed.set(w.id, w);
  const still = new Set(after.map((w) => w.id));
  for (const w of before) if (!still.has(w.id)) changed.set(w.id, undefined);
  if (changed.size === 0) return listed;
  const kept = listed.filter((w) => !changed.has(w.id));
  for (const w of changed.values()) if (w !== undefined) kept.push(w);
  return kept;
}

/**
 * Queued jobs that free capacity covers are given, in the picture, to the free workers
 * (idle first: GitHub hands a job to an idle runner at once; then booting), one each, in
 * queue order. The fast path lists nothing: a covered job left out of the picture let
 * the next queued event count the same free worker again, and that event's job waited
 * for the next reconcile. Advisory like every worker's job (GitHub gives a job to any
 * idle matching runner): `markBusy` moves it when the job starts elsewhere, `releaseJob`
 * when it ends without starting. Only workers that count as capacity hold a job (a booting
 * one past bootTimeout does not: decide() counted it as none, and launched or overflowed).
 */
export function holdFreeWorkers(
  workers: readonly Worker[],
  jobIds: readonly string[],
  now: number,
  policy: PoolPolicy,
): readonly Worker[] {
  const usable = (w: Worker): boolean => countsAsCapacity(w, now, policy);
  if (jobIds.length === 0) return workers;
  const held = new Set<string>();
  const idle: number[] = [];
  const booting: number[] = [];
  for (const [i, w] of workers.entries()) {
    if (w.jobId !== undefined) held.add(w.jobId);
    else if (w.state === 'idle' && usable(w)) idle.push(i);
    else if (w.state === 'booting' && usable(w)) booting.push(i);
  }
  const free = [...idle, ...booting];
  const holds = new Map<number, string>();
  for (const jobId of jobIds) {
    const at = free[holds.size];
    if (at === undefined) break;
    if (!held.has(jobId)) holds.set(at, jobId);
  }
  if (holds.size === 0) return workers;
  return workers.map((w, i) => {
    const jobId = holds.get(i);
    return jobId === undefined ? w : { ...w, jobId };
  });
}

/**
 * A job ended without starting (cancelled while queued: `completed` with no runner): the
 * workers that were started for it or held it are free capacity. The same array when none did.
 */
export function releaseJob(workers: readonly Worker[], jobId: string): readonly Worker[] {
  if (!workers.some((w) => w.jobId === jobId && w.state !== 'busy')) return workers;
  return workers.map((w) => {
    if (w.jobId !== jobId || w.state === 'busy') return w;
    const { jobId: _ended, ...free } = w;
    return free;
  });
}

/** The pool's picture after the actions: launched workers boot, removed ones are gone. */
export function afterActions(
  workers: readonly Worker[],
  outcomes: readonly Outcome[],
  now: number,
): readonly Worker[] {
  if (outcomes.length === 0) return workers;
  // A launch that failed leaves nothing behind (the executor withdraws its registration):
  // its reservation, which the picture shows as booting while in flight, goes as well.
  const removed = new Set(
    outcomes
      .filter(
        (o) =>
          (o.type === 'terminate' && o.result === 'ok') || (o.type === 'launch' && o.result === 'failed'),
      )
      .map((o) => o.target),
  );
  const kept = removed.size === 0 ? [...workers] : workers.filter((w) => !removed.has(w.id));
  const launched = outcomes.filter((o) => o.type === 'launch' && o.result !== 'failed');
  // One launch (an event) looks through the workers; many (a reconcile) build a set first.
  const known =
    launched.length > 1
      ? new Set(kept.map((w) => w.id))
      : { has: (id: string) => kept.some((w) => w.id === id) };
  for (const o of launched) {
    if (known.has(o.target)) continue;
    kept.push({
      id: o.target,
      state: 'booting',
      createdAt: now,
      ...(o.jobId !== undefined && { jobId: o.jobId }),
    });
  }
  return kept;
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
  // Already counted (the record step after the reservation wrote them): nothing to copy.
  const counted = (t: (typeof launched)[number]) =>
    t.jobId === undefined || (stored !== undefined && (stored[t.jobId] ?? 0) >= t.attempt);
  if (launched.every(counted)) return stored === undefined ? {} : { attempts: stored };
  const merged = idRecord(stored);
  for (const t of launched)
    if (t.jobId !== undefined) merged[t.jobId] = Math.max(t.attempt, merged[t.jobId] ?? 0);
  return { attempts: merged };
}

/**
 * A full reconcile's attempts (the jobs it saw still queued), with the launches another
 * writer counted since its basis, which its listing could not show yet.
 */
function replacedAttempts(
  stored: Memory,
  mine: Memory,
  basis: Memory,
): { attempts?: Readonly<Record<string, number>> } {
  const own = mine.attempts;
  if (stored.attempts === basis.attempts || stored.attempts === undefined)
    return own ? { attempts: own } : {};
  const before = basis.attempts ?? {};
  let merged: Record<string, number> | undefined;
  for (const [job, n] of Object.entries(stored.attempts)) {
    if ((before[job] ?? 0) >= n || (own?.[job] ?? 0) >= n) continue;
    merged ??= idRecord(own);
    merged[job] = n;
  }
  const out = merged ?? own;
  return out ? { attempts: out } : {};
}

/** First-seen times of the registrations that are machine-less now; the others are forgotten. */
export function seenOrphans(
  known: Readonly<Record<string, string>>,
  orphans: readonly string[],
  now: number,
): Record<string, string> {
  const seen = idRecord<string>();
  const nowIso = isoOnce(now);
  for (const name of orphans) seen[name] = ownValue(known, name) ?? nowIso();
  return seen;
}

type ScaleEvent = Memory['lastScaleEvent'];
const sameEvent = (a: ScaleEvent, b: ScaleEvent): boolean => a?.at === b?.at && a?.direction === b?.direction;

/** Field by field; attempts by identity (mergedAttempts hands back the stored map unchanged). */
function sameMemory(a: Memory, b: Memory): boolean {
  return (
    a.attempts === b.attempts &&
    a.demandSince === b.demandSince &&
    a.aboveTargetSince === b.aboveTargetSince &&
    sameEvent(a.lastScaleEvent, b.lastScaleEvent)
  );
}

type Clocks = Pick<Memory, 'lastScaleEvent' | 'aboveTargetSince' | 'demandSince'>;

function sameClock(k: keyof Clocks, a: Memory, b: Memory): boolean {
  return k === 'lastScaleEvent' ? sameEvent(a.lastScaleEvent, b.lastScaleEvent) : a[k] === b[k];
}

/**
 * Of this decision's scale event and the stored one, the later: both moved when an event
 * launched while a reconcile removed, and the cooldown counts from the last of them.
 */
function laterEvent(
  mine: Memory['lastScaleEvent'],
  stored: Memory['lastScaleEvent'],
): Memory['lastScaleEvent'] {
  if (mine === undefined || stored === undefined) return mine ?? stored;
  return Date.parse(stored.at) > Date.parse(mine.at) ? stored : mine;
}

/**
 * The memory to store after a decision made on `basis`, into a document that a concurrent
 * writer (a reconcile, another event) may have changed since: the clocks this decision
 * moved, and the stored ones where it moved none, so a scale event recorded meanwhile is
 * not undone (its cooldown counts from it). Attempts: a fast path adds its launches to
 * the stored counts; a full reconcile, which sees every job, writes its own (it drops
 * those of jobs it saw start) with the launches counted since its basis.
 */
export function mergedMemory(
  doc: PoolDoc,
  decision: Decision,
  basis: Memory,
  attempts: 'add' | 'replace',
): Memory {
  const mine = decision.memory;
  if (mine === basis || mine === doc.memory) return doc.memory;
  const clock = <K extends keyof Clocks>(k: K): Clocks[K] =>
    sameClock(k, mine, basis) ? doc.memory[k] : mine[k];
  const { lastScaleEvent, aboveTargetSince, demandSince } = {
    lastScaleEvent: laterEvent(clock('lastScaleEvent'), doc.memory.lastScaleEvent),
    aboveTargetSince: clock('aboveTargetSince'),
    demandSince: clock('demandSince'),
  };
  const counts =
    attempts === 'add' ? mergedAttempts(doc, decision) : replacedAttempts(doc.memory, mine, basis);
  const merged: Memory = {
    version: 1,
    ...(lastScaleEvent !== undefined && { lastScaleEvent }),
    ...(aboveTargetSince !== undefined && { aboveTargetSince }),
    ...(demandSince !== undefined && { demandSince }),
    ...counts,
  };
  return sameMemory(merged, doc.memory) ? doc.memory : merged;
}

/**
 * Whether the pool's picture has a launch for the job: counted in its memory, reserved and
 * in flight, or a live worker started for it or holding it.
 */
export function launchedIn(doc: PoolDoc, jobId: string): boolean {
  const attempts = doc.memory.attempts;
  if (attempts !== undefined && Object.hasOwn(attempts, jobId)) return true;
  if (Object.values(doc.launching ?? {}).some((l) => l.jobId === jobId)) return true;
  return doc.workers.some((w) => w.jobId === jobId && w.state !== 'failed');
}
