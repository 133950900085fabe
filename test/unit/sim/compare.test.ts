import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { compareStrategies, splitByPool } from '../../../src/sim/compare.js';
import { formatReport } from '../../../src/sim/format-table.js';
import { COMPARISONS } from '../../../src/sim/strategies/index.js';
import type { Trace } from '../../../src/sim/types.js';
import { LINUX, linuxPool } from './sim-builders.js';

const trace: Trace = {
  jobs: [
    { id: 'a', at: 0, duration: 60, labels: [...LINUX] },
    { id: 'hosted-1', at: 5, duration: 30, labels: ['ubuntu-latest'] },
    { id: 'gpu', at: 6, duration: 30, labels: ['self-hosted', 'gpu'] },
    { id: 'hosted-2', at: 7, duration: 30, labels: ['ubuntu-latest'] },
    { id: 'b', at: 10, duration: 60, labels: [...LINUX] },
    { id: 'run', at: 12, duration: 60, labels: [] },
  ],
};

const poll = COMPARISONS.get('poll-30s');

describe('jobs no pool can run', () => {
  it('are split off by label set, the most common first', () => {
    const { trace: kept, unmatched } = splitByPool(trace, linuxPool());
    expect(kept.jobs.map((j) => j.id)).toEqual(['a', 'b']);
    expect(unmatched).toEqual({
      jobs: 4,
      byLabels: [
        { labels: ['ubuntu-latest'], jobs: 2 },
        { labels: [], jobs: 1 },
        { labels: ['self-hosted', 'gpu'], jobs: 1 },
      ],
    });
  });

  it('are left out of every strategy, counted in the report and named under the table', async () => {
    const report = await compareStrategies({
      pools: linuxPool(),
      trace,
      seed: 1,
      compare: poll === undefined ? [] : [poll],
      config: 'c.yaml',
      traceName: 't.jsonl',
    });
    expect(report.jobs).toBe(2);
    expect(report.unmatched.jobs).toBe(4);
    expect(report.results).toHaveLength(2);
    for (const r of report.results) expect(r.overall).toMatchObject({ jobs: 2, neverStarted: 0 });
    // The run ends after the last simulated job, not after a day of draining a job that cannot start.
    expect(report.simulatedSeconds).toBe(70);
    expect(formatReport(report)).toContain(
      "left out 4 job(s) whose labels match no pool (a pool runs a job when its labels include all the job's): " +
        '[ubuntu-latest] x2, Terraform runs (no labels) x1, [self-hosted, gpu] x1\n',
    );
  });

  it('make an input error when they are all there is', async () => {
    const hosted: Trace = { jobs: trace.jobs.filter((j) => j.labels.includes('ubuntu-latest')) };
    const run = compareStrategies({
      pools: linuxPool(),
      trace: hosted,
      seed: 1,
      compare: [],
      config: 'c.yaml',
      traceName: 'hosted.jsonl',
    });
    await expect(run).rejects.toBeInstanceOf(InputError);
    await expect(run).rejects.toThrow(
      "no job in trace hosted.jsonl matches a pool's labels:\nhosted.jsonl: labels in the trace: [ubuntu-latest] x2",
    );
  });
});
