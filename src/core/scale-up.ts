import type { Demand } from './demand.js';
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
  workers: readonly Worker[],
  used: AttemptCounts,
  policy: PoolPolicy,
): Set<string> {
  const live = launchedFor(workers);
  const out = new Set<string>();
  for (const job of jobs) {
    const attempts = used.get(job.id) ?? 0;
    if (job.state === 'queued' && attempts >= policy.maxAttempts && !live.has(job.id)) out.add(job.id);
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
  const named = new Map<string, number>();
  const prefix = `${pool}-`;
  for (const w of workers) {
    if (!w.id.startsWith(prefix)) continue;
    const m = /^(.+)-(\d+)$/.exec(w.id.slice(prefix.length));
    if (m?.[1] === undefined || m[2] === undefined) continue;
    named.set(m[1], Math.max(named.get(m[1]) ?? 0, Number(m[2])));
  }
  // Looked up per job, not copied: the memory may hold hundreds of jobs, a decision asks for a few.
  const attempts = memory.attempts ?? {};
  return {
    get(jobId) {
      const stored = Object.hasOwn(attempts, jobId) ? attempts[jobId] : undefined;
      const fromName = named.get(jobId);
      if (stored === undefined) return fromName;
      return fromName === undefined ? stored : Math.max(stored, fromName);
    },
  };
}

function targetsFor(
  count: number,
  demand: Demand,
  healthy: readonly Worker[],
  used: AttemptCounts,
  policy: PoolPolicy,
  nowIso: string,
): LaunchTarget[] {
  const live = launchedFor(healthy);
  const eligible = demand.queued.filter((j) => j.workerId === undefined && !live.has(j.id));
  const targets: LaunchTarget[] = [];
  for (let i = 0; i < count; i++) {
    const job = eligible[i];
    if (job === undefined) {
      // Warm or minimum capacity: no job to name it after, so the instant and index make it unique.
      const stamp = nowIso.replace(/[^0-9]/g, '').slice(0, 17);
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
  healthy: readonly Worker[];
  /** Launches per job so far: memory and worker names together (attemptsUsed). */
  used: AttemptCounts;
  memory: Memory;
  policy: PoolPolicy;
  now: number;
  nowIso: string;
}): ScaleUp {
  const { desired, capacity, memory, policy, now, nowIso } = args;
  const shortfall = desired - capacity;
  if (shortfall <= 0) return { targets: [], held: 0, demandSince: undefined };
  const demandSince = memory.demandSince ?? nowIso;
  if (now - Date.parse(demandSince) < policy.scaleUpAfterMs)
    return { targets: [], held: shortfall, demandSince };
  const targets = targetsFor(shortfall, args.demand, args.healthy, args.used, policy, nowIso);
  return { targets, held: 0, demandSince: undefined };
}
