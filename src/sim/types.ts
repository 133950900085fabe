/**
 * Types the simulator, its traces and its reports share. Times in a trace are seconds from
 * the trace's start; the simulator's clock is epoch milliseconds like the engine's.
 */

/** One job of a trace (one JSONL line, `at` resolved to seconds from the start). */
export interface TraceJob {
  readonly id: string;
  /** Seconds from the trace's start when the job is queued. */
  readonly at: number;
  /** Seconds the job runs once a worker takes it. */
  readonly duration: number;
  readonly labels: readonly string[];
  readonly kind?: string;
  readonly group?: string;
}

export interface Trace {
  /** Jobs ordered by `at`, then by their order in the file. */
  readonly jobs: readonly TraceJob[];
  /** ISO time of second 0 when the trace gave ISO times; the simulator starts there. */
  readonly start?: string;
}

/** Percentiles of a set of durations, in seconds (0 for an empty set). */
export interface Distribution {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** What one strategy did to one pool (or to all pools, in `overall`). */
export interface PoolMetrics {
  /** Job wait, queued -> started, in seconds. */
  readonly wait: Distribution;
  readonly busySeconds: number;
  readonly idleSeconds: number;
  /**
   * The part of idleSeconds that ended with the worker taking a job: it was ready when the
   * job came, which then waited no boot. The rest ended in a removal, or at the run's end.
   */
  readonly idleUntilJobSeconds: number;
  readonly bootingSeconds: number;
  /** Price of every worker second, booting and idle included. */
  readonly cost: number;
  readonly launches: number;
  /** Workers that never ran a job. */
  readonly wastedLaunches: number;
  /**
   * Jobs of this pool (rule 7's first match by labels) that a worker of another pool ran:
   * GitHub hands a job to any idle runner whose labels cover it, so pools whose labels
   * cover each other's jobs take them, and the worker launched for such a job waits idle.
   */
  readonly ranElsewhere: number;
  /** Workers terminated by the autoscaler while they ran a job: must be 0. */
  readonly busyKilled: number;
  /** Jobs that never started by the end (a re-run after a spot interruption is a job of its own). */
  readonly neverStarted: number;
  readonly jobs: number;
  readonly reconciles: number;
  readonly apiCalls: number;
}

export interface StrategyResult {
  readonly strategy: string;
  /** One line on what the strategy models (docs/simulator.md has the detail). */
  readonly describe: string;
  readonly pools: Readonly<Record<string, PoolMetrics>>;
  readonly overall: PoolMetrics;
  /** Samples of demand and workers over time for the report's first chart. */
  readonly timeline: readonly TimelinePoint[];
  /** Every job's wait in seconds, sorted, for the wait-time CDF. */
  readonly waits: readonly number[];
}

export interface TimelinePoint {
  /** Seconds from the start. */
  readonly t: number;
  /** Jobs queued or running. */
  readonly demand: number;
  readonly busy: number;
  readonly idle: number;
  readonly booting: number;
}

/** Reference points printed beside every result. */
export interface Baselines {
  /** Every job waits one boot and no worker idles: wait = boot time, idle = 0. */
  readonly coldStart: { readonly wait: Distribution; readonly cost: number };
  /** The sum of job durations at the price of each job's pool: no worker may cost less. */
  readonly costFloor: number;
  readonly busySeconds: number;
}

export interface Unmatched {
  readonly jobs: number;
  /** Each label set the left-out jobs asked for, with how many did; most first. */
  readonly byLabels: readonly { readonly labels: readonly string[]; readonly jobs: number }[];
}

export interface SimulationReport {
  readonly version: 1;
  readonly config: string;
  readonly trace: string;
  readonly seed: number;
  /** The jobs simulated: those of the trace that some pool's labels match. */
  readonly jobs: number;
  /** The trace's jobs no pool's labels match, left out of every strategy's run. */
  readonly unmatched: Unmatched;
  /** Seconds from the trace's start to the end of its last job, as the trace gives them. */
  readonly simulatedSeconds: number;
  readonly baselines: Baselines;
  /** `ci-scaler` first, then each comparison strategy in the order asked. */
  readonly results: readonly StrategyResult[];
}
