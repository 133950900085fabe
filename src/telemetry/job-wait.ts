import type { Job, JobEvent } from '../core/types.js';

/** Jobs remembered at most; the oldest are forgotten first, so a long-lived server stays small. */
const REMEMBERED = 50_000;

/** An insertion-ordered map that forgets its oldest entries beyond a bound. */
class RecentMap<V> {
  private readonly items = new Map<string, V>();
  constructor(private readonly bound: number) {}

  get(key: string): V | undefined {
    return this.items.get(key);
  }

  has(key: string): boolean {
    return this.items.has(key);
  }

  set(key: string, value: V): void {
    this.items.delete(key);
    this.items.set(key, value);
    if (this.items.size <= this.bound) return;
    const oldest = this.items.keys().next();
    if (oldest.done !== true) this.items.delete(oldest.value);
  }
}

/** One job's wait and the pool it waited in. */
export interface JobWait {
  readonly pool: string;
  readonly seconds: number;
}

/**
 * Time from queued to started, once per job, under the pool the job was queued in: a
 * `[self-hosted, linux]` job that a `large` runner took waited as a linux job (rule 7
 * counted it there), though from then on it runs, and is routed, with the large pool.
 * A job's start is known exactly from its `in_progress` event; without one, a full
 * reconcile that sees it running bounds the start to the time since the previous
 * reconcile, which counts only for jobs this process saw queued: a job already running
 * when the process started would add its run time.
 */
export class JobWaitTracker {
  /** Job id -> the pool it was last seen queued in. */
  private readonly queuedIn = new RecentMap<string>(REMEMBERED);
  private readonly timed = new RecentMap<true>(REMEMBERED);

  /** Waits of jobs that started since the pool's last reconcile. */
  fromReconcile(pool: string, jobs: readonly Job[], now: number): JobWait[] {
    const waits: JobWait[] = [];
    for (const job of jobs) {
      if (job.state === 'queued') this.queuedIn.set(job.id, pool);
      if (job.state !== 'running' || job.queuedAt === undefined) continue;
      const waitedIn = this.queuedIn.get(job.id);
      if (waitedIn === undefined || this.timed.has(job.id)) continue;
      this.timed.set(job.id, true);
      waits.push({ pool: waitedIn, seconds: Math.max(0, now - job.queuedAt) / 1000 });
    }
    return waits;
  }

  /**
   * The event's job's wait, when the event says it started and it was not timed before.
   * `pool` is the pool the engine handled the event in: the job's for `queued`, the
   * runner's for `in_progress`.
   */
  fromEvent(pool: string, event: JobEvent, at: number): JobWait | undefined {
    if (event.action === 'queued') this.queuedIn.set(event.job.id, pool);
    if (event.action !== 'in_progress' || event.job.queuedAt === undefined) return undefined;
    if (this.timed.has(event.job.id)) return undefined;
    this.timed.set(event.job.id, true);
    const waitedIn = this.queuedIn.get(event.job.id) ?? pool;
    return { pool: waitedIn, seconds: Math.max(0, at - event.job.queuedAt) / 1000 };
  }
}
