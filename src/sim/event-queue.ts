/**
 * The simulator's agenda: events ordered by time, and by the order they were scheduled
 * when times tie, so a run is the same every time. A binary heap: a week of 50,000 jobs
 * schedules a few hundred thousand events. Events known from the start (a trace's
 * arrivals) wait in a sorted list beside it: kept in the heap, 50,000 of them made every
 * push and pop walk some 16 levels of scattered entries instead of about 9 (the week ran
 * about 10 % slower).
 */
/** An event to schedule: when, and what runs then. */
export interface Scheduled {
  readonly at: number;
  readonly run: () => Promise<void> | void;
}

interface Entry extends Scheduled {
  readonly seq: number;
}

function before(a: Entry, b: Entry): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

export class EventQueue {
  private readonly heap: Entry[] = [];
  /** Entries of scheduleAll, in the order they run; those before `next` have run. */
  private sorted: Entry[] = [];
  private next = 0;
  private seq = 0;

  get size(): number {
    return this.heap.length + this.sorted.length - this.next;
  }

  /** Time of the next event, or undefined when none is left. */
  peek(): number | undefined {
    return (this.sortedFirst() ?? this.heap[0])?.at;
  }

  /**
   * Schedules many events at once, as `schedule` would one by one (the same order, ties
   * included). For events known up front: they wait in a sorted list, not in the heap.
   */
  scheduleAll(events: Iterable<Scheduled>): void {
    const added = Array.from(events, (e) => this.entry(e.at, e.run));
    const order = (a: Entry, b: Entry): number => (before(a, b) ? -1 : before(b, a) ? 1 : 0);
    this.sorted = [...this.sorted.slice(this.next), ...added].sort(order);
    this.next = 0;
  }

  /** Schedules `run` at `at` (to the nearest whole millisecond, see `entry`). */
  schedule(at: number, run: Scheduled['run']): void {
    const heap = this.heap;
    const entry = this.entry(at, run);
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent];
      if (p === undefined || !before(entry, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = entry;
  }

  /**
   * `at` is taken to the nearest whole millisecond: the simulated clock ticks as Date.now()
   * does, so the engine sees instants as it does in production (sampled boot times carry
   * fractions of a millisecond). Ties run in the order scheduled (`seq`).
   */
  private entry(at: number, run: Scheduled['run']): Entry {
    return { at: Math.round(at), seq: this.seq++, run };
  }

  pop(): Entry | undefined {
    const ahead = this.sortedFirst();
    if (ahead === undefined) return this.popHeap();
    this.next += 1;
    return ahead;
  }

  /** The sorted list's next entry when it runs before the heap's, else undefined. */
  private sortedFirst(): Entry | undefined {
    const ahead = this.sorted[this.next];
    const top = this.heap[0];
    return ahead !== undefined && (top === undefined || before(ahead, top)) ? ahead : undefined;
  }

  private popHeap(): Entry | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    // Sift the last entry down from the root: each step moves the earlier child up.
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const left = heap[l];
      if (left === undefined) break;
      const right = heap[l + 1];
      const takeRight = right !== undefined && before(right, left);
      const child = takeRight ? right : left;
      if (!before(child, last)) break;
      heap[i] = child;
      i = takeRight ? l + 1 : l;
    }
    heap[i] = last;
    return top;
  }
}
