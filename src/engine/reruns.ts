import { errorMessage } from '../core/errors.js';
import { isoOnce } from '../core/time.js';
import { idRecord } from '../core/id-record.js';
import type { Job, PoolPolicy, Worker } from '../core/types.js';
import type { Source } from '../sources/source.js';
import type { Outcome } from './executor.js';

/** A job that ran on a worker the cloud took back (spot interruption), until it runs again. */
export interface RerunEntry {
  readonly worker: string;
  /** ISO time it was noticed. */
  readonly since: string;
  readonly tries: number;
  /** ISO time the re-run was requested; kept a while so a late event adds it no twice. */
  readonly done?: string;
}

export type Reruns = Readonly<Record<string, RerunEntry>>;

/** Bounds: GitHub fails the job of a lost runner within minutes, then its run ends. */
export const RERUN_MAX_TRIES = 20;
export const RERUN_WINDOW_MS = 2 * 3_600_000;

/**
 * The job an interrupted worker was running, if anything says it ran one: the source (a
 * running job on it) or the stored picture (busy with that job). A worker that was idle
 * had nothing to lose, and a launched-for tag alone is no evidence.
 */
export function jobOnWorker(
  worker: string,
  jobs: readonly Job[],
  picture: readonly Worker[],
): string | undefined {
  const running = jobs.find((j) => j.state === 'running' && j.workerId === worker);
  if (running !== undefined) return running.id;
  const busy = picture.find((w) => w.id === worker && w.state === 'busy' && w.jobId !== undefined);
  return busy?.jobId;
}

/** Adds newly interrupted jobs; a job already known keeps its entry (and its tries). */
export function noteReruns(reruns: Reruns, found: Readonly<Record<string, string>>, nowIso: string): Reruns {
  const next = idRecord(reruns);
  for (const [job, worker] of Object.entries(found)) next[job] ??= { worker, since: nowIso, tries: 0 };
  return next;
}

function expired(entry: RerunEntry, now: number): boolean {
  return now - Date.parse(entry.since) > RERUN_WINDOW_MS;
}

/**
 * Asks the source to run each waiting job again, within the bounds; each try is an outcome
 * in the history. Returns the entries to keep.
 */
export async function requestReruns(
  source: Source,
  policy: PoolPolicy,
  reruns: Reruns,
  now: number,
): Promise<{ readonly outcomes: Outcome[]; readonly reruns: Reruns }> {
  const outcomes: Outcome[] = [];
  const next = idRecord<RerunEntry>();
  // Most reconciles have none to ask for: no time is formatted for them.
  const nowIso = isoOnce(now);
  for (const [jobId, entry] of Object.entries(reruns)) {
    if (expired(entry, now)) continue;
    if (entry.done !== undefined || source.rerun === undefined) {
      next[jobId] = entry;
      continue;
    }
    // Kept, not dropped, so a worker still listed as interrupted does not start it over.
    if (entry.tries >= RERUN_MAX_TRIES) {
      next[jobId] = entry;
      continue;
    }
    const base = { type: 'rerun' as const, target: entry.worker, jobId };
    try {
      const r = await source.rerun(policy, jobId);
      const done = r.result === 'requested';
      next[jobId] = { ...entry, tries: entry.tries + 1, ...(done && { done: nowIso() }) };
      outcomes.push({ ...base, result: done ? 'ok' : 'skipped', detail: r.detail });
    } catch (err) {
      next[jobId] = { ...entry, tries: entry.tries + 1 };
      outcomes.push({ ...base, result: 'failed', detail: errorMessage(err) });
    }
  }
  return { outcomes, reruns: next };
}

/** The stored entries after a reconcile: its result, plus any an event added meanwhile. */
export function mergeReruns(stored: Reruns, before: Reruns, after: Reruns): Reruns {
  const merged = idRecord(after);
  for (const [job, entry] of Object.entries(stored)) if (!Object.hasOwn(before, job)) merged[job] = entry;
  return merged;
}
