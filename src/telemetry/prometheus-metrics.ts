import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { JOB_STATES, WORKER_STATES, type Decision, type Job, type PoolObservation } from '../core/types.js';
import type { EventResult, ReconcileResult } from '../engine/engine.js';
import type { Outcome } from '../engine/executor.js';
import { JobWaitTracker } from './job-wait.js';
import type { ServerMetrics, WebhookOutcome } from './metrics.js';

/** Queue waits run from seconds (a warm fast path) to an hour (a pool at max). */
const WAIT_BUCKETS = [1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800, 3600];

export interface ServerMetricsOptions {
  /** Process metrics (CPU, memory, event loop) in the same registry; default true. */
  readonly defaultMetrics?: boolean;
}

export interface PrometheusServerMetrics extends ServerMetrics {
  /** This server's own registry, never prom-client's global one. */
  readonly registry: Registry;
}

function build(registry: Registry) {
  const registers = [registry];
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Gauge({ name, help, labelNames, registers });
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Counter({ name, help, labelNames, registers });
  return {
    jobs: gauge('ci_scaler_jobs', 'Jobs of the pool by state at the last full reconcile.', ['pool', 'state']),
    workers: gauge('ci_scaler_workers', 'Workers of the pool by state at the last full reconcile.', [
      'pool',
      'state',
    ]),
    desired: gauge('ci_scaler_desired_workers', 'Workers the last full reconcile wanted.', ['pool']),
    reconciles: counter('ci_scaler_reconcile_total', 'Full reconciles by result.', ['pool', 'result']),
    scaleEvents: counter('ci_scaler_scale_events_total', 'Policy launches and scale-ins carried out.', [
      'pool',
      'direction',
    ]),
    cooldownSkips: counter(
      'ci_scaler_cooldown_skips_total',
      'Reconciles that kept idle capacity above desired because of scaleDown.cooldown.',
      ['pool'],
    ),
    jobWait: new Histogram({
      name: 'ci_scaler_job_wait_seconds',
      help: 'Time from a job queued to started.',
      labelNames: ['pool'],
      buckets: WAIT_BUCKETS,
      registers,
    }),
    oldestQueued: gauge('ci_scaler_oldest_queued_job_seconds', 'Age of the oldest queued job (0: none).', [
      'pool',
    ]),
    unmatched: gauge('ci_scaler_unmatched_jobs', 'Queued jobs that match no pool, by label set.', [
      'pool',
      'labels',
    ]),
    apiCalls: counter('ci_scaler_source_api_calls_total', 'Requests to the source, 304s included.', [
      'pool',
      'source',
    ]),
    actions: counter('ci_scaler_actions_total', 'Actions carried out, by type and result.', [
      'pool',
      'action',
      'result',
    ]),
    events: counter('ci_scaler_events_total', 'Job events handled by the fast path.', ['pool', 'action']),
    circuits: gauge(
      'ci_scaler_circuit_open',
      'Provider circuit breakers (EC2 instance type/zone): 1 while open and skipped, 0 when closed.',
      ['pool', 'circuit'],
    ),
    interruptions: counter(
      'ci_scaler_spot_interruptions_total',
      "Interruption warnings for the pool's machines (POST /events/aws).",
      ['pool'],
    ),
    // A delivery is counted before any pool is known, so this one has no pool label.
    webhooks: counter('ci_scaler_webhooks_total', 'Webhook deliveries by outcome.', ['outcome']),
  };
}

type Metrics = ReturnType<typeof build>;

/** The policy scale events a decision carried out: a launch that started, a scale-in that removed. */
export function scaleDirections(decision: Decision, outcomes: readonly Outcome[]): ('up' | 'down')[] {
  const ok = (type: Outcome['type'], target?: string) =>
    outcomes.some(
      (o) => o.type === type && o.result === 'ok' && (target === undefined || o.target === target),
    );
  const directions = new Set<'up' | 'down'>();
  for (const a of decision.actions) {
    if (a.type === 'launch' && ok('launch')) directions.add('up');
    if (a.type === 'terminate' && !a.hygiene && ok('terminate', a.workerId)) directions.add('down');
    // A replica count changes for a policy scale only, and core names its direction in memory.
    const last = decision.memory.lastScaleEvent;
    if (a.type === 'set-desired' && ok('set-desired') && last !== undefined) directions.add(last.direction);
  }
  return [...directions];
}

function oldestQueuedSeconds(obs: PoolObservation): number {
  const queued = obs.jobs.flatMap((j) =>
    j.state === 'queued' && j.queuedAt !== undefined ? [j.queuedAt] : [],
  );
  return queued.length === 0 ? 0 : Math.max(0, obs.now - Math.min(...queued)) / 1000;
}

