import type { Demand } from './demand.js';
import { ownValue } from './id-record.js';
import type { Job, LaunchTarget, Memory, PoolPolicy, Worker } from './types.js';

export interface ScaleUp {
  readonly targets: readonly LaunchTarget[];
  /** Launch held back by `scaleUp.after`: how many, and since when demand persisted. */
  readonly held: number;
  readonly demandSince: string | undefined;
}

/** Jobs a live worker was already started for: a second launch for them would be a duplicate. */
export function launchedFor(workers: readonly Worker[]): Set<string> {
  const ids = new Set<string>();
  for (const w of workers) if (w.jobId !== undefined && w.state !== 'failed') ids.add(w.jobId);
  return ids;
}

/** Queued jobs that used up `maxAttempts` launches and have no live worker: reported, not retried. */
export function exhaustedJobs(
  jobs: readonly Job[],
  live: ReadonlySet<string>,
  used: AttemptCounts,
  policy: PoolPolicy,
): Set<string> {
  const out = new Set<string>();
  for (const job of jobs) {
    if (job.state !== 'queued' || live.has(job.id)) continue;
    if ((used.get(job.id) ?? 0) >= policy.maxAttempts) out.add(job.id);
  }
  return out;
}

/** Launches per job so far. */
export interface AttemptCounts {
  get(jobId: string): number | undefined;
}

/**
 * Launches per job so far: the memory's count, raised by worker names `<pool>-<job id>-<attempt>`
 * of every observed worker (failed ones too), so a launch whose record was lost (its
 * process died after naming the worker) still counts and names never collide.
 */
export function attemptsUsed(memory: Memory, workers: readonly Worker[], pool: string): AttemptCounts {
  // Names are read when asked: most decisions of a busy pool ask for one job (the fast
  // path's) or none, so the first question looks for that job's names alone.
  // The same job is asked twice in one decision (exhausted, then its launch target).
  let named: Map<string, number> | undefined;
  let first: { readonly jobId: string; readonly attempt: number | undefined } | undefined;
  const fromNames = (jobId: string): number | undefined => {
    if (first === undefined) {
      first = { jobId, attempt: attemptOfNames(workers, `${pool}-${jobId}-`) };
      return first.attempt;
    }
    if (first.jobId === jobId) return first.attempt;
    named ??= attemptsOfNames(workers, pool);
    return named.get(jobId);
  };
  // Looked up per job, not copied: the memory may hold hundreds of jobs, a decision asks for a few.
  const attempts = memory.attempts ?? {};
  return {
    get(jobId) {
      const stored = ownValue(attempts, jobId);
      const fromName = fromNames(jobId);
      if (stored === undefined) return fromName;
      return fromName === undefined ? stored : Math.max(stored, fromName);
    },
  };
}

/** Job id -> highest attempt among worker names `<pool>-<job id>-<attempt>`. */
function attemptsOfNames(workers: readonly Worker[], pool: string): Map<string, number> {
  const named = new Map<string, number>();
  const prefix = `${pool}-`;
  for (const w of workers) {
    const dash = w.id.lastIndexOf('-');
    if (dash <= prefix.length || !w.id.startsWith(prefix)) continue;
    const attempt = attemptOf(w.id, dash + 1);
    if (attempt === undefined) continue;
    const jobId = w.id.slice(prefix.length, dash);
    named.set(jobId, Math.max(named.get(jobId) ?? 0, attempt));
  }
  return named;
}

/** The highest attempt among worker names `<prefix><attempt>` (prefix `<pool>-<job id>-`). */
function attemptOfNames(workers: readonly Worker[], prefix: string): number | undefined {
  let best: number | undefined;
  for (const w of workers) {
    if (!w.id.startsWith(prefix)) continue;
    const attempt = attemptOf(w.id, prefix.length);
    if (attempt !== undefined) best = Math.max(best ?? 0, attempt);
  }
  return best;
}

/** The attempt number that a worker name ends with from `from` on: digits only. */
function attemptOf(name: string, from: number): number | undefined {
  if (from >= name.length) return undefined;
  let n = 0;
  for (let i = from; i < name.length; i++) {
    const digit = name.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    n = n * 10 + digit;
  }
  return n;
}

function targetsFor(
  count: number,
  demand: Demand,
  live: ReadonlySet<string>,
  used: AttemptCounts,
  policy: PoolPolicy,
  nowIso: () => string,
): LaunchTarget[] {
  const eligible = demand.queued.filter((j) => j.workerId === undefined && !live.has(j.id));
  const targets: LaunchTarget[] = [];
  for (let i = 0; i < count; i++) {
    const job = eligible[i];
    if (job === undefined) {
      // Warm or minimum capacity: no job to name it after, so the instant and index make it unique.
      const stamp = nowIso()
        .replace(/[^0-9]/g, '')
        .slice(0, 17);
      targets.push({ attempt: 1, name: `${policy.name}-warm-${stamp}-${i + 1}` });
      continue;
    }
    const attempt = (used.get(job.id) ?? 0) + 1;
    targets.push({
      jobId: job.id,
      attempt,
      name: `${policy.name}-${job.id}-${attempt}`,
      ...(job.labels.length > 0 && { labels: job.labels }),
    });
  }
  return targets;
}

/**
 * Rule 4: launch `desired - capacity` once the shortfall has lasted `scaleUp.after`.
 * `launchFor` is advisory: GitHub gives a job to any idle matching runner.
 */
export function planScaleUp(args: {
  desired: number;
  capacity: number;
  demand: Demand;
  /** Jobs that a healthy worker was started for (launchedFor). */
  live: ReadonlySet<string>;
  /** Launches per job so far: memory and worker names together (attemptsUsed). */
  used: AttemptCounts;
  memory: Memory;
  policy: PoolPolicy;
  now: number;
  /** The instant as an ISO string, formatted on first use (most decisions need none). */
  nowIso: () => string;
  /** Whether the observation is the whole pool; a partial one cannot tell that demand ended. */
  complete: boolean;
}): ScaleUp {
  const { desired, capacity, memory, policy, now, nowIso } = args;
  const shortfall = desired - capacity;
  if (shortfall <= 0)
    return { targets: [], held: 0, demandSince: args.complete ? undefined : memory.demandSince };
  const demandSince = memory.demandSince ?? nowIso();
  if (now - Date.parse(demandSince) < policy.scaleUpAfterMs)
    return { targets: [], held: shortfall, demandSince };
  const targets = targetsFor(shortfall, args.demand, args.live, args.used, policy, nowIso);
  // A partial view (the fast path, one job) cannot tell that the demand it did not see was
  // met: that demand keeps its clock, or its jobs would wait another scaleUp.after.
  return { targets, held: 0, demandSince: args.complete ? undefined : memory.demandSince };
}
