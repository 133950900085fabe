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

  schedule(at: number, run: () => Promise<void> | void): void {
    const heap = this.heap;
    heap.push({ at, seq: this.seq++, run });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const [p, c] = [heap[parent], heap[i]];
      if (p === undefined || c === undefined || !before(c, p)) break;
      heap[parent] = c;
      heap[i] = p;
      i = parent;
    }
  }

  pop(): Entry | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      let best = i;
      const [bl, br, bb] = [heap[l], heap[l + 1], heap[best]];
      if (bl !== undefined && bb !== undefined && before(bl, bb)) best = l;
      const cur = heap[best];
      if (br !== undefined && cur !== undefined && before(br, cur)) best = l + 1;
      if (best === i) return top;
      const [a, b] = [heap[i], heap[best]];
      if (a === undefined || b === undefined) return top;
      heap[i] = b;
      heap[best] = a;
      i = best;
    }
  }
}
