/**
 * Traces of a few hundred thousand jobs are valid input (trace generate takes up to
 * 1,000,000 jobs; trace-file.ts loops rather than spread for this very reason).
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/sim/simulate.js';
import type { Strategy } from '../../../src/sim/strategies/index.js';
import type { TraceJob } from '../../../src/sim/types.js';
import { linuxPool } from './sim-builders.js';

/** A strategy whose loop never comes round within the run: the test measures only the set-up and the books. */
const idle: Strategy = {
  name: 'never',
  describe: 'never reconciles',
  hearsEvents: false,
  intervalMs: 1e13,
  createDecide: () => () => {
    throw new Error('not reached');
  },
};

describe('simulate on a large trace', () => {
  it('runs a 250,000-job trace without overflowing the call stack', async () => {
    const jobs: TraceJob[] = Array.from({ length: 250_000 }, (_, i) => ({
      id: `j${i}`,
      at: i,
      duration: 60,
      labels: ['self-hosted', 'linux'],
    }));
    const r = await simulate({ pools: linuxPool(), trace: { jobs }, strategy: idle, seed: 1 });
    expect(r.overall.jobs).toBe(250_000);
    expect(r.overall.neverStarted).toBe(250_000);
  }, 60_000);
});
