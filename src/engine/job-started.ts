import type { StateStore } from '../state/store.js';
import { EMPTY_CLAIMS, freshClaims, withClaims, type ClaimIndex } from './claim-index.js';
import { updatePoolDoc, type PoolDoc } from './pool-doc.js';
import { markBusy } from './pool-picture.js';

/** The doc's started jobs with this one, the minutes past the retention dropped. */
function withStarted(doc: PoolDoc, jobId: string, now: number): ClaimIndex {
  return freshClaims(withClaims(doc.startedByMinute ?? EMPTY_CLAIMS, [jobId], now), now);
}

/** Whether the pool saw the job start within the retention. */
export function startedRecently(doc: PoolDoc, jobId: string): boolean {
  return doc.startedByMinute?.some((m) => m.names.includes(jobId)) ?? false;
}

/**
 * `in_progress`: `runner` took `jobId`. GitHub gives a job to any idle runner whose labels
 * cover it, so the runner may belong to another pool than the one the job routes to (a
 * `[self-hosted, linux]` job on a runner of the `large` pool), and may have been started
 * for another job. The runner's pool records it busy; the job's pool frees the worker it
 * had started for the job (free capacity from now on).
 *
 * Resolves to the job the runner had been started for, when that was another one: that
 * job has no worker now, and its pool should launch one rather than wait for its loop.
 */
export async function recordJobStarted(
  store: StateStore,
  pools: { readonly job: string; readonly runner: string | undefined },
  runner: string,
  jobId: string,
  now: number,
): Promise<string | undefined> {
  let left: string | undefined;
  if (pools.runner !== undefined)
    await updatePoolDoc(store, pools.runner, (d) => {
      const before = d.workers.find((w) => w.id === runner)?.jobId;
      // Two workers of one pool that swapped jobs (the common case: the first to boot takes
      // the oldest job) need nothing: the one started for this job is free for the other.
      const swapped = d.workers.some((w) => w.id !== runner && w.jobId === jobId);
      left = before !== undefined && before !== jobId && !swapped ? before : undefined;
      const workers = markBusy(d.workers, runner, jobId);
      // Only the job's pool hears the job's late `queued`: the start is noted there alone.
      if (pools.runner !== pools.job) return { ...d, workers };
      return { ...d, workers, startedByMinute: withStarted(d, jobId, now) };
    });
  if (pools.job !== pools.runner)
    await updatePoolDoc(store, pools.job, (d) => ({
      ...d,
      workers: markBusy(d.workers, runner, jobId),
      startedByMinute: withStarted(d, jobId, now),
    }));
  return left;
}