/** One label value per label set: sorted and comma-joined, so `[linux, x64]` and `[x64, linux]` agree. */
export function labelSet(job: Job): string {
  return [...new Set(job.labels)].sort().join(',');
}

class PoolGauges {
  /** Unmatched label sets last set per pool, so sets that disappeared go back to absent. */
  private readonly unmatchedSets = new Map<string, Set<string>>();
  constructor(private readonly m: Metrics) {}

  observation(pool: string, obs: PoolObservation): void {
    const jobs = new Map<string, number>(JOB_STATES.map((s) => [s, 0]));
    const workers = new Map<string, number>(WORKER_STATES.map((s) => [s, 0]));
    for (const j of obs.jobs) jobs.set(j.state, (jobs.get(j.state) ?? 0) + 1);
    for (const w of obs.workers) workers.set(w.state, (workers.get(w.state) ?? 0) + 1);
    for (const [state, n] of jobs) this.m.jobs.set({ pool, state }, n);
    for (const [state, n] of workers) this.m.workers.set({ pool, state }, n);
    this.m.oldestQueued.set({ pool }, oldestQueuedSeconds(obs));
  }

  unmatched(pool: string, jobs: readonly Job[]): void {
    const counts = new Map<string, number>();
    for (const j of jobs)
      if (j.state === 'queued') counts.set(labelSet(j), (counts.get(labelSet(j)) ?? 0) + 1);
    for (const gone of this.unmatchedSets.get(pool) ?? []) {
      if (!counts.has(gone)) this.m.unmatched.remove({ pool, labels: gone });
    }
    for (const [labels, n] of counts) this.m.unmatched.set({ pool, labels }, n);
    this.unmatchedSets.set(pool, new Set(counts.keys()));
  }
}

class PrometheusMetrics implements PrometheusServerMetrics {
  readonly registry = new Registry();
  private readonly m = build(this.registry);
  private readonly gauges = new PoolGauges(this.m);
  private readonly waits = new JobWaitTracker();

  constructor(options: ServerMetricsOptions) {
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  observeReconcile(pool: string, result: ReconcileResult | { readonly error: string }): void {
    if ('error' in result) {
      this.m.reconciles.inc({ pool, result: 'error' });
      return;
    }
    this.m.reconciles.inc({ pool, result: result.result });
    if (result.apiCalls > 0)
      this.m.apiCalls.inc({ pool, source: result.source ?? 'unknown' }, result.apiCalls);
    // A dry run acted on nothing: its decision is not the pool's state.
    if (result.result === 'dry-run' || result.result === 'locked') return;
    this.outcomes(pool, result.decision, result.outcomes);
    if (result.decision !== undefined) {
      this.m.desired.set({ pool }, result.decision.desired);
      if (result.decision.scaleInHeldBy === 'cooldown') this.m.cooldownSkips.inc({ pool });
    }
    if (result.observation !== undefined) {
      this.gauges.observation(pool, result.observation);
      for (const w of this.waits.fromReconcile(pool, result.observation.jobs, result.observation.now))
        this.m.jobWait.observe({ pool: w.pool }, w.seconds);
    }
    this.gauges.unmatched(pool, result.unmatchedJobs ?? []);
    for (const c of result.circuits ?? []) {
      const open = c.openUntil !== undefined && Date.parse(c.openUntil) > (result.observation?.now ?? 0);
      this.m.circuits.set({ pool, circuit: c.key }, open ? 1 : 0);
    }
  }

  observeInterruption(pool: string): void {
    this.m.interruptions.inc({ pool });
  }

  observeEvent(result: EventResult): void {
    const pool = result.pool;
    if (pool === undefined) return;
    if (result.event !== undefined) {
      this.m.events.inc({ pool, action: result.event.action });
      const wait = result.at === undefined ? undefined : this.waits.fromEvent(pool, result.event, result.at);
      if (wait !== undefined) this.m.jobWait.observe({ pool: wait.pool }, wait.seconds);
    }
    this.outcomes(pool, result.decision, result.outcomes);
  }

  observeWebhook(outcome: WebhookOutcome): void {
    this.m.webhooks.inc({ outcome });
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  private outcomes(pool: string, decision: Decision | undefined, outcomes: readonly Outcome[]): void {
    for (const o of outcomes) this.m.actions.inc({ pool, action: o.type, result: o.result });
    if (decision === undefined) return;
    for (const direction of scaleDirections(decision, outcomes)) this.m.scaleEvents.inc({ pool, direction });
  }
}

/** The server's metrics in a registry of their own, so two servers in one process (tests) never share counts. */
export function createServerMetrics(options: ServerMetricsOptions = {}): PrometheusServerMetrics {
  return new PrometheusMetrics(options);
}
