/**
 * ci-scaler and the comparison strategies on one trace, each from the same seed, with the
 * reference points: the cold-start baseline (every job waits one boot, nothing idles) and
 * the cost floor (job durations alone).
 */
import { seededRandom } from './random.js';
import { poolForLabels, sampleBoot, type SimPool } from './sim-pool.js';
import { simulate, type SimulateOptions } from './simulate.js';
import { distribution } from './stats.js';
import { ciScaler, type Strategy } from './strategies/index.js';
import type { Baselines, SimulationReport, Trace } from './types.js';

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
    const pool = poolForLabels(job.labels, pools);
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

export async function compareStrategies(options: CompareOptions): Promise<SimulationReport> {
  const strategies = [ciScaler, ...options.compare];
  const results = [];
  for (const [i, strategy] of strategies.entries()) {
    results.push(
      await simulate({
        ...options,
        strategy,
        onProgress: (done) => options.onProgress?.(strategy.name, (i + done) / strategies.length),
      }),
    );
  }
  const jobs = options.trace.jobs;
  const last = Math.max(0, ...jobs.map((j) => j.at + j.duration));
  return {
    version: 1,
    config: options.config,
    trace: options.traceName,
    seed: options.seed,
    jobs: jobs.length,
    simulatedSeconds: last,
    baselines: baselines(options.trace, options.pools, options.seed),
    results,
  };
}
