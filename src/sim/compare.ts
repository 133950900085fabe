/**
 * ci-scaler and the comparison strategies on one trace, each from the same seed, with the
 * reference points: the cold-start baseline (every job waits one boot, nothing idles) and
 * the cost floor (job durations alone).
 */
import { InputError } from '../core/errors.js';
import { seededRandom } from './random.js';
import { labelSets } from './report-format.js';
import { poolForJob, sampleBoot, type SimPool } from './sim-pool.js';
import { simulate, type SimulateOptions } from './simulate.js';
import { distribution } from './stats.js';
import { ciScaler, type Strategy } from './strategies/index.js';
import type { Baselines, SimulationReport, Trace, Unmatched } from './types.js';

export interface CompareOptions extends Omit<SimulateOptions, 'strategy' | 'onProgress'> {
  readonly compare: readonly Strategy[];
  readonly config: string;
  readonly traceName: string;
  /** Progress over all strategies: (strategy, share done overall). */
  readonly onProgress?: (strategy: string, done: number) => void;
}

export function baselines(trace: Trace, pools: readonly SimPool[], seed: number): Baselines {
  const random = seededRandom(seed).fork('cold-start');
  const waits: number[] = [];
  let coldCost = 0;
  let floor = 0;
  let busy = 0;
  for (const job of trace.jobs) {
    const pool = poolForJob(job, pools);
    if (pool === undefined) continue;
    const { boot, pricePerHour } = pool.sim;
    const bootS = sampleBoot(boot, random) / 1000;
    waits.push(bootS);
    busy += job.duration;
    floor += (job.duration / 3600) * pricePerHour;
    coldCost += ((job.duration + bootS) / 3600) * pricePerHour;
  }
  return { coldStart: { wait: distribution(waits), cost: coldCost }, costFloor: floor, busySeconds: busy };
}

/**
 * The trace's jobs that some pool can run, and the rest by label set, most first. A job no
 * pool matches could only wait to the end under every strategy: an export of GitHub
 * history holds GitHub-hosted jobs (`ubuntu-latest`) as well as self-hosted ones.
 */
export function splitByPool(trace: Trace, pools: readonly SimPool[]): { trace: Trace; unmatched: Unmatched } {
  const jobs: Trace['jobs'][number][] = [];
  const left = new Map<string, { labels: readonly string[]; jobs: number }>();
  for (const job of trace.jobs) {
    if (poolForJob(job, pools) !== undefined) {
      jobs.push(job);
      continue;
    }
    const key = JSON.stringify(job.labels);
    const entry = left.get(key) ?? { labels: job.labels, jobs: 0 };
    entry.jobs += 1;
    left.set(key, entry);
  }
  const byLabels = [...left.values()].sort(
    (a, b) => b.jobs - a.jobs || a.labels.join(',').localeCompare(b.labels.join(',')),
  );
  return { trace: { ...trace, jobs }, unmatched: { jobs: trace.jobs.length - jobs.length, byLabels } };
}

export async function compareStrategies(options: CompareOptions): Promise<SimulationReport> {
  const { trace, unmatched } = splitByPool(options.trace, options.pools);
  if (trace.jobs.length === 0 && unmatched.jobs > 0)
    throw new InputError(`no job in trace ${options.traceName} matches a pool's labels`, [
      { path: options.traceName, message: `labels in the trace: ${labelSets(unmatched)}` },
    ]);
  const strategies = [ciScaler, ...options.compare];
  const results = [];
  for (const [i, strategy] of strategies.entries()) {
    results.push(
      await simulate({
        ...options,
        trace,
        strategy,
        onProgress: (done) => options.onProgress?.(strategy.name, (i + done) / strategies.length),
      }),
    );
  }
  const last = trace.jobs.reduce((m, j) => Math.max(m, j.at + j.duration), 0);
  return {
    version: 1,
    config: options.config,
    trace: options.traceName,
    seed: options.seed,
    jobs: trace.jobs.length,
    unmatched,
    simulatedSeconds: last,
    baselines: baselines(trace, options.pools, options.seed),
    results,
  };
}
