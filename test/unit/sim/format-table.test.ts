import { describe, expect, it } from 'vitest';
import { compareStrategies } from '../../../src/sim/compare.js';
import { formatReport } from '../../../src/sim/format-table.js';
import type { SimPool } from '../../../src/sim/sim-pool.js';
import type { Trace } from '../../../src/sim/types.js';
import { LARGE, LINUX, job, simPools } from './sim-builders.js';

function report(pools: readonly SimPool[], jobs: Trace['jobs']): ReturnType<typeof compareStrategies> {
  return compareStrategies({
    pools,
    trace: { jobs },
    seed: 1,
    compare: [],
    config: 'c.yaml',
    traceName: 't.jsonl',
  });
}

const pools = simPools(
  { name: 'linux', labels: LINUX, simulation: { boot: '60s', pricePerHour: 3.6 } },
  { name: 'large', labels: LARGE, priority: 1, simulation: { boot: '10s', pricePerHour: 3.6 } },
);

describe('formatReport', () => {
  it("says which pools had jobs run on another pool's runner, and where to look", async () => {
    // The hand-computed case of simulate.test.ts: large-b-1 boots first and takes linux job a.
    const text = formatReport(await report(pools, [job('a', 0, 600), job('b', 1, 600, LARGE)]));
    const note = text.split('\n').filter((l) => l.includes("ran on another pool's runner"));
    expect(note).toEqual([
      expect.stringMatching(/^ci-scaler: 1 linux job\(s\) ran on another pool's runner/),
    ]);
    expect(note[0]).toContain('ci-scaler validate');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('adds nothing when every job ran in its own pool', async () => {
    const text = formatReport(await report(pools, [job('a', 0, 600), job('b', 100, 600, LARGE)]));
    expect(text).not.toContain("another pool's runner");
    expect(text).toContain('ci-scaler per pool:');
  });

  it('shows dashes, not 0 s, for the waits of a pool that had no job', async () => {
    const text = formatReport(await report(pools, [job('a', 0, 600)]));
    const rows = text.split('\n').filter((l) => /^ {2}(linux|large) /.test(l));
    expect(rows).toHaveLength(2);
    const cells = (row: string | undefined) => (row ?? '').trim().split(/\s+/).slice(1, 5);
    expect(cells(rows[0])).toEqual(['60', '60', '60', '60']);
    expect(cells(rows[1])).toEqual(['–', '–', '–', '–']);
  });
});
