/**
 * The simulator's agenda: events ordered by time, and by the order they were scheduled
 * when times tie, so a run is the same every time. A binary heap: a week of 50,000 jobs
 * schedules a few hundred thousand events.
 */
interface Entry {
  readonly at: number;
  readonly seq: number;
  readonly run: () => Promise<void> | void;
}

function before(a: Entry, b: Entry): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

export class EventQueue {
  private readonly heap: Entry[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  /** Time of the next event, or undefined when none is left. */
  peek(): number | undefined {
    return this.heap[0]?.at;
  }

  /**
   * `at` is taken to the nearest whole millisecond: the simulated clock ticks as Date.now()
   * does, so the engine sees instants as it does in production (sampled boot times carry
   * fractions of a millisecond).
   */
  schedule(at: number, run: () => Promise<void> | void): void {
    const heap = this.heap;
    const entry: Entry = { at: Math.round(at), seq: this.seq++, run };
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

  pop(): Entry | undefined {
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
