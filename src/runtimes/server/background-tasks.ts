import { errorMessage } from '../../core/errors.js';
import type { Logger } from '../../telemetry/logger.js';

/**
 * Fast paths of one pool write the same pool document with compare-and-set, and the
 * engine retries a lost write a few times (5) without backoff: more concurrent events than
 * that for one pool would fail their record after their launch. Launches are I/O bound,
 * so four at once still clear a burst of queued jobs quickly.
 */
const DEFAULT_CONCURRENCY = 4;

export interface BackgroundTasksOptions {
  readonly logger: Logger;
  /** Tasks running at once; the rest wait in order. */
  readonly concurrency?: number;
  /** Waiting tasks beyond this are refused: events are hints and the loop repairs. */
  readonly maxQueued?: number;
}

/**
 * Work started after a response has left (webhook handling). Bounded, so a flood of
 * deliveries cannot grow memory without limit, and drainable, so shutdown can finish
 * what was accepted. A task's own errors are its business; anything that still escapes
 * is logged here, never left as an unhandled rejection.
 */
export class BackgroundTasks {
  private readonly waiting: (() => Promise<void>)[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly concurrency: number;
  private readonly maxQueued: number;
  private stopped = false;
  private pumpScheduled = false;

  constructor(private readonly options: BackgroundTasksOptions) {
    this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    this.maxQueued = options.maxQueued ?? 10_000;
  }

  /** Queues `task`; false when the queue is full or shutting down (the task will not run). */
  submit(task: () => Promise<void>): boolean {
    if (this.stopped || this.waiting.length >= this.maxQueued) return false;
    this.waiting.push(task);
    // setImmediate: the HTTP response is written before any of the task runs. One
    // scheduled pump serves every task submitted until it runs.
    if (!this.pumpScheduled) {
      this.pumpScheduled = true;
      setImmediate(() => {
        this.pumpScheduled = false;
        this.pump();
      });
    }
    return true;
  }

  get pending(): number {
    return this.waiting.length + this.running.size;
  }

  private pump(): void {
    while (this.running.size < this.concurrency) {
      const task = this.waiting.shift();
      if (task === undefined) return;
      const run = this.guard(task).finally(() => {
        this.running.delete(run);
        this.pump();
      });
      this.running.add(run);
    }
  }

  private async guard(task: () => Promise<void>): Promise<void> {
    try {
      await task();
    } catch (err) {
      this.options.logger.error(`background task failed: ${errorMessage(err)}`);
    }
  }

  /**
   * Refuses new tasks and waits for queued and running ones, at most `timeoutMs`.
   * Returns whether everything finished in time.
   */
  async drain(timeoutMs: number): Promise<boolean> {
    this.stopped = true;
    const deadline = Date.now() + timeoutMs;
    while (this.pending > 0) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      // Start what waits for its setImmediate now: awaiting an empty set would not yield to it.
      this.pump();
      await raceTimeout([...this.running], Math.min(left, 50));
    }
    return true;
  }
}

/** Waits for all of `promises` (settled) or `ms`, whichever comes first. */
export async function raceTimeout(promises: readonly Promise<unknown>[], ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => {
      resolve(false);
    }, ms);
  });
  try {
    return await Promise.race([Promise.allSettled(promises).then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
