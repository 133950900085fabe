/**
 * At most one run per key at a time. A call while a run is in flight does not join it (it
 * began before whatever the caller wants seen: an override just written, a runner that
 * took another job) but waits for one more run after it; every call in that time shares
 * that one follow-up, so a burst of requests costs two runs, not one each.
 */
export class SingleFlight<T> {
  private readonly current = new Map<string, Promise<T>>();
  private readonly following = new Map<string, Promise<T>>();

  run(key: string, fn: () => Promise<T>): Promise<T> {
    const queued = this.following.get(key);
    if (queued !== undefined) return queued;
    const running = this.current.get(key);
    if (running === undefined) return this.start(key, fn);
    // The follow-up starts once the run in flight settles, whatever its outcome.
    const next = running.then(
      () => this.promote(key, fn),
      () => this.promote(key, fn),
    );
    this.following.set(key, next);
    return next;
  }

  /** Every run in flight or waiting to follow one. */
  pending(): Promise<T>[] {
    return [...this.current.values(), ...this.following.values()];
  }

  private promote(key: string, fn: () => Promise<T>): Promise<T> {
    this.following.delete(key);
    return this.start(key, fn);
  }

  private start(key: string, fn: () => Promise<T>): Promise<T> {
    const run = fn().finally(() => {
      if (this.current.get(key) === run) this.current.delete(key);
    });
    this.current.set(key, run);
    return run;
  }
}
