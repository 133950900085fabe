import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../../src/sim/event-queue.js';

describe('event queue', () => {
  it('pops by time, and by scheduling order when times tie, however events interleave', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constant(-1)), { maxLength: 200 }),
        (ops) => {
          const q = new EventQueue();
          const pending: { at: number; seq: number }[] = [];
          const popped: { at: number; seq: number }[] = [];
          const expected: { at: number; seq: number }[] = [];
          let seq = 0;
          const pop = () => {
            pending.sort((a, b) => a.at - b.at || a.seq - b.seq);
            const want = pending.shift();
            const got = q.pop();
            if (want !== undefined) expected.push(want);
            if (got !== undefined) popped.push({ at: got.at, seq: got.seq });
          };
          for (const op of ops) {
            if (op < 0) pop();
            else {
              pending.push({ at: op, seq });
              q.schedule(op, () => undefined);
              seq += 1;
            }
          }
          while (q.size > 0 || pending.length > 0) pop();
          expect(popped).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('runs events scheduled all at once in the order one by one would, interleaved with the rest', () => {
    const op = fc.oneof(
      fc.integer({ min: 0, max: 20 }),
      fc.constant(-1),
      fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 8 }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
        const together = new EventQueue();
        const oneByOne = new EventQueue();
        const order = (q: EventQueue) => {
          const out: { at: number; seq: number }[] = [];
          for (let e = q.pop(); e !== undefined; e = q.pop()) out.push({ at: e.at, seq: e.seq });
          return out;
        };
        const popped: [unknown, unknown][] = [];
        for (const o of ops) {
          if (o === -1) popped.push([together.pop()?.seq, oneByOne.pop()?.seq]);
          else if (typeof o === 'number') {
            together.schedule(o, () => undefined);
            oneByOne.schedule(o, () => undefined);
          } else {
            together.scheduleAll(o.map((at) => ({ at, run: () => undefined })));
            for (const at of o) oneByOne.schedule(at, () => undefined);
          }
          expect(together.size).toBe(oneByOne.size);
          expect(together.peek()).toBe(oneByOne.peek());
        }
        for (const [a, b] of popped) expect(a).toBe(b);
        expect(order(together)).toEqual(order(oneByOne));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps whole milliseconds, as Date.now() does: a fraction goes to the nearest one', () => {
    const q = new EventQueue();
    q.schedule(1_000.4, () => undefined);
    q.schedule(999.6, () => undefined);
    q.schedule(2_000.5, () => undefined);
    expect([q.pop()?.at, q.pop()?.at, q.pop()?.at]).toEqual([1_000, 1_000, 2_001]);
  });
});
