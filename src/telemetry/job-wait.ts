import type { Job, JobEvent } from '../core/types.js';

/** Jobs remembered at most; the oldest are forgotten first, so a long-lived server stays small. */
const REMEMBERED = 50_000;

/** An insertion-ordered set that forgets its oldest members beyond a bound. */
class RecentSet {
  private readonly items = new Set<string>();
  constructor(private readonly bound: number) {}

  has(key: string): boolean {
    return this.items.has(key);
  }

  add(key: string): void {
    this.items.delete(key);
    this.items.add(key);
    if (this.items.size <= this.bound) return;
    const oldest = this.items.values().next();
    if (oldest.done !== true) this.items.delete(oldest.value);
  }
}

/**
 * Time from queued to started, once per job. A job's start is known exactly from its
 * `in_progress` event; without one, a full reconcile that sees it running bounds the start
 * to the time since the previous reconcile, which counts only for jobs this process saw
 * queued: a job already running when the process started would add its run time.
 */
export class JobWaitTracker {
  private readonly seenQueued = new RecentSet(REMEMBERED);
  private readonly timed = new RecentSet(REMEMBERED);

  /** Seconds waited by jobs that started since the last call for this pool. */
  fromReconcile(pool: string, jobs: readonly Job[], now: number): number[] {
    const waits: number[] = [];
    for (const job of jobs) {
      const key = `${pool}\n${job.id}`;
      if (job.state === 'queued') this.seenQueued.add(key);
      if (job.state !== 'running' || job.queuedAt === undefined) continue;
      if (this.timed.has(key) || !this.seenQueued.has(key)) continue;
      this.timed.add(key);
      waits.push(Math.max(0, now - job.queuedAt) / 1000);
    }
    return waits;
  }

  /** Seconds the event's job waited, when the event says it started and was not timed before. */
  fromEvent(pool: string, event: JobEvent, at: number): number | undefined {
    if (event.action !== 'in_progress' || event.job.queuedAt === undefined) return undefined;
    const key = `${pool}\n${event.job.id}`;
    if (this.timed.has(key)) return undefined;
    this.timed.add(key);
    return Math.max(0, at - event.job.queuedAt) / 1000;
  }
}
